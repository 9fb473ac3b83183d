import { startCollecting } from '../fixtures/cdc/events.js';
import { claimsOf } from '../fixtures/clients/tokens.js';
import { test, expect } from '../fixtures/playwright.js';
import { givenOrder, pickBooks } from './support/data.js';

/** Rows as Debezium's JSON converter writes them (column names, decimals as strings). */
interface OrderRow {
  id: string;
  user_id: string;
  status: string;
  total_cents: number;
}
interface StockRow {
  book_id: number;
  available: number;
}

test.describe('CDC order events', () => {
  test.beforeEach(({ stack }) => {
    test.skip(
      !stack.kafkaBrokers?.length || !stack.connectUrl,
      'needs Kafka reachable from the host: the stack state has no kafkaBrokers/connectUrl (on kind, Kafka advertises in-cluster names only; the kind smoke step checks the connectors through Connect REST instead)',
    );
  });

  test('should publish an order placed through the API on the ecom orders topic within 10 s', async ({
    stack,
    api,
    user,
  }) => {
    const brokers = stack.kafkaBrokers ?? [];
    const orders = await startCollecting<OrderRow>('ecom.public.orders', { brokers });
    let placedAt = 0;
    let orderId = '';
    const events = await (async () => {
      try {
        const order = await givenOrder(api.as(user));
        placedAt = Date.now();
        orderId = order.id;
        return await test.step('the change event arrives', () =>
          orders.until((all) => all.some((e) => e.after?.id === order.id), 10_000));
      } finally {
        await orders.close();
      }
    })();
    const order = { id: orderId };
    const created = events.find((e) => e.after?.id === order.id);
    expect(created?.op).toBe('c');
    expect(created?.after).toMatchObject({
      id: order.id,
      user_id: claimsOf(await user.accessToken()).sub,
    });
    expect((created?.receivedAtMs ?? Infinity) - placedAt).toBeLessThanOrEqual(10_000);
  });

  test('should publish a stock change on the inventory stock topic', async ({
    stack,
    api,
    user,
  }) => {
    const brokers = stack.kafkaBrokers ?? [];
    const [book] = await pickBooks(api, 1);
    if (!book) throw new Error('no book');
    const stock = await startCollecting<StockRow>('inventory.public.stock', { brokers });
    let events;
    try {
      await givenOrder(api.as(user), [{ bookId: book.id, quantity: 1 }]);
      events = await stock.until(
        (all) => all.some((e) => String(e.after?.book_id) === book.id && e.op === 'u'),
        10_000,
      );
    } finally {
      await stock.close();
    }
    const change = events.find((e) => String(e.after?.book_id) === book.id && e.op === 'u');
    expect(change?.before, 'REPLICA IDENTITY FULL gives the row before the change').not.toBeNull();
  });
});
