import { Kafka, logLevel } from 'kafkajs';
import type { ApiClient } from '../fixtures/clients/api.js';
import type { KeycloakClient, SignedInUser } from '../fixtures/clients/keycloak.js';
import { test, expect, type StackEndpoints } from '../fixtures/playwright.js';
import { givenCart, givenOrder, pickBooks } from './support/data.js';
import { Storefront } from './support/storefront.js';

test.describe.configure({ mode: 'serial' });

test.describe('recovery after the stack dies', () => {
  test('should recover after its processes are killed @recreate', async ({
    stack,
    stackControl,
    api,
    keycloak,
    keycloakAdmin,
    page,
  }) => {
    test.skip(
      stack.target !== 'local',
      'the local variant kills processes; the kind variant restarts node containers',
    );
    test.setTimeout(10 * 60_000);

    const users: SignedInUser[] = [];
    const before = new Map<string, Snapshot>();
    let usersBefore = 0;
    let eventsBefore: Record<string, number> | undefined;
    await test.step('users, carts and orders; count them and the CDC events', async () => {
      const books = await pickBooks(api, 4);
      for (let i = 0; i < 2; i++) {
        const user = await keycloak.create();
        users.push(user);
        const as = api.as(user);
        const [a, b] = [books[i * 2], books[i * 2 + 1]];
        if (!a || !b) throw new Error('not enough books');
        await givenOrder(as, [{ bookId: a.id, quantity: 1 }]);
        await givenCart(as, [{ bookId: b.id, quantity: 2 }]);
        before.set(user.username, await snapshot(as));
      }
      usersBefore = await userCount(keycloakAdmin);
      eventsBefore = await eventCounts(stack);
    });

    let killed: string[] = [];
    await test.step('SIGKILL every process of the stack and every child, each by its pid', async () => {
      const { hit, pids } = await stackControl.disrupt({ kind: 'kill', reach: 'tree' });
      killed = hit;
      expect(killed.length).toBeGreaterThan(0);
      expect(pids.length).toBeGreaterThan(killed.length); // children too (PostgreSQL's)
      await expect
        .poll(async () => {
          const alive = [];
          for (const name of killed)
            if ((await stackControl.processState(name)) === 'running') alive.push(name);
          return alive;
        })
        .toEqual([]);
    });

    await test.step('one up brings every process back and says which steps it re-applied', async () => {
      const { summary } = await stackControl.up();
      const reapplied = summary.steps.filter((s) => s.outcome === 'applied').map((s) => s.id);
      test.info().annotations.push({ type: 're-applied steps', description: reapplied.join(', ') });
      expect(summary.status).toBe('succeeded');
      for (const name of killed)
        expect(await stackControl.processState(name), `process ${name}`).toBe('running');
    });

    await test.step('nothing lost: users, carts, orders, CDC events', async () => {
      expect(await userCount(keycloakAdmin)).toBe(usersBefore);
      for (const user of users) {
        await user.signInAgain();
        expect(await snapshot(api.as(user)), `data of ${user.username}`).toEqual(
          before.get(user.username),
        );
      }
      if (eventsBefore) {
        // Kafka keeps every event; Debezium may redeliver some after a crash (at least once).
        const after = await eventCounts(stack);
        for (const [topic, n] of Object.entries(eventsBefore))
          expect(after?.[topic] ?? 0, `events on ${topic}`).toBeGreaterThanOrEqual(n);
      }
    });

    await test.step('the smoke journey passes', async () => {
      await smokeJourney({ api, keycloak, page });
    });
  });

  test('should recover after the kind node containers restart @recreate @kind', async ({
    stack,
    stackControl,
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
      const { hit } = await stackControl.disrupt({ kind: 'restart-nodes' });
      test.info().annotations.push({ type: 'restarted nodes', description: hit.join(', ') });
    });
    await test.step('up recovers', async () => {
      const { summary } = await stackControl.up();
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

interface Snapshot {
  cart: { bookId: string; quantity: number }[];
  orders: { id: string; total: number }[];
}

async function snapshot(api: ApiClient): Promise<Snapshot> {
  return {
    cart: (await api.cart()).items
      .map((l) => ({ bookId: l.bookId, quantity: l.quantity }))
      .sort((a, b) => a.bookId.localeCompare(b.bookId)),
    orders: (await api.orders())
      .map((o) => ({ id: o.id, total: o.total }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

async function userCount(admin: KeycloakClient): Promise<number> {
  const res = await admin.admin('GET', '/users/count');
  expect(res.status).toBe(200);
  return res.json<number>();
}

/** Events per captured topic (the sum of its partitions' high watermarks), or undefined. */
async function eventCounts(stack: StackEndpoints): Promise<Record<string, number> | undefined> {
  if (!stack.kafkaBrokers?.length) return undefined;
  const admin = new Kafka({
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    clientId: 'recovery-spec',
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => /^(ecom|inventory)\.public\./.test(t));
    const out: Record<string, number> = {};
    for (const topic of topics)
      out[topic] = (await admin.fetchTopicOffsets(topic)).reduce(
        (sum, p) => sum + Number(p.high),
        0,
      );
    return out;
  } finally {
    await admin.disconnect();
  }
}
