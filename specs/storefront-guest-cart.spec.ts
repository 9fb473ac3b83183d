import { test, expect } from '../fixtures/playwright.js';
import { firstPageBooks } from './support/data.js';
import { Storefront } from './support/storefront.js';

test.describe('storefront guest cart', () => {
  test('should keep a guest cart in the browser and move it to the account on sign-in', async ({
    page,
    api,
    keycloak,
  }) => {
    const shop = new Storefront(page);
    const [first, second] = await firstPageBooks(api, 2);
    if (!first || !second) throw new Error('need two books');
    const realmUser = await keycloak.createUnsignedIn();

    await test.step('a guest adds two books from the catalog', async () => {
      await page.goto('/');
      await shop.expectCartCount(0);
      await shop.bookCard(first.title).getByRole('button', { name: 'Add to cart' }).click();
      await expect(shop.addedToast(first.title)).toBeVisible();
      await shop.expectCartCount(1);
      await shop.bookCard(second.title).getByRole('button', { name: 'Add to cart' }).click();
      await expect(shop.addedToast(second.title)).toBeVisible();
      await shop.expectCartCount(2);
      expect(await shop.guestCart()).toEqual(
        expect.arrayContaining([
          { bookId: first.id, quantity: 1 },
          { bookId: second.id, quantity: 1 },
        ]),
      );
    });

    await test.step('the cart page lists them and the quantity controls work', async () => {
      await shop.cartLink().click();
      await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();
      await expect(shop.cartLine(first.title)).toBeVisible();
      await expect(shop.cartLine(second.title)).toBeVisible();
      await page.getByRole('button', { name: `Increase quantity of ${first.title}` }).click();
      await page.getByRole('button', { name: `Increase quantity of ${first.title}` }).click();
      await expect(shop.quantityInput(first.title)).toHaveValue('3');
      await page.getByRole('button', { name: `Decrease quantity of ${first.title}` }).click();
      await expect(shop.quantityInput(first.title)).toHaveValue('2');
      await shop.expectCartCount(3);
      await expect
        .poll(() => shop.guestCart())
        .toEqual(
          expect.arrayContaining([
            { bookId: first.id, quantity: 2 },
            { bookId: second.id, quantity: 1 },
          ]),
        );
    });

    await test.step('"Sign in to check out" leads to Keycloak, and signing in merges the cart', async () => {
      await page.getByRole('button', { name: 'Sign in to check out' }).click();
      await expect(page).toHaveURL(/\/auth\/realms\/bookstore\/protocol\/openid-connect\/auth/);
      await shop.signInOnKeycloak(realmUser);
      await shop.expectCartCount(3);
    });

    await test.step('the lines are in the server cart and the browser forgot them', async () => {
      const asUser = api.as(await keycloak.admin.signIn(realmUser));
      await expect
        .poll(async () =>
          (await asUser.cart()).items
            .map((l) => ({ bookId: l.bookId, quantity: l.quantity }))
            .sort((a, b) => a.bookId.localeCompare(b.bookId)),
        )
        .toEqual(
          [
            { bookId: first.id, quantity: 2 },
            { bookId: second.id, quantity: 1 },
          ].sort((a, b) => a.bookId.localeCompare(b.bookId)),
        );
      await expect.poll(() => shop.guestCart()).toEqual([]);
      await page.reload();
      await shop.expectCartCount(3);
    });
  });
});
