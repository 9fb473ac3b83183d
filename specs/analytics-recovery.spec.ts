import { setTimeout as sleep } from 'node:timers/promises';
import { analyticsDifferences } from '../fixtures/analytics/invariants.js';
import type { Order } from '../fixtures/clients/api.js';
import { test, expect } from '../fixtures/playwright.js';
import { givenOrder, pickBooks } from './support/data.js';

test.describe.configure({ mode: 'serial' });

interface JobOverview {
  jid: string;
  name: string;
  state: string;
}
interface Checkpoints {
  counts: { completed: number };
  latest: { restored: { external_path?: string } | null };
}

const getJson = async <T>(url: string): Promise<T> => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return (await res.json()) as T;
};

const runningJobs = async (flink: string): Promise<JobOverview[]> =>
  (await getJson<{ jobs: JobOverview[] }>(`${flink}/jobs/overview`)).jobs.filter(
    (j) => j.state === 'RUNNING',
  );

test('should resubmit the Flink jobs after kill -9 and count every order exactly once @recreate', async ({
  stack,
  stackControl,
  api,
  user,
}) => {
  test.skip(
    stack.target !== 'local',
    'kills the local Flink process (the kind recovery plan resubmits the jobs there)',
  );
  test.setTimeout(10 * 60_000);
  const { config } = stackControl;
  const flink = stack.flinkUrl;

  await test.step('analytics agrees with ecom-db and every job has a checkpoint', async () => {
    await expect.poll(() => analyticsDifferences(config), { timeout: 60_000 }).toEqual([]);
    await expect
      .poll(
        async () => {
          const jobs = await runningJobs(flink);
          const done = await Promise.all(
            jobs.map(
              async (j) =>
                (await getJson<Checkpoints>(`${flink}/jobs/${j.jid}/checkpoints`)).counts.completed,
            ),
          );
          return jobs.length === 3 && done.every((n) => n > 0);
        },
        { timeout: 60_000, message: 'three RUNNING jobs, each with a completed checkpoint' },
      )
      .toBe(true);
  });

  const orders: Order[] = [];
  await test.step('orders keep coming while Flink is killed with SIGKILL mid-stream', async () => {
    const books = await pickBooks(api, 3);
    const as = api.as(user);
    const state = await stackControl.processState('flink');
    if (state !== 'running') throw new Error(`flink is ${state}`);
    for (let i = 0; i < 12; i++) {
      const book = books[i % books.length];
      if (!book) throw new Error('no book');
      orders.push(await givenOrder(as, [{ bookId: book.id, quantity: 1 + (i % 2) }]));
      // The JobManager and its workers: the whole process group when flink leads one.
      if (i === 3)
        await stackControl.disrupt({ kind: 'kill', processes: ['flink'], reach: 'group' });
      await sleep(250);
    }
    await expect.poll(() => stackControl.processState('flink')).not.toBe('running');
  });

  await test.step('up restarts Flink and resubmits the jobs from their checkpoints', async () => {
    const { summary } = await stackControl.up();
    const reapplied = summary.steps.filter((s) => s.outcome === 'applied').map((s) => s.id);
    expect(reapplied).toEqual(expect.arrayContaining(['flink', 'flink-jobs']));
    const jobs = await runningJobs(flink);
    expect(jobs.map((j) => j.name).sort()).toEqual([
      'book-sales',
      'orders-by-status',
      'stock-levels',
    ]);
    for (const j of jobs) {
      const cp = await getJson<Checkpoints>(`${flink}/jobs/${j.jid}/checkpoints`);
      expect(cp.latest.restored?.external_path, `${j.name} restored from a checkpoint`).toMatch(
        /chk-\d+/,
      );
    }
  });

  await test.step('every order placed meanwhile reaches analytics-db exactly once', async () => {
    await expect
      .poll(() => analyticsDifferences(config), { timeout: 120_000, intervals: [1_000] })
      .toEqual([]);
    expect(orders).toHaveLength(12);
  });
});
