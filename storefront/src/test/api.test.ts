import {
  BookPageSchema,
  BookSchema,
  CartSchema,
  OrderListSchema,
  OrderSchema,
  OutOfStockProblemSchema,
  ProblemSchema,
  SearchResultsSchema,
  StockListSchema,
} from '@bookstore/contracts';
import { http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { ORIGIN, reply, resetApiState, server, state } from './api';

/**
 * The fake API answers what the services answer: every route's body, success and failure, parses
 * with the contract's schema (the fake also checks each body it sends, see `reply`).
 */
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => resetApiState());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const signedIn = { authorization: 'Bearer test-token', 'content-type': 'application/json' };

async function call<S extends z.ZodType>(
  schema: S,
  path: string,
  init: RequestInit & { status?: number } = {},
): Promise<z.output<S>> {
  const response = await fetch(`${ORIGIN}${path}`, init);
  expect(response.status, `${init.method ?? 'GET'} ${path}`).toBe(init.status ?? 200);
  return schema.parse(await response.json());
}

describe('the fake API follows the contract', () => {
  it('answers the catalog, search and stock as the services do', async () => {
    expect((await call(BookPageSchema, '/ecom/books?page=2&pageSize=2')).offset).toBe(2);
    expect((await call(BookSchema, '/ecom/books/2')).title).toBe('Dune');
    expect((await call(SearchResultsSchema, '/ecom/books/search?q=dune')).total).toBe(1);
    expect(await call(StockListSchema, '/inven/stock?ids=1,99')).toEqual({
      items: [{ bookId: 1, available: 10, reserved: 0 }],
      missing: [99],
    });
    await call(ProblemSchema, '/ecom/books/99', { status: 404 });
  });

  it('answers the cart, checkout and orders as the services do', async () => {
    await call(ProblemSchema, '/ecom/cart', { status: 401 });
    const add = {
      method: 'POST',
      headers: signedIn,
      body: JSON.stringify({ bookId: 1, quantity: 2 }),
    };
    expect((await call(CartSchema, '/ecom/cart', add)).totalQuantity).toBe(2);
    const set = { method: 'PUT', headers: signedIn, body: JSON.stringify({ quantity: 3 }) };
    expect((await call(CartSchema, '/ecom/cart/1', set)).totalCents).toBe(3 * 1299);
    expect((await call(CartSchema, '/ecom/cart', { headers: signedIn })).items).toHaveLength(1);

    state.stock.set(1, 1);
    const refused = await call(OutOfStockProblemSchema, '/ecom/checkout', {
      method: 'POST',
      headers: signedIn,
      status: 409,
    });
    expect(refused.shortages).toEqual([{ bookId: 1, requested: 3, available: 1 }]);

    state.stock.set(1, 10);
    const order = await call(OrderSchema, '/ecom/checkout', {
      method: 'POST',
      headers: signedIn,
      status: 201,
    });
    expect(await call(OrderSchema, `/ecom/orders/${order.id}`, { headers: signedIn })).toEqual(
      order,
    );
    expect(await call(OrderListSchema, '/ecom/orders', { headers: signedIn })).toEqual({
      items: [order],
    });
    await call(ProblemSchema, '/ecom/checkout', { method: 'POST', headers: signedIn, status: 409 });
    await call(ProblemSchema, '/ecom/orders/00000000-0000-4000-8000-000000000099', {
      headers: signedIn,
      status: 404,
    });
    const removed = { method: 'DELETE', headers: signedIn };
    expect(await call(CartSchema, '/ecom/cart/1', removed)).toMatchObject({ items: [] });
  });

  it('refuses to send a body the contract does not accept', async () => {
    // The shape of an earlier storefront guess: a price in dollars instead of `unitPriceCents`.
    server.use(
      http.get(`${ORIGIN}/ecom/orders`, () =>
        reply(OrderListSchema, {
          items: [{ id: 'x', status: 'shipped', items: [{ bookId: 1, unitPrice: 12.99 }] }],
        } as unknown as z.input<typeof OrderListSchema>),
      ),
    );
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await fetch(`${ORIGIN}/ecom/orders`, { headers: signedIn });
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/does not match the contract/);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
