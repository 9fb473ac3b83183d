/**
 * `npm run bench:local [-- --only a,b,c] [--keep] [--keycloak-rounds N]`: the local target's
 * start-up times, and Keycloak's first boot and warm restart (before/after, alternating rounds).
 *
 * 1. cold `up` in a fresh DATA_DIR (artifacts already in the cache; the first `up` on a machine
 *    pays for downloads once, that is not measured here),
 * 2. warm no-op `up` (everything satisfied),
 * 3. each component's own start (apply + verify of its step, from the run record).
 * Goals: cold ≤ 1.3 × the slowest component's start; warm < 3 s.
 * Runs on a block of free ports, so it never collides with a running stack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../fixtures/core/config.js';
import type { StepRecord } from '../fixtures/core/record.js';
import { runDown, runUp } from '../fixtures/core/stack.js';
import { LOCAL_PORTS, type LocalPortName } from '../fixtures/core/topology.js';
import { target } from '../fixtures/targets/local/index.js';
import { portHolder } from '../fixtures/targets/local/supervisor.js';
import { keycloakRestarts } from './keycloak-restart.js';

const args = process.argv.slice(2);
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? (args[onlyArg + 1] ?? '').split(',').filter(Boolean) : undefined;
const keep = args.includes('--keep');
const roundsArg = args.indexOf('--keycloak-rounds');
const keycloakRounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 2;

async function freePorts(): Promise<Record<LocalPortName, number>> {
  const names = Object.keys(LOCAL_PORTS) as LocalPortName[];
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 41_000 + Math.floor(Math.random() * 150) * 100;
    const ports = names.map((_, i) => base + i);
    if ((await Promise.all(ports.map((p) => portHolder(p)))).every((h) => h === undefined))
      return Object.fromEntries(names.map((n, i) => [n, ports[i]])) as Record<
        LocalPortName,
        number
      >;
  }
  throw new Error('bench:local: no block of free ports found');
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
  console.log(`run records: ${cold.summary.recordFile ?? '-'} / ${warm.summary.recordFile ?? '-'}`);

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
