/**
 * The storefront's API client. Every answer is parsed with the API contract
 * (`@bookstore/contracts`, the schemas ecom and inventory serialise with) and handed on as the
 * contract's own types; an answer that does not match is an ApiError of kind `server` naming
 * the fields, never `undefined` on screen.
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
  type BookId,
  type BookPage,
  type Cart,
  type CartAdd,
  type CartQuantity,
  type Order,
  type Problem,
} from '@bookstore/contracts';
import { z } from 'zod';
import { ApiError, kindFor } from './errors';

/** Units available per book id. */
export type StockLevels = ReadonlyMap<BookId, number>;

/** The catalog's sort choices; each maps to the API's `sort` and `order`. */
export const SORTS = {
  title: { sort: 'title', order: 'asc' },
  author: { sort: 'author', order: 'asc' },
  'price-asc': { sort: 'price', order: 'asc' },
  'price-desc': { sort: 'price', order: 'desc' },
  newest: { sort: 'year', order: 'desc' },
} as const;
export type SortKey = keyof typeof SORTS;

export interface ApiClientOptions {
  /** '' = same origin as the page. */
  baseUrl: string;
  /** The current access token, or undefined for a guest. */
  getAccessToken: () => string | undefined;
  /** Called when a request that carried a token was refused with 401. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  auth?: boolean;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const origin = (): string =>
    options.baseUrl !== '' ? options.baseUrl : globalThis.location.origin;
  const resolve = (path: string): string => new URL(path, origin()).toString();

  async function request(path: string, init: RequestOptions = {}): Promise<unknown> {
    const url = resolve(path);
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
    const token = init.auth === false ? undefined : options.getAccessToken();
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const method = init.method ?? 'GET';

    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        signal: init.signal ?? null,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError('network', `${method} ${path}: no answer from the API`, null, null, {
        cause,
      });
    }

    if (!response.ok) {
      const problem = await readProblem(response);
      if (response.status === 401 && token !== undefined) options.onUnauthorized?.();
      throw new ApiError(
        kindFor(response.status, problem),
        `${method} ${path}: expected 2xx, got ${response.status}${problem?.detail ? ` (${problem.detail})` : ''}`,
        response.status,
        problem,
      );
    }
    if (response.status === 204) return null;
    const body = await response.text();
    if (body === '') return null;
    try {
      return JSON.parse(body) as unknown;
    } catch (cause) {
      throw new ApiError(
        'server',
        `${method} ${path}: expected JSON, got "${body.slice(0, 80)}"`,
        response.status,
        null,
        { cause },
      );
    }
  }

  /** Parses an answer with its contract schema; a mismatch is a server error naming the fields. */
  async function read<T>(
    promise: Promise<unknown>,
    schema: z.ZodType<T>,
    what: string,
  ): Promise<T> {
    const result = schema.safeParse(await promise);
    if (result.success) return result.data;
    throw new ApiError(
      'server',
      `${what}: the response does not match the API contract: ${z.prettifyError(result.error)}`,
      null,
      null,
      { cause: result.error },
    );
  }

  return {
    /** A URL the API answered (e.g. a book's `coverUrl`, `/ecom/books/1/cover.svg`), loadable. */
    url: resolve,
    listBooks(
      query: { page: number; pageSize: number; sort: SortKey },
      signal?: AbortSignal,
    ): Promise<BookPage> {
      const params = new URLSearchParams({
        page: String(query.page),
        pageSize: String(query.pageSize),
        ...SORTS[query.sort],
      });
      return read(
        request(`/ecom/books?${params}`, { signal, auth: false }),
        BookPageSchema,
        'GET /ecom/books',
      );
    },
    getBook(id: BookId, signal?: AbortSignal): Promise<Book> {
      return read(
        request(`/ecom/books/${id}`, { signal, auth: false }),
        BookSchema,
        'GET /ecom/books/{id}',
      );
    },
    async searchBooks(q: string, signal?: AbortSignal): Promise<Book[]> {
      const params = new URLSearchParams({ q });
      const results = await read(
        request(`/ecom/books/search?${params}`, { signal, auth: false }),
        SearchResultsSchema,
        'GET /ecom/books/search',
      );
      return results.items;
    },
    async getStock(ids: readonly BookId[], signal?: AbortSignal): Promise<StockLevels> {
      if (ids.length === 0) return new Map();
      const params = new URLSearchParams({ ids: ids.join(',') });
      const stock = await read(
        request(`/inven/stock?${params}`, { signal, auth: false }),
        StockListSchema,
        'GET /inven/stock',
      );
      return new Map(stock.items.map((entry) => [entry.bookId, entry.available]));
    },
    getCart(signal?: AbortSignal): Promise<Cart> {
      return read(request('/ecom/cart', { signal }), CartSchema, 'GET /ecom/cart');
    },
    /** Adds `quantity` to the line and answers the cart; the same Idempotency-Key never adds twice. */
    addToCart(line: CartAdd, idempotencyKey: string): Promise<Cart> {
      const body: CartAdd = { bookId: line.bookId, quantity: line.quantity };
      return read(
        request('/ecom/cart', {
          method: 'POST',
          body,
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
        CartSchema,
        'POST /ecom/cart',
      );
    },
    setCartQuantity(bookId: BookId, quantity: number): Promise<Cart> {
      const body: CartQuantity = { quantity };
      return read(
        request(`/ecom/cart/${bookId}`, { method: 'PUT', body }),
        CartSchema,
        'PUT /ecom/cart/{bookId}',
      );
    },
    removeFromCart(bookId: BookId): Promise<Cart> {
      return read(
        request(`/ecom/cart/${bookId}`, { method: 'DELETE' }),
        CartSchema,
        'DELETE /ecom/cart/{bookId}',
      );
    },
    /** Turns the cart into an order: every line reserved, or none (409 `out-of-stock`). */
    checkout(): Promise<Order> {
      return read(
        request('/ecom/checkout', { method: 'POST' }),
        OrderSchema,
        'POST /ecom/checkout',
      );
    },
    async listOrders(signal?: AbortSignal): Promise<Order[]> {
      const orders = await read(
        request('/ecom/orders', { signal }),
        OrderListSchema,
        'GET /ecom/orders',
      );
      return orders.items;
    },
    getOrder(id: string, signal?: AbortSignal): Promise<Order> {
      return read(
        request(`/ecom/orders/${encodeURIComponent(id)}`, { signal }),
        OrderSchema,
        'GET /ecom/orders/{id}',
      );
    },
  };
}

/** The problem details of a failed call; null when the body is not one (a proxy's page...). */
async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const parsed = ProblemSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
