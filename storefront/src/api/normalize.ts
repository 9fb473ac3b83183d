/**
 * Turns API JSON into the app's types. The services own the shapes; these readers check them at
 * the boundary so a field mismatch shows up as one clear error instead of `undefined` on screen.
 */
import type { Book, BookId, Cart, CartLine, Order, OrderLine, Page, StockLevels } from './types';

type Json = Record<string, unknown>;

export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

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

function id(value: unknown, what: string): BookId {
  if (typeof value === 'number' || (typeof value === 'string' && value !== '')) return value;
  throw new ShapeError(`${what}: expected an id, got ${JSON.stringify(value)}`);
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

/** Prices may arrive as numbers or as decimal strings (PostgreSQL numeric). */
function money(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new ShapeError(`${what}: expected a price, got ${JSON.stringify(value)}`);
  }
  return n;
}

function count(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ShapeError(`${what}: expected a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function toBook(value: unknown): Book {
  const raw = object(value, 'book');
  const year = raw.year ?? raw.publishedYear;
  const cover = raw.cover ?? raw.coverUrl;
  return {
    id: id(raw.id, 'book.id'),
    title: text(raw.title, 'Untitled'),
    author: text(raw.author, 'Unknown author'),
    isbn: text(raw.isbn),
    price: money(raw.price, 'book.price'),
    year: typeof year === 'number' ? year : null,
    description: text(raw.description),
    cover: typeof cover === 'string' && cover !== '' ? cover : null,
  };
}

export function toBookPage(value: unknown): Page<Book> {
  const raw = object(value, 'book page');
  const items = array(raw.items, 'book page.items').map(toBook);
  return {
    items,
    total: count(raw.total ?? items.length, 'book page.total'),
    page: count(raw.page ?? 1, 'book page.page'),
    pageSize: count(raw.pageSize ?? items.length, 'book page.pageSize'),
  };
}

/** Search may answer with a page or a bare list. */
export function toBookList(value: unknown): Book[] {
  return Array.isArray(value) ? value.map(toBook) : toBookPage(value).items;
}

function toCartLine(value: unknown): CartLine {
  const raw = object(value, 'cart line');
  const book = raw.book === undefined ? raw : object(raw.book, 'cart line.book');
  return {
    bookId: id(raw.bookId ?? book.id, 'cart line.bookId'),
    quantity: count(raw.quantity, 'cart line.quantity'),
    title: text(book.title ?? raw.title, 'Untitled'),
    author: text(book.author ?? raw.author),
    isbn: text(book.isbn ?? raw.isbn),
    price: money(raw.unitPrice ?? raw.price ?? book.price, 'cart line.price'),
  };
}

export function toCart(value: unknown): Cart {
  const raw = object(value, 'cart');
  return { items: array(raw.items, 'cart.items').map(toCartLine) };
}

function toOrderLine(value: unknown): OrderLine {
  const raw = object(value, 'order line');
  const book = raw.book === undefined ? raw : object(raw.book, 'order line.book');
  return {
    bookId: id(raw.bookId ?? book.id, 'order line.bookId'),
    title: text(book.title ?? raw.title, 'Untitled'),
    quantity: count(raw.quantity, 'order line.quantity'),
    price: money(raw.unitPrice ?? raw.price ?? book.price, 'order line.price'),
  };
}

export function toOrder(value: unknown): Order {
  const raw = object(value, 'order');
  const items = array(raw.items ?? [], 'order.items').map(toOrderLine);
  const total =
    raw.total === undefined
      ? items.reduce((sum, line) => sum + line.price * line.quantity, 0)
      : money(raw.total, 'order.total');
  return {
    id: text(id(raw.id, 'order.id')),
    status: text(raw.status, 'placed'),
    createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : null,
    total,
    items,
  };
}

export function toOrders(value: unknown): Order[] {
  return (Array.isArray(value) ? value : array(object(value, 'orders').items, 'orders.items')).map(
    toOrder,
  );
}

/** Stock arrives as a list of {bookId, available} (or {items: [...]}, or a map of id → units). */
export function toStock(value: unknown): StockLevels {
  const levels = new Map<string, number>();
  const list = Array.isArray(value)
    ? value
    : Array.isArray((value as Json | null)?.items)
      ? ((value as Json).items as unknown[])
      : null;
  if (list === null) {
    for (const [key, units] of Object.entries(object(value, 'stock'))) {
      levels.set(key, count(units, `stock[${key}]`));
    }
    return levels;
  }
  for (const entry of list) {
    const raw = object(entry, 'stock entry');
    const units = raw.available ?? raw.quantity ?? raw.onHand;
    levels.set(
      String(id(raw.bookId ?? raw.id, 'stock entry.bookId')),
      count(units, 'stock entry.available'),
    );
  }
  return levels;
}
