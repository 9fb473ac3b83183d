/**
 * Services benchmark: starts inventory and ecom on loopback with embedded PostgreSQL, a real
 * redis-server and a test JWKS, then drives warm-cache catalog reads and cart writes over HTTP with
 * undici (bounded counts, fixed concurrency) and prints p50/p99 latency and throughput.
 *
 *   npm run bench:services            # READS=20000 WRITES=2000 CONCURRENCY=32 by default
 */
import { performance } from 'node:perf_hooks';
import { startPostgres, startRedis, startTestIssuer } from '@bookstore/service-kit/testing';
import { SEED_BOOKS } from '@bookstore/service-kit';
import { Pool } from 'undici';
import { startInventory } from '../inventory/src/app.js';
import { startEcom } from '../ecom/src/app.js';

const READS = Number(process.env['READS'] ?? 20_000);
const WRITES = Number(process.env['WRITES'] ?? 2_000);
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 32);

interface Result {
  name: string;
  count: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function drive(
  name: string,
  pool: Pool,
  count: number,
  request: (i: number) => {
    method: 'GET' | 'POST';
    path: string;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<Result> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const spec = request(i);
        const t0 = performance.now();
        const response = await pool.request({
          method: spec.method,
          path: spec.path,
          headers: spec.headers,
          body: spec.body,
        });
        await response.body.dump();
        latenciesMs.push(performance.now() - t0);
        if (response.statusCode >= 300) errors++;
      }
    }),
  );
  return {
    name,
    count,
    errors,
    seconds: (performance.now() - started) / 1000,
    latenciesMs: latenciesMs.sort((a, b) => a - b),
  };
}

function report(result: Result): void {
  const line = [
    result.name.padEnd(26),
    `n=${result.count}`,
    `errors=${result.errors}`,
    `p50=${percentile(result.latenciesMs, 50).toFixed(2)}ms`,
    `p99=${percentile(result.latenciesMs, 99).toFixed(2)}ms`,
    `throughput=${Math.round(result.count / result.seconds)}/s`,
  ];
  console.log(line.join('  '));
}

const [pg, redis, issuer] = await Promise.all([
  startPostgres(['ecom', 'inventory']),
  startRedis(),
  startTestIssuer(),
]);
const oidc = {
  OIDC_ISSUER: issuer.issuer,
  OIDC_JWKS_URL: issuer.jwksUrl,
  OIDC_AUDIENCE: issuer.audience,
  LOG_LEVEL: 'warn' as const,
};
const inventory = await startInventory({
  HOST: '127.0.0.1',
  PORT: 0,
  DATABASE_URL: pg.url('inventory'),
  RESERVATION_HOLD_MS: 900_000,
  RESERVATION_SWEEP_MS: 30_000,
  ...oidc,
});
const ecom = await startEcom({
  HOST: '127.0.0.1',
  PORT: 0,
  DATABASE_URL: pg.url('ecom'),
  REDIS_URL: redis.url,
  INVENTORY_URL: inventory.url,
  CACHE_TTL_SEC: 600,
  INVENTORY_TIMEOUT_MS: 3_000,
  STALE_CHECKOUT_MS: 60_000,
  ...oidc,
});
const pool = new Pool(ecom.url, { connections: CONCURRENCY, pipelining: 1 });
try {
  console.log(
    `services bench: ${READS} reads, ${WRITES} writes, concurrency ${CONCURRENCY}, node ${process.version}`,
  );
  const readPaths = [
    ...SEED_BOOKS.map((book) => `/ecom/books/${book.id}`),
    '/ecom/books?page=1&pageSize=20',
    '/ecom/books?page=2&pageSize=20&sort=price&order=desc',
    '/ecom/books/search?q=tolk',
    '/ecom/books/search?q=harry',
  ];
  // Warm the cache (and the JIT) first; these requests are not measured.
  await drive('warm-up', pool, readPaths.length * 3, (i) => ({
    method: 'GET',
    path: readPaths[i % readPaths.length]!,
  }));
  report(
    await drive('catalog reads (warm)', pool, READS, (i) => ({
      method: 'GET',
      path: readPaths[i % readPaths.length]!,
    })),
  );

  const users = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      issuer.bearer({ sub: `bench-${i}`, expiresInSec: 3_600 }),
    ),
  );
  report(
    await drive('cart writes (POST)', pool, WRITES, (i) => ({
      method: 'POST',
      path: '/ecom/cart',
      headers: {
        authorization: users[i % users.length]!,
        'content-type': 'application/json',
        'idempotency-key': `bench-${i}`,
      },
      // Each user's line grows by 1 at most 99 times: spread over books so no line hits the cap.
      body: JSON.stringify({
        bookId: 1 + (Math.floor(i / users.length) % SEED_BOOKS.length),
        quantity: 1,
      }),
    })),
  );
} finally {
  await pool.close();
  await ecom.close();
  await inventory.close();
  await Promise.all([pg.stop(), redis.stop(), issuer.stop()]);
}
