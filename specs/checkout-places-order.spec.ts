import { test, expect } from '../fixtures/playwright.js';
import { givenCart, pickBooks } from './support/data.js';
import { Storefront } from './support/storefront.js';

test.describe('checkout', () => {
  test('should place an order that shows in My orders, reduces stock and stays private', async ({
    page,
    api,
    keycloak,
  }) => {
    const shop = new Storefront(page);
    const buyer = await keycloak.create();
    const [book] = await pickBooks(api, 1);
    if (!book) throw new Error('no book');
    const quantity = 2;
    const stockBefore = await api.stockOf(book.id);
    await givenCart(api.as(buyer), [{ bookId: book.id, quantity }]);

    let orderId = '';
    await test.step('the buyer signs in through Keycloak and sees the cart', async () => {
      await page.goto('/cart');
      await shop.signIn(buyer);
      await shop.expectCartCount(quantity);
      await expect(shop.cartLine(book.title)).toBeVisible();
    });

    await test.step('the buyer checks out', async () => {
      await page.getByRole('link', { name: 'Check out' }).click();
      await expect(
        page.getByRole('heading', { level: 1, name: 'Review your order' }),
      ).toBeVisible();
      await page.getByRole('button', { name: 'Place order' }).click();
      await expect(
        page.getByRole('heading', { level: 1, name: 'Thank you for your order' }),
      ).toBeVisible();
      orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
      expect(orderId).not.toBe('');
      await shop.expectCartCount(0);
    });

    await test.step('the order is listed in My orders', async () => {
      await page.getByRole('link', { name: 'My orders' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Your orders' })).toBeVisible();
      await expect(shop.orderLink(orderId)).toBeVisible();
      const order = await api.as(buyer).order(orderId);
      expect(order.items).toEqual([expect.objectContaining({ bookId: book.id, quantity })]);
    });

    await test.step('the stock went down', async () => {
      // Other tests may buy the same book concurrently: it went down by at least our quantity.
      await expect.poll(() => api.stockOf(book.id)).toBeLessThanOrEqual(stockBefore - quantity);
    });

    await test.step('another user cannot see the order', async () => {
      const stranger = api.as(await keycloak.create());
      const res = await stranger.get(`/ecom/orders/${encodeURIComponent(orderId)}`);
      expect(res.status).toBe(404);
      expect((await stranger.orders()).map((o) => o.id)).not.toContain(orderId);
    });
  });
});
