/**
 * Services benchmark: starts inventory and ecom on loopback as their own processes (as the local
 * target runs them: `node services/<name>/dist/main.js`, built when the sources changed), with embedded PostgreSQL, a
 * real redis-server and a test JWKS, then drives warm-cache catalog reads at several concurrency
 * levels and cart writes over HTTP with undici (bounded counts) and prints p50/p99 latency and
 * throughput. The load generator has its own event loop: it never shares one with the servers.
 *
 *   npm run bench:services            # READS=20000 WRITES=2000 CONCURRENCY=1,8,32 by default
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startDependencies } from '@bookstore/service-kit/testing';
import { SEED_BOOKS } from '@bookstore/service-kit';
import { Pool, request } from 'undici';
import { ensureServiceBuild, serviceEntry } from '../../fixtures/targets/local/service-build.js';
import { cpuSeconds } from '../../fixtures/targets/local/supervisor.js';

const READS = Number(process.env['READS'] ?? 20_000);
const WRITES = Number(process.env['WRITES'] ?? 2_000);
const LEVELS = (process.env['CONCURRENCY'] ?? '1,8,32').split(',').map(Number);
const WRITE_CONCURRENCY = LEVELS.at(-1) ?? 32;
const PROFILE_DIR = process.env['CPU_PROFILE']
  ? path.resolve(process.env['CPU_PROFILE'])
  : undefined;

/** A service in its own process; resolves once /readyz answers 200 (20 s budget). */
async function startService(
  name: 'ecom' | 'inventory',
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  await ensureServiceBuild(name);
  // CPU_PROFILE=<dir>: ecom writes a V8 CPU profile there (summarised after the run).
  const profile =
    name === 'ecom' && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--enable-source-maps', serviceEntry(name)], {
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

/**
 * The database's own limit for a cart write: pgbench runs the transaction POST /ecom/cart runs
 * (claim the Idempotency-Key, upsert the line, read the cart back, store the response) on the
 * same PostgreSQL with the same number of clients, extended protocol like node-postgres.
 * Returns its tps, or undefined when pgbench is not installed.
 */
async function pgbenchCartWrites(
  databaseUrl: string,
  clients: number,
  transactions: number,
): Promise<number | undefined> {
  const version = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return undefined;
  const url = new URL(databaseUrl);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pgbench-'));
  const script = path.join(dir, 'cart-write.sql');
  // Users of their own (pgbench-N) so the HTTP run's carts are left alone.
  const cart = `FROM cart_items c JOIN books b ON b.id = c.book_id WHERE c.user_id = 'pgbench-' || :uid`;
  await writeFile(
    script,
    [
      `\\set uid random(0, ${clients - 1})`,
      `\\set book random(1, ${SEED_BOOKS.length})`,
      '\\set key random(1, 1000000000000)',
      'BEGIN;',
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response) VALUES ('pgbench-' || :uid, 'k' || :key, 'h', NULL, NULL) ON CONFLICT (user_id, key) DO NOTHING RETURNING key;`,
      `INSERT INTO cart_items (user_id, book_id, quantity) SELECT 'pgbench-' || :uid, id, 1 FROM books WHERE id = :book ON CONFLICT (user_id, book_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity, updated_at = now() WHERE cart_items.quantity + excluded.quantity <= 99 RETURNING quantity;`,
      `SELECT c.book_id, c.quantity, b.title, b.author, b.price_cents, b.cover_color ${cart} ORDER BY c.added_at, c.book_id;`,
      `UPDATE idempotency_keys SET status_code = 200, response = (SELECT coalesce(jsonb_agg(jsonb_build_object('bookId', c.book_id, 'quantity', c.quantity, 'title', b.title, 'author', b.author, 'priceCents', b.price_cents)), '[]') ${cart}) WHERE user_id = 'pgbench-' || :uid AND key = 'k' || :key;`,
      'END;',
      '',
    ].join('\n'),
  );
  try {
    const run = spawnSync(
      'pgbench',
      [
        '-n',
        '-M',
        'extended',
        '-f',
        script,
        '-c',
        String(clients),
        '-j',
        '2',
        '-t',
        String(Math.ceil(transactions / clients)),
        '-h',
        url.hostname,
        '-p',
        url.port,
        '-U',
        decodeURIComponent(url.username),
        url.pathname.slice(1),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
        timeout: 300_000,
      },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)?.[1];
    if (run.status !== 0 || !tps || !/number of failed transactions: 0 /.test(run.stdout))
      throw new Error(`pgbench failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    return Number(tps);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The functions with the most self time in the newest V8 CPU profile of `dir`. */
async function summariseProfile(dir: string, top = 15): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const newest = files.at(-1);
  if (!newest) return;
  const profile = JSON.parse(await readFile(path.join(dir, newest), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const where = frame.url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/.*\/services\//, '');
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`ecom CPU profile (${path.join(dir, newest)}), top ${top} by self time:`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
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
  ...deps.serviceClient,
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
  const cpuBefore = await cpuSeconds(ecom.child.pid);
  const writes = await drive(
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
  );
  report(writes);
  const cpu = ((await cpuSeconds(ecom.child.pid)) - cpuBefore) / writes.seconds;
  console.log(
    `  ecom's CPU during the writes: ${(cpu * 100).toFixed(0)}% of one core ` +
      `(${((cpu * writes.seconds * 1000) / writes.count).toFixed(2)} ms per write)`,
  );
  const tps = await pgbenchCartWrites(pg.url('ecom'), WRITE_CONCURRENCY, WRITES);
  if (tps === undefined)
    console.log('pgbench: not found (apt-get install postgresql-15; scripts/setup.sh does)');
  else {
    const rate = writes.count / writes.seconds;
    console.log(
      `pgbench, same transaction shape, c=${WRITE_CONCURRENCY}, ${WRITES} transactions: ${Math.round(tps)} tps`,
    );
    const ratio = rate / tps;
    console.log(
      `cart writes / pgbench: ${Math.round(rate)} / ${Math.round(tps)} = ${ratio.toFixed(2)}; goal ≥ 0.50 ${ratio >= 0.5 ? 'MET' : 'MISSED'}`,
    );
  }
} finally {
  await pool.close();
  await stopService(ecom.child);
  await stopService(inventory.child);
  await deps.stop();
}
if (PROFILE_DIR) await summariseProfile(PROFILE_DIR);
