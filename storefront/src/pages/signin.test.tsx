import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GUEST_CART_KEY, readGuestCart, writeGuestCart } from '../cart/guestCart';
import { ORIGIN, problem, resetApiState, server, state } from '../test/api';
import { fakeAuth, renderApp } from '../test/render';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(resetApiState);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const guestLines = [
  {
    bookId: 1,
    quantity: 2,
    title: 'The Hobbit',
    price: 12.99,
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
  { bookId: 2, quantity: 1, title: 'Dune', price: 9.99, updatedAt: '2026-01-01T00:00:01.000Z' },
];

describe('guest cart and sign-in', () => {
  it('should list guest lines with quantity controls and start the login from "Sign in to check out"', async () => {
    const user = userEvent.setup();
    writeGuestCart(guestLines);
    const { auth } = renderApp('/cart');
    expect(screen.getByRole('heading', { level: 1, name: 'Your cart' })).toBeInTheDocument();
    const items = screen.getByRole('list', { name: 'Cart items' });
    expect(within(items).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByTestId('cart-subtotal')).toHaveTextContent('$35.97');

    await user.click(screen.getByRole('button', { name: 'Increase quantity of Dune' }));
    expect(screen.getByRole('spinbutton', { name: 'Quantity for Dune' })).toHaveValue(2);
    expect(screen.getByRole('link', { name: 'Cart, 4 items' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove The Hobbit' }));
    expect(readGuestCart().map((l) => [l.bookId, l.quantity])).toEqual([[2, 2]]);

    await user.click(screen.getByRole('button', { name: 'Sign in to check out' }));
    expect(auth.signIn).toHaveBeenCalledWith('/cart');
  });

  it('should show an empty cart with a way back to the books', () => {
    renderApp('/cart');
    expect(screen.getByRole('heading', { name: 'Your cart is empty' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Browse books' })).toHaveAttribute('href', '/');
  });

  it('should move the guest cart into the account after the callback and land on /cart', async () => {
    writeGuestCart(guestLines);
    renderApp('/callback', fakeAuth('signed-in'));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/cart$/));
    expect(state.log.filter((l) => l.startsWith('POST /ecom/cart'))).toHaveLength(2);
    expect([...state.cart]).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(localStorage.getItem(GUEST_CART_KEY)).toBeNull();
    expect(await screen.findByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();
  });

  it('should keep a line the API refused and offer to try again', async () => {
    const user = userEvent.setup();
    writeGuestCart(guestLines);
    let refuse = true;
    server.use(
      http.post(`${ORIGIN}/ecom/cart`, async ({ request }) => {
        const body = (await request.clone().json()) as { bookId: number };
        if (body.bookId === 2 && refuse)
          return problem(500, 'internal', 'Internal server error', 'The server failed.');
        return undefined; // fall through to the default handler
      }),
    );
    renderApp('/callback', fakeAuth('signed-in'));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/cart$/));
    expect(readGuestCart().map((l) => l.bookId)).toEqual([2]);
    expect(
      await screen.findByRole('heading', { name: 'Not in your cart yet' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();

    refuse = false;
    await user.click(screen.getByRole('button', { name: 'Add them to my cart' }));
    await waitFor(() => expect(localStorage.getItem(GUEST_CART_KEY)).toBeNull());
    expect([...state.cart]).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('should go where the sign-in started when there was no guest cart', async () => {
    renderApp(
      '/callback',
      fakeAuth('signed-in', {
        completeSignIn: () =>
          Promise.resolve({ user: { id: 'u', name: 'U' }, returnTo: '/orders' }),
      }),
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/orders$/));
    expect(state.log.some((l) => l.startsWith('POST'))).toBe(false);
  });

  it('should say so when the sign-in cannot be completed', async () => {
    renderApp(
      '/callback',
      fakeAuth('signed-out', { completeSignIn: () => Promise.reject(new Error('state mismatch')) }),
    );
    expect(await screen.findByRole('heading', { name: 'Sign-in failed' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try signing in again' })).toBeInTheDocument();
  });

  it("should show the user's name and sign out from the nav bar", async () => {
    const user = userEvent.setup();
    const { auth } = renderApp('/', fakeAuth('signed-in'));
    const account = screen.getByRole('navigation', { name: 'Account' });
    expect(within(account).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(within(account).getByRole('link', { name: 'My orders' })).toBeInTheDocument();
    await user.click(within(account).getByRole('button', { name: 'Sign out' }));
    expect(auth.signOut).toHaveBeenCalled();
  });
});
