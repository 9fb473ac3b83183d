import { ApiError, kindFor, type Problem } from './errors';
import {
  ShapeError,
  toBook,
  toBookPage,
  toCart,
  toOrder,
  toOrders,
  toSearchResults,
  toStock,
} from './normalize';
import type { Book, BookId, Cart, Order, Page, StockLevels } from './types';

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

  /** Runs a normalizer, reporting a shape mismatch as a server error with the subject named. */
  async function read<T>(
    promise: Promise<unknown>,
    normalize: (value: unknown) => T,
    what: string,
  ): Promise<T> {
    const value = await promise;
    try {
      return normalize(value);
    } catch (cause) {
      if (cause instanceof ShapeError) {
        throw new ApiError(
          'server',
          `${what}: unexpected response shape: ${cause.message}`,
          null,
          null,
          { cause },
        );
      }
      throw cause;
    }
  }

  const book = (v: unknown): Book => toBook(v, resolve);
  const cart = (v: unknown): Cart => toCart(v, resolve);

  return {
    listBooks(
      query: { page: number; pageSize: number; sort: SortKey },
      signal?: AbortSignal,
    ): Promise<Page<Book>> {
      const params = new URLSearchParams({
        page: String(query.page),
        pageSize: String(query.pageSize),
        ...SORTS[query.sort],
      });
      return read(
        request(`/ecom/books?${params}`, { signal, auth: false }),
        (v) => toBookPage(v, resolve),
        'GET /ecom/books',
      );
    },
    getBook(id: BookId, signal?: AbortSignal): Promise<Book> {
      return read(
        request(`/ecom/books/${id}`, { signal, auth: false }),
        book,
        'GET /ecom/books/{id}',
      );
    },
    searchBooks(q: string, signal?: AbortSignal): Promise<Book[]> {
      const params = new URLSearchParams({ q });
      return read(
        request(`/ecom/books/search?${params}`, { signal, auth: false }),
        (v) => toSearchResults(v, resolve),
        'GET /ecom/books/search',
      );
    },
    getStock(ids: readonly BookId[], signal?: AbortSignal): Promise<StockLevels> {
      if (ids.length === 0) return Promise.resolve(new Map());
      const params = new URLSearchParams({ ids: ids.join(',') });
      return read(
        request(`/inven/stock?${params}`, { signal, auth: false }),
        toStock,
        'GET /inven/stock',
      );
    },
    getCart(signal?: AbortSignal): Promise<Cart> {
      return read(request('/ecom/cart', { signal }), cart, 'GET /ecom/cart');
    },
    /** Adds `quantity` to the line and answers the cart; the same Idempotency-Key never adds twice. */
    addToCart(line: { bookId: BookId; quantity: number }, idempotencyKey: string): Promise<Cart> {
      return read(
        request('/ecom/cart', {
          method: 'POST',
          body: { bookId: line.bookId, quantity: line.quantity },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
        cart,
        'POST /ecom/cart',
      );
    },
    setCartQuantity(bookId: BookId, quantity: number): Promise<Cart> {
      return read(
        request(`/ecom/cart/${bookId}`, { method: 'PUT', body: { quantity } }),
        cart,
        'PUT /ecom/cart/{bookId}',
      );
    },
    removeFromCart(bookId: BookId): Promise<Cart> {
      return read(
        request(`/ecom/cart/${bookId}`, { method: 'DELETE' }),
        cart,
        'DELETE /ecom/cart/{bookId}',
      );
    },
    /** Turns the cart into an order: every line reserved, or none (409 `out-of-stock`). */
    checkout(): Promise<Order> {
      return read(request('/ecom/checkout', { method: 'POST' }), toOrder, 'POST /ecom/checkout');
    },
    listOrders(signal?: AbortSignal): Promise<Order[]> {
      return read(request('/ecom/orders', { signal }), toOrders, 'GET /ecom/orders');
    },
    getOrder(id: string, signal?: AbortSignal): Promise<Order> {
      return read(
        request(`/ecom/orders/${encodeURIComponent(id)}`, { signal }),
        toOrder,
        'GET /ecom/orders/{id}',
      );
    },
  };
}

async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const body = (await response.json()) as unknown;
    return typeof body === 'object' && body !== null ? (body as Problem) : null;
  } catch {
    return null;
  }
}
