/**
 * `npm run bench:local [-- --only a,b,c] [--keep] [--no-clone] [--keycloak-rounds N]`: the local
 * target's start-up times, and Keycloak's first boot and warm restart (before/after, alternating).
 *
 * 1. cold `up` in a fresh DATA_DIR (artifacts already in the cache; the first `up` on a machine
 *    pays for downloads once, that is not measured here),
 * 2. warm no-op `up` (everything satisfied),
 * 3. each component's own start (apply + verify of its step, from the run record).
 * 4. what Flink, Superset and pgAdmin (each, and the three together) add to the cold `up`: the
 *    run's end minus the end of the last other step (they are leaves of the graph),
 * 5. memory of the whole stack: RSS of every supervised process and its descendants (ps).
 * 6. each service's start, side by side: `node dist/main.js` (what the target runs) against
 *    `node --import tsx src/main.ts` (what it ran before), extra instances on free ports against
 *    the same databases, alternating, median of 3,
 * 7. unless --no-clone: `./scripts/setup.sh && npx playwright test` in a fresh clone of HEAD with
 *    downloads cached (the clone shares this checkout's cache directory and npm's cache).
 * Goals: cold ≤ 1.3 × the slowest component's start; warm < 3 s.
 * Runs on a block of free ports, so it never collides with a running stack.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { parseConfig, REPO_ROOT, type StackConfig } from '../fixtures/core/config.js';
import type { StepRecord } from '../fixtures/core/record.js';
import { runDown, runUp } from '../fixtures/core/stack.js';
import { LOCAL_PORTS, type LocalPortName } from '../fixtures/core/topology.js';
import { target } from '../fixtures/targets/local/index.js';
import { supervisorFor } from '../fixtures/targets/local/layout.js';
import { run } from '../fixtures/core/exec.js';

/** Steps of the analytics and admin components: leaves of the graph, nothing else needs them. */
const FLINK = ['analytics-schema', 'flink', 'flink-jobs'];
const SUPERSET = ['superset-venv', 'superset'];
const PGADMIN = ['pgadmin-venv', 'pgadmin'];
const EXTRA_COMPONENTS: [string, Set<string>][] = [
  ['Flink', new Set(FLINK)],
  ['Superset', new Set(SUPERSET)],
  ['pgAdmin', new Set(PGADMIN)],
  ['all three', new Set([...FLINK, ...SUPERSET, ...PGADMIN])],
];

/** RSS (KiB) per supervised process, children included, from one `ps` listing. */
async function stackMemory(): Promise<{ name: string; rssKiB: number }[]> {
  const ps = await run('ps', ['-e', '-o', 'pid=,ppid=,rss=']);
  const rows = ps.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of rows) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const rss = new Map(rows.map(([pid, , kib]) => [pid, kib]));
  const sup = supervisorFor(config);
  const out: { name: string; rssKiB: number }[] = [];
  for (const name of await sup.names()) {
    const st = await sup.status(name);
    if (st.state !== 'running') continue;
    let total = 0;
    const todo = [st.record.pid];
    while (todo.length) {
      const pid = todo.pop() as number;
      total += rss.get(pid) ?? 0;
      todo.push(...(children.get(pid) ?? []));
    }
    out.push({ name, rssKiB: total });
  }
  return out.sort((a, b) => b.rssKiB - a.rssKiB);
}
import { serviceProcess } from '../fixtures/components/apps/local.js';
import {
  freePortBlock,
  httpProbe,
  portHolder,
  probeOnce,
  type ProcessSpec,
} from '../fixtures/targets/local/supervisor.js';
import { keycloakRestarts } from './keycloak-restart.js';

const args = process.argv.slice(2);
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? (args[onlyArg + 1] ?? '').split(',').filter(Boolean) : undefined;
const keep = args.includes('--keep');
const clone = !args.includes('--no-clone');

/** ms from spawn until `url` answers 200; the process is killed after. */
async function timeToReady(spec: ProcessSpec, url: string): Promise<number> {
  const started = performance.now();
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: 'ignore',
  });
  try {
    const probe = httpProbe(url);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${spec.name} exited with ${child.exitCode}`);
      if ((await probeOnce(probe)).ok) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error(`${url} not ready in 120 s`);
      await sleep(50);
    }
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Each service's start, compiled against tsx, on a spare port (same databases). */
async function serviceStarts(config: StackConfig): Promise<void> {
  console.log('\nservice start (spawn → /readyz 200), median of 3, alternating:');
  for (const name of ['inventory', 'ecom'] as const) {
    const times = { compiled: [] as number[], tsx: [] as number[] };
    for (let round = 0; round < 3; round++)
      for (const mode of round % 2
        ? (['tsx', 'compiled'] as const)
        : (['compiled', 'tsx'] as const)) {
        const [port] = Object.values(await freePorts());
        const spare = { ...config, ports: { ...config.ports, [name]: port } };
        const spec = await serviceProcess(spare, name, mode);
        times[mode].push(await timeToReady(spec, `http://127.0.0.1:${port}/readyz`));
      }
    const c = median(times.compiled);
    const t = median(times.tsx);
    console.log(
      `  ${name.padEnd(10)} compiled ${secs(c)}   tsx ${secs(t)}   compiled / tsx = ${(c / t).toFixed(2)}`,
    );
  }
}

/** `./scripts/setup.sh && npx playwright test` in a fresh clone of HEAD; prints the whole time. */
async function freshClone(cacheDir: string): Promise<void> {
  const dir = await mkdtemp(path.join('/tmp', 'bench-clone-'));
  await chmod(dir, 0o755);
  const repo = path.join(dir, 'repo');
  // The default ports when they are free (the realm's redirect URIs name the default gateway
  // port, so the sign-in specs pass only there), else a free block.
  const defaults = Object.values(LOCAL_PORTS);
  const ports = (await Promise.all(defaults.map((p) => portHolder(p)))).every(
    (h) => h === undefined,
  )
    ? { ...LOCAL_PORTS }
    : await freePorts();
  const env = {
    ...process.env,
    STACK_CACHE_DIR: cacheDir,
    STACK_BASE_URL: `http://localhost:${ports.gateway}`,
    STACK_TARGET: 'local',
  };
  console.log(
    `\nfresh clone of HEAD in ${repo} (gateway port ${ports.gateway}, cache ${cacheDir}):`,
  );
  try {
    await execa('git', ['clone', '-q', '--no-hardlinks', REPO_ROOT, repo]);
    await writeFile(path.join(repo, 'stack.config.json'), JSON.stringify({ ports }, null, 2));
    const t = Date.now();
    const run = await execa('bash', ['-c', './scripts/setup.sh && npx playwright test'], {
      cwd: repo,
      env,
      reject: false,
      all: true,
    });
    const ms = Date.now() - t;
    const summary = (run.all ?? '')
      .split('\n')
      .filter((l) => /passed|failed|flaky|Suite wall time/.test(l));
    console.log(summary.map((l) => `  ${l.trim()}`).join('\n'));
    console.log(
      `./scripts/setup.sh && npx playwright test (fresh clone, downloads cached): ${secs(ms)}, exit ${run.exitCode}`,
    );
  } finally {
    await execa('npm', ['run', 'fixtures:down'], { cwd: repo, env, reject: false });
    if (!keep) await rm(dir, { recursive: true, force: true });
    else console.log(`kept: ${dir}`);
  }
}
const roundsArg = args.indexOf('--keycloak-rounds');
const keycloakRounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 2;

function freePorts(): Promise<Record<LocalPortName, number>> {
  return freePortBlock(Object.keys(LOCAL_PORTS) as LocalPortName[], 41_000);
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const startMs = (s: StepRecord): number => (s.timings.apply ?? 0) + (s.timings.verify ?? 0);

// 0700 (mkdtemp): as root the PostgreSQL clusters live outside it, as for a clone under /root.
const dir = await mkdtemp(path.join('/tmp', 'bench-local-'));
const config = parseConfig({
  target: 'local',
  dataDir: path.join(dir, 'data'),
  reportsDir: path.join(dir, 'reports'),
  ports: await freePorts(),
});
const opts = only ? { only } : {};
console.log(`bench:local — DATA_DIR ${config.dataDir}, gateway port ${config.ports.gateway}`);
try {
  let t = Date.now();
  const cold = await runUp(config, target, opts);
  const coldMs = Date.now() - t;
  t = Date.now();
  const warm = await runUp(config, target, opts);
  const warmMs = Date.now() - t;

  const steps = cold.summary.steps.filter((s) => s.outcome === 'applied');
  const slowest = steps.reduce((a, b) => (startMs(b) > startMs(a) ? b : a));
  console.log('\ncomponent start (apply + verify), cold run:');
  for (const s of [...steps].sort((a, b) => startMs(b) - startMs(a)))
    console.log(
      `  ${s.id.padEnd(18)} ${secs(startMs(s)).padStart(8)}   (check ${s.timings.check ?? 0} ms, ` +
        `apply ${s.timings.apply ?? 0} ms, verify ${s.timings.verify ?? 0} ms)`,
    );
  const ratio = coldMs / startMs(slowest);
  const applied = warm.summary.steps.filter((s) => s.outcome === 'applied').map((s) => s.id);
  console.log(
    `\ncold up:        ${secs(coldMs)}  = ${ratio.toFixed(2)} × slowest (${slowest.id} ${secs(startMs(slowest))}); goal ≤ 1.30 ${ratio <= 1.3 ? 'MET' : 'MISSED'}`,
  );
  console.log(
    `warm no-op up:  ${secs(warmMs)}  (${applied.length === 0 ? 'nothing applied' : `applied: ${applied.join(', ')}`}); goal < 3.0 s ${warmMs < 3_000 ? 'MET' : 'MISSED'}`,
  );
  const end = (x: StepRecord): number => (x.startedAt ?? 0) + (x.durationMs ?? 0);
  const coldSteps = cold.summary.steps;
  // What each component adds to the cold up: the run's end minus the end of the last step of
  // everything else (a lower bound: without them the rest would also get their CPU).
  const lastAll = Math.max(...coldSteps.map(end));
  for (const [name, ids] of EXTRA_COMPONENTS) {
    const own = coldSteps.filter((x) => ids.has(x.id) && x.outcome === 'applied');
    if (own.length === 0) continue;
    const lastOther = Math.max(...coldSteps.filter((x) => !ids.has(x.id)).map(end));
    console.log(
      `${`${name}'s extra cold-up:`.padEnd(28)}${secs(Math.max(0, lastAll - lastOther))} (` +
        own.map((x) => `${x.id} ${secs(startMs(x))}`).join(', ') +
        ')',
    );
  }
  const mem = await stackMemory();
  const totalMiB = mem.reduce((a, m) => a + m.rssKiB, 0) / 1024;
  console.log(
    `\nmemory of the whole stack (RSS, ps, after the warm up): ${totalMiB.toFixed(0)} MiB`,
  );
  for (const m of mem)
    console.log(`  ${m.name.padEnd(18)} ${(m.rssKiB / 1024).toFixed(0).padStart(6)} MiB`);
  console.log(`run records: ${cold.summary.recordFile ?? '-'} / ${warm.summary.recordFile ?? '-'}`);
  if (!only || (only.includes('ecom') && only.includes('inventory'))) await serviceStarts(config);

  const keycloak = steps.find((s) => s.id === 'keycloak');
  if (keycloak) {
    console.log(
      `\nKeycloak first boot (schema + realm import): ${secs(startMs(keycloak))} to ready`,
    );
    console.log(`Keycloak warm restarts, before (kc.sh defaults, no cache) vs after (this step):`);
    await keycloakRestarts(config, keycloakRounds);
  }
} finally {
  if (!keep) {
    await runDown(config, target).catch((error: unknown) => console.error(String(error)));
    await rm(dir, { recursive: true, force: true });
  } else console.log(`kept: ${dir}`);
}
if (clone) await freshClone(config.cacheDir);
