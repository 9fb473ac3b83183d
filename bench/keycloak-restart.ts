/**
 * Keycloak's warm restart, side by side in one run: "before" (kc.sh with its default JVM options,
 * no class-data cache: how the local target started Keycloak until this change) against "after"
 * (the keycloak step: Keycloak's JVM started directly, heap and GC fitted to 2 cores, the JVM's
 * class-data cache). Rounds alternate, so load on the machine hits both alike.
 *
 * Run alone against a stack whose keycloak-db and keycloak-dist are up (`npm run bench:keycloak
 * [-- --rounds N]`, your own DATA_DIR and ports), or from `bench:local` on its fresh stack.
 */
import path from 'node:path';
import { loadConfig, type StackConfig } from '../fixtures/core/config.js';
import { runUp } from '../fixtures/core/stack.js';
import { ensureSecret } from '../fixtures/core/secrets.js';
import { KEYCLOAK_BASE_PATH } from '../fixtures/core/topology.js';
import { target } from '../fixtures/targets/local/index.js';
import { LOOPBACK, supervisorFor } from '../fixtures/targets/local/layout.js';
import { baseEnv } from '../fixtures/targets/local/server-step.js';
import {
  KEYCLOAK_ADMIN,
  keycloakArgs,
  keycloakHome,
} from '../fixtures/components/keycloak/local.js';
import { httpProbe } from '../fixtures/targets/local/supervisor.js';
import { chooseJava, findJavaRuntimes } from '../fixtures/targets/local/java.js';
import { run } from '../fixtures/core/exec.js';

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Keycloak's own "started in N s" of its last start, from its log. */
async function startedIn(config: StackConfig): Promise<number | undefined> {
  const tail = await supervisorFor(config).tail('keycloak', 400);
  const all = [...tail.matchAll(/started in (\d+(?:\.\d+)?)s/g)];
  const last = all.at(-1)?.[1];
  return last === undefined ? undefined : Number(last) * 1000;
}

/** The command line the keycloak step used before: kc.sh, its default JVM options, no cache. */
async function startBefore(config: StackConfig): Promise<number> {
  const java = chooseJava(await findJavaRuntimes(run), 17);
  if (!java) throw new Error('no Java runtime');
  const home = keycloakHome(config);
  const sup = supervisorFor(config);
  const t = Date.now();
  await sup.start({
    name: 'keycloak',
    command: path.join(home, 'bin', 'kc.sh'),
    args: keycloakArgs(config),
    env: baseEnv({
      JAVA_HOME: java.home,
      KC_DB_PASSWORD: await ensureSecret(config.dataDir, 'keycloak-db-password'),
      KC_BOOTSTRAP_ADMIN_USERNAME: KEYCLOAK_ADMIN,
      KC_BOOTSTRAP_ADMIN_PASSWORD: await ensureSecret(config.dataDir, 'keycloak-admin-password'),
    }),
    cwd: home,
  });
  await sup.waitReady(
    'keycloak',
    'Keycloak /health/ready',
    httpProbe(
      `http://${LOOPBACK}:${config.ports.keycloakManagement}${KEYCLOAK_BASE_PATH}/health/ready`,
    ),
    { timeoutMs: 600_000, intervalMs: 200 },
  );
  return Date.now() - t;
}

/** The keycloak step as `up` runs it; its apply + verify. */
async function startAfter(config: StackConfig): Promise<number> {
  const { summary } = await runUp(config, target, { only: ['keycloak'] });
  const step = summary.steps.find((s) => s.id === 'keycloak');
  if (summary.status !== 'succeeded' || step?.outcome !== 'applied')
    throw new Error(`keycloak step: ${summary.status} / ${step?.outcome ?? 'missing'}`);
  return (step.timings.apply ?? 0) + (step.timings.verify ?? 0);
}

export interface RestartFigures {
  before: { ready: number[]; startedIn: number[] };
  after: { ready: number[]; startedIn: number[] };
  /** The run that wrote the class-data cache (when it did not exist yet). */
  training?: { ready: number; startedIn?: number; stop: number };
}

/** Alternating warm restarts; leaves Keycloak stopped. */
export async function keycloakRestarts(
  config: StackConfig,
  rounds: number,
  say: (line: string) => void = console.log,
): Promise<RestartFigures> {
  const sup = supervisorFor(config);
  const figures: RestartFigures = {
    before: { ready: [], startedIn: [] },
    after: { ready: [], startedIn: [] },
  };
  await sup.stop('keycloak', { timeoutMs: 120_000 });
  // The first start with the new settings writes the JVM's cache when it stops: a run of its own.
  {
    const ready = await startAfter(config);
    const t = Date.now();
    await sup.stop('keycloak', { timeoutMs: 300_000 });
    figures.training = { ready, startedIn: await startedIn(config), stop: Date.now() - t };
    say(
      `  cache run: ready in ${secs(ready)} (Keycloak: ${secs(figures.training.startedIn ?? NaN)}), ` +
        `stop incl. writing the cache ${secs(figures.training.stop)}`,
    );
  }
  for (let i = 0; i < rounds; i++) {
    for (const which of i % 2 === 0
      ? (['before', 'after'] as const)
      : (['after', 'before'] as const)) {
      const ready = which === 'before' ? await startBefore(config) : await startAfter(config);
      const own = await startedIn(config);
      figures[which].ready.push(ready);
      if (own !== undefined) figures[which].startedIn.push(own);
      say(
        `  round ${i + 1} ${which.padEnd(6)} ready in ${secs(ready)} (Keycloak: ${secs(own ?? NaN)})`,
      );
      await sup.stop('keycloak', { timeoutMs: 120_000 });
    }
  }
  const b = median(figures.before.startedIn);
  const a = median(figures.after.startedIn);
  say(
    `Keycloak warm restart (median of ${rounds}, its log's "started in"): before ${secs(b)}, ` +
      `after ${secs(a)} = ${(a / b).toFixed(2)} × before; goal ≤ 0.60 ${a / b <= 0.6 ? 'MET' : 'MISSED'}`,
  );
  say(
    `  to /health/ready: before ${secs(median(figures.before.ready))}, after ${secs(median(figures.after.ready))} = ` +
      `${(median(figures.after.ready) / median(figures.before.ready)).toFixed(2)} ×`,
  );
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--rounds');
  const rounds = i >= 0 ? Number(args[i + 1]) : 3;
  const config = await loadConfig();
  console.log(`bench:keycloak — DATA_DIR ${config.dataDir}, ${rounds} rounds`);
  await keycloakRestarts(config, rounds);
}
