import { test, expect } from '../fixtures/playwright.js';
import { countGraph, kialiToModel, type GraphCount } from '../fixtures/observability/graph.js';
import { renderGraphSvg } from '../fixtures/observability/svg.js';
import { trafficAgainst } from '../fixtures/traffic/index.js';

/**
 * Kiali (kind only) shows the bookstore's traffic: it answers under /kiali on NodePort 32100,
 * reaches its Prometheus, and after a traffic run its graph of the app namespaces has at least
 * 10 nodes and 12 edges (ambient without waypoints: HTTP edges from the ingress gateway, TCP edges
 * from ztunnel).
 */
const NAMESPACES = ['bookstore', 'identity', 'data', 'ingress'] as const;
const MIN_NODES = 10;
const MIN_EDGES = 12;

test.describe('Kiali graph @kind', () => {
  test.beforeEach(({ stack }) => {
    test.skip(
      stack.target !== 'kind',
      'needs the kind target: Kiali and the Istio data plane are not part of the local target',
    );
  });

  test('should answer at :32100/kiali', async ({ kiali, stack }) => {
    expect(stack.kialiUrl).toMatch(/:32100\/kiali$/);
    const status = await kiali.status();
    expect(status.status['Kiali state'] ?? status.status.state ?? 'running').toMatch(/running/i);
  });

  test('should reach its Prometheus', async ({ kiali }) => {
    await expect(async () => {
      const components = await kiali.json<{ name: string; status: string }[]>({
        path: '/api/istio/status',
      });
      const prometheus = components.find((c) => c.name === 'prometheus');
      expect(prometheus?.status, `Kiali component status: ${JSON.stringify(components)}`).toBe(
        'Healthy',
      );
    }).toPass({ timeout: 60_000, intervals: [5_000] });
  });

  test('should draw at least 10 nodes and 12 edges after traffic', async ({
    kiali,
    stack,
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await test.step('drive traffic through the gateway', () =>
      trafficAgainst(stack, { users: 3, anonymous: 1, maxRequests: 300, maxDurationMs: 60_000 }));
    let last: GraphCount | undefined;
    await test.step(`wait for the graph of ${NAMESPACES.join(',')}`, async () => {
      await expect(async () => {
        const graph = await kiali.graph({
          namespaces: NAMESPACES,
          graphType: 'versionedApp',
          duration: '300s',
        });
        last = countGraph(graph, { namespaces: NAMESPACES });
        const seen = `namespaces ${NAMESPACES.join(',')}: last seen ${last.nodes} nodes, ${last.edges} edges (ignored: ${last.ignoredNodes.map((n) => `${n.label} ${n.reason}`).join(', ') || 'none'})`;
        expect(last.nodes, seen).toBeGreaterThanOrEqual(MIN_NODES);
        expect(last.edges, seen).toBeGreaterThanOrEqual(MIN_EDGES);
        await testInfo.attach('kiali graph', {
          body: renderGraphSvg(kialiToModel(graph, { namespaces: NAMESPACES }), {
            title: 'Kiali graph (versionedApp, 300 s)',
          }),
          contentType: 'image/svg+xml',
        });
      }).toPass({ timeout: 180_000, intervals: [10_000] });
    });

    await test.step('screenshot of the graph page', async () => {
      await page.goto(
        `${stack.kialiUrl}/console/graph/namespaces/?namespaces=${NAMESPACES.join(',')}&graphType=versionedApp&duration=300`,
      );
      await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
      await testInfo.attach('kiali graph page', {
        body: await page.screenshot({ fullPage: true }),
        contentType: 'image/png',
      });
    });
  });
});
