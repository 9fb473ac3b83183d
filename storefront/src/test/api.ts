/**
 * A mocked API at the HTTP boundary (msw): an in-memory ecom + inventory. Every body it sends is
 * typed with the API contract (`@bookstore/contracts`) and parsed with the contract's schema
 * before it goes out, so a fake that drifts from what the services send fails the test that
 * called it (see api.test.ts). Tests change its state or override single handlers with
 * `server.use`, answering through `reply` and `problem` too.
 */
import {
  BookPageSchema,
  BookSchema,
  CartSchema,
  OrderListSchema,
  OrderSchema,
  ProblemSchema,
  SearchResultsSchema,
  StockListSchema,
  type Book,
  type BookPage,
  type Cart,
  type CartAdd,
  type CartQuantity,
  type Order,
} from '@bookstore/contracts';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import type { z } from 'zod';

export const ORIGIN = 'http://localhost:3000';

export interface FakeBook {
  id: number;
  isbn: string;
  title: string;
  author: string;
  priceCents: number;
  year: number;
  description: string;
  coverColor: string;
}

export const BOOKS: FakeBook[] = [
  ['The Hobbit', 'J. R. R. Tolkien', 1299, 1937],
  ['Dune', 'Frank Herbert', 999, 1965],
  ['Pride and Prejudice', 'Jane Austen', 799, 1813],
  ['Nineteen Eighty-Four', 'George Orwell', 1099, 1949],
  ['The Left Hand of Darkness', 'Ursula K. Le Guin', 1399, 1969],
].map(([title, author, priceCents, year], i) => ({
  id: i + 1,
  isbn: `978000000000${i}`,
  title: title as string,
  author: author as string,
  priceCents: priceCents as number,
  year: year as number,
  description: `A description of ${title as string}.`,
  coverColor: '#335577',
}));

export const apiBook = (book: FakeBook): Book => ({
  ...book,
  price: book.priceCents / 100,
  currency: 'USD',
  coverUrl: `/ecom/books/${book.id}/cover.svg`,
});

/** `GET /ecom/books`'s answer for `items` as page `page` of `pageSize` (of `total` books). */
export const bookPage = (
  items: Book[],
  page: number,
  pageSize: number,
  total: number,
): BookPage => ({
  items,
  total,
  page,
  pageSize,
  limit: pageSize,
  offset: (page - 1) * pageSize,
});

/** A JSON answer, refused (the handler throws) unless `schema` (the contract) accepts it. */
export function reply<S extends z.ZodType>(
  schema: S,
  body: z.input<S>,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  const checked = schema.safeParse(body);
  if (!checked.success)
    throw new Error(`the fake API's answer does not match the contract: ${checked.error.message}`);
  return HttpResponse.json(body as JsonBodyType, init);
}

/** A problem+json answer, as the services send it (`/problems/<slug>`). */
export const problem = (
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Response =>
  reply(
    ProblemSchema,
    { type: `/problems/${slug}`, title, status, detail, ...extra },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

export interface ApiState {
  stock: Map<number, number>;
  cart: Map<number, number>;
  orders: { id: string; createdAt: string; items: { bookId: number; quantity: number }[] }[];
  /** Every request as "METHOD /path?query" (+ " key=<Idempotency-Key>" when sent). */
  log: string[];
  /** Idempotency keys already applied to the cart. */
  appliedKeys: Set<string>;
}

export const state: ApiState = {
  stock: new Map(),
  cart: new Map(),
  orders: [],
  log: [],
  appliedKeys: new Set(),
};

export function resetApiState(): void {
  state.stock = new Map(BOOKS.map((b) => [b.id, 10]));
  state.cart = new Map();
  state.orders = [];
  state.log = [];
  state.appliedKeys = new Set();
}

function cartBody(): Cart {
  const items = [...state.cart].map(([bookId, quantity]) => {
    const book = BOOKS.find((b) => b.id === bookId)!;
    return {
      bookId,
      title: book.title,
      author: book.author,
      priceCents: book.priceCents,
      price: book.priceCents / 100,
      quantity,
      lineTotalCents: book.priceCents * quantity,
      coverColor: book.coverColor,
      coverUrl: `/ecom/books/${bookId}/cover.svg`,
    };
  });
  const totalCents = items.reduce((n, i) => n + i.lineTotalCents, 0);
  return {
    items,
    totalQuantity: items.reduce((n, i) => n + i.quantity, 0),
    totalCents,
    total: totalCents / 100,
  };
}

function orderBody(order: ApiState['orders'][number]): Order {
  const items = order.items.map(({ bookId, quantity }) => {
    const book = BOOKS.find((b) => b.id === bookId)!;
    return {
      bookId,
      title: book.title,
      quantity,
      unitPriceCents: book.priceCents,
      lineTotalCents: book.priceCents * quantity,
    };
  });
  const totalCents = items.reduce((n, i) => n + i.lineTotalCents, 0);
  return {
    id: order.id,
    status: 'confirmed',
    createdAt: order.createdAt,
    totalCents,
    total: totalCents / 100,
    itemCount: items.reduce((n, i) => n + i.quantity, 0),
    items,
  };
}

const authorized = (request: Request): boolean =>
  request.headers.get('authorization') === 'Bearer test-token';
const unauthorized = () =>
  problem(
    401,
    'unauthorized',
    'Authentication required',
    'The access token was refused (expired).',
  );

export const handlers = [
  http.all('*', ({ request }) => {
    const url = new URL(request.url);
    const key = request.headers.get('idempotency-key');
    state.log.push(`${request.method} ${url.pathname}${url.search}${key ? ` key=${key}` : ''}`);
  }),
  http.get(`${ORIGIN}/ecom/books`, ({ request }) => {
    const url = new URL(request.url);
    const page = Number(url.searchParams.get('page') ?? 1);
    const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
    const items = BOOKS.slice((page - 1) * pageSize, page * pageSize).map(apiBook);
    return reply(BookPageSchema, bookPage(items, page, pageSize, BOOKS.length));
  }),
  http.get(`${ORIGIN}/ecom/books/search`, ({ request }) => {
    const q = (new URL(request.url).searchParams.get('q') ?? '').toLowerCase();
    const items = BOOKS.filter((b) => `${b.title} ${b.author}`.toLowerCase().includes(q)).map(
      (b) => ({ ...apiBook(b), rank: 1 }),
    );
    return reply(SearchResultsSchema, { query: q, items, total: items.length });
  }),
  http.get(`${ORIGIN}/ecom/books/:id`, ({ params }) => {
    const book = BOOKS.find((b) => b.id === Number(params.id));
    return book
      ? reply(BookSchema, apiBook(book))
      : problem(404, 'not-found', 'Book not found', `No book with id ${String(params.id)}.`);
  }),
  http.get(`${ORIGIN}/inven/stock`, ({ request }) => {
    const ids = (new URL(request.url).searchParams.get('ids') ?? '').split(',').map(Number);
    return reply(StockListSchema, {
      items: ids.flatMap((id) => {
        const available = state.stock.get(id);
        return available === undefined ? [] : [{ bookId: id, available, reserved: 0 }];
      }),
      missing: ids.filter((id) => !state.stock.has(id)),
    });
  }),
  http.get(`${ORIGIN}/ecom/cart`, ({ request }) =>
    authorized(request) ? reply(CartSchema, cartBody()) : unauthorized(),
  ),
  http.post(`${ORIGIN}/ecom/cart`, async ({ request }) => {
    if (!authorized(request)) return unauthorized();
    const body = (await request.json()) as CartAdd;
    if (!BOOKS.some((b) => b.id === body.bookId))
      return problem(404, 'not-found', 'Book not found', `No book with id ${body.bookId}.`);
    const key = request.headers.get('idempotency-key');
    if (key === null || !state.appliedKeys.has(key)) {
      state.cart.set(body.bookId, (state.cart.get(body.bookId) ?? 0) + body.quantity);
      if (key !== null) state.appliedKeys.add(key);
    }
    return reply(CartSchema, cartBody());
  }),
  http.put(`${ORIGIN}/ecom/cart/:bookId`, async ({ request, params }) => {
    if (!authorized(request)) return unauthorized();
    const body = (await request.json()) as CartQuantity;
    state.cart.set(Number(params.bookId), body.quantity);
    return reply(CartSchema, cartBody());
  }),
  http.delete(`${ORIGIN}/ecom/cart/:bookId`, ({ request, params }) => {
    if (!authorized(request)) return unauthorized();
    state.cart.delete(Number(params.bookId));
    return reply(CartSchema, cartBody());
  }),
  http.post(`${ORIGIN}/ecom/checkout`, ({ request }) => {
    if (!authorized(request)) return unauthorized();
    if (state.cart.size === 0)
      return problem(409, 'cart-empty', 'Cart is empty', 'Add books before checking out.');
    const shortages = [...state.cart]
      .filter(([bookId, quantity]) => (state.stock.get(bookId) ?? 0) < quantity)
      .map(([bookId, requested]) => ({
        bookId,
        requested,
        available: state.stock.get(bookId) ?? 0,
      }));
    if (shortages.length > 0) {
      return problem(
        409,
        'out-of-stock',
        'Not enough stock',
        'Not enough stock; nothing was reserved.',
        { shortages },
      );
    }
    const order = {
      id: `00000000-0000-4000-8000-00000000000${state.orders.length + 1}`,
      createdAt: '2026-03-01T10:00:00.000Z',
      items: [...state.cart].map(([bookId, quantity]) => ({ bookId, quantity })),
    };
    state.orders.unshift(order);
    state.cart.clear();
    return reply(OrderSchema, orderBody(order), { status: 201 });
  }),
  http.get(`${ORIGIN}/ecom/orders`, ({ request }) =>
    authorized(request)
      ? reply(OrderListSchema, { items: state.orders.map(orderBody) })
      : unauthorized(),
  ),
  http.get(`${ORIGIN}/ecom/orders/:id`, ({ request, params }) => {
    if (!authorized(request)) return unauthorized();
    const order = state.orders.find((o) => o.id === params.id);
    return order
      ? reply(OrderSchema, orderBody(order))
      : problem(404, 'not-found', 'Order not found', 'No such order.');
  }),
];

export const server = setupServer(...handlers);

/** Makes every API request fail as if the API were down. */
export const apiDown = () => http.all(`${ORIGIN}/*`, () => HttpResponse.error());
