/**
 * Services benchmark: starts inventory and ecom on loopback as their own processes (as the local
 * target runs them: `node services/<name>/dist/main.js`, built when the sources changed), with embedded PostgreSQL, a
 * real redis-server and a test JWKS, then drives warm-cache catalog reads at several concurrency
 * levels and cart writes over HTTP with undici (bounded counts) and prints p50/p99 latency and
 * throughput. The load generator has its own event loop: it never shares one with the servers.
 *
 *   npm run bench:services            # READS=20000 WRITES=2000 CONCURRENCY=1,8,32 by default
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDependencies } from '@bookstore/service-kit/testing';
import { SEED_BOOKS } from '@bookstore/service-kit';
import { Pool, request } from 'undici';
import { ensureServiceBuild, serviceEntry } from '../../fixtures/targets/local/service-build.js';

const READS = Number(process.env['READS'] ?? 20_000);
const WRITES = Number(process.env['WRITES'] ?? 2_000);
const LEVELS = (process.env['CONCURRENCY'] ?? '1,8,32').split(',').map(Number);
const WRITE_CONCURRENCY = LEVELS.at(-1) ?? 32;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** A service in its own process; resolves once /readyz answers 200 (20 s budget). */
async function startService(
  name: 'ecom' | 'inventory',
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  await ensureServiceBuild(name);
  const child = spawn(process.execPath, ['--enable-source-maps', serviceEntry(name)], {
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      const res = await request(`${url}/readyz`);
      await res.body.dump();
      if (res.statusCode === 200) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} was not ready at ${url}/readyz in 20000ms`);
    await sleep(100);
  }
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

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
  concurrency: number,
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
    Array.from({ length: concurrency }, async () => {
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
    result.name.padEnd(34),
    `n=${result.count}`,
    `errors=${result.errors}`,
    `p50=${percentile(result.latenciesMs, 50).toFixed(2)}ms`,
    `p99=${percentile(result.latenciesMs, 99).toFixed(2)}ms`,
    `throughput=${Math.round(result.count / result.seconds)}/s`,
  ];
  console.log(line.join('  '));
}

const deps = await startDependencies();
const { pg, redis, issuer } = deps;
const oidc = { ...deps.oidc, LOG_LEVEL: 'warn' as const };
const inventory = await startService('inventory', {
  DATABASE_URL: pg.url('inventory'),
  ...oidc,
});
const ecom = await startService('ecom', {
  DATABASE_URL: pg.url('ecom'),
  REDIS_URL: redis.url,
  INVENTORY_URL: inventory.url,
  CACHE_TTL_SEC: '600',
  ...oidc,
});
const pool = new Pool(ecom.url, { connections: Math.max(...LEVELS), pipelining: 1 });
try {
  console.log(
    `services bench: ${READS} reads per level, ${WRITES} writes, concurrency ${LEVELS.join('/')}, ` +
      `services in their own processes, node ${process.version}`,
  );
  const readPaths = [
    ...SEED_BOOKS.map((book) => `/ecom/books/${book.id}`),
    '/ecom/books?page=1&pageSize=20',
    '/ecom/books?page=2&pageSize=20&sort=price&order=desc',
    '/ecom/books/search?q=tolk',
    '/ecom/books/search?q=harry',
  ];
  const read = (i: number) => ({ method: 'GET' as const, path: readPaths[i % readPaths.length]! });
  // Warm the cache (and the JIT) first; these requests are not measured.
  await drive('warm-up', pool, 8, readPaths.length * 20, read);
  for (const level of LEVELS)
    report(await drive(`catalog reads (warm), c=${level}`, pool, level, READS, read));

  const users = await Promise.all(
    Array.from({ length: WRITE_CONCURRENCY }, (_, i) =>
      issuer.bearer({ sub: `bench-${i}`, expiresInSec: 3_600 }),
    ),
  );
  report(
    await drive(
      `cart writes (POST), c=${WRITE_CONCURRENCY}`,
      pool,
      WRITE_CONCURRENCY,
      WRITES,
      (i) => ({
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
      }),
    ),
  );
} finally {
  await pool.close();
  await stopService(ecom.child);
  await stopService(inventory.child);
  await deps.stop();
}
