import { test, expect } from '../fixtures/playwright.js';
import { graphFromPrometheus, recipeFor } from '../fixtures/observability/prom-graph.js';
import { renderGraphSvg } from '../fixtures/observability/svg.js';
import { trafficAgainst } from '../fixtures/traffic/index.js';

/**
 * The picture for people: the request graph of this run, built from Prometheus (local: gateway
 * counters by source/destination plus inventory's reservation calls from ecom; kind: Istio's
 * request and TCP metrics by workload) and attached to the report as SVG.
 */
const EXPECTED_EDGES = {
  local: [
    ['client:traffic', 'gateway'],
    ['gateway', 'ecom'],
    ['gateway', 'inventory'],
    ['gateway', 'storefront'],
    ['ecom', 'inventory'],
  ],
  kind: [
    ['ingress/bookstore-gw-istio', 'bookstore/ecom'],
    ['ingress/bookstore-gw-istio', 'bookstore/inventory'],
    ['bookstore/ecom', 'bookstore/inventory'],
  ],
} as const;

test.describe('request graph', () => {
  test('should draw the requests of the run from Prometheus', async ({
    stack,
    prometheus,
  }, testInfo) => {
    test.setTimeout(180_000);
    const started = Date.now();
    const summary = await test.step('drive traffic (checkouts make ecom call inventory)', () =>
      // Bounded by count (enough journeys for a checkout); the time cap is only a safety net.
      trafficAgainst(stack, { users: 2, anonymous: 1, maxRequests: 90, maxDurationMs: 45_000 }));
    expect(
      summary.ordersPlaced,
      `orders placed (errors: ${JSON.stringify(summary.errorSamples)})`,
    ).toBeGreaterThan(0);

    const recipe = recipeFor(stack.target);
    const expected = EXPECTED_EDGES[stack.target];
    let model = await graphFromPrometheus(prometheus, recipe, 60);
    let windowSeconds = 60;
    const edgesSeen = async (): Promise<string[]> => {
      // The window covers the run plus a scrape or two.
      windowSeconds = Math.ceil((Date.now() - started) / 1000) + 30;
      model = await graphFromPrometheus(prometheus, recipe, windowSeconds);
      return model.edges.map((e) => `${e.source} -> ${e.target}`);
    };
    await expect
      .poll(edgesSeen, {
        message: 'request graph edges',
        timeout: 60_000,
        intervals: [250, 250, 500, 1_000],
      })
      .toEqual(expect.arrayContaining(expected.map(([s, t]) => `${s} -> ${t}`)));

    const svg = renderGraphSvg(model, {
      title: `Request graph (${stack.target})`,
      subtitle: `rates over the last ${windowSeconds} s (all sources); this run sent ${summary.requests} requests in ${Math.round(summary.durationMs / 1000)} s`,
    });
    await testInfo.attach('request graph', { body: svg, contentType: 'image/svg+xml' });
    await testInfo.attach('request graph model', {
      body: JSON.stringify(model, null, 2),
      contentType: 'application/json',
    });
    for (const n of model.nodes) expect(svg).toContain(n.label);
  });
});
