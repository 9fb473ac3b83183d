/**
 * Checkout under faults, on the local target (real processes, loopback, bounded): kill -9 of
 * inventory in the middle of a burst, kill -9 of ecom between placing orders and confirming their
 * holds, and holds that expire (window shortened to seconds by configuration) while ecom is down.
 * After each fault, `up` restarts what died and ecom's reconciler settles every order; then the
 * databases must show: for every book, seed stock = available + held + sold, sold = the copies of
 * confirmed orders, every confirmed order has a confirmed hold and nothing else is sold.
 */
import pg from 'pg';
import { request } from 'undici';
import { SEED_STOCK_PER_BOOK } from '../services/kit/src/catalog.js';
import { test, expect, type StackConfig, type StackControl } from '../fixtures/playwright.js';
import type { SignedInUser } from '../fixtures/clients/keycloak.js';

test.describe.configure({ mode: 'serial' });

interface Db {
  ecom: pg.Client;
  inventory: pg.Client;
}

/** Numbers for the report: faults injected, orders checked, copies accounted for. */
const tally = { faults: 0, orders: 0, books: 0 };

async function connect(control: StackControl): Promise<Db> {
  const ecom = new pg.Client({ connectionString: await control.databaseUrl('ecom-db') });
  const inventory = new pg.Client({
    connectionString: await control.databaseUrl('inventory-db'),
  });
  await Promise.all([ecom.connect(), inventory.connect()]);
  return { ecom, inventory };
}

/** `up` of just the two services, with config overrides (hold window, confirm delay). */
async function upServices(control: StackControl, overrides: Partial<StackConfig> = {}) {
  const { summary } = await control.upOnly(['inventory', 'ecom'], overrides, {
    command: 'checkout-saga-faults up',
  });
  expect(summary.status).toBe('succeeded');
}

async function kill9(control: StackControl, name: 'inventory' | 'ecom'): Promise<void> {
  expect(await control.processState(name), `${name} runs before the fault`).toBe('running');
  await control.disrupt({ kind: 'kill', processes: [name] });
  tally.faults += 1;
  await expect.poll(() => control.processState(name)).not.toBe('running');
}

const rows = async <T>(db: pg.Client, text: string, values: unknown[] = []): Promise<T[]> =>
  (await db.query(text, values)).rows as T[];

/**
 * How long the reconciler may take once the services are back with the default hold window: a
 * checkout that was still reserving when its process died is cancelled only once it is older than
 * STALE_CHECKOUT_MS (60 s there), found on the next reconcile pass (every 10 s), plus margin.
 */
const SETTLE_MS = 150_000;

/** Waits until no order is pending, placed or cancelling (the reconciler's work is done). */
async function settled(db: Db, timeoutMs: number): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await rows<{ status: string; n: number }>(
            db.ecom,
            "SELECT status, count(*)::int AS n FROM orders WHERE status IN ('pending', 'placed', 'cancelling') GROUP BY status",
          )
        ).map((r) => `${r.status}:${r.n}`),
      { timeout: timeoutMs, intervals: [500] },
    )
    .toEqual([]);
}

/** The invariants, from both databases, over every book and every order. */
async function checkInvariants(db: Db): Promise<void> {
  const stock = await rows<{ book_id: number; available: number; reserved: number }>(
    db.inventory,
    'SELECT book_id, available, reserved FROM stock ORDER BY book_id',
  );
  const held = await rows<{ book_id: number; q: number }>(
    db.inventory,
    "SELECT l.book_id, sum(l.quantity)::int AS q FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id WHERE r.status = 'held' GROUP BY l.book_id",
  );
  const confirmedHolds = await rows<{ id: string; book_id: number; quantity: number }>(
    db.inventory,
    "SELECT r.id, l.book_id, l.quantity FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id WHERE r.status = 'confirmed'",
  );
  const confirmedOrders = await rows<{ id: string; book_id: number; quantity: number }>(
    db.ecom,
    "SELECT o.id, i.book_id, i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'confirmed'",
  );
  const key = (r: { id: string; book_id: number; quantity: number }) =>
    `${r.id}/${r.book_id}/${r.quantity}`;
  // No confirmed order without its confirmed hold, and no stock sold without a confirmed order.
  expect(confirmedOrders.map(key).sort()).toEqual(confirmedHolds.map(key).sort());
  const sum = (list: { book_id: number; quantity: number }[], book: number) =>
    list.filter((r) => r.book_id === book).reduce((n, r) => n + r.quantity, 0);
  for (const s of stock) {
    const sold = sum(confirmedOrders, s.book_id);
    const onHold = held.find((h) => h.book_id === s.book_id)?.q ?? 0;
    expect(
      { book: s.book_id, total: s.available + onHold + sold, reserved: s.reserved },
      `book ${s.book_id}: available ${s.available} + held ${onHold} + sold ${sold}`,
    ).toEqual({ book: s.book_id, total: SEED_STOCK_PER_BOOK, reserved: onHold + sold });
  }
  tally.books = stock.length;
  tally.orders = Number(
    (await rows<{ n: number }>(db.ecom, 'SELECT count(*)::int AS n FROM orders'))[0]?.n,
  );
}

async function call(
  base: string,
  method: string,
  pathname: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const res = await request(`${base}${pathname}`, {
      method: method as 'GET',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: 20_000,
      bodyTimeout: 20_000,
    });
    const text = await res.body.text();
    return {
      status: res.statusCode,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  } catch {
    return { status: 0, body: {} }; // connection refused or reset by the kill
  }
}

/** Leaves exactly `left` copies of `bookId` on sale (one buyer takes the rest, confirmed). */
async function leaveCopies(
  ecom: string,
  buyer: SignedInUser,
  bookId: number,
  db: Db,
  left: number,
): Promise<void> {
  const [row] = await rows<{ available: number }>(
    db.inventory,
    'SELECT available FROM stock WHERE book_id = $1',
    [bookId],
  );
  const take = (row?.available ?? 0) - left;
  expect(take, `book ${bookId} has more than ${left} copies left`).toBeGreaterThan(0);
  const token = await buyer.accessToken();
  expect((await call(ecom, 'POST', '/ecom/cart', token, { bookId, quantity: take })).status).toBe(
    200,
  );
  const order = await call(ecom, 'POST', '/ecom/checkout', token);
  expect(order.status).toBe(201);
  expect(order.body.status, 'the order that takes the other copies is confirmed').toBe('confirmed');
}

/** `count` buyers, each with one copy of `bookId` in the cart. */
async function buyers(
  keycloak: { create(): Promise<SignedInUser> },
  ecom: string,
  bookId: number,
  count: number,
): Promise<string[]> {
  const users = await Promise.all(Array.from({ length: count }, () => keycloak.create()));
  const tokens = await Promise.all(users.map((u) => u.accessToken()));
  for (const token of tokens)
    expect((await call(ecom, 'POST', '/ecom/cart', token, { bookId, quantity: 1 })).status).toBe(
      200,
    );
  return tokens;
}

/** An unsold book: nothing of it is reserved or sold yet. */
async function freshBook(db: Db, used: Set<number>): Promise<number> {
  const [row] = await rows<{ book_id: number }>(
    db.inventory,
    `SELECT book_id FROM stock WHERE available = ${SEED_STOCK_PER_BOOK} AND reserved = 0 AND NOT (book_id = ANY($1::int[])) ORDER BY book_id DESC LIMIT 1`,
    [[...used]],
  );
  if (!row) throw new Error('no unsold book left for the fault test');
  used.add(row.book_id);
  return row.book_id;
}

test.describe('checkout saga under faults', () => {
  let db: Db;
  const used = new Set<number>();

  test.beforeAll(({ stack }) => {
    test.skip(stack.target !== 'local', 'kills local processes by their PID files');
  });
  test.beforeEach(async ({ stackControl }) => {
    db ??= await connect(stackControl);
  });
  test.afterAll(async ({ stackControl }) => {
    // Back to the configured hold window and no confirm delay, whatever happened above.
    if (stackControl.target === 'local') await upServices(stackControl);
    if (db) await Promise.all([db.ecom.end(), db.inventory.end()]);
    console.log(
      `checkout faults: ${tally.faults} faults injected (kill -9), ${tally.orders} orders checked, ` +
        `stock conserved on all ${tally.books} books`,
    );
  });

  test('30 checkouts for 5 copies with inventory killed mid-burst, then up @recreate', async ({
    stack,
    stackControl,
    keycloak,
  }) => {
    test.setTimeout(360_000);
    const ecom = stack.services?.ecom ?? '';
    const bookId = await freshBook(db, used);
    await leaveCopies(ecom, await keycloak.create(), bookId, db, 5);
    const tokens = await buyers(keycloak, ecom, bookId, 30);

    const burst = Promise.all(tokens.map((t) => call(ecom, 'POST', '/ecom/checkout', t)));
    await new Promise((resolve) => setTimeout(resolve, 40));
    await kill9(stackControl, 'inventory');
    const answers = await burst;
    const statuses = answers.map((a) => a.status);
    test.info().annotations.push({ type: 'burst answers', description: statuses.join(',') });
    expect(statuses.every((s) => [201, 409, 503].includes(s))).toBe(true);

    await upServices(stackControl);
    await settled(db, SETTLE_MS);
    await checkInvariants(db);
    const sold = await rows<{ n: number }>(
      db.ecom,
      "SELECT coalesce(sum(i.quantity), 0)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'confirmed' AND i.book_id = $1",
      [bookId],
    );
    expect(sold[0]?.n).toBeLessThanOrEqual(SEED_STOCK_PER_BOOK);
    // What the buyers were told holds: an order answered 201 is confirmed (or cancelled), never lost.
    for (const a of answers.filter((x) => x.status === 201)) {
      const [order] = await rows<{ status: string }>(
        db.ecom,
        'SELECT status FROM orders WHERE id = $1',
        [a.body['id']],
      );
      expect(['confirmed', 'cancelled']).toContain(order?.status);
    }
  });

  test('ecom killed between placing orders and confirming them; up confirms them @recreate', async ({
    stack,
    stackControl,
    keycloak,
  }) => {
    test.setTimeout(360_000);
    await upServices(stackControl, { checkoutConfirmDelayMs: 5_000 });
    const ecom = stack.services?.ecom ?? '';
    const bookId = await freshBook(db, used);
    await leaveCopies(ecom, await keycloak.create(), bookId, db, 5);
    const tokens = await buyers(keycloak, ecom, bookId, 10);
    const burst = Promise.all(tokens.map((t) => call(ecom, 'POST', '/ecom/checkout', t)));
    // All five copies are placed and held, none confirmed: kill ecom now.
    await expect
      .poll(
        async () =>
          (
            await rows<{ n: number }>(
              db.ecom,
              "SELECT count(*)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'placed' AND i.book_id = $1",
              [bookId],
            )
          )[0]?.n,
        { timeout: 20_000, intervals: [100] },
      )
      .toBe(5);
    await kill9(stackControl, 'ecom');
    await burst;
    const holds = await rows<{ status: string; n: number }>(
      db.inventory,
      "SELECT r.status, count(*)::int AS n FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id WHERE l.book_id = $1 AND r.created_at > now() - interval '2 minutes' GROUP BY r.status",
      [bookId],
    );
    expect(holds).toContainEqual({ status: 'held', n: 5 });

    await upServices(stackControl); // default hold window, no delay
    await settled(db, SETTLE_MS);
    await checkInvariants(db);
    const confirmed = await rows<{ n: number }>(
      db.ecom,
      "SELECT count(*)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'confirmed' AND i.book_id = $1 AND i.quantity = 1",
      [bookId],
    );
    expect(confirmed[0]?.n).toBe(5);
  });

  test('holds expire while ecom is down: those orders end cancelled, never confirmed @recreate', async ({
    stack,
    stackControl,
    keycloak,
  }) => {
    test.setTimeout(360_000);
    const ecom = stack.services?.ecom ?? '';
    const bookId = await freshBook(db, used);
    // Under the default window: with a 3 s hold and a 5 s confirm delay this order's own hold
    // would expire too, and its 20 copies come back.
    await leaveCopies(ecom, await keycloak.create(), bookId, db, 5);
    await upServices(stackControl, {
      reservationHoldMs: 3_000,
      checkoutConfirmDelayMs: 5_000,
    });
    const tokens = await buyers(keycloak, ecom, bookId, 5);
    const burst = Promise.all(tokens.map((t) => call(ecom, 'POST', '/ecom/checkout', t)));
    await expect
      .poll(
        async () =>
          (
            await rows<{ n: number }>(
              db.ecom,
              "SELECT count(*)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'placed' AND i.book_id = $1",
              [bookId],
            )
          )[0]?.n,
        { timeout: 20_000, intervals: [100] },
      )
      .toBeGreaterThanOrEqual(1);
    await kill9(stackControl, 'ecom');
    await burst;
    // Inventory's sweep returns the copies once the 3 s window has passed.
    await expect
      .poll(
        async () =>
          (
            await rows<{ available: number }>(
              db.inventory,
              'SELECT available FROM stock WHERE book_id = $1',
              [bookId],
            )
          )[0]?.available,
        { timeout: 20_000, intervals: [250] },
      )
      .toBe(5);

    await upServices(stackControl, { reservationHoldMs: 3_000 });
    await settled(db, SETTLE_MS);
    await checkInvariants(db);
    const states = await rows<{ status: string; n: number }>(
      db.ecom,
      'SELECT o.status, count(*)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.book_id = $1 AND i.quantity = 1 GROUP BY o.status',
      [bookId],
    );
    expect(states.map((r) => r.status)).toEqual(['cancelled']);
  });
});
