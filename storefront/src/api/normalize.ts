/**
 * Reads API JSON into the app's types (shapes from services/ecom and services/inventory). A
 * mismatch becomes one error naming the field, instead of `undefined` on screen.
 */
import type {
  Book,
  BookId,
  Cart,
  CartLine,
  Order,
  OrderLine,
  Page,
  Shortage,
  StockLevels,
} from './types';

type Json = Record<string, unknown>;

export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** Turns the API's relative URLs (e.g. `/ecom/books/1/cover.svg`) into loadable ones. */
export type UrlResolver = (path: string) => string;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ShapeError(
      `${what}: expected an object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  return value as Json;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new ShapeError(`${what}: expected an array, got ${typeof value}`);
  return value;
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new ShapeError(`${what}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function integer(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ShapeError(`${what}: expected an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function bookId(value: unknown, what: string): BookId {
  const id = integer(value, what);
  if (id < 1) throw new ShapeError(`${what}: expected a positive id, got ${id}`);
  return id;
}

const optionalString = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;
const dollars = (cents: number): number => cents / 100;

export function toBook(value: unknown, resolve: UrlResolver): Book {
  const raw = object(value, 'book');
  const cover = optionalString(raw.coverUrl);
  return {
    id: bookId(raw.id, 'book.id'),
    title: string(raw.title, 'book.title'),
    author: string(raw.author, 'book.author'),
    isbn: string(raw.isbn, 'book.isbn'),
    price: dollars(integer(raw.priceCents, 'book.priceCents')),
    year: typeof raw.year === 'number' ? raw.year : null,
    description: typeof raw.description === 'string' ? raw.description : '',
    cover: cover === null ? null : resolve(cover),
    coverColor: optionalString(raw.coverColor),
  };
}

/** `GET /ecom/books`: {items, total, page, pageSize}. */
export function toBookPage(value: unknown, resolve: UrlResolver): Page<Book> {
  const raw = object(value, 'book page');
  return {
    items: array(raw.items, 'book page.items').map((item) => toBook(item, resolve)),
    total: integer(raw.total, 'book page.total'),
    page: integer(raw.page, 'book page.page'),
    pageSize: integer(raw.pageSize, 'book page.pageSize'),
  };
}

/** `GET /ecom/books/search`: {query, items, total}. */
export function toSearchResults(value: unknown, resolve: UrlResolver): Book[] {
  return array(object(value, 'search results').items, 'search results.items').map((item) =>
    toBook(item, resolve),
  );
}

function toCartLine(value: unknown, resolve: UrlResolver): CartLine {
  const raw = object(value, 'cart line');
  const cover = optionalString(raw.coverUrl);
  return {
    bookId: bookId(raw.bookId, 'cart line.bookId'),
    quantity: integer(raw.quantity, 'cart line.quantity'),
    title: string(raw.title, 'cart line.title'),
    author: typeof raw.author === 'string' ? raw.author : '',
    price: dollars(integer(raw.priceCents, 'cart line.priceCents')),
    cover: cover === null ? null : resolve(cover),
    coverColor: optionalString(raw.coverColor),
  };
}

/** `GET/POST /ecom/cart`, `PUT/DELETE /ecom/cart/{bookId}`: {items, totalCents, ...}. */
export function toCart(value: unknown, resolve: UrlResolver): Cart {
  const raw = object(value, 'cart');
  return {
    items: array(raw.items, 'cart.items').map((item) => toCartLine(item, resolve)),
    total: dollars(integer(raw.totalCents, 'cart.totalCents')),
  };
}

function toOrderLine(value: unknown): OrderLine {
  const raw = object(value, 'order line');
  return {
    bookId: bookId(raw.bookId, 'order line.bookId'),
    title: string(raw.title, 'order line.title'),
    quantity: integer(raw.quantity, 'order line.quantity'),
    price: dollars(integer(raw.unitPriceCents, 'order line.unitPriceCents')),
  };
}

/** One order: {id, status, createdAt, totalCents, items: [{bookId, title, quantity, unitPriceCents}]}. */
export function toOrder(value: unknown): Order {
  const raw = object(value, 'order');
  return {
    id: string(raw.id, 'order.id'),
    status: string(raw.status, 'order.status'),
    createdAt: optionalString(raw.createdAt),
    total: dollars(integer(raw.totalCents, 'order.totalCents')),
    items: array(raw.items, 'order.items').map(toOrderLine),
  };
}

/** `GET /ecom/orders`: {items: Order[]}. */
export function toOrders(value: unknown): Order[] {
  return array(object(value, 'orders').items, 'orders.items').map(toOrder);
}

/** `GET /inven/stock?ids=`: {items: [{bookId, available, reserved}], missing}. */
export function toStock(value: unknown): StockLevels {
  const levels = new Map<BookId, number>();
  for (const entry of array(object(value, 'stock').items, 'stock.items')) {
    const raw = object(entry, 'stock entry');
    levels.set(
      bookId(raw.bookId, 'stock entry.bookId'),
      integer(raw.available, 'stock entry.available'),
    );
  }
  return levels;
}

/** The `shortages` of an `out-of-stock` problem, when it has them. */
export function toShortages(value: unknown): Shortage[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    try {
      const raw = object(entry, 'shortage');
      return [
        {
          bookId: bookId(raw.bookId, 'shortage.bookId'),
          requested: integer(raw.requested, 'shortage.requested'),
          available: integer(raw.available, 'shortage.available'),
        },
      ];
    } catch {
      return [];
    }
  });
}
