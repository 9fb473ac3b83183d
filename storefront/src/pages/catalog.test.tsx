import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GUEST_CART_KEY } from '../cart/guestCart';
import { BookPageSchema } from '@bookstore/contracts';
import { http } from 'msw';
import {
  apiBook,
  apiDown,
  bookPage,
  BOOKS,
  ORIGIN,
  reply,
  resetApiState,
  server,
  state,
} from '../test/api';
import { renderApp } from '../test/render';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(resetApiState);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('catalog page', () => {
  it('should show every book with title, author, price and a stock badge', async () => {
    state.stock.set(2, 0);
    state.stock.set(3, 2);
    renderApp('/');
    expect(
      screen.getByRole('heading', { level: 1, name: 'Find your next great read' }),
    ).toBeInTheDocument();
    const hobbit = await screen.findByRole('article', { name: 'The Hobbit' });
    expect(within(hobbit).getByText('J. R. R. Tolkien')).toBeInTheDocument();
    expect(within(hobbit).getByText('$12.99')).toBeInTheDocument();
    expect(await within(hobbit).findByText('In stock')).toBeInTheDocument();

    const dune = screen.getByRole('article', { name: 'Dune' });
    expect(within(dune).getByText('Out of stock')).toBeInTheDocument();
    expect(within(dune).getByRole('button', { name: 'Add to cart' })).toBeDisabled();
    expect(
      within(screen.getByRole('article', { name: 'Pride and Prejudice' })).getByText('Only 2 left'),
    ).toBeInTheDocument();
    expect(state.log).toContain('GET /ecom/books?page=1&pageSize=12&sort=title&order=asc');
    expect(state.log).toContain('GET /inven/stock?ids=1%2C2%2C3%2C4%2C5');
  });

  it('should add to the guest cart, confirm with a toast and count in the badge', async () => {
    const user = userEvent.setup();
    renderApp('/');
    expect(screen.getByRole('link', { name: 'Cart, 0 items' })).toBeInTheDocument();
    const hobbit = await screen.findByRole('article', { name: 'The Hobbit' });
    await user.click(within(hobbit).getByRole('button', { name: 'Add to cart' }));
    await user.click(within(hobbit).getByRole('button', { name: 'Add to cart' }));
    await user.click(
      within(screen.getByRole('article', { name: 'Dune' })).getByRole('button', {
        name: 'Add to cart',
      }),
    );

    expect(screen.getAllByRole('status').map((toast) => toast.textContent)).toContain(
      '✓Added “Dune” to your cart×',
    );
    expect(screen.getByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem(GUEST_CART_KEY) ?? '[]')).toMatchObject([
      { bookId: 1, quantity: 2, title: 'The Hobbit', price: 12.99 },
      { bookId: 2, quantity: 1, title: 'Dune', price: 9.99 },
    ]);
    expect(state.log.some((line) => line.startsWith('POST'))).toBe(false);
  });

  it('should page with previous/next links', async () => {
    const user = userEvent.setup();
    server.use(
      http.get(`${ORIGIN}/ecom/books`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        return reply(BookPageSchema, bookPage(BOOKS.map(apiBook), page, 12, 30));
      }),
    );
    renderApp('/');
    const pagination = await screen.findByRole('navigation', { name: 'Pagination' });
    expect(within(pagination).getByText('Page 1 of 3')).toBeInTheDocument();
    await user.click(within(pagination).getByRole('link', { name: 'Next page →' }));
    expect(await screen.findByText('Page 2 of 3')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/?page=2');
  });

  it('should say in words when the API is down, and retry', async () => {
    const user = userEvent.setup();
    server.use(apiDown());
    renderApp('/');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("We can't reach the bookstore right now");
    server.resetHandlers();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('article', { name: 'The Hobbit' })).toBeInTheDocument();
  });
});
