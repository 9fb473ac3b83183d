import { setTimeout as sleep } from 'node:timers/promises';
import { bookSalesOf } from '../fixtures/analytics/invariants.js';
import { test, expect } from '../fixtures/playwright.js';
import { givenOrder, pickBooks } from './support/data.js';

/** The SQL jobs of manifests/analytics/sql (their `pipeline.name`). */
const JOBS = ['book-sales', 'orders-by-status', 'stock-levels'];

/**
 * Measured on the project's machine: an order reaches `book_sales` in ~1–3 s (Debezium ~0.5 s,
 * Flink's JDBC sink flushes every 1 s); the bound leaves room for a loaded CI machine.
 */
const ANALYTICS_BOUND_MS = 20_000;

test.describe('analytics (Flink SQL → analytics-db)', () => {
  test('should count an order placed through the API in analytics-db book_sales within the bound', async ({
    stack,
    stackControl,
    api,
    user,
  }) => {
    test.skip(
      !stack.analyticsDb,
      'needs analytics-db reachable from the host (local target); on kind it stays in the cluster',
    );
    const { config } = stackControl;
    const [book] = await pickBooks(api, 1);
    if (!book) throw new Error('no book');
    const bookId = Number(book.id);
    const before = (await bookSalesOf(config, bookId)) ?? { units: 0, orders: 0 };
    const quantity = 2;
    await givenOrder(api.as(user), [{ bookId: book.id, quantity }]);
    const placedAt = Date.now();
    let seen = before;
    await test.step(`book_sales counts the order within ${ANALYTICS_BOUND_MS / 1000} s`, async () => {
      while (Date.now() - placedAt < ANALYTICS_BOUND_MS) {
        seen = (await bookSalesOf(config, bookId)) ?? before;
        if (seen.orders > before.orders) break;
        await sleep(200);
      }
    });
    const latencyMs = Date.now() - placedAt;
    test.info().annotations.push({ type: 'commit → book_sales', description: `${latencyMs} ms` });
    // Exactly this order: one more order, `quantity` more units (parallel specs buy other books).
    expect(seen).toEqual({ units: before.units + quantity, orders: before.orders + 1 });
    expect(latencyMs).toBeLessThanOrEqual(ANALYTICS_BOUND_MS);
    // Still exactly once a moment later (no replay adds it again).
    await sleep(2_000);
    expect(await bookSalesOf(config, bookId)).toEqual(seen);
  });

  test('should list every SQL job RUNNING on the Flink dashboard', async ({ stack, page }) => {
    test.skip(!stack.flinkUrl, 'the stack state has no flinkUrl');
    await page.goto(`${stack.flinkUrl}/#/job/running`);
    for (const name of JOBS) {
      const row = page.locator('tr', { hasText: name });
      await expect(row, `job ${name} on the dashboard`).toBeVisible({ timeout: 30_000 });
      await expect(row).toContainText('RUNNING');
    }
  });
});
