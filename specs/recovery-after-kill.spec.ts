import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { run } from '../fixtures/core/exec.js';
import { Supervisor } from '../fixtures/targets/local/supervisor.js';
import { test, expect } from '../fixtures/playwright.js';
import { stackUp } from './support/engine.js';
import { givenOrder } from './support/data.js';
import { Storefront } from './support/storefront.js';

test.describe.configure({ mode: 'serial' });

test.describe('recovery after the stack dies', () => {
  test('should recover after its processes are killed @recreate', async ({
    stack,
    stackContext,
    api,
    keycloak,
    page,
  }) => {
    test.skip(
      stack.target !== 'local',
      'the local variant kills processes; the kind variant restarts node containers',
    );
    test.setTimeout(10 * 60_000);
    const supervisor = new Supervisor(path.join(stackContext.config.dataDir, 'local'));

    const killed: string[] = [];
    await test.step('SIGKILL every process of the stack (only ours, by PID file)', async () => {
      for (const name of await supervisor.names()) {
        const status = await supervisor.status(name);
        if (status.state !== 'running') continue;
        const { pid } = status.record;
        // The supervisor starts each process in its own group: kill the group (children too).
        if ((await processGroupOf(pid)) === pid) process.kill(-pid, 'SIGKILL');
        else process.kill(pid, 'SIGKILL');
        killed.push(name);
      }
      expect(killed.length).toBeGreaterThan(0);
      await expect
        .poll(async () => {
          const alive = [];
          for (const name of killed)
            if ((await supervisor.status(name)).state === 'running') alive.push(name);
          return alive;
        })
        .toEqual([]);
    });

    await test.step('up recovers and says which steps it re-applied', async () => {
      const { summary } = await stackUp();
      const reapplied = summary.steps.filter((s) => s.outcome === 'applied').map((s) => s.id);
      test.info().annotations.push({ type: 're-applied steps', description: reapplied.join(', ') });
      expect(reapplied.length).toBeGreaterThan(0);
      expect(summary.status).toBe('succeeded');
    });

    await test.step('the smoke journey passes', async () => {
      await smokeJourney({ api, keycloak, page });
    });
  });

  test('should recover after the kind node containers restart @recreate @kind', async ({
    stack,
    stackContext,
    api,
    keycloak,
    page,
  }) => {
    test.skip(
      stack.target !== 'kind',
      'needs the kind target: restarts the kind node containers with Docker',
    );
    test.setTimeout(15 * 60_000);
    await test.step('docker restart every node of the cluster', async () => {
      const { stdout } = await run('docker', [
        'ps',
        '-q',
        '--filter',
        `label=io.x-k8s.kind.cluster=${stackContext.config.clusterName}`,
      ]);
      const ids = stdout.split('\n').filter(Boolean);
      expect(ids.length).toBeGreaterThan(0);
      await run('docker', ['restart', ...ids], { timeoutMs: 300_000 });
    });
    await test.step('up recovers', async () => {
      const { summary } = await stackUp();
      expect(summary.status).toBe('succeeded');
    });
    await test.step('the smoke journey passes', async () => {
      await smokeJourney({ api, keycloak, page });
    });
  });
});

async function smokeJourney({
  api,
  keycloak,
  page,
}: Pick<Parameters<Parameters<typeof test>[2]>[0], 'api' | 'keycloak' | 'page'>): Promise<void> {
  const user = await keycloak.create();
  const order = await givenOrder(api.as(user));
  expect((await api.as(user).order(order.id)).id).toBe(order.id);
  await page.goto('/');
  await expect(
    page.getByRole('list', { name: 'Books' }).getByRole('article').first(),
  ).toBeVisible();
  const shop = new Storefront(page);
  await shop.signIn(user);
  await page.getByRole('link', { name: 'My orders' }).click();
  await expect(shop.orderLink(order.id)).toBeVisible();
}

/** `/proc/<pid>/stat` field 5 (pgrp); the comm field may hold spaces, so split after its ')'. */
async function processGroupOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields?.[2] === undefined ? undefined : Number(fields[2]);
}
