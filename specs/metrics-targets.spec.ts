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

test.describe('metrics', () => {
  test('should have every scrape target up', async ({ stack, prometheus }) => {
    const jobs = [...(await prometheus.targetsByJob()).keys()].sort();
    expect(jobs, 'scrape jobs Prometheus knows').toEqual(
      expect.arrayContaining([...EXPECTED_JOBS[stack.target]]),
    );
    // A target that was just (re)started is `unknown` until its first scrape (5 s locally).
    await expect(async () => {
      expect(await prometheus.unhealthyTargets(), 'targets not up').toEqual([]);
    }).toPass({ timeout: 45_000, intervals: [2_500] });
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
      trafficAgainst(stack, { users: 2, anonymous: 1, maxRequests: 150, maxDurationMs: 45_000 }));
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

    let after = before;
    await expect(async () => {
      after = {
        gateway: await prometheus.scalar(counter),
        ecom: await prometheus.scalar(ecomRequests),
      };
      // Other specs may send traffic at the same time: the counter rises by at least this run.
      expect(
        after.gateway - before.gateway,
        `${counter}: before ${before.gateway}, now ${after.gateway}, run answered ${served}`,
      ).toBeGreaterThanOrEqual(served);
      expect(after.ecom, `${ecomRequests}: before ${before.ecom}`).toBeGreaterThan(before.ecom);
    }).toPass({ timeout: 60_000, intervals: [2_500] });
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
