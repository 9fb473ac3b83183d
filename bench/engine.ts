/**
 * The engine's own overhead: a no-op `up` over 200 satisfied synthetic steps (a layered graph
 * like the real targets': each step needs 1–3 steps of the layer before, some reach further back).
 * Steps do no work, so the wall time is the engine's: scheduling, events, timers, lock, run record.
 * Goal: under 1 ms per step.  Run: npm run bench:engine
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { upSteps } from '../fixtures/core/runner.js';
import { satisfied, type Step } from '../fixtures/core/step.js';

const STEPS = 200;
const LAYERS = 20;
const WARMUP = 5;
const ITERATIONS = 30;

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same graph. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function graph(count: number): Step<null>[] {
  const next = random(42);
  const perLayer = Math.max(1, Math.ceil(count / LAYERS));
  const steps: Step<null>[] = [];
  for (let i = 0; i < count; i++) {
    const layer = Math.floor(i / perLayer);
    const needs = new Set<string>();
    if (layer > 0) {
      const previous = (layer - 1) * perLayer;
      const fanIn = 1 + Math.floor(next() * 3);
      for (let k = 0; k < fanIn; k++) needs.add(`s${previous + Math.floor(next() * perLayer)}`);
      if (next() < 0.2) needs.add(`s${Math.floor(next() * previous + 1) - 1}`);
    }
    steps.push({
      id: `s${i}`,
      title: `Step ${i}`,
      needs: [...needs].filter((n) => n !== `s${i}` && Number(n.slice(1)) < i),
      check: () => Promise.resolve(satisfied()),
      apply: () => Promise.reject(new Error('a satisfied step must not be applied')),
      verify: () => Promise.resolve(),
    });
  }
  return steps;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function measure(steps: Step<null>[], dir: string, withListener: boolean): Promise<number[]> {
  const times: number[] = [];
  let events = 0;
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const t0 = performance.now();
    await upSteps(steps, {
      config: null,
      target: 'bench',
      reportsDir: path.join(dir, 'reports'),
      lockDir: path.join(dir, 'data'),
      ...(withListener ? { onEvent: () => void events++ } : {}),
    });
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  return times;
}

const row = (label: string, value: string): void => console.log(`  ${label.padEnd(48)} ${value}`);

const dir = await mkdtemp(path.join(os.tmpdir(), 'stack-bench-'));
try {
  const steps = graph(STEPS);
  const edges = steps.reduce((n, s) => n + (s.needs?.length ?? 0), 0);
  const one = median(await measure(graph(1), dir, false));
  const full = await measure(steps, dir, false);
  const listened = await measure(steps, dir, true);
  const fmt = (ms: number): string => ms.toFixed(3);
  console.log(
    `engine bench: ${STEPS} satisfied steps, ${edges} needs, ${LAYERS} layers; ${ITERATIONS} runs after ${WARMUP} warm-up`,
  );
  row('per run (lock + run record + 1 step), median', `${fmt(one)} ms`);
  row(
    `${STEPS}-step up, median total`,
    `${fmt(median(full))} ms (min ${fmt(Math.min(...full))}, max ${fmt(Math.max(...full))})`,
  );
  row('overhead per step, median', `${fmt(median(full) / STEPS)} ms (incl. per-run cost)`);
  row('overhead per step, excluding per-run cost', `${fmt((median(full) - one) / STEPS)} ms`);
  row('with an event listener, per step, median', `${fmt(median(listened) / STEPS)} ms`);
  console.log(`  goal < 1 ms per step: ${median(full) / STEPS < 1 ? 'met' : 'NOT met'}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
