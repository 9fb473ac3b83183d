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
      trafficAgainst(stack, { users: 3, anonymous: 1, maxRequests: 200, maxDurationMs: 45_000 }));
    expect(
      summary.ordersPlaced,
      `orders placed (errors: ${JSON.stringify(summary.errorSamples)})`,
    ).toBeGreaterThan(0);

    const recipe = recipeFor(stack.target);
    const expected = EXPECTED_EDGES[stack.target];
    let model = await graphFromPrometheus(prometheus, recipe, 60);
    let windowSeconds = 60;
    await expect(async () => {
      // The window covers the run plus a scrape or two.
      windowSeconds = Math.ceil((Date.now() - started) / 1000) + 30;
      model = await graphFromPrometheus(prometheus, recipe, windowSeconds);
      const edges = model.edges.map((e) => `${e.source} -> ${e.target}`);
      for (const [s, t] of expected)
        expect(edges, `edges seen: ${edges.join(', ') || 'none'}`).toContain(`${s} -> ${t}`);
    }).toPass({ timeout: 60_000, intervals: [5_000] });

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
