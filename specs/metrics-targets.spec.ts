import { test, expect } from '../fixtures/playwright.js';
import { statusClasses, trafficAgainst } from '../fixtures/traffic/index.js';

/**
 * Prometheus scrapes every part of the stack, and the request counters move when traffic flows.
 * Local: the gateway counts by `source` (the traffic generator sends `x-bookstore-source:
 * traffic`), the services count their own requests. kind: the ingress gateway's Envoy counts.
 */
const EXPECTED_JOBS = {
  local: ['ecom', 'gateway', 'inventory', 'prometheus'],
  kind: ['apps', 'gateway', 'istiod', 'prometheus', 'ztunnel'],
} as const;

const GATEWAY_COUNTER = {
  local: 'sum(gateway_requests_total{source="traffic"})',
  kind: 'sum(istio_requests_total{reporter="source", source_workload=~".+-istio"})',
} as const;

/** Prometheus answers in milliseconds and scrapes every second locally: look often. */
const POLL_INTERVALS = [250, 250, 500, 1_000];

test.describe('metrics', () => {
  test('should have every scrape target up', async ({ stack, prometheus }) => {
    const jobs = [...(await prometheus.targetsByJob()).keys()].sort();
    expect(jobs, 'scrape jobs Prometheus knows').toEqual(
      expect.arrayContaining([...EXPECTED_JOBS[stack.target]]),
    );
    // A target that was just (re)started is `unknown` until its first scrape (1 s locally).
    await expect
      .poll(() => prometheus.unhealthyTargets(), {
        message: 'targets not up',
        timeout: 45_000,
        intervals: POLL_INTERVALS,
      })
      .toEqual([]);
  });

  test('should count the requests of a traffic run', async ({ stack, prometheus }, testInfo) => {
    test.setTimeout(180_000);
    const counter = GATEWAY_COUNTER[stack.target];
    const ecomRequests = 'sum(http_request_duration_seconds_count{service="ecom"})';
    const before = {
      gateway: await prometheus.scalar(counter),
      ecom: await prometheus.scalar(ecomRequests),
    };

    const summary = await test.step('drive traffic through the gateway', () =>
      // Bounded by count; the time cap is only a safety net.
      trafficAgainst(stack, { users: 1, anonymous: 1, maxRequests: 60, maxDurationMs: 45_000 }));
    await testInfo.attach('traffic summary', {
      body: JSON.stringify(summary, null, 2),
      contentType: 'application/json',
    });
    const served = Object.values(summary.byRoute).reduce(
      (n, statuses) =>
        n + Object.entries(statuses).reduce((m, [s, c]) => m + (/^\d{3}$/.test(s) ? c : 0), 0),
      0,
    );
    expect(summary.errors, `errors: ${JSON.stringify(summary.errorSamples)}`).toBeLessThanOrEqual(
      summary.requests / 10,
    );
    expect(statusClasses(summary)['2xx'] ?? 0).toBeGreaterThan(summary.requests / 2);

    // Other specs may send traffic at the same time: the counter rises by at least this run.
    const after = { ...before };
    await expect
      .poll(async () => (after.gateway = await prometheus.scalar(counter)) - before.gateway, {
        message: `${counter} rises by what the run answered (${served}); before ${before.gateway}`,
        timeout: 60_000,
        intervals: POLL_INTERVALS,
      })
      .toBeGreaterThanOrEqual(served);
    await expect
      .poll(async () => (after.ecom = await prometheus.scalar(ecomRequests)), {
        message: `${ecomRequests} rises; before ${before.ecom}`,
        timeout: 60_000,
        intervals: POLL_INTERVALS,
      })
      .toBeGreaterThan(before.ecom);
    await testInfo.attach('counters', {
      body: JSON.stringify(
        { counter, before, after, requestsSent: summary.requests, answered: served },
        null,
        2,
      ),
      contentType: 'application/json',
    });
  });
});
