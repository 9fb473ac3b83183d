/**
 * CDC latency benchmark (`npm run bench:cdc`): commit in PostgreSQL → Debezium → Kafka → consumed.
 *
 * Starts a throwaway pipeline on loopback (embedded PostgreSQL, Kafka and Kafka Connect started by
 * the local target's steps, ephemeral ports, temp DATA_DIR), inserts ROWS orders at a fixed pace
 * (one autocommit INSERT each), and measures, per row, the time from the INSERT's acknowledgement
 * (the commit) to the moment this process consumed its change event. Bounded: ROWS rows, loopback
 * only, stops everything it started.
 *
 * The analytics path runs on the same rows: the local target's Flink (its own steps: MiniCluster
 * and SQL-jobs submission) runs a SQL job with the connector options of manifests/analytics/sql
 * (Debezium JSON source, JDBC upsert sink flushing every 1 s) that copies the topic into a table of
 * a database `analytics`; each row's `seen_at` (clock_timestamp() when the sink inserted it) minus
 * its commit time is the commit → analytics-db latency. Flink's cold start (cluster + submission)
 * is printed too. CDC_BENCH_FLINK=0 skips the analytics path.
 *
 * Env: CDC_BENCH_ROWS (default 500), CDC_BENCH_INTERVAL_MS (default 20 = 50 rows/s).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from '@bookstore/service-kit/testing';
import { startCollecting } from '../fixtures/cdc/events.js';
import {
  startCdcTestbed,
  TESTBED_TOPIC,
  upStep,
  type CdcTestbed,
  type OrderRow,
} from '../fixtures/cdc/testbed.js';
import type { StackConfig } from '../fixtures/core/config.js';
import { ensureSecret } from '../fixtures/core/secrets.js';
import { flinkJobsStep, flinkStep } from '../fixtures/components/flink/local.js';
import { supervisorFor } from '../fixtures/targets/local/layout.js';
import { defaultLocalDeps } from '../fixtures/targets/local/deps.js';

const ROWS = Math.min(Number(process.env.CDC_BENCH_ROWS ?? 500), 5_000);
const INTERVAL_MS = Number(process.env.CDC_BENCH_INTERVAL_MS ?? 20);

const FLINK = process.env.CDC_BENCH_FLINK !== '0';

/** The analytics jobs' source and sink options (manifests/analytics/sql), on the testbed's topic. */
const BENCH_SQL = `SET 'pipeline.name' = 'bench-orders';
SET 'execution.checkpointing.interval' = '10s';
SET 'table.exec.source.cdc-events-duplicate' = 'true';
CREATE TABLE orders_cdc (id BIGINT, total STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'kafka', 'topic' = '${TESTBED_TOPIC}',
  'properties.bootstrap.servers' = '\${KAFKA_BOOTSTRAP}', 'properties.group.id' = 'flink-bench',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'debezium-json',
  'debezium-json.schema-include' = 'false', 'debezium-json.ignore-parse-errors' = 'true'
);
CREATE TABLE bench_orders (id BIGINT, total STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
  'connector' = 'jdbc', 'url' = '\${ANALYTICS_JDBC_URL}', 'table-name' = 'bench_orders',
  'username' = 'analytics', 'password' = '\${ANALYTICS_PASSWORD}',
  'sink.buffer-flush.max-rows' = '100', 'sink.buffer-flush.interval' = '1s'
);
INSERT INTO bench_orders SELECT id, total FROM orders_cdc;
`;

interface Analytics {
  config: StackConfig;
  db: pg.Client;
  clusterMs: number;
  jobsMs: number;
}

/** Database `analytics` on the testbed's PostgreSQL, then Flink and the bench job. */
async function startAnalytics(bed: CdcTestbed): Promise<Analytics> {
  const config: StackConfig = {
    ...bed.config,
    ports: { ...bed.config.ports, flink: await freePort(), analyticsDb: bed.config.ports.ecomDb },
  };
  const password = await ensureSecret(config.dataDir, 'analytics-db-password');
  const admin = new pg.Client({ ...bed.superuser, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE ROLE analytics LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
  await admin.query('CREATE DATABASE analytics OWNER analytics');
  await admin.end();
  const db = new pg.Client({
    ...bed.superuser,
    user: 'analytics',
    password,
    database: 'analytics',
  });
  await db.connect();
  await db.query(
    'CREATE TABLE bench_orders (id bigint PRIMARY KEY, total text, seen_at timestamptz NOT NULL DEFAULT clock_timestamp())',
  );
  const sqlDir = path.join(bed.root, 'flink-sql');
  await mkdir(sqlDir, { recursive: true });
  await writeFile(path.join(sqlDir, 'bench-orders.sql'), BENCH_SQL);
  let t = Date.now();
  await upStep(flinkStep(defaultLocalDeps()), config);
  const clusterMs = Date.now() - t;
  t = Date.now();
  await upStep(flinkJobsStep(defaultLocalDeps(), { sqlDir }), config);
  return { config, db, clusterMs, jobsMs: Date.now() - t };
}

/** First-seen time (epoch ms) of each id in the sink. */
async function seenAt(db: pg.Client, ids: number[]): Promise<Map<number, number>> {
  const r = await db.query<{ id: string; ms: string }>(
    'SELECT id, (extract(epoch FROM seen_at) * 1000)::bigint AS ms FROM bench_orders WHERE id = ANY($1)',
    [ids],
  );
  return new Map(r.rows.map((x) => [Number(x.id), Number(x.ms)]));
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const startedAt = Date.now();
  console.log('starting PostgreSQL, Kafka and Kafka Connect on loopback…');
  await using bed = await startCdcTestbed();
  await upStep(bed.connectorsStep, bed.config);
  console.log(`pipeline ready in ${Date.now() - startedAt} ms`);
  let analytics: Analytics | undefined;
  try {
    if (FLINK) {
      console.log('starting Flink (MiniCluster) and the bench SQL job…');
      analytics = await startAnalytics(bed);
      console.log(
        `Flink cold up: ${((analytics.clusterMs + analytics.jobsMs) / 1000).toFixed(1)} s ` +
          `(cluster ${(analytics.clusterMs / 1000).toFixed(1)} s, SQL job submitted and RUNNING ${(analytics.jobsMs / 1000).toFixed(1)} s)`,
      );
    }
    await measure(bed, analytics, startedAt);
  } finally {
    await analytics?.db.end().catch(() => undefined);
    if (analytics)
      await supervisorFor(analytics.config)
        .stop('flink', { timeoutMs: 30_000 })
        .catch(() => undefined);
  }
}

async function measure(
  bed: CdcTestbed,
  analytics: Analytics | undefined,
  startedAt: number,
): Promise<void> {
  await using events = await startCollecting<OrderRow>(TESTBED_TOPIC, { brokers: bed.brokers });
  // Warm-up: the first event creates the topic and the consumer joins it.
  const [first] = await bed.insertOrders(1);
  await events.until((all) => all.some((e) => e.after?.id === first), 30_000, 'the warm-up event');
  if (analytics) {
    const deadline = Date.now() + 120_000;
    while (!(await seenAt(analytics.db, [first as number])).size) {
      if (Date.now() > deadline) throw new Error('the warm-up row never reached analytics-db');
      await sleep(200);
    }
  }

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
  if (analytics) {
    const ids = [...committedAt.keys()];
    const deadline = Date.now() + 120_000;
    let seenRows = await seenAt(analytics.db, ids);
    while (seenRows.size < ids.length && Date.now() < deadline) {
      await sleep(500);
      seenRows = await seenAt(analytics.db, ids);
    }
    if (seenRows.size < ids.length)
      throw new Error(`only ${seenRows.size} of ${ids.length} rows reached analytics-db in 120 s`);
    const toSink = ids.map((id) => (seenRows.get(id) ?? NaN) - (committedAt.get(id) ?? NaN));
    toSink.sort((a, b) => a - b);
    console.log(
      `\nAnalytics latency, commit → row in analytics-db through Flink (${toSink.length} rows; JDBC sink flushes every 1 s):`,
    );
    console.log(
      `  p50 ${percentile(toSink, 50)} ms, p90 ${percentile(toSink, 90)} ms, p99 ${percentile(toSink, 99)} ms, max ${toSink.at(-1)} ms`,
    );
    console.log(
      `  side by side: commit → Kafka p50 ${percentile(latencies, 50)} ms / p99 ${percentile(latencies, 99)} ms; ` +
        `commit → analytics-db p50 ${percentile(toSink, 50)} ms / p99 ${percentile(toSink, 99)} ms ` +
        `(×${(percentile(toSink, 50) / percentile(latencies, 50)).toFixed(1)} at p50)`,
    );
  }
  console.log(`\ntotal ${Date.now() - startedAt} ms; stopping…`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
