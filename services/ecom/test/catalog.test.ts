import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { SEED_BOOKS } from '@bookstore/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startStack, type Problem, type Stack } from './support.js';

interface Book {
  id: number;
  isbn: string;
  title: string;
  author: string;
  priceCents: number;
  price: number;
  year: number;
  coverUrl: string;
}
interface Page {
  items: Book[];
  total: number;
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
}

let stack: Stack;
const call = client(() => stack.ecom.url);

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const cacheLookups = async (result: 'hit' | 'miss' | 'error'): Promise<number> => {
  const text = await (await fetch(`${stack.ecom.url}/metrics`)).text();
  const match = new RegExp(
    `ecom_catalog_cache_lookups_total\\{result="${result}"[^}]*\\} (\\d+)`,
  ).exec(text);
  return Number(match?.[1] ?? 0);
};

describe('catalog', () => {
  it('should list the seeded catalog with a total, paged both ways', async () => {
    const first = await call<Page>('GET', '/ecom/books?page=2&pageSize=10&sort=title');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(SEED_BOOKS.length);
    expect(first.body).toMatchObject({ page: 2, pageSize: 10, limit: 10, offset: 10 });
    expect(first.body.items).toHaveLength(10);
    const same = await call<Page>('GET', '/ecom/books?limit=10&offset=10');
    expect(same.body.items.map((b) => b.id)).toEqual(first.body.items.map((b) => b.id));
    const all = await call<Page>('GET', '/ecom/books?limit=100');
    const titles = all.body.items.map((b) => b.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en')));
    expect(all.body.items).toHaveLength(SEED_BOOKS.length);
  });

  it('should sort by price, year and author in both directions', async () => {
    const byPrice = (
      await call<Page>('GET', '/ecom/books?sort=price&order=desc&limit=100')
    ).body.items.map((b) => b.priceCents);
    expect(byPrice).toEqual([...byPrice].sort((a, b) => b - a));
    const byYear = (
      await call<Page>('GET', '/ecom/books?sort=year&order=asc&limit=100')
    ).body.items.map((b) => b.year);
    expect(byYear).toEqual([...byYear].sort((a, b) => a - b));
    const byAuthor = (await call<Page>('GET', '/ecom/books?sort=author&order=desc&limit=5')).body
      .items;
    expect(byAuthor).toHaveLength(5);
  });

  it('should return one book with a locally served cover', async () => {
    const seed = SEED_BOOKS[5]!;
    const book = await call<Book>('GET', `/ecom/books/${seed.id}`);
    expect(book.status).toBe(200);
    expect(book.body).toMatchObject({
      id: seed.id,
      isbn: seed.isbn,
      title: seed.title,
      priceCents: seed.priceCents,
      price: seed.priceCents / 100,
    });
    const cover = await call<string>('GET', book.body.coverUrl);
    expect(cover.status).toBe(200);
    expect(cover.headers.get('content-type')).toContain('image/svg+xml');
    expect(cover.body).toContain('<svg');
  });

  it('should search title and author case-insensitively, by word prefix, ranked', async () => {
    const tolkien = await call<{ items: Book[]; total: number }>(
      'GET',
      '/ecom/books/search?q=TOLK',
    );
    expect(tolkien.status).toBe(200);
    expect(tolkien.body.items.map((b) => b.title).sort()).toEqual([
      'The Hobbit',
      'The Lord of the Rings',
    ]);
    const potter = await call<{ items: (Book & { rank: number })[]; total: number }>(
      'GET',
      '/ecom/books/search?q=harry%20pot',
    );
    expect(potter.body.total).toBe(3);
    const ranks = potter.body.items.map((b) => b.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // A title hit (weight A) outranks an author-only hit (weight B).
    const orwell = await call<{ items: Book[] }>('GET', '/ecom/books/search?q=orwell');
    expect(orwell.body.items.map((b) => b.author)).toEqual(['George Orwell', 'George Orwell']);
    const nothing = await call<{ items: Book[]; total: number }>(
      'GET',
      '/ecom/books/search?q=zzzzqqq',
    );
    expect(nothing.body).toMatchObject({ items: [], total: 0 });
    const symbols = await call<{ items: Book[] }>(
      'GET',
      `/ecom/books/search?q=${encodeURIComponent("&|!:*()'")}`,
    );
    expect(symbols).toMatchObject({ status: 200, body: { items: [] } });
    // Two texts with the same search terms share a cache entry, but each answer echoes its own text.
    const first = await call<{ query: string; total: number }>(
      'GET',
      '/ecom/books/search?q=orwell!',
    );
    const second = await call<{ query: string; total: number }>(
      'GET',
      '/ecom/books/search?q=ORWELL',
    );
    expect(first.body).toMatchObject({ query: 'orwell!', total: 2 });
    expect(second.body).toMatchObject({ query: 'ORWELL', total: 2 });
  });

  it('should refuse bad queries and ids with 400 problem+json listing each field', async () => {
    const cases = [
      '/ecom/books?page=0',
      '/ecom/books?pageSize=101',
      '/ecom/books?sort=isbn',
      '/ecom/books?order=up',
      '/ecom/books?page=1&offset=5',
      '/ecom/books?bogus=1',
      '/ecom/books/search',
      '/ecom/books/search?q=%20%20',
      '/ecom/books/abc',
      '/ecom/books/-1',
      '/ecom/books/1.5',
      // Numeric spellings other than plain decimal digits are not ids either.
      '/ecom/books/1e3',
      '/ecom/books/0x10',
      '/ecom/books/1.0',
      '/ecom/books/%201',
    ];
    for (const path of cases) {
      const reply = await call<Problem>('GET', path);
      expect(reply.status, path).toBe(400);
      expect(reply.headers.get('content-type'), path).toContain('application/problem+json');
      expect(reply.body, path).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(reply.body.title.length, path).toBeGreaterThan(0);
      expect(reply.body.detail.length, path).toBeGreaterThan(0);
      expect(reply.body.errors?.length, path).toBeGreaterThan(0);
      expect(reply.body.instance, path).toBe(path);
    }
    // Errors the router raises before any route runs are problem+json too.
    for (const [path, status] of [
      ['/ecom/books/%E0%A4%A', 400],
      [`/ecom/books/${'1'.repeat(150)}`, 414],
    ] as const) {
      const reply = await call<Problem>('GET', path);
      expect(reply.status, path).toBe(status);
      expect(reply.headers.get('content-type'), path).toContain('application/problem+json');
      expect(reply.body, path).toMatchObject({ status, instance: path });
      expect(reply.body.detail.length, path).toBeGreaterThan(0);
    }
    const twoBad = await call<Problem>('GET', '/ecom/books?pageSize=0&sort=nope');
    expect(twoBad.body.errors?.map((e) => e.field).sort()).toEqual(['pageSize', 'sort']);
  });

  it('should answer 404 problem+json for an unknown book and an unknown route', async () => {
    const book = await call<Problem>('GET', '/ecom/books/99999');
    expect(book.status).toBe(404);
    expect(book.headers.get('content-type')).toContain('application/problem+json');
    const route = await call<Problem>('GET', '/ecom/nowhere');
    expect(route.status).toBe(404);
    expect(route.body).toMatchObject({ status: 404, instance: '/ecom/nowhere' });
  });

  it('should serve repeated reads from Redis', async () => {
    const hitsBefore = await cacheLookups('hit');
    await call('GET', '/ecom/books/11');
    await call('GET', '/ecom/books/11');
    await call('GET', '/ecom/books?page=3&pageSize=7');
    await call('GET', '/ecom/books?page=3&pageSize=7');
    expect(await cacheLookups('hit')).toBeGreaterThanOrEqual(hitsBefore + 2);
    const keys = await stack.ecom.cache.redis.keys('ecom:catalog:*');
    expect(keys.length).toBeGreaterThan(0);
  });
});

describe('URLs that are not UTF-8', () => {
  it('should answer 400 problem+json for invalid UTF-8 in a query or path parameter', async () => {
    const urls = [
      '/ecom/books/search?q=%FF%FE',
      '/ecom/books/search?q=tolk%C3',
      '/ecom/books/search?q=ok&%FF=1',
      '/ecom/books?page=%FF',
      '/ecom/books/%FF%FE',
      '/ecom/books/1/cover.svg?x=%ED%A0%80',
    ];
    for (const url of urls) {
      const reply = await call<Problem>('GET', url);
      expect(reply.status, url).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body.detail, url).toMatch(
        /not valid percent-encoded UTF-8|not a valid url component/,
      );
    }
    // Valid multi-byte UTF-8 and `+` for a space still search.
    expect((await call('GET', '/ecom/books/search?q=%C3%A9t%C3%A9')).status).toBe(200);
    expect((await call('GET', '/ecom/books/search?q=lord+of')).status).toBe(200);
  });
});

describe('admin book changes', () => {
  it('should let an admin change a price and invalidate cached reads', async () => {
    await call('GET', '/ecom/books/12');
    await call('GET', '/ecom/books?sort=price&limit=100');
    const admin = await stack.issuer.bearer({ sub: 'root', roles: ['admin'] });
    const put = await call<Book>('PUT', '/ecom/books/12', { auth: admin, body: { priceCents: 1 } });
    expect(put).toMatchObject({ status: 200, body: { id: 12, priceCents: 1, price: 0.01 } });
    expect((await call<Book>('GET', '/ecom/books/12')).body.priceCents).toBe(1);
    const cheapest = (await call<Page>('GET', '/ecom/books?sort=price&limit=100')).body.items[0];
    expect(cheapest).toMatchObject({ id: 12, priceCents: 1 });
  });

  it('should refuse customers (403), missing tokens (401) and bad bodies (400), changing nothing', async () => {
    const before = (
      await stack.pg.query<{ price_cents: number; title: string }>(
        'ecom',
        'SELECT price_cents, title FROM books WHERE id = 13',
      )
    )[0];
    const customer = await stack.issuer.bearer({ roles: ['customer'] });
    expect(
      (await call('PUT', '/ecom/books/13', { auth: customer, body: { priceCents: 5 } })).status,
    ).toBe(403);
    const anonymous = await call('PUT', '/ecom/books/13', { body: { priceCents: 5 } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const admin = await stack.issuer.bearer({ roles: ['admin'] });
    for (const body of [
      {},
      { priceCents: -1 },
      { title: '' },
      { coverColor: 'red' },
      { priceCents: 1.5 },
      { isbn: '9780000000000' },
      // PostgreSQL text cannot hold NUL: refused as input, not a 500 from the database.
      { title: 'a\u0000b' },
      { author: '\u0000' },
      { description: 'x\u0000y' },
    ]) {
      expect(
        (await call('PUT', '/ecom/books/13', { auth: admin, body })).status,
        JSON.stringify(body),
      ).toBe(400);
    }
    expect(
      (await call('PUT', '/ecom/books/99999', { auth: admin, body: { priceCents: 5 } })).status,
    ).toBe(404);
    const after = (
      await stack.pg.query('ecom', 'SELECT price_cents, title FROM books WHERE id = 13')
    )[0];
    expect(after).toEqual(before);
  });
});

describe('service endpoints', () => {
  it('should expose healthz, readyz, metrics and the OpenAPI document', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call('GET', '/readyz')).toMatchObject({
      status: 200,
      body: {
        ready: true,
        status: 'ok',
        checks: { database: { status: 'ok' }, redis: { status: 'ok' } },
      },
    });
    const metrics = await (await fetch(`${stack.ecom.url}/metrics`)).text();
    expect(metrics).toContain('nodejs_heap_size_used_bytes');
    expect(metrics).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*method="GET"[^}]*route="\/ecom\/books\/:id"[^}]*status_code="200"/,
    );
    for (const path of ['/openapi.json', '/ecom/openapi.json']) {
      const doc = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
        'GET',
        path,
      );
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/ecom/books',
          '/ecom/books/search',
          '/ecom/books/{id}',
          '/ecom/cart',
          '/ecom/cart/{bookId}',
          '/ecom/checkout',
          '/ecom/orders',
          '/ecom/orders/{id}',
        ]),
      );
      expect(JSON.stringify(doc.body.paths['/ecom/books']?.['get'])).toContain('pageSize');
    }
  });
});

describe('Redis outage', () => {
  it('should invalidate once Redis is back when a change was made while it was unreachable', async () => {
    // A second replica reaches Redis through a proxy that can cut it off (a network partition:
    // Redis keeps its data, so the first replica's cached copy survives the outage).
    const proxy = await redisProxy(stack.redis.port);
    try {
      const other = await stack.extraEcom({ REDIS_URL: proxy.url });
      const callOther = client(() => other.url);
      const readiness = async (): Promise<string> =>
        (await callOther<{ status: string }>('GET', '/readyz')).body.status;
      await expect.poll(readiness, { timeout: 10_000, interval: 100 }).toBe('ok');
      const before = (await call<Book>('GET', '/ecom/books/24')).body.year;
      await call('GET', '/ecom/books/24'); // cached now
      proxy.partition();
      await expect.poll(readiness, { timeout: 10_000, interval: 100 }).toBe('degraded');
      const admin = await stack.issuer.bearer({ roles: ['admin'] });
      const put = await callOther('PUT', '/ecom/books/24', {
        auth: admin,
        body: { year: before + 1 },
      });
      expect(put.status).toBe(200);
      proxy.heal();
      await expect
        .poll(async () => (await call<Book>('GET', '/ecom/books/24')).body.year, {
          timeout: 10_000,
          interval: 200,
        })
        .toBe(before + 1);
    } finally {
      await proxy.close();
    }
  });

  it('should keep serving the catalog from PostgreSQL and report degraded readiness', async () => {
    await stack.redis.kill();
    const started = Date.now();
    const list = await call<Page>('GET', '/ecom/books?page=4&pageSize=9');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(9);
    expect((await call('GET', '/ecom/books/21')).status).toBe(200);
    expect((await call('GET', '/ecom/books/search?q=king')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    const ready = await call<{
      status: string;
      checks: { redis: { status: string; detail: string } };
    }>('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.checks.redis.status).toBe('down');
    expect(ready.body.checks.redis.detail).toContain('PostgreSQL');
    // An admin change still works (the cache is told once Redis is back).
    const admin = await stack.issuer.bearer({ roles: ['admin'] });
    expect(
      (await call('PUT', '/ecom/books/22', { auth: admin, body: { year: 1999 } })).status,
    ).toBe(200);

    await stack.redis.restart();
    await expect
      .poll(async () => (await call<{ status: string }>('GET', '/readyz')).body.status, {
        timeout: 10_000,
        interval: 200,
      })
      .toBe('ok');
    const hits = await cacheLookups('hit');
    await call('GET', '/ecom/books/23');
    await call('GET', '/ecom/books/23');
    expect(await cacheLookups('hit')).toBe(hits + 1);
  });
});

/** A TCP proxy to Redis that can drop every connection and refuse new ones until healed. */
async function redisProxy(port: number): Promise<{
  url: string;
  partition: () => void;
  heal: () => void;
  close: () => Promise<void>;
}> {
  let cut = false;
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    if (cut) {
      inbound.destroy();
      return;
    }
    const outbound = connect(port, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    partition: () => {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    heal: () => {
      cut = false;
    },
    close: async () => {
      cut = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
