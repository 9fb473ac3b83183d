/**
 * `npm run bench:kube [-- --keep]`: the sim provider's numbers.
 *
 * 1. cold build of the Kubernetes tools, from the build script's own record (build.json next to
 *    the binaries: per tool and total, and whether Go's build cache was empty at the start),
 * 2. `up --target kind --provider sim` in a fresh DATA_DIR (fresh control plane, every manifest),
 * 3. a warm no-op `up` (everything satisfied; data-plane steps skipped).
 * Uses the sim ports of ./stack.config.json (defaults 16441–16446).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../fixtures/core/config.js';
import { runDown, runUp } from '../fixtures/core/stack.js';
import { createKindTarget } from '../fixtures/targets/kind/index.js';
import { memoInputs } from '../fixtures/targets/kind/inputs.js';
import { stopControlPlane } from '../fixtures/targets/kind/sim/control-plane.js';
import { requireKubeTools } from '../fixtures/targets/kind/sim/tools.js';

const keep = process.argv.includes('--keep');
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const tools = await requireKubeTools();
const r = tools.record;
console.log(
  `cold tool build (${r.goVersion}; Go build cache ${r.goBuildCacheWasEmpty ? 'empty' : 'warm'} at start, ${r.builtAt}): ${r.totalSeconds.toFixed(1)} s`,
);
for (const [name, s] of Object.entries(r.seconds))
  console.log(`  ${name.padEnd(24)} ${s.toFixed(1)} s`);

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-kube-'));
const config = {
  ...(await loadConfig({
    env: { ...process.env, STACK_TARGET: 'kind', STACK_PROVIDER: 'sim', DATA_DIR: dataDir },
  })),
  target: 'kind' as const,
  reportsDir: path.join(dataDir, 'reports'),
};
const target = createKindTarget({ inputs: memoInputs() });
try {
  let t0 = performance.now();
  const cold = await runUp(config, target, { command: 'bench:kube cold' });
  const coldMs = performance.now() - t0;
  t0 = performance.now();
  const warm = await runUp(config, target, { command: 'bench:kube warm' });
  const warmMs = performance.now() - t0;
  const count = (s: typeof cold.summary, o: string) =>
    s.steps.filter((x) => x.outcome === o).length;
  console.log(
    `sim up (fresh control plane, all manifests): ${secs(coldMs)} (${count(cold.summary, 'applied')} applied, ${count(cold.summary, 'skipped')} skipped)`,
  );
  console.log(
    `warm no-op up:                               ${secs(warmMs)} (${count(warm.summary, 'applied')} applied, ${count(warm.summary, 'satisfied')} satisfied)`,
  );
  console.log(`ratio warm / sim up: ${(warmMs / coldMs).toFixed(2)}`);
} finally {
  if (keep) console.log(`kept: DATA_DIR=${dataDir}`);
  else {
    await runDown(config, target, { command: 'bench:kube down' }).catch(() => undefined);
    await stopControlPlane(config, { wipe: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}
