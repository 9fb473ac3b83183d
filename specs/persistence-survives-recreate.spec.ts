import { Kafka, logLevel } from 'kafkajs';
import {
  analyticsBookSales,
  analyticsDifferences,
  type BookSales,
} from '../fixtures/analytics/invariants.js';
import { ConnectClient } from '../fixtures/clients/connect.js';
import { HttpClient } from '../fixtures/clients/http.js';
import { startCollecting } from '../fixtures/cdc/events.js';
import type { ApiClient, Order } from '../fixtures/clients/api.js';
import type { SignedInUser } from '../fixtures/clients/keycloak.js';
import { test, expect, type StackEndpoints } from '../fixtures/playwright.js';
import { givenCart, givenOrder, pickBooks } from './support/data.js';

test.describe.configure({ mode: 'serial' });

interface Snapshot {
  cart: { bookId: string; quantity: number }[];
  orders: { id: string; total: number; items: { bookId: string; quantity: number }[] }[];
}

async function snapshot(api: ApiClient): Promise<Snapshot> {
  const byBook = (a: { bookId: string }, b: { bookId: string }): number =>
    a.bookId.localeCompare(b.bookId);
  const cart = (await api.cart()).items
    .map((l) => ({ bookId: l.bookId, quantity: l.quantity }))
    .sort(byBook);
  const orders = (await api.orders())
    .map((o: Order) => ({
      id: o.id,
      total: o.total,
      items: o.items.map((l) => ({ bookId: l.bookId, quantity: l.quantity })).sort(byBook),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { cart, orders };
}

interface CdcSnapshot {
  connectors: string[];
  topics: string[];
  offsets: Record<string, unknown>;
}

const CAPTURED_TOPICS = [
  'ecom.public.orders',
  'ecom.public.order_items',
  'ecom.public.cart_items',
  'inventory.public.stock',
];

async function cdcSnapshot(stack: StackEndpoints): Promise<CdcSnapshot | undefined> {
  if (!stack.connectUrl || !stack.kafkaBrokers?.length) return undefined;
  const connect = new ConnectClient(stack.connectUrl);
  const connectors = (await connect.connectors()).sort();
  const offsets: Record<string, unknown> = {};
  for (const name of connectors) offsets[name] = (await connect.offsets(name)).offsets;
  const admin = new Kafka({
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    clientId: 'persistence-spec',
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
    return { connectors, topics, offsets };
  } finally {
    await admin.disconnect();
  }
}

test('should keep users, carts, orders and CDC state across down and up @recreate', async ({
  api,
  keycloak,
  stack,
  stackControl,
}) => {
  test.setTimeout(10 * 60_000);
  const users: SignedInUser[] = [];
  const before = new Map<string, Snapshot>();
  let cdcBefore: CdcSnapshot | undefined;

  await test.step('create users, carts and orders through the API', async () => {
    const books = await pickBooks(api, 6);
    for (let i = 0; i < 3; i++) {
      const user = await keycloak.create();
      users.push(user);
      const as = api.as(user);
      const [a, b] = [books[i * 2], books[i * 2 + 1]];
      if (!a || !b) throw new Error('not enough books');
      // User 0: cart only. User 1: one order. User 2: two orders and a cart.
      for (let n = 0; n < i; n++) await givenOrder(as, [{ bookId: a.id, quantity: n + 1 }]);
      await givenCart(as, [
        { bookId: a.id, quantity: 1 },
        { bookId: b.id, quantity: 3 },
      ]);
      const snap = await snapshot(as);
      expect(snap.orders).toHaveLength(i);
      expect(snap.cart).toHaveLength(2);
      before.set(user.username, snap);
    }
    cdcBefore = await cdcSnapshot(stack);
  });

  // Analytics (Flink → analytics-db), where the host reaches analytics-db (local target).
  const { config } = stackControl;
  let analyticsBefore: Map<number, BookSales> | undefined;
  if (stack.analyticsDb)
    await test.step('analytics-db agrees with ecom-db before down', async () => {
      await expect.poll(() => analyticsDifferences(config), { timeout: 60_000 }).toEqual([]);
      analyticsBefore = await analyticsBookSales(config);
      expect(analyticsBefore.size).toBeGreaterThan(0);
    });

  await test.step('fixtures:down keeps the data', async () => {
    await stackControl.down();
    await expect(new HttpClient(stack.baseUrl).get('/')).rejects.toThrow();
  });

  let after: StackEndpoints = stack;
  await test.step('fixtures:up brings it back', async () => {
    const result = await stackControl.up();
    after = result.state;
    expect(after.baseUrl).toBe(stack.baseUrl);
  });

  await test.step('every user signs in again and finds the same cart and orders', async () => {
    for (const user of users) {
      await user.signInAgain();
      expect(await snapshot(api.as(user)), `data of ${user.username}`).toEqual(
        before.get(user.username),
      );
    }
  });

  if (analyticsBefore)
    await test.step('analytics rows survived; new orders keep flowing; nothing counted twice', async () => {
      // Right after up, before any new order: the rows are the ones from before down.
      const kept = await analyticsBookSales(config);
      for (const [book, sales] of analyticsBefore ?? [])
        expect(kept.get(book), `book_sales of book ${book} after up`).toEqual(sales);
      const [book] = await pickBooks(api, 1);
      if (!book) throw new Error('no book');
      const prior = kept.get(Number(book.id)) ?? { units: 0, orders: 0 };
      await givenOrder(api.as(users[1] as SignedInUser), [{ bookId: book.id, quantity: 1 }]);
      await expect
        .poll(async () => (await analyticsBookSales(config)).get(Number(book.id)), {
          timeout: 60_000,
        })
        .toEqual({ units: prior.units + 1, orders: prior.orders + 1 });
      // Every book and status equals its source: the resumed jobs replayed nothing twice.
      await expect.poll(() => analyticsDifferences(config), { timeout: 60_000 }).toEqual([]);
    });

  await test.step('connectors, topics and offsets survived; no order event was lost', async () => {
    if (!cdcBefore) {
      // Only this step depends on CDC: say so in the report instead of skipping the whole test.
      test.info().annotations.push({
        type: 'skipped step',
        description: 'CDC checks: the running stack has no connectUrl/kafkaBrokers in its state',
      });
      return;
    }
    const cdcAfter = await cdcSnapshot(after);
    expect(cdcAfter?.connectors).toEqual(cdcBefore?.connectors);
    for (const topic of CAPTURED_TOPICS.filter((t) => cdcBefore?.topics.includes(t)))
      expect(cdcAfter?.topics, `topic ${topic}`).toContain(topic);
    for (const name of cdcBefore?.connectors ?? [])
      expect(
        (cdcAfter?.offsets[name] as unknown[] | undefined)?.length ?? 0,
        `offsets of ${name}`,
      ).toBeGreaterThan(0);

    // One more order after the restart, then read the topic from the start: every order of
    // ours has its create event; a repeat is only a redelivery of the same change (same LSN).
    const last = await givenOrder(api.as(users[0] as SignedInUser));
    const ours = new Set([
      ...[...before.values()].flatMap((s) => s.orders.map((o) => o.id)),
      last.id,
    ]);
    const collector = await startCollecting<{ id: string }>('ecom.public.orders', {
      brokers: after.kafkaBrokers ?? [],
      fromBeginning: true,
    });
    try {
      const events = await collector.until(
        (all) => [...ours].every((id) => all.some((e) => e.op === 'c' && e.after?.id === id)),
        30_000,
      );
      for (const id of ours) {
        const creates = events.filter((e) => e.op === 'c' && e.after?.id === id);
        expect(creates.length, `create events of order ${id}`).toBeGreaterThanOrEqual(1);
        const lsns = new Set(creates.map((e) => String(e.source?.lsn)));
        expect(lsns.size, `order ${id}: duplicates must be redeliveries of one change`).toBe(1);
      }
    } finally {
      await collector.close();
    }
  });
});
