import { randomUUID } from 'node:crypto';
import {
  createDb,
  migrateToLatest,
  RESERVATIONS_ROLE,
  SEED_BOOKS,
  SEED_STOCK_PER_BOOK,
} from '@bookstore/service-kit';
import {
  client,
  startPostgres,
  startTestIssuer,
  type Problem,
  type TestIssuer,
  type TestPostgres,
} from '@bookstore/service-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startInventory, type InventoryService } from '../src/app.js';
import { loadInventoryConfig } from '../src/config.js';
import { migrations } from '../src/schema.js';

let pg: TestPostgres;
let issuer: TestIssuer;
let inventory: InventoryService;
let base: string;

beforeAll(async () => {
  [pg, issuer] = await Promise.all([startPostgres(['inventory']), startTestIssuer()]);
  inventory = await startInventory({
    HOST: '127.0.0.1',
    PORT: 0,
    DATABASE_URL: pg.url('inventory'),
    OIDC_ISSUER: issuer.issuer,
    OIDC_JWKS_URL: issuer.jwksUrl,
    OIDC_AUDIENCE: issuer.audience,
    LOG_LEVEL: 'silent',
    RESERVATION_HOLD_MS: 60_000,
    RESERVATION_SWEEP_MS: 3_600_000,
  });
  base = inventory.url;
});

afterAll(async () => {
  await inventory?.close();
  await Promise.all([pg?.stop(), issuer?.stop()]);
});

beforeEach(async () => {
  await pg.query(
    'inventory',
    `DELETE FROM reservations; UPDATE stock SET available = ${SEED_STOCK_PER_BOOK}, reserved = 0`,
  );
});

const call = client(() => base);
/** A token of a service identity (ecom's service account holds this realm role). */
const service = (sub = 'ecom-service-account'): Promise<string> =>
  issuer.bearer({ sub, roles: ['default-roles-bookstore', RESERVATIONS_ROLE] });

const stockOf = async (bookId: number): Promise<{ available: number; reserved: number }> => {
  const [row] = await pg.query<{ available: number; reserved: number }>(
    'inventory',
    'SELECT available, reserved FROM stock WHERE book_id = $1',
    [bookId],
  );
  if (!row) throw new Error(`no stock row for ${bookId}`);
  return row;
};
const reservationCount = async (): Promise<number> =>
  Number(
    (await pg.query<{ n: string }>('inventory', 'SELECT count(*) AS n FROM reservations'))[0]?.n,
  );

describe('stock reads (public)', () => {
  it('should seed stock for every catalog book', async () => {
    const { status, body } = await call('GET', '/inven/stock');
    expect(status).toBe(200);
    const { items, missing } = body as {
      items: { bookId: number; available: number }[];
      missing: number[];
    };
    expect(items).toHaveLength(SEED_BOOKS.length);
    expect(items.map((item) => item.bookId)).toEqual(SEED_BOOKS.map((book) => book.id));
    expect(missing).toEqual([]);
  });

  it('should return one book and several by ids', async () => {
    expect(await call('GET', '/inven/stock/3')).toMatchObject({
      status: 200,
      body: { bookId: 3, available: SEED_STOCK_PER_BOOK, reserved: 0 },
    });
    const many = await call('GET', '/inven/stock?ids=1,2,99999');
    expect(many.status).toBe(200);
    expect(many.body).toMatchObject({ items: [{ bookId: 1 }, { bookId: 2 }], missing: [99999] });
  });

  it('should answer 404 problem+json for an unknown book and 400 for bad ids', async () => {
    const missing = await call('GET', '/inven/stock/99999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    for (const path of [
      '/inven/stock/abc',
      '/inven/stock/0',
      '/inven/stock/1e3',
      '/inven/stock/0x10',
      '/inven/stock?ids=1,x',
      '/inven/stock?ids=',
      '/inven/stock?bogus=1',
      // Ids beyond PostgreSQL's integer range and 0 are not book ids: 400, not a database error.
      '/inven/stock?ids=1,9999999999',
      '/inven/stock?ids=2147483648',
      '/inven/stock?ids=0',
    ]) {
      const bad = await call('GET', path);
      expect(bad.status, path).toBe(400);
      expect((bad.body as Problem).errors?.length, path).toBeGreaterThan(0);
    }
  });
});

describe('reservations', () => {
  it('should reserve all lines, replay idempotently, confirm, and never release a confirmed hold', async () => {
    const auth = await service();
    const reservationId = randomUUID();
    const body = {
      reservationId,
      lines: [
        { bookId: 2, quantity: 3 },
        { bookId: 1, quantity: 1 },
      ],
    };
    const first = await call('POST', '/inven/reservations', { body, auth });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      reservationId,
      status: 'held',
      lines: [
        { bookId: 1, quantity: 1 },
        { bookId: 2, quantity: 3 },
      ],
    });
    const replay = await call('POST', '/inven/reservations', { body, auth });
    expect(replay.status).toBe(200);
    expect(await stockOf(2)).toEqual({ available: SEED_STOCK_PER_BOOK - 3, reserved: 3 });

    const mismatch = await call('POST', '/inven/reservations', {
      body: { reservationId, lines: [{ bookId: 2, quantity: 4 }] },
      auth,
    });
    expect(mismatch.status).toBe(422);
    const otherService = await call('POST', '/inven/reservations', {
      body,
      auth: await service('another-service'),
    });
    expect(otherService.status).toBe(409);

    const confirmed = await call('POST', `/inven/reservations/${reservationId}/confirm`, { auth });
    expect(confirmed).toMatchObject({
      status: 200,
      body: { status: 'confirmed', expiresAt: null },
    });
    expect(
      (await call('GET', `/inven/reservations/${reservationId}`, { auth })).body,
    ).toMatchObject({ status: 'confirmed' });

    // Confirming again is a no-op; a confirmed hold is sold stock: release answers 409, nothing moves.
    expect(
      (await call('POST', `/inven/reservations/${reservationId}/confirm`, { auth })).status,
    ).toBe(200);
    const release = await call<Problem>('DELETE', `/inven/reservations/${reservationId}`, {
      auth,
    });
    expect(release.status).toBe(409);
    expect(release.body.type).toBe('/problems/reservation-confirmed');
    expect(await stockOf(2)).toEqual({ available: SEED_STOCK_PER_BOOK - 3, reserved: 3 });
  });

  it('should release a held reservation idempotently and refuse to confirm it afterwards', async () => {
    const auth = await service();
    const reservationId = randomUUID();
    await call('POST', '/inven/reservations', {
      body: { reservationId, lines: [{ bookId: 3, quantity: 2 }] },
      auth,
    });
    expect(await stockOf(3)).toEqual({ available: SEED_STOCK_PER_BOOK - 2, reserved: 2 });
    for (let i = 0; i < 2; i++)
      expect((await call('DELETE', `/inven/reservations/${reservationId}`, { auth })).status).toBe(
        204,
      );
    expect(await stockOf(3)).toEqual({ available: SEED_STOCK_PER_BOOK, reserved: 0 });
    const confirm = await call<Problem>('POST', `/inven/reservations/${reservationId}/confirm`, {
      auth,
    });
    expect(confirm.status).toBe(409);
    expect(confirm.body.type).toBe('/problems/reservation-released');
    expect(
      (await call('POST', `/inven/reservations/${randomUUID()}/confirm`, { auth })).status,
    ).toBe(404);
  });

  it('should leave a tombstone when an unknown id is released, so a late reservation takes nothing', async () => {
    const auth = await service();
    const reservationId = randomUUID();
    // The caller gave up waiting for its reservation and released it before it arrived.
    expect((await call('DELETE', `/inven/reservations/${reservationId}`, { auth })).status).toBe(
      204,
    );
    const late = await call<Problem>('POST', '/inven/reservations', {
      body: { reservationId, lines: [{ bookId: 6, quantity: 1 }] },
      auth,
    });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/reservation-released');
    expect(await stockOf(6)).toEqual({ available: SEED_STOCK_PER_BOOK, reserved: 0 });
  });

  it('should keep reservations to the service role: a customer token gets 403 on every endpoint, stock reads stay public', async () => {
    const owner = await service();
    const reservationId = randomUUID();
    await call('POST', '/inven/reservations', {
      body: { reservationId, lines: [{ bookId: 8, quantity: 1 }] },
      auth: owner,
    });
    const customer = await issuer.bearer({ sub: 'alice' });
    const endpoints: [string, string, unknown][] = [
      [
        'POST',
        '/inven/reservations',
        { reservationId: randomUUID(), lines: [{ bookId: 8, quantity: 1 }] },
      ],
      ['GET', `/inven/reservations/${reservationId}`, undefined],
      ['POST', `/inven/reservations/${reservationId}/confirm`, undefined],
      ['DELETE', `/inven/reservations/${reservationId}`, undefined],
    ];
    for (const [method, path, body] of endpoints) {
      const reply = await call<Problem>(method, path, { auth: customer, body });
      expect(reply.status, `${method} ${path}`).toBe(403);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body.type).toBe('/problems/forbidden');
    }
    expect(await stockOf(8)).toEqual({ available: SEED_STOCK_PER_BOOK - 1, reserved: 1 });
    expect(
      (await call('GET', `/inven/reservations/${reservationId}`, { auth: owner })).body,
    ).toMatchObject({ status: 'held' });
    expect((await call('GET', '/inven/stock/8')).status).toBe(200);
    expect((await call('GET', '/inven/stock?ids=8')).status).toBe(200);
  });

  it('should reserve nothing when one line is short and name the short books', async () => {
    const auth = await service();
    const result = await call('POST', '/inven/reservations', {
      body: {
        reservationId: randomUUID(),
        lines: [
          { bookId: 1, quantity: 2 },
          { bookId: 5, quantity: SEED_STOCK_PER_BOOK + 1 },
        ],
      },
      auth,
    });
    expect(result.status).toBe(409);
    expect((result.body as Problem).shortages).toEqual([
      { bookId: 5, requested: SEED_STOCK_PER_BOOK + 1, available: SEED_STOCK_PER_BOOK },
    ]);
    expect(await stockOf(1)).toEqual({ available: SEED_STOCK_PER_BOOK, reserved: 0 });
    expect(await reservationCount()).toBe(0);
  });

  it('should never oversell: 50 concurrent reservations of 1 at a stock of 10', async () => {
    await pg.query('inventory', 'UPDATE stock SET available = 10 WHERE book_id = 7');
    const auth = await service();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        call('POST', '/inven/reservations', {
          body: { reservationId: randomUUID(), lines: [{ bookId: 7, quantity: 1 }] },
          auth,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    expect(await stockOf(7)).toEqual({ available: 0, reserved: 10 });
    expect(await reservationCount()).toBe(10);
  });

  it('should release expired holds on sweep and keep confirmed ones', async () => {
    const auth = await service();
    const held = randomUUID();
    const kept = randomUUID();
    await call('POST', '/inven/reservations', {
      body: { reservationId: held, lines: [{ bookId: 4, quantity: 2 }] },
      auth,
    });
    await call('POST', '/inven/reservations', {
      body: { reservationId: kept, lines: [{ bookId: 4, quantity: 1 }] },
      auth,
    });
    await call('POST', `/inven/reservations/${kept}/confirm`, { auth });
    await pg.query(
      'inventory',
      "UPDATE reservations SET expires_at = now() - interval '1 second' WHERE status = 'held'",
    );
    expect(await inventory.sweep()).toBe(1);
    expect(await stockOf(4)).toEqual({ available: SEED_STOCK_PER_BOOK - 1, reserved: 1 });
    expect((await call('GET', `/inven/reservations/${held}`, { auth })).body).toMatchObject({
      status: 'released',
    });
  });

  it('should refuse bad bodies with 400 listing each field, and write nothing', async () => {
    const auth = await service();
    const cases: unknown[] = [
      {},
      { reservationId: 'not-a-uuid', lines: [{ bookId: 1, quantity: 1 }] },
      { reservationId: randomUUID(), lines: [] },
      { reservationId: randomUUID(), lines: [{ bookId: 1, quantity: 0 }] },
      { reservationId: randomUUID(), lines: [{ bookId: 1, quantity: 100 }] },
      {
        reservationId: randomUUID(),
        lines: [
          { bookId: 1, quantity: 1 },
          { bookId: 1, quantity: 2 },
        ],
      },
      { reservationId: randomUUID(), lines: [{ bookId: 'one', quantity: 1 }], extra: true },
    ];
    for (const body of cases) {
      const result = await call('POST', '/inven/reservations', { body, auth });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      const problem = result.body as Problem;
      expect(problem).toMatchObject({
        status: 400,
        type: '/problems/validation',
        instance: '/inven/reservations',
      });
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
    const twoFields = (
      await call('POST', '/inven/reservations', {
        body: { reservationId: 'x', lines: [{ bookId: 0, quantity: 0 }] },
        auth,
      })
    ).body as Problem;
    expect(twoFields.errors?.map((e) => e.field).sort()).toEqual([
      'lines.0.bookId',
      'lines.0.quantity',
      'reservationId',
    ]);
    const unknownBook = await call('POST', '/inven/reservations', {
      body: { reservationId: randomUUID(), lines: [{ bookId: 99999, quantity: 1 }] },
      auth,
    });
    expect(unknownBook.status).toBe(404);
    const big = await call('POST', '/inven/reservations', {
      body: JSON.stringify({ reservationId: randomUUID(), pad: 'x'.repeat(70_000) }),
      auth,
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
    expect(await reservationCount()).toBe(0);
  });

  it('should take its JWT clock tolerance from JWT_CLOCK_TOLERANCE_SEC (default 30 s)', async () => {
    // Expired 5 s ago: inside the default 30 s of skew, outside a configured 1 s.
    const auth = await issuer.bearer({ expiresInSec: -5 });
    const strict = await startInventory({
      ...loadInventoryConfig({
        DATABASE_URL: pg.url('inventory'),
        OIDC_ISSUER: issuer.issuer,
        OIDC_JWKS_URL: issuer.jwksUrl,
        OIDC_AUDIENCE: issuer.audience,
        JWT_CLOCK_TOLERANCE_SEC: '1',
      }),
      HOST: '127.0.0.1',
      PORT: 0,
      LOG_LEVEL: 'silent',
      RESERVATION_HOLD_MS: 60_000,
      RESERVATION_SWEEP_MS: 3_600_000,
    });
    try {
      const path = '/inven/reservations/00000000-0000-4000-8000-000000000000';
      const lenient = await call('GET', path, { auth });
      expect(lenient.status, 'default tolerance').toBe(404);
      const refused = await client(() => strict.url)('GET', path, { auth });
      expect(refused.status, 'JWT_CLOCK_TOLERANCE_SEC=1').toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/exp' claim timestamp check failed/);
    } finally {
      await strict.close();
    }
  });

  it('should refuse missing and invalid tokens with 401 and WWW-Authenticate, and write nothing', async () => {
    const body = { reservationId: randomUUID(), lines: [{ bookId: 1, quantity: 1 }] };
    const tokens: (string | undefined)[] = [
      undefined,
      'Basic abc',
      await issuer.bearer({ expiresInSec: -120 }),
      await issuer.bearer({ issuer: 'http://evil.example/realms/bookstore' }),
      await issuer.bearer({ audience: 'account' }),
      await issuer.bearer({ foreignKey: true }),
      await issuer.bearer({ notBeforeSec: 600 }),
      `Bearer ${issuer.unsignedToken()}`,
    ];
    for (const auth of tokens) {
      const result = await call('POST', '/inven/reservations', { body, auth });
      expect(result.status, auth ?? '(none)').toBe(401);
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await reservationCount()).toBe(0);
  });

  it('should authenticate before validating: no token and a bad body or id get 401, naming no field', async () => {
    const bad = { reservationId: 'x', lines: [{ bookId: 0, quantity: 500 }], extra: 1 };
    const requests: [string, string, unknown][] = [
      ['POST', '/inven/reservations', bad],
      ['POST', '/inven/reservations', '{not json'],
      ['GET', '/inven/reservations/not-a-uuid', undefined],
      ['POST', '/inven/reservations/not-a-uuid/confirm', bad],
      ['DELETE', '/inven/reservations/not-a-uuid', undefined],
    ];
    for (const [method, path, body] of requests) {
      const reply = await call<Problem>(method, path, { body });
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.body.type).toBe('/problems/unauthorized');
      expect(reply.body.errors).toBeUndefined();
      expect(JSON.stringify(reply.body)).not.toMatch(
        /reservationId|lines|quantity|bookId|validation/,
      );
    }
    // With a customer token: 403, still before the body is looked at.
    const customer = await call<Problem>('POST', '/inven/reservations', {
      body: bad,
      auth: await issuer.bearer(),
    });
    expect(customer.status).toBe(403);
    expect(JSON.stringify(customer.body)).not.toMatch(/reservationId|lines|quantity/);
  });
});

describe('URLs that are not UTF-8', () => {
  it('should answer 400 problem+json for invalid UTF-8 in a query or path', async () => {
    const urls = [
      '/inven/stock?ids=%FF%FE',
      '/inven/stock?%FF=1',
      '/inven/stock/%C3%28',
      '/inven/stock?ids=1%E0%A4%A',
      `/inven/reservations/%FF%FE`,
    ];
    for (const url of urls) {
      const reply = await call<Problem>('GET', url, { auth: await service() });
      expect(reply.status, url).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body.detail).toMatch(
        /not valid percent-encoded UTF-8|not a valid url component/,
      );
    }
    expect((await call('GET', '/inven/stock?ids=1%2C2')).status).toBe(200);
  });
});

describe('service endpoints', () => {
  it('should answer healthz, readyz, metrics, openapi and 404 problems', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { ready: true, checks: { database: { status: 'ok' } } },
    });
    const metrics = await fetch(`${base}/metrics`);
    const text = await metrics.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/inven\/stock\/:bookId"/);
    for (const path of ['/openapi.json', '/inven/openapi.json']) {
      const doc = (await call('GET', path)).body as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/inven/stock/{bookId}',
          '/inven/reservations',
          '/inven/reservations/{id}',
        ]),
      );
    }
    const unknown = await call('GET', '/inven/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('migrations', () => {
  it('should apply once when two migrators start at once (advisory lock)', async () => {
    await pg.createDatabase('inventory_race');
    const dbs = [0, 1].map(() =>
      createDb<unknown>(pg.url('inventory_race'), { applicationName: 'race', max: 2 }),
    );
    try {
      const results = await Promise.all(dbs.map((db) => migrateToLatest(db, migrations, 'race')));
      const applied = results.map((r) => r.filter((m) => m.status === 'Success').length).sort();
      // One migrator applied everything; the other waited on the lock and found nothing to do.
      expect(applied).toEqual([0, Object.keys(migrations).length]);
      const [{ n } = { n: 0 }] = await pg.query<{ n: number }>(
        'inventory_race',
        'SELECT count(*)::int AS n FROM stock',
      );
      expect(n).toBe(SEED_BOOKS.length);
    } finally {
      await Promise.all(dbs.map((db) => db.destroy()));
    }
  });
});
