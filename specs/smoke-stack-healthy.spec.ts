import { HttpClient } from '../fixtures/clients/http.js';
import { isRunning, describeStatus } from '../fixtures/clients/connect.js';
import { test, expect } from '../fixtures/playwright.js';
import { pickBooks } from './support/data.js';
import { Storefront, collectPageErrors } from './support/storefront.js';

/** What to ask each service of the state (others: their URL itself must answer 200). */
const HEALTH_PROBES: Record<string, string[]> = {
  ecom: ['/healthz', '/readyz'],
  inventory: ['/healthz', '/readyz'],
  storefront: ['/healthz'],
  keycloak: ['/realms/bookstore'],
  superset: ['/health'],
  pgadmin: ['/misc/ping'],
};

test.describe('stack health', () => {
  test('should report every service healthy and ready', async ({ stack, api }) => {
    // Direct service URLs (local); on kind there are none and the gateway checks below cover it.
    for (const [name, url] of Object.entries<string | undefined>(stack.services)) {
      if (!url) continue;
      await test.step(`${name} answers its health probes`, async () => {
        const client = new HttpClient(url);
        for (const probe of HEALTH_PROBES[name] ?? ['']) {
          const res = await client.get(url + probe);
          expect(res.status, `${name} ${url}${probe}: ${res.text.slice(0, 300)}`).toBe(200);
        }
      });
    }
    await test.step('the gateway reaches both APIs', async () => {
      expect((await api.books({ page: 1, pageSize: 1 })).items).toHaveLength(1);
      expect((await api.stock([])).size).toBeGreaterThan(0);
    });
  });

  test('should serve the realm metadata from Keycloak', async ({ stack, keycloakAdmin }) => {
    const discovery = await keycloakAdmin.discovery();
    expect(discovery.issuer).toBe(stack.issuer);
    const realm = await new HttpClient(stack.keycloakUrl).get(`/realms/${stack.realm}`);
    expect(realm.json()).toMatchObject({ realm: stack.realm });
  });

  test('should have every connector running', async ({ connect }) => {
    const names = await connect.connectors();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names)
      await test.step(name, async () => {
        await expect
          .poll(async () => {
            const status = await connect.status(name);
            return isRunning(status) ? 'RUNNING' : describeStatus(status);
          })
          .toBe('RUNNING');
      });
  });

  test('should have every Prometheus target up', async ({ prometheus }) => {
    expect((await prometheus.targets()).length).toBeGreaterThan(0);
    await expect.poll(() => prometheus.unhealthyTargets(), { timeout: 30_000 }).toEqual([]);
  });

  test('should render every storefront page without console errors', async ({
    page,
    api,
    user,
  }) => {
    const errors = collectPageErrors(page);
    const shop = new Storefront(page);
    const [book] = await pickBooks(api, 1, { minStock: 0 });
    if (!book) throw new Error('no book');

    await test.step('catalog', async () => {
      await page.goto('/');
      await expect(
        page.getByRole('heading', { level: 1, name: 'Find your next great read' }),
      ).toBeVisible();
      await expect(
        page.getByRole('list', { name: 'Books' }).getByRole('article').first(),
      ).toBeVisible();
    });
    await test.step('search', async () => {
      const word = book.title.split(/\s+/).find((w) => w.length >= 4) ?? book.title;
      await page.getByRole('combobox', { name: 'Search books' }).fill(word);
      await page.getByRole('combobox', { name: 'Search books' }).press('Enter');
      await expect(
        page.getByRole('heading', { level: 1, name: `Results for “${word}”` }),
      ).toBeVisible();
      await expect(
        page.getByRole('list', { name: 'Search results' }).getByRole('article').first(),
      ).toBeVisible();
    });
    await test.step('book detail', async () => {
      await page.goto(`/books/${book.id}`);
      await expect(page.getByRole('heading', { level: 1, name: book.title })).toBeVisible();
    });
    await test.step('cart', async () => {
      await page.goto('/cart');
      await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();
    });
    await test.step('orders, signed in', async () => {
      await shop.signIn(user);
      await page.getByRole('link', { name: 'My orders' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Your orders' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'No orders yet' })).toBeVisible();
    });
    await test.step('an unknown book shows a not-found page', async () => {
      await page.goto('/books/999999999');
      await expect(page.getByRole('heading', { level: 1 })).toContainText(/not found/i);
    });
    await test.step('an unknown route shows the 404 page', async () => {
      const res = await page.goto('/orders/not-a-route/extra');
      expect(res?.status()).toBe(404);
    });
    // A missing book answers 404 from the API, which the browser logs as a failed resource load.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });
});
