import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED_STOCK_PER_BOOK } from '@bookstore/service-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, freePort, startStack, type Problem, type Stack } from './support.js';

interface Cart {
  items: { bookId: number; quantity: number; priceCents: number; lineTotalCents: number }[];
  totalQuantity: number;
  totalCents: number;
}
interface Order {
  id: string;
  status: string;
  totalCents: number;
  itemCount: number;
  items: { bookId: number; quantity: number; unitPriceCents: number }[];
}

let stack: Stack;
const call = client(() => stack.ecom.url);
let alice: string;
let bob: string;

beforeAll(async () => {
  stack = await startStack();
  alice = await stack.issuer.bearer({ sub: 'alice', expiresInSec: 3_600 });
  bob = await stack.issuer.bearer({ sub: 'bob', expiresInSec: 3_600 });
});
afterAll(async () => {
  await stack?.stop();
});
beforeEach(async () => {
  // DELETE, not TRUNCATE: on tables this small it is several times faster.
  await Promise.all([
    stack.pg.query(
      'ecom',
      'DELETE FROM cart_items; DELETE FROM idempotency_keys; DELETE FROM orders',
    ),
    stack.pg.query(
      'inventory',
      `DELETE FROM reservations; UPDATE stock SET available = ${SEED_STOCK_PER_BOOK}, reserved = 0`,
    ),
  ]);
});

const serviceToken = (): Promise<string> =>
  stack.issuer.bearer({ sub: stack.issuer.service.sub, roles: ['inventory-reservations'] });
const reservationStatus = async (id: string): Promise<string | undefined> =>
  (
    await stack.pg.query<{ status: string }>(
      'inventory',
      'SELECT status FROM reservations WHERE id = $1',
      [id],
    )
  )[0]?.status;
/** An order in state `placed` with a held reservation, as a crash before the confirm leaves it. */
async function placedOrder(
  orderId: string,
  userId: string,
  bookId: number,
  quantity: number,
): Promise<void> {
  await stack.pg.query(
    'ecom',
    "INSERT INTO orders (id, user_id, status, total_cents, item_count, updated_at) VALUES ($1, $2, 'placed', 100, $3, now() - interval '1 minute')",
    [orderId, userId, quantity],
  );
  await stack.pg.query(
    'ecom',
    "INSERT INTO order_items (order_id, book_id, title, quantity, unit_price_cents) VALUES ($1, $2, 't', $3, 100)",
    [orderId, bookId, quantity],
  );
  const reserve = await client(() => stack.inventory.url)('POST', '/inven/reservations', {
    auth: await serviceToken(),
    body: { reservationId: orderId, lines: [{ bookId, quantity }] },
  });
  expect(reserve.status).toBe(201);
}
const count = async (db: 'ecom' | 'inventory', table: string): Promise<number> =>
  (await stack.pg.query<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? -1;
const available = async (bookId: number): Promise<number> =>
  (
    await stack.pg.query<{ available: number }>(
      'inventory',
      'SELECT available FROM stock WHERE book_id = $1',
      [bookId],
    )
  )[0]?.available ?? -1;

/** A proxy in front of inventory that holds `POST /inven/reservations` until `open()`. */
async function gatedInventory(): Promise<{
  url: string;
  reserving: Promise<void>;
  open: () => void;
  close: () => Promise<void>;
}> {
  let reached!: () => void;
  const reserving = new Promise<void>((resolve) => (reached = resolve));
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const proxy = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (request.method === 'POST' && request.url === '/inven/reservations') {
        reached();
        await gate;
      }
      const upstream = await fetch(`${stack.inventory.url}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers: {
          authorization: request.headers.authorization ?? '',
          ...(chunks.length > 0 && { 'content-type': 'application/json' }),
        },
        body: chunks.length > 0 ? Buffer.concat(chunks) : null,
      });
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch(() => response.destroy());
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    reserving,
    open,
    close: async () => {
      open();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

describe('cart', () => {
  it('should add, merge lines, set, remove and read the cart', async () => {
    expect(await call<Cart>('GET', '/ecom/cart', { auth: alice })).toMatchObject({
      status: 200,
      body: { items: [], totalQuantity: 0, totalCents: 0 },
    });
    await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 1, quantity: 2 } });
    const merged = await call<Cart>('POST', '/ecom/cart', {
      auth: alice,
      body: { bookId: 1, quantity: 3 },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.items).toEqual([expect.objectContaining({ bookId: 1, quantity: 5 })]);
    await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 2, quantity: 1 } });
    const set = await call<Cart>('PUT', '/ecom/cart/2', { auth: alice, body: { quantity: 7 } });
    expect(set.body.items.map((i) => [i.bookId, i.quantity])).toEqual([
      [1, 5],
      [2, 7],
    ]);
    expect(set.body.totalQuantity).toBe(12);
    expect(set.body.totalCents).toBe(
      set.body.items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0),
    );
    const removed = await call<Cart>('DELETE', '/ecom/cart/1', { auth: alice });
    expect(removed.body.items.map((i) => i.bookId)).toEqual([2]);
    // Carts are per user.
    expect((await call<Cart>('GET', '/ecom/cart', { auth: bob })).body.items).toEqual([]);
  });

  it('should cap a line at 99 with 409 and refuse quantities outside 1..99 with 400', async () => {
    await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 3, quantity: 98 } });
    const over = await call<Problem>('POST', '/ecom/cart', {
      auth: alice,
      body: { bookId: 3, quantity: 2 },
    });
    expect(over.status).toBe(409);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    for (const quantity of [0, 100, -1, 1.5, '2']) {
      const reply = await call<Problem>('POST', '/ecom/cart', {
        auth: alice,
        body: { bookId: 3, quantity },
      });
      expect(reply.status, String(quantity)).toBe(400);
      expect(reply.body.errors?.[0]).toMatchObject({ in: 'body', field: 'quantity' });
      expect((await call('PUT', '/ecom/cart/3', { auth: alice, body: { quantity } })).status).toBe(
        400,
      );
    }
    const rows = await stack.pg.query<{ quantity: number }>(
      'ecom',
      "SELECT quantity FROM cart_items WHERE user_id = 'alice'",
    );
    expect(rows).toEqual([{ quantity: 98 }]);
  });

  it('should refuse unknown books (404), bad bodies and params (400), big bodies (413), and write nothing', async () => {
    expect(
      (await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 99999, quantity: 1 } }))
        .status,
    ).toBe(404);
    expect(
      (await call('PUT', '/ecom/cart/99999', { auth: alice, body: { quantity: 1 } })).status,
    ).toBe(404);
    expect((await call('DELETE', '/ecom/cart/99999', { auth: alice })).status).toBe(404);
    const bodies: unknown[] = [
      {},
      { bookId: 'x', quantity: 1 },
      { bookId: 1 },
      { bookId: 1, quantity: 1, extra: 1 },
      [],
      'null',
    ];
    for (const body of bodies) {
      const reply = await call<Problem>('POST', '/ecom/cart', { auth: alice, body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
    }
    const both = await call<Problem>('POST', '/ecom/cart', {
      auth: alice,
      body: { bookId: 0, quantity: 0 },
    });
    expect(both.body.errors?.map((e) => e.field).sort()).toEqual(['bookId', 'quantity']);
    expect((await call('POST', '/ecom/cart', { auth: alice, body: '{"bookId": 1,' })).status).toBe(
      400,
    );
    expect(
      (await call('PUT', '/ecom/cart/abc', { auth: alice, body: { quantity: 1 } })).status,
    ).toBe(400);
    expect((await call('DELETE', '/ecom/cart/0', { auth: alice })).status).toBe(400);
    expect(
      (
        await call('POST', '/ecom/cart', {
          auth: alice,
          body: '<bookId>1</bookId>',
          headers: { 'content-type': 'application/xml' },
        })
      ).status,
    ).toBe(415);
    const big = await call<Problem>('POST', '/ecom/cart', {
      auth: alice,
      body: JSON.stringify({ bookId: 1, quantity: 1, pad: 'x'.repeat(65 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
    expect(await count('ecom', 'cart_items')).toBe(0);
  });

  it('should refuse missing, expired, wrong-issuer, wrong-audience, foreign-key and alg:none tokens with 401', async () => {
    const tokens: (string | undefined)[] = [
      undefined,
      'Bearer',
      'Bearer not.a.jwt',
      await stack.issuer.bearer({ expiresInSec: -60 }),
      await stack.issuer.bearer({ issuer: 'http://localhost:30000/auth/realms/other' }),
      await stack.issuer.bearer({ audience: 'account' }),
      await stack.issuer.bearer({ foreignKey: true }),
      `Bearer ${stack.issuer.unsignedToken()}`,
      // An empty subject identifies nobody: every such token would share one cart.
      await stack.issuer.bearer({ sub: '' }),
    ];
    for (const auth of tokens) {
      for (const [method, path, body] of [
        ['GET', '/ecom/cart', undefined],
        ['POST', '/ecom/cart', { bookId: 1, quantity: 1 }],
        ['POST', '/ecom/checkout', undefined],
        ['GET', '/ecom/orders', undefined],
      ] as const) {
        const reply = await call<Problem>(method, path, { auth, body });
        expect(reply.status, `${method} ${path} ${auth ?? '(none)'}`).toBe(401);
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm="bookstore"/);
        expect(reply.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect(await count('ecom', 'cart_items')).toBe(0);
    expect(await count('ecom', 'orders')).toBe(0);
  });

  it('should add once for a retried POST with the same Idempotency-Key, and 422 for a different body', async () => {
    const key = randomUUID();
    const first = await call<Cart>('POST', '/ecom/cart', {
      auth: alice,
      body: { bookId: 4, quantity: 2 },
      headers: { 'idempotency-key': key },
    });
    const retry = await call<Cart>('POST', '/ecom/cart', {
      auth: alice,
      body: { bookId: 4, quantity: 2 },
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () =>
        call('POST', '/ecom/cart', {
          auth: alice,
          body: { bookId: 5, quantity: 1 },
          headers: { 'idempotency-key': 'same-key-5' },
        }),
      ),
    );
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const other = await call<Problem>('POST', '/ecom/cart', {
      auth: alice,
      body: { bookId: 4, quantity: 3 },
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    // The key is per user: bob's identical key is a new request.
    await call('POST', '/ecom/cart', {
      auth: bob,
      body: { bookId: 4, quantity: 2 },
      headers: { 'idempotency-key': key },
    });
    const rows = await stack.pg.query(
      'ecom',
      'SELECT user_id, book_id, quantity FROM cart_items ORDER BY user_id, book_id',
    );
    expect(rows).toEqual([
      { user_id: 'alice', book_id: 4, quantity: 2 },
      { user_id: 'alice', book_id: 5, quantity: 1 },
      { user_id: 'bob', book_id: 4, quantity: 2 },
    ]);
    // Without a key, the same body adds again.
    const again = await call<Cart>('POST', '/ecom/cart', {
      auth: alice,
      body: { bookId: 4, quantity: 2 },
    });
    expect(again.body.items.find((i) => i.bookId === 4)?.quantity).toBe(4);
  });
});

describe('authentication before validation', () => {
  it('should answer 401 on every protected route with no token and a bad body, naming no field', async () => {
    const bad = { bookId: 'x', quantity: -1, extra: true };
    const requests: [string, string, unknown][] = [
      ['GET', '/ecom/cart?x=1', undefined],
      ['POST', '/ecom/cart', bad],
      ['POST', '/ecom/cart', '{not json'],
      ['PUT', '/ecom/cart/not-an-id', bad],
      ['DELETE', '/ecom/cart/not-an-id', undefined],
      ['POST', '/ecom/checkout', bad],
      ['GET', '/ecom/orders?limit=0&offset=-1', undefined],
      ['GET', '/ecom/orders/not-a-uuid', undefined],
      ['PUT', '/ecom/books/not-an-id', { priceCents: 'free' }],
    ];
    for (const [method, path, body] of requests) {
      const reply = await call<Problem>(method, path, { body });
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(reply.body.type).toBe('/problems/unauthorized');
      expect(reply.body.errors).toBeUndefined();
      expect(reply.body.detail).not.toMatch(/bookId|quantity|priceCents|limit|validation/);
    }
    expect(await count('ecom', 'cart_items')).toBe(0);
  });
});

describe('checkout and orders', () => {
  it('should turn the cart into an order, reserve stock and empty the cart', async () => {
    await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 6, quantity: 2 } });
    await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 7, quantity: 1 } });
    const cart = (await call<Cart>('GET', '/ecom/cart', { auth: alice })).body;
    const checkout = await call<Order>('POST', '/ecom/checkout', { auth: alice });
    expect(checkout.status).toBe(201);
    expect(checkout.body).toMatchObject({
      status: 'confirmed',
      totalCents: cart.totalCents,
      itemCount: 3,
    });
    expect(checkout.body.items.map((i) => [i.bookId, i.quantity])).toEqual([
      [6, 2],
      [7, 1],
    ]);
    expect((await call<Cart>('GET', '/ecom/cart', { auth: alice })).body.items).toEqual([]);
    expect(await available(6)).toBe(SEED_STOCK_PER_BOOK - 2);
    // The hold belongs to ecom's service account, not to the buyer.
    const reservation = await stack.pg.query(
      'inventory',
      'SELECT id, owner, status FROM reservations',
    );
    expect(reservation).toEqual([
      { id: checkout.body.id, owner: stack.issuer.service.sub, status: 'confirmed' },
    ]);

    const list = await call<{ items: Order[] }>('GET', '/ecom/orders', { auth: alice });
    expect(list.body.items.map((o) => o.id)).toEqual([checkout.body.id]);
    expect(
      (await call<Order>('GET', `/ecom/orders/${checkout.body.id}`, { auth: alice })).body,
    ).toEqual(checkout.body);
    // Another user's order is a 404, and bob has no orders.
    const foreign = await call<Problem>('GET', `/ecom/orders/${checkout.body.id}`, { auth: bob });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await call<{ items: Order[] }>('GET', '/ecom/orders', { auth: bob })).body.items,
    ).toEqual([]);
    expect((await call('GET', '/ecom/orders/not-a-uuid', { auth: alice })).status).toBe(400);
    expect((await call('GET', `/ecom/orders/${randomUUID()}`, { auth: alice })).status).toBe(404);
    expect((await call('GET', '/ecom/orders?limit=0', { auth: alice })).status).toBe(400);
  });

  it('should refuse an empty cart with 409', async () => {
    const reply = await call<Problem>('POST', '/ecom/checkout', { auth: alice });
    expect(reply.status).toBe(409);
    expect(reply.body.type).toBe('/problems/cart-empty');
    expect(await count('ecom', 'orders')).toBe(0);
  });

  it('should create no order and keep the cart when inventory refuses (409 naming the short books)', async () => {
    await stack.pg.query('inventory', 'UPDATE stock SET available = 1 WHERE book_id = 9');
    await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 8, quantity: 2 } });
    await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 9, quantity: 3 } });
    const before = (await call<Cart>('GET', '/ecom/cart', { auth: alice })).body;
    const reply = await call<Problem>('POST', '/ecom/checkout', { auth: alice });
    expect(reply.status).toBe(409);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.shortages).toEqual([{ bookId: 9, requested: 3, available: 1 }]);
    expect(await count('ecom', 'orders')).toBe(0);
    expect(await count('ecom', 'order_items')).toBe(0);
    expect((await call<Cart>('GET', '/ecom/cart', { auth: alice })).body).toEqual(before);
    expect(await available(8)).toBe(SEED_STOCK_PER_BOOK);
    expect(await count('inventory', 'reservations')).toBe(0);
  });

  it('should create no order and keep the cart when inventory is unreachable (503)', async () => {
    const offline = await stack.extraEcom({
      INVENTORY_URL: `http://127.0.0.1:${await freePort()}`,
    });
    const callOffline = client(() => offline.url);
    await callOffline('POST', '/ecom/cart', { auth: alice, body: { bookId: 10, quantity: 1 } });
    const reply = await callOffline<Problem>('POST', '/ecom/checkout', { auth: alice });
    expect(reply.status).toBe(503);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.type).toBe('/problems/inventory-unavailable');
    // Nothing the buyer can see; the order waits as `cancelling` until a release lands.
    expect(
      (await call<{ items: Order[] }>('GET', '/ecom/orders', { auth: alice })).body.items,
    ).toEqual([]);
    expect(await count('ecom', "orders WHERE status = 'cancelling'")).toBe(1);
    expect(await stack.ecom.checkout.reconcile()).toMatchObject({ released: 1 });
    expect(await count('ecom', 'orders')).toBe(0);
    expect((await call<Cart>('GET', '/ecom/cart', { auth: alice })).body.items).toEqual([
      expect.objectContaining({ bookId: 10, quantity: 1 }),
    ]);
    // The same cart checks out once inventory is reachable.
    expect((await call('POST', '/ecom/checkout', { auth: alice })).status).toBe(201);
  });

  it('should recover an interrupted checkout: release the hold and drop the pending order', async () => {
    // A crash after the reservation: a pending order past its deadline and a held reservation.
    const orderId = randomUUID();
    await stack.pg.query(
      'ecom',
      "INSERT INTO orders (id, user_id, status, total_cents, item_count, created_at) VALUES ($1, 'alice', 'pending', 100, 1, now() - interval '2 minutes')",
      [orderId],
    );
    const reserve = await client(() => stack.inventory.url)('POST', '/inven/reservations', {
      auth: await serviceToken(),
      body: { reservationId: orderId, lines: [{ bookId: 11, quantity: 4 }] },
    });
    expect(reserve.status).toBe(201);
    expect(await available(11)).toBe(SEED_STOCK_PER_BOOK - 4);
    expect(await stack.ecom.checkout.reconcile()).toMatchObject({ timedOut: 1, released: 1 });
    expect(await count('ecom', 'orders')).toBe(0);
    expect(await available(11)).toBe(SEED_STOCK_PER_BOOK);
  });

  it('should confirm a placed order whose confirmation was lost, without the buyer', async () => {
    // A crash between placing the order and confirming its hold (or inventory down then).
    const orderId = randomUUID();
    await placedOrder(orderId, 'alice', 16, 2);
    const before = await call<Order>('GET', `/ecom/orders/${orderId}`, { auth: alice });
    expect(before.body.status).toBe('pending');
    expect(await stack.ecom.checkout.reconcile()).toMatchObject({ confirmed: 1 });
    expect((await call<Order>('GET', `/ecom/orders/${orderId}`, { auth: alice })).body.status).toBe(
      'confirmed',
    );
    expect(await reservationStatus(orderId)).toBe('confirmed');
    // An expiry sweep now leaves it alone: the copies stay sold.
    await stack.pg.query(
      'inventory',
      "UPDATE reservations SET expires_at = now() - interval '1 hour'",
    );
    await stack.inventory.sweep();
    expect(await available(16)).toBe(SEED_STOCK_PER_BOOK - 2);
  });

  it('should cancel, never confirm, a placed order whose hold expired before the confirmation', async () => {
    const orderId = randomUUID();
    await placedOrder(orderId, 'alice', 17, 3);
    await stack.pg.query(
      'inventory',
      "UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = $1",
      [orderId],
    );
    expect(await stack.inventory.sweep()).toBe(1);
    expect(await available(17)).toBe(SEED_STOCK_PER_BOOK);
    expect(await stack.ecom.checkout.reconcile()).toMatchObject({ cancelled: 1, confirmed: 0 });
    expect((await call<Order>('GET', `/ecom/orders/${orderId}`, { auth: alice })).body.status).toBe(
      'cancelled',
    );
    expect(await reservationStatus(orderId)).toBe('released');
    expect(await available(17)).toBe(SEED_STOCK_PER_BOOK);
  });

  it('should fetch its own token once and reuse it across checkouts', async () => {
    const grants = stack.issuer.service.grants();
    for (const bookId of [18, 19]) {
      await call('POST', '/ecom/cart', { auth: alice, body: { bookId, quantity: 1 } });
      expect((await call('POST', '/ecom/checkout', { auth: alice })).status).toBe(201);
    }
    // The token from an earlier test is still fresh: no new grant for these calls.
    expect(stack.issuer.service.grants()).toBe(grants);
  });

  it('should keep the cart and return the stock when a slow checkout was cleaned up meanwhile', async () => {
    // A proxy holds ecom's reservation call while the pending order is backdated past
    // STALE_CHECKOUT_MS (an interrupted checkout) and the reconciler cleans it up.
    const gated = await gatedInventory();
    try {
      const slow = await stack.extraEcom({
        INVENTORY_URL: gated.url,
        INVENTORY_TIMEOUT_MS: 10_000,
        STALE_CHECKOUT_MS: 60_000,
      });
      await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 13, quantity: 2 } });
      const callSlow = client(() => slow.url);
      const checkout = callSlow<Problem>('POST', '/ecom/checkout', { auth: alice });
      await gated.reserving;
      const backdated = await stack.pg.query(
        'ecom',
        "UPDATE orders SET created_at = now() - interval '2 minutes' WHERE status = 'pending' RETURNING id",
      );
      expect(backdated).toHaveLength(1);
      // The reconciler cancels the stale pending order and releases it (a tombstone in inventory).
      expect(await slow.checkout.reconcile()).toMatchObject({ timedOut: 1, released: 1 });
      expect(await count('ecom', 'orders')).toBe(0);
      gated.open();
      const reply = await checkout;
      expect(reply.status).toBe(409);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(await count('ecom', 'orders')).toBe(0);
      expect((await call<Cart>('GET', '/ecom/cart', { auth: alice })).body.items).toEqual([
        expect.objectContaining({ bookId: 13, quantity: 2 }),
      ]);
      expect(await available(13)).toBe(SEED_STOCK_PER_BOOK);
    } finally {
      await gated.close();
    }
  });

  it('should keep what was added to the cart while the checkout ran', async () => {
    const gated = await gatedInventory();
    try {
      const slow = await stack.extraEcom({ INVENTORY_URL: gated.url });
      await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 14, quantity: 2 } });
      const checkout = client(() => slow.url)<Order>('POST', '/ecom/checkout', { auth: alice });
      await gated.reserving;
      // Another tab adds one more copy of the book being ordered, and another book.
      await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 14, quantity: 1 } });
      await call('POST', '/ecom/cart', { auth: alice, body: { bookId: 15, quantity: 1 } });
      gated.open();
      const reply = await checkout;
      expect(reply.status).toBe(201);
      expect(reply.body.items).toEqual([expect.objectContaining({ bookId: 14, quantity: 2 })]);
      const cart = (await call<Cart>('GET', '/ecom/cart', { auth: alice })).body;
      expect(cart.items.map((i) => [i.bookId, i.quantity])).toEqual([
        [14, 1],
        [15, 1],
      ]);
    } finally {
      await gated.close();
    }
  });

  it('should sell exactly the stock when many users check out the last copies at once', async () => {
    await stack.pg.query('inventory', 'UPDATE stock SET available = 5 WHERE book_id = 12');
    const users = await Promise.all(
      Array.from({ length: 12 }, (_, i) => stack.issuer.bearer({ sub: `buyer-${i}` })),
    );
    await Promise.all(
      users.map((auth) => call('POST', '/ecom/cart', { auth, body: { bookId: 12, quantity: 1 } })),
    );
    const results = await Promise.all(
      users.map((auth) => call('POST', '/ecom/checkout', { auth })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(await available(12)).toBe(0);
    expect(await count('ecom', "orders WHERE status = 'confirmed'")).toBe(5);
    expect(await count('ecom', 'cart_items')).toBe(7);
  });
});
