import { randomInt } from 'node:crypto';
import type { ApiClient, Book, Order } from '../../fixtures/clients/api.js';

/**
 * Data factories: each test makes its own carts and orders, with overrides for what it cares
 * about. Books are picked at random among those with enough stock, so parallel tests rarely
 * touch the same book and a long-lived data directory does not run dry.
 */

export interface BookPick extends Book {
  stock: number;
}

/** `count` distinct in-stock books (at least `minStock` units each), from the whole catalog. */
export async function pickBooks(
  api: ApiClient,
  count: number,
  options: { minStock?: number } = {},
): Promise<BookPick[]> {
  const minStock = options.minStock ?? 5;
  const first = await api.books({ page: 1, pageSize: 50 });
  const all: Book[] = [...first.items];
  const pages = first.total && first.pageSize ? Math.ceil(first.total / first.pageSize) : 1;
  for (let page = 2; page <= Math.min(pages, 10); page++)
    all.push(...(await api.books({ page, pageSize: 50 })).items);
  const stock = await api.stock(all.map((b) => b.id));
  const candidates = all.filter((b) => (stock.get(b.id) ?? 0) >= minStock);
  if (candidates.length < count)
    throw new Error(
      `Need ${count} books with at least ${minStock} in stock; the catalog has ${candidates.length} of ${all.length}. ` +
        'Restock the inventory (or use a fresh DATA_DIR).',
    );
  const picked: BookPick[] = [];
  while (picked.length < count) {
    const [book] = candidates.splice(randomInt(candidates.length), 1);
    if (book) picked.push({ ...book, stock: stock.get(book.id) ?? 0 });
  }
  return picked;
}

/** Books from the catalog's first page (what a visitor sees on `/`, sorted by title). */
export async function firstPageBooks(
  api: ApiClient,
  count: number,
  minStock = 5,
): Promise<BookPick[]> {
  const page = await api.books({ page: 1, pageSize: 12, sort: 'title' });
  const stock = await api.stock(page.items.map((b) => b.id));
  const inStock = page.items
    .filter((b) => (stock.get(b.id) ?? 0) >= minStock)
    .map((b) => ({ ...b, stock: stock.get(b.id) ?? 0 }));
  if (inStock.length < count)
    throw new Error(`The first catalog page has only ${inStock.length} books in stock`);
  return inStock.slice(0, count);
}

export interface CartLineInput {
  bookId: string;
  quantity: number;
}

/** Fill `asUser`'s server cart with the given lines (default: one random book, quantity 1). */
export async function givenCart(
  asUser: ApiClient,
  lines?: CartLineInput[],
): Promise<CartLineInput[]> {
  const wanted = lines ?? (await pickBooks(asUser, 1)).map((b) => ({ bookId: b.id, quantity: 1 }));
  for (const line of wanted) await asUser.addToCart(line.bookId, line.quantity);
  return wanted;
}

/** Put lines in the cart and check out; returns the order. */
export async function givenOrder(asUser: ApiClient, lines?: CartLineInput[]): Promise<Order> {
  await givenCart(asUser, lines);
  return asUser.checkout();
}
