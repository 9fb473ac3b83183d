import { expect, type Locator, type Page } from '@playwright/test';
import type { RealmUser } from '../../fixtures/clients/keycloak.js';

/** The storefront's guest cart key (fixed by the storefront's contract). */
export const GUEST_CART_KEY = 'bookstore_guest_cart';

/** What the page-side callbacks use (the harness compiles without the DOM lib). */
interface BrowserGlobals {
  localStorage: { getItem(key: string): string | null };
}

/** The storefront as a user sees it: role and label locators only. */
export class Storefront {
  constructor(readonly page: Page) {}

  /** The nav bar's cart link; its accessible name carries the count ("Cart, 3 items"). */
  cartLink(): Locator {
    return this.page
      .getByRole('navigation', { name: 'Account' })
      .getByRole('link', { name: /^Cart, / });
  }

  async expectCartCount(count: number): Promise<void> {
    await expect(this.cartLink()).toHaveAccessibleName(
      `Cart, ${count} ${count === 1 ? 'item' : 'items'}`,
    );
  }

  bookCard(title: string): Locator {
    return this.page.getByRole('list', { name: 'Books' }).getByRole('article', { name: title });
  }

  /** The toast a successful add shows. */
  addedToast(title: string): Locator {
    return this.page.getByRole('status').filter({ hasText: `Added “${title}” to your cart` });
  }

  cartLine(title: string): Locator {
    return this.page
      .getByRole('list', { name: 'Cart items' })
      .getByRole('listitem')
      .filter({
        has: this.page.getByRole('heading', { name: title }),
      });
  }

  quantityInput(title: string): Locator {
    return this.page.getByRole('spinbutton', { name: `Quantity for ${title}` });
  }

  async guestCart(): Promise<{ bookId: string; quantity: number }[]> {
    const raw = await this.page.evaluate(
      (key) => (globalThis as unknown as BrowserGlobals).localStorage.getItem(key),
      GUEST_CART_KEY,
    );
    if (raw === null) return [];
    const lines = JSON.parse(raw) as { bookId: string | number; quantity: number }[];
    return lines.map((l) => ({ bookId: String(l.bookId), quantity: l.quantity }));
  }

  /** An order's link in "Your orders" (the storefront shows the id's first 8 characters). */
  orderLink(orderId: string): Locator {
    return this.page
      .getByRole('list', { name: 'Orders' })
      .getByRole('link', { name: new RegExp(`^Order #${orderId.slice(0, 8)}$`, 'i') });
  }

  /** Fill Keycloak's login form (the page the storefront redirected to) and wait to come back. */
  async signInOnKeycloak(user: Pick<RealmUser, 'username' | 'password'>): Promise<void> {
    const page = this.page;
    await expect(page).toHaveURL(/\/auth\/realms\/bookstore\/protocol\/openid-connect\/auth/);
    await page.getByRole('textbox', { name: /username/i }).fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
    // Back on the storefront, past the OIDC callback.
    await expect(page).not.toHaveURL(/\/auth\/|\/callback/, { timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  }

  /** Sign in from the nav bar's button and land back where we were. */
  async signIn(user: Pick<RealmUser, 'username' | 'password'>): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Account' })
      .getByRole('button', { name: 'Sign in' })
      .click();
    await this.signInOnKeycloak(user);
  }
}

/** Collects console errors and uncaught page errors while a page is used. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error')
      errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}
