import { PGADMIN_EMAIL, PGADMIN_SECRET } from '../fixtures/clients/pgadmin.js';
import { DATABASES, test, expect } from '../fixtures/playwright.js';

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
    stackControl,
  }) => {
    test.setTimeout(120_000);
    const url = stack.services?.pgadmin;
    test.skip(!url, 'needs pgAdmin: the running stack has no services.pgadmin in its state');
    await page.goto(`${url}/login`, { timeout: 120_000 });
    await page.getByRole('textbox', { name: /email/i }).fill(PGADMIN_EMAIL);
    await page
      .getByRole('textbox', { name: 'Password', exact: true })
      .fill(await stackControl.secret(PGADMIN_SECRET));
    await page.getByRole('button', { name: /login/i }).click();
    await page.waitForURL(/\/browser\/?$/, { timeout: 120_000 });
    // The object explorer: a double click opens group "bookstore" (servers not connected yet:
    // no password is stored for them).
    const group = page.getByText('bookstore', { exact: true }).first();
    await group.waitFor({ timeout: 120_000 });
    await group.dblclick();
    for (const db of DATABASES)
      await expect(page.getByText(db, { exact: true })).toBeVisible({ timeout: 30_000 });
    await test.info().attach('pgadmin', {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
  });
});
