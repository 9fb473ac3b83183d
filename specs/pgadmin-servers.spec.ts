import { PGADMIN_EMAIL, PGADMIN_SECRET } from '../fixtures/clients/pgadmin.js';
import { DATABASES } from '../fixtures/core/topology.js';
import { readSecret, test, expect } from '../fixtures/playwright.js';

/**
 * pgAdmin on both targets: the login page works, and after signing in the object browser lists
 * the four databases of the stack (registered from the one servers.json) in group "bookstore".
 */
test.describe('pgAdmin', () => {
  test('should register the four databases for the generated login', async ({ pgadmin }) => {
    const servers = await pgadmin.servers();
    expect(servers.map((s) => `${s.group}/${s.label}`).sort()).toEqual(
      DATABASES.map((d) => `bookstore/${d}`).sort(),
    );
  });

  test('should sign in on the login page and list the four servers', async ({
    page,
    stack,
    stackContext,
  }) => {
    test.setTimeout(120_000);
    const url = stack.services?.pgadmin;
    test.skip(!url, 'needs pgAdmin: the running stack has no services.pgadmin in its state');
    await page.goto(`${url}/login`);
    await page.getByRole('textbox', { name: /email/i }).fill(PGADMIN_EMAIL);
    await page.getByLabel(/password/i).fill(await readSecret(stackContext, PGADMIN_SECRET));
    await page.getByRole('button', { name: /login/i }).click();
    await page.waitForURL(/\/browser\/?$/, { timeout: 60_000 });
    const tree = page.getByRole('tree');
    await tree.getByText('bookstore', { exact: true }).click();
    // Expanding the group lists its servers (not connected yet: no password is stored).
    await tree.getByText('bookstore', { exact: true }).dblclick();
    for (const db of DATABASES)
      await expect(tree.getByText(db, { exact: true })).toBeVisible({ timeout: 30_000 });
    await test.info().attach('pgadmin', {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
  });
});
