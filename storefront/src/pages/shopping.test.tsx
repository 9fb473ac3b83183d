import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, problem, resetApiState, server, state } from '../test/api';
import { fakeAuth, renderApp } from '../test/render';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(resetApiState);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('book page', () => {
  it('should show the book and add the chosen quantity to the signed-in cart', async () => {
    const user = userEvent.setup();
    renderApp('/books/2', fakeAuth('signed-in'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Dune' })).toBeInTheDocument();
    expect(screen.getByText('by Frank Herbert')).toBeInTheDocument();
    expect(screen.getByText('$9.99')).toBeInTheDocument();
    expect(await screen.findByText('In stock')).toBeInTheDocument();
    const quantity = screen.getByRole('spinbutton', { name: 'Quantity' });
    await user.clear(quantity);
    await user.type(quantity, '3');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Added “Dune” to your cart');
    expect(state.cart.get(2)).toBe(3);
    expect(state.log.find((l) => l.startsWith('POST /ecom/cart'))).toMatch(/ key=[0-9a-f-]{36}$/);
    expect(screen.getByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();
  });

  it('should say the book was not found for an unknown id', async () => {
    renderApp('/books/999');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Book not found' }),
    ).toBeInTheDocument();
  });
});

describe('search', () => {
  it('should suggest books as you type, after a pause, and open one with the keyboard', async () => {
    const user = userEvent.setup();
    renderApp('/');
    const box = screen.getByRole('combobox', { name: 'Search books' });
    await user.type(box, 'du');
    const listbox = await screen.findByRole('listbox', { name: 'Suggestions' });
    expect(within(listbox).getByRole('option', { name: /Dune/ })).toBeInTheDocument();
    // Typing fast sends one request for the settled text, not one per key.
    expect(state.log.filter((l) => l.startsWith('GET /ecom/books/search'))).toEqual([
      'GET /ecom/books/search?q=du',
    ]);
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/books/2'));
  });

  it('should show a results page on Enter, and a friendly empty state', async () => {
    const user = userEvent.setup();
    renderApp('/');
    await user.type(screen.getByRole('combobox', { name: 'Search books' }), 'austen{Enter}');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Results for “austen”' }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('article', { name: 'Pride and Prejudice' })).toBeInTheDocument();

    await user.clear(screen.getByRole('combobox', { name: 'Search books' }));
    await user.type(screen.getByRole('combobox', { name: 'Search books' }), 'zzz{Enter}');
    expect(
      await screen.findByRole('heading', { name: 'No books match “zzz”' }),
    ).toBeInTheDocument();
  });
});

describe('checkout and orders', () => {
  it('should place the order and confirm it, then list it under My orders', async () => {
    const user = userEvent.setup();
    state.cart.set(1, 2);
    renderApp('/cart', fakeAuth('signed-in'));
    await user.click(await screen.findByRole('link', { name: 'Check out' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Review your order' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Thank you for your order' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Order total/ })).toHaveTextContent('$25.98');
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'Cart, 0 items' })).toBeInTheDocument(),
    );

    await user.click(screen.getByRole('link', { name: 'My orders' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your orders' }),
    ).toBeInTheDocument();
    const orders = await screen.findByRole('list', { name: 'Orders' });
    expect(within(orders).getByRole('link', { name: 'Order #00000000' })).toBeInTheDocument();
    expect(within(orders).getByText('$25.98')).toBeInTheDocument();
  });

  it('should name the books that are out of stock and place no order', async () => {
    const user = userEvent.setup();
    state.cart.set(2, 3);
    state.stock.set(2, 1);
    renderApp('/checkout', fakeAuth('signed-in'));
    await user.click(await screen.findByRole('button', { name: 'Place order' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Some books are out of stock');
    expect(alert).toHaveTextContent('“Dune”: only 1 left, you asked for 3');
    expect(within(alert).getByRole('link', { name: 'Update your cart' })).toHaveAttribute(
      'href',
      '/cart',
    );
    expect(state.orders).toEqual([]);
  });

  it('should show a friendly empty state when there are no orders', async () => {
    renderApp('/orders', fakeAuth('signed-in'));
    expect(await screen.findByRole('heading', { name: 'No orders yet' })).toBeInTheDocument();
  });

  it('should ask a guest to sign in to see orders', async () => {
    const user = userEvent.setup();
    const { auth } = renderApp('/orders');
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Sign in' }));
    expect(auth.signIn).toHaveBeenCalled();
  });

  it('should tell a user whose session expired to sign in again', async () => {
    const user = userEvent.setup();
    server.use(
      http.get(`${ORIGIN}/ecom/orders`, () =>
        problem(401, 'unauthorized', 'Authentication required', 'expired'),
      ),
    );
    const { auth } = renderApp('/orders', fakeAuth('signed-in'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your session has expired');
    expect(auth.markSessionExpired).toHaveBeenCalled();
    await user.click(within(alert).getByRole('button', { name: 'Sign in again' }));
    expect(auth.signIn).toHaveBeenCalled();
  });
});
