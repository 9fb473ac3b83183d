/**
 * CDC latency benchmark (`npm run bench:cdc`): commit in PostgreSQL → Debezium → Kafka → consumed.
 *
 * Starts a throwaway pipeline on loopback (embedded PostgreSQL, Kafka and Kafka Connect started by
 * the local target's steps, ephemeral ports, temp DATA_DIR), inserts ROWS orders at a fixed pace
 * (one autocommit INSERT each), and measures, per row, the time from the INSERT's acknowledgement
 * (the commit) to the moment this process consumed its change event. Bounded: ROWS rows, loopback
 * only, stops everything it started.
 *
 * Env: CDC_BENCH_ROWS (default 500), CDC_BENCH_INTERVAL_MS (default 20 = 50 rows/s).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startCollecting } from '../fixtures/cdc/events.js';
import { startCdcTestbed, TESTBED_TOPIC, upStep, type OrderRow } from '../fixtures/cdc/testbed.js';

const ROWS = Math.min(Number(process.env.CDC_BENCH_ROWS ?? 500), 5_000);
const INTERVAL_MS = Number(process.env.CDC_BENCH_INTERVAL_MS ?? 20);

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const startedAt = Date.now();
  console.log('starting PostgreSQL, Kafka and Kafka Connect on loopback…');
  await using bed = await startCdcTestbed();
  await upStep(bed.connectorsStep, bed.config);
  console.log(`pipeline ready in ${Date.now() - startedAt} ms`);

  await using events = await startCollecting<OrderRow>(TESTBED_TOPIC, { brokers: bed.brokers });
  // Warm-up: the first event creates the topic and the consumer joins it.
  const [first] = await bed.insertOrders(1);
  await events.until((all) => all.some((e) => e.after?.id === first), 30_000, 'the warm-up event');

  const committedAt = new Map<number, number>();
  const sourceLagMs: number[] = [];
  for (let i = 0; i < ROWS; i++) {
    const t = Date.now();
    const [id] = await bed.insertOrders(1);
    committedAt.set(id as number, Date.now());
    const left = INTERVAL_MS - (Date.now() - t);
    if (left > 0) await sleep(left);
  }
  const seen = await events.until(
    (all) => {
      const ids = new Set(all.map((e) => e.after?.id));
      return [...committedAt.keys()].every((id) => ids.has(id));
    },
    60_000,
    `the events of all ${ROWS} rows`,
  );

  const latencies: number[] = [];
  const counted = new Set<number>();
  for (const e of seen) {
    const id = e.after?.id;
    const at = id === undefined ? undefined : committedAt.get(id);
    if (id === undefined || at === undefined || counted.has(id)) continue;
    counted.add(id);
    latencies.push(e.receivedAtMs - at);
    const sourceTs = e.source?.ts_ms;
    if (typeof sourceTs === 'number' && e.tsMs !== undefined) sourceLagMs.push(e.tsMs - sourceTs);
  }
  latencies.sort((a, b) => a - b);
  sourceLagMs.sort((a, b) => a - b);
  const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  console.log(
    `\nCDC end-to-end latency, commit → consumed event (${latencies.length} rows, one INSERT every ${INTERVAL_MS} ms):`,
  );
  console.log(`  p50 ${percentile(latencies, 50)} ms`);
  console.log(`  p90 ${percentile(latencies, 90)} ms`);
  console.log(`  p99 ${percentile(latencies, 99)} ms`);
  console.log(`  max ${latencies.at(-1)} ms, min ${latencies[0]} ms, mean ${mean.toFixed(1)} ms`);
  if (sourceLagMs.length > 0)
    console.log(
      `  of which Debezium (source commit → event processed): p50 ${percentile(sourceLagMs, 50)} ms, p99 ${percentile(sourceLagMs, 99)} ms`,
    );
  console.log(`\ntotal ${Date.now() - startedAt} ms; stopping…`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
