import { test, expect } from '../fixtures/playwright.js';

/**
 * Istio ambient: the app workloads' traffic goes through ztunnel as HBONE (mutual TLS). Evidence:
 * the CNI marked every app pod for redirection, and ztunnel's own metrics report mTLS
 * connections to the app namespace.
 */
test.describe('mesh mTLS over HBONE @kind', () => {
  test.beforeEach(({ stack }) => {
    test.skip(
      stack.target !== 'kind',
      'needs the kind target: Istio ambient data plane (ztunnel, waypoints) is not part of the local target',
    );
  });

  test('should capture every app pod into ztunnel', async ({ kube }) => {
    const pods = await kube.list('v1', 'Pod', { namespace: 'bookstore' });
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      const annotations =
        (pod.metadata as { annotations?: Record<string, string> }).annotations ?? {};
      expect(annotations['ambient.istio.io/redirection'], `pod ${pod.metadata.name}`).toBe(
        'enabled',
      );
    }
  });

  test('should report mutual-TLS connections to the app workloads in ztunnel metrics', async ({
    api,
    prometheus,
  }) => {
    const query =
      'sum(istio_tcp_connections_opened_total{reporter="destination",destination_workload_namespace="bookstore",security_policy="mutual_tls"})';
    await expect
      .poll(
        async () => {
          // Traffic through the gateway into the mesh, so there is something to count.
          await api.books({ page: 1, pageSize: 1 });
          return prometheus.scalar(query);
        },
        { timeout: 90_000, intervals: [5_000] },
      )
      .toBeGreaterThan(0);
  });
});
