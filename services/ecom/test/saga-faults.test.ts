/**
 * The checkout saga under kill -9: ecom and inventory run as their own processes (main.ts, as the
 * stack runs them) on the test PostgreSQL, Redis and token issuer; the test kills them with SIGKILL
 * at the worst moments, starts them again, lets ecom's reconciler settle every order and checks
 * the invariants from both databases:
 *   - for every book: its stock at the start = available + held + sold (copies of confirmed orders);
 *   - every confirmed order has a confirmed hold with the same lines, and nothing else is sold.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startDependencies, type TestDependencies } from '@bookstore/service-kit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let deps: TestDependencies;
const procs = new Map<'ecom' | 'inventory', ChildProcess>();
const ports = { ecom: 0, inventory: 0 };
const tally = { faults: 0, orders: 0, checkouts: 0 };

async function startProcess(
  name: 'ecom' | 'inventory',
  env: Record<string, string>,
): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, `services/${name}/src/main.ts`)],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  procs.set(name, child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${ports[name]}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} not ready within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function kill9(name: 'ecom' | 'inventory'): Promise<void> {
  const child = procs.get(name);
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  tally.faults += 1;
}

const startInventory = (holdMs = 900_000) =>
  startProcess('inventory', {
    PORT: String(ports.inventory),
    DATABASE_URL: deps.pg.url('inventory'),
    RESERVATION_HOLD_MS: String(holdMs),
    RESERVATION_SWEEP_MS: String(Math.min(30_000, Math.ceil(holdMs / 10))),
    ...deps.oidc,
  });
const startEcom = (confirmDelayMs = 0) =>
  startProcess('ecom', {
    PORT: String(ports.ecom),
    DATABASE_URL: deps.pg.url('ecom'),
    REDIS_URL: deps.redis.url,
    INVENTORY_URL: `http://127.0.0.1:${ports.inventory}`,
    INVENTORY_TIMEOUT_MS: '2000',
    STALE_CHECKOUT_MS: String(5_000 + confirmDelayMs),
    RECONCILE_INTERVAL_MS: '300',
    CHECKOUT_CONFIRM_DELAY_MS: String(confirmDelayMs),
    ...deps.oidc,
    ...deps.serviceClient,
  });

const call = client(() => `http://127.0.0.1:${ports.ecom}`);
/** A checkout whose connection the kill may cut (status 0 then). */
const checkout = (auth: string) =>
  call('POST', '/ecom/checkout', { auth }).catch(() => ({ status: 0, body: {} }));
const q = async <T>(db: 'ecom' | 'inventory', text: string, values: unknown[] = []) =>
  deps.pg.query<T & Record<string, unknown>>(db, text, values);

/** Stock per book at the start of a test (after its own set-up). */
let baseline = new Map<number, number>();

async function snapshotStock(): Promise<void> {
  const rows = await q<{ book_id: number; total: number }>(
    'inventory',
    'SELECT book_id, (available + reserved)::int AS total FROM stock',
  );
  baseline = new Map(rows.map((r) => [r.book_id, r.total]));
}

async function settled(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await q<{ n: number }>(
      'ecom',
      "SELECT count(*)::int AS n FROM orders WHERE status IN ('pending', 'placed', 'cancelling')",
    );
    if (row?.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${row?.n} orders still unsettled`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function checkInvariants(): Promise<void> {
  const stock = await q<{ book_id: number; available: number; reserved: number }>(
    'inventory',
    'SELECT book_id, available, reserved FROM stock',
  );
  const held = await q<{ book_id: number; q: number }>(
    'inventory',
    "SELECT l.book_id, sum(l.quantity)::int AS q FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id WHERE r.status = 'held' GROUP BY l.book_id",
  );
  const holds = await q<{ id: string; book_id: number; quantity: number }>(
    'inventory',
    "SELECT r.id, l.book_id, l.quantity FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id WHERE r.status = 'confirmed'",
  );
  const orders = await q<{ id: string; book_id: number; quantity: number }>(
    'ecom',
    "SELECT o.id, i.book_id, i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'confirmed'",
  );
  const key = (r: { id: string; book_id: number; quantity: number }) =>
    `${r.id}/${r.book_id}/${r.quantity}`;
  expect(orders.map(key).sort()).toEqual(holds.map(key).sort());
  for (const s of stock) {
    const sold = orders.filter((o) => o.book_id === s.book_id).reduce((n, o) => n + o.quantity, 0);
    const onHold = held.find((h) => h.book_id === s.book_id)?.q ?? 0;
    expect(
      { book: s.book_id, total: s.available + onHold + sold, reserved: s.reserved },
      `book ${s.book_id}`,
    ).toEqual({ book: s.book_id, total: baseline.get(s.book_id), reserved: onHold + sold });
  }
  const [count] = await q<{ n: number }>('ecom', 'SELECT count(*)::int AS n FROM orders');
  tally.orders += count?.n ?? 0;
}

/** `count` buyers with one copy of `bookId` each in the cart; their bearer headers. */
async function buyers(prefix: string, bookId: number, count: number): Promise<string[]> {
  const tokens = await Promise.all(
    Array.from({ length: count }, (_, i) => deps.issuer.bearer({ sub: `${prefix}-${i}` })),
  );
  for (const auth of tokens)
    expect((await call('POST', '/ecom/cart', { auth, body: { bookId, quantity: 1 } })).status).toBe(
      200,
    );
  return tokens;
}

async function placedCount(bookId: number): Promise<number> {
  const [row] = await q<{ n: number }>(
    'ecom',
    "SELECT count(*)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'placed' AND i.book_id = $1",
    [bookId],
  );
  return row?.n ?? 0;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  deps = await startDependencies();
  [ports.ecom, ports.inventory] = await Promise.all([freePort(), freePort()]);
  await startInventory();
  await startEcom();
});
afterAll(async () => {
  await Promise.all([kill9('ecom'), kill9('inventory')]);
  tally.faults -= 2; // the two above are clean-up, not faults
  console.log(
    `saga faults: ${tally.faults} kill -9 injected, ${tally.checkouts} checkouts, ${tally.orders} orders checked, stock conserved on every book`,
  );
  await deps?.stop();
});
beforeEach(async () => {
  await snapshotStock();
});
afterEach(async () => {
  // Every test leaves both services up with the default configuration.
  if (procs.get('inventory')?.exitCode !== null || procs.get('inventory')?.signalCode)
    await startInventory();
  if (procs.get('ecom')?.exitCode !== null || procs.get('ecom')?.signalCode) await startEcom();
});

// Real processes restarted several times on a shared 2-core machine: generous, still bounded.
describe('checkout saga under kill -9', { timeout: 180_000 }, () => {
  it('should sell at most the 5 copies when inventory is killed mid-burst of 30 checkouts', async () => {
    const bookId = 30;
    await q('inventory', 'UPDATE stock SET available = 5, reserved = 0 WHERE book_id = $1', [
      bookId,
    ]);
    await snapshotStock();
    const tokens = await buyers('burst', bookId, 30);
    const burst = Promise.all(tokens.map((auth) => checkout(auth)));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await kill9('inventory');
    const answers = await burst;
    tally.checkouts += answers.length;
    expect(answers.every((a) => [201, 409, 503].includes(a.status))).toBe(true); // ecom lives
    await startInventory();
    await settled();
    await checkInvariants();
    const [sold] = await q<{ n: number }>(
      'ecom',
      "SELECT count(*)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'confirmed' AND i.book_id = $1",
      [bookId],
    );
    expect(sold?.n).toBeLessThanOrEqual(5);
    // An order answered 201 is never lost: confirmed, or cancelled if its hold was gone.
    for (const a of answers.filter((x) => x.status === 201)) {
      const [order] = await q<{ status: string }>(
        'ecom',
        'SELECT status FROM orders WHERE id = $1',
        [(a.body as { id: string }).id],
      );
      expect(['confirmed', 'cancelled']).toContain(order?.status);
    }
  });

  it('should confirm placed orders after ecom is killed between placing and confirming', async () => {
    await kill9('ecom');
    tally.faults -= 1; // a restart with the confirm delay, not a fault
    await startEcom(4_000);
    const bookId = 31;
    await q('inventory', 'UPDATE stock SET available = 5, reserved = 0 WHERE book_id = $1', [
      bookId,
    ]);
    await snapshotStock();
    const tokens = await buyers('placed', bookId, 10);
    const burst = Promise.all(tokens.map((auth) => checkout(auth)));
    await until('5 placed orders', async () => (await placedCount(bookId)) === 5);
    await kill9('ecom');
    tally.checkouts += (await burst).length;
    const [held] = await q<{ n: number }>(
      'inventory',
      "SELECT count(*)::int AS n FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id WHERE r.status = 'held' AND l.book_id = $1",
      [bookId],
    );
    expect(held?.n).toBe(5);
    await startEcom(); // no delay: its reconciler confirms on start
    await settled();
    await checkInvariants();
    const [confirmed] = await q<{ n: number }>(
      'ecom',
      "SELECT count(*)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'confirmed' AND i.book_id = $1",
      [bookId],
    );
    expect(confirmed?.n).toBe(5);
  });

  it('should cancel, never confirm, placed orders whose 2 s holds expired while ecom was down', async () => {
    await Promise.all([kill9('ecom'), kill9('inventory')]);
    tally.faults -= 2; // restarts with a short hold and a confirm delay, not faults
    await startInventory(2_000);
    await startEcom(4_000);
    const bookId = 32;
    await q('inventory', 'UPDATE stock SET available = 5, reserved = 0 WHERE book_id = $1', [
      bookId,
    ]);
    await snapshotStock();
    const tokens = await buyers('expiry', bookId, 5);
    const burst = Promise.all(tokens.map((auth) => checkout(auth)));
    await until('5 placed orders', async () => (await placedCount(bookId)) === 5);
    await kill9('ecom');
    tally.checkouts += (await burst).length;
    await until('the holds to expire', async () => {
      const [row] = await q<{ available: number }>(
        'inventory',
        'SELECT available FROM stock WHERE book_id = $1',
        [bookId],
      );
      return row?.available === 5;
    });
    await startEcom();
    await settled();
    await checkInvariants();
    const states = await q<{ status: string; n: number }>(
      'ecom',
      'SELECT o.status, count(*)::int AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.book_id = $1 GROUP BY o.status',
      [bookId],
    );
    expect(states).toEqual([{ status: 'cancelled', n: 5 }]);
    await kill9('inventory');
    tally.faults -= 1; // back to the default hold window (afterEach restarts it)
  });
});
