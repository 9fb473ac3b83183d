/**
 * `npm run bench:gateway`: what the local gateway costs, next to a real proxy, in one run.
 *
 * Starts on loopback (ephemeral ports, everything stopped after): PostgreSQL, Redis and a test
 * issuer (the services' shared dependency starter), ecom in its own process, the local gateway in
 * its own process exactly as the local target starts it (routes from the HTTPRoute files), and
 * Debian's nginx (1 worker, keepalive upstream) as the reference. Then autocannon (pinned) drives
 * catalog page 1 (served from Redis) straight to ecom, through the gateway and through nginx, at
 * each concurrency level, and prints req/s and p99 with the ratios to straight.
 * Goals (issue 15): gateway ≥ 0.8 × straight in req/s, p99 ≤ 1.5 × straight.
 *
 * Each row also prints CPU time per request (from /proc): ecom's own on the straight row, the
 * proxy's on the others — a figure that a busy machine distorts far less than req/s.
 * Measurements are interleaved in rounds (direct, gateway, nginx, again…) and each figure is the
 * median over the rounds, so a load change on a shared machine hits all three alike.
 *
 * Env: BENCH_DURATION_SEC (default 5 per measurement), BENCH_ROUNDS (default 3),
 *      BENCH_CONNECTIONS (default 8,32),
 *      NGINX (default: nginx from PATH or /usr/sbin/nginx; `./scripts/setup.sh` installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDependencies, freePort } from '@bookstore/service-kit/testing';
import autocannon from 'autocannon';
import { request } from 'undici';
import { parseConfig, REPO_ROOT } from '../fixtures/core/config.js';
import { GATEWAY_MAIN } from '../fixtures/components/gateway/local.js';
import { backendPorts, ROUTE_FILES } from '../fixtures/targets/local/backends.js';
import { cpuSeconds } from '../fixtures/targets/local/supervisor.js';

const DURATION_SEC = Number(process.env.BENCH_DURATION_SEC ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LEVELS = (process.env.BENCH_CONNECTIONS ?? '8,32').split(',').map(Number);
const PATH = '/ecom/books?page=1&pageSize=20';
const GOAL = { throughput: 0.8, p99: 1.5 };

function findNginx(): string {
  const candidates = [
    process.env.NGINX,
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'nginx')),
    '/usr/sbin/nginx',
  ];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found)
    throw new Error(
      'bench:gateway needs nginx as the reference proxy and found none (NGINX, PATH, /usr/sbin). ' +
        'Install it with ./scripts/setup.sh (or: apt-get install -y nginx), then run again.',
    );
  return found;
}

/** Polls `url` until it answers 200 (the process must stay alive), within `budgetMs`. */
async function waitReady(
  name: string,
  child: ChildProcess,
  url: string,
  budgetMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before ${url} answered`,
      );
    try {
      const res = await request(url);
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${name}: ${url} did not answer 200 in ${budgetMs}ms`);
    await sleep(100);
  }
}

function start(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcess {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.once('error', (error) => console.error(`${name}: ${error.message}`));
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

function nginxConfig(dir: string, port: number, upstreamPort: number): string {
  const temp = (name: string): string => path.join(dir, name);
  return `worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  upstream ecom { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://ecom;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
}

interface Measurement {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  bad: number;
  /** CPU time (user + system) per request of the proxy process, in µs (0 for straight). */
  proxyCpuUs: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** One autocannon run; latencies come from its per-response event (µs resolution, not its ms histogram). */
async function measure(
  base: string,
  connections: number,
  durationSec: number,
  proxyPid?: number,
): Promise<Measurement> {
  const latencies: number[] = [];
  const cpuBefore = await cpuSeconds(proxyPid);
  const instance = autocannon({
    url: base + PATH,
    connections,
    pipelining: 1,
    duration: durationSec,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status === 200) latencies.push(ms);
  });
  const result = await instance;
  const cpu = (await cpuSeconds(proxyPid)) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    proxyCpuUs: (cpu / result.requests.total) * 1e6,
    rps: result.requests.total / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    bad: result.errors + result.timeouts + result.non2xx + result.resets,
  };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'bench-gateway-'));
const children: ChildProcess[] = [];
const deps = await startDependencies();
try {
  const nginx = findNginx();
  const [ecomPort, gatewayPort, metricsPort, nginxPort, deadPort] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const ecom = start('ecom', process.execPath, ['--import', 'tsx', 'services/ecom/src/main.ts'], {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(ecomPort),
    DATABASE_URL: deps.pg.url('ecom'),
    REDIS_URL: deps.redis.url,
    INVENTORY_URL: `http://127.0.0.1:${deadPort}`, // catalog reads never call inventory
    CACHE_TTL_SEC: '600',
    LOG_LEVEL: 'warn',
    ...deps.oidc,
    ...deps.serviceClient,
  });
  children.push(ecom);
  const ports = { ...parseConfig({}).ports, ecom: ecomPort! };
  const gateway = start('gateway', process.execPath, ['--import', 'tsx', GATEWAY_MAIN], {
    NODE_ENV: 'production',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_METRICS_PORT: String(metricsPort),
    GATEWAY_ROUTES: ROUTE_FILES.join(path.delimiter),
    GATEWAY_BACKENDS: JSON.stringify(Object.fromEntries(backendPorts(ports))),
  });
  children.push(gateway);
  const conf = path.join(work, 'nginx.conf');
  await mkdir(path.join(work, 'logs'));
  await writeFile(conf, nginxConfig(work, nginxPort!, ecomPort!));
  const proxy = start(nginx, nginx, ['-p', work, '-c', conf, '-g', 'daemon off;'], {});
  children.push(proxy);

  const direct = `http://127.0.0.1:${ecomPort}`;
  const targets = {
    direct,
    gateway: `http://127.0.0.1:${gatewayPort}`,
    nginx: `http://127.0.0.1:${nginxPort}`,
  };
  await waitReady('ecom', ecom, `${direct}/readyz`);
  await waitReady('gateway', gateway, `http://127.0.0.1:${metricsPort}/healthz`);
  await waitReady('nginx', proxy, targets.nginx + PATH);
  for (const base of Object.values(targets)) await waitReady('route', ecom, base + PATH);
  // Whose CPU each row reports: ecom's own for straight, the proxy's for the others.
  const nginxWorker = Number(
    (await readFile(`/proc/${proxy.pid}/task/${proxy.pid}/children`, 'utf8')).trim().split(' ')[0],
  );
  const cpuOf: Record<string, number | undefined> = {
    direct: ecom.pid,
    gateway: gateway.pid,
    nginx: nginxWorker || undefined,
  };

  console.log(
    `bench:gateway — GET ${PATH} (catalog page 1, from Redis), autocannon, median of ${ROUNDS} ` +
      `interleaved rounds of ${DURATION_SEC} s after a 2 s warm-up, node ${process.version}, ${os.cpus().length} cores, ` +
      `load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
  let bad = 0;
  for (const connections of LEVELS) {
    const rounds: Record<string, Measurement[]> = { direct: [], gateway: [], nginx: [] };
    // Interleaved rounds: a load change on the machine hits every path alike.
    for (let round = 0; round < ROUNDS; round++)
      for (const [name, base] of Object.entries(targets)) {
        if (round === 0) await measure(base, connections, 2); // warm-up: JIT, pools, cache
        const m = await measure(base, connections, DURATION_SEC, cpuOf[name]);
        rounds[name]!.push(m);
        bad += m.bad;
      }
    const median = (values: number[]): number =>
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      );
    const summary = (name: string) => ({
      rps: median(rounds[name]!.map((m) => m.rps)),
      p99Ms: median(rounds[name]!.map((m) => m.p99Ms)),
      p50Ms: median(rounds[name]!.map((m) => m.p50Ms)),
      cpuUs: median(rounds[name]!.map((m) => m.proxyCpuUs)),
    });
    const failed = (name: string): number => rounds[name]!.reduce((n, m) => n + m.bad, 0);
    const straight = summary('direct');
    for (const name of Object.keys(targets)) {
      const r = summary(name);
      const ratio = r.rps / straight.rps;
      const p99Ratio = r.p99Ms / straight.p99Ms;
      const verdict =
        name === 'gateway'
          ? ratio >= GOAL.throughput && p99Ratio <= GOAL.p99
            ? '  goal met'
            : `  goal missed (≥ ${GOAL.throughput}×, p99 ≤ ${GOAL.p99}×)`
          : '';
      console.log(
        [
          `c=${connections}`.padEnd(5),
          name.padEnd(8),
          `${Math.round(r.rps).toLocaleString('en-US').padStart(7)} req/s (${ratio.toFixed(2)}×)`,
          `p50 ${r.p50Ms.toFixed(2)} ms`,
          `p99 ${r.p99Ms.toFixed(2)} ms (${p99Ratio.toFixed(2)}×)`,
          `${name === 'direct' ? 'ecom' : 'proxy'} CPU ${Math.round(r.cpuUs)} µs/req`,
          `rounds ${rounds[name]!.map((m) => Math.round(m.rps)).join('/')}`,
          ...(failed(name) > 0 ? [`${failed(name)} failed/non-2xx`] : []),
        ].join('  ') + verdict,
      );
    }
  }
  if (bad > 0) {
    console.error(
      `bench:gateway: ${bad} requests failed or answered non-2xx; the numbers are not valid`,
    );
    process.exitCode = 1;
  }
} finally {
  for (const child of children.reverse()) await stop(child);
  await deps.stop();
  await rm(work, { recursive: true, force: true });
}
