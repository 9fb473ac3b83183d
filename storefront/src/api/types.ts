export type BookId = number | string;

export interface Book {
  id: BookId;
  title: string;
  author: string;
  isbn: string;
  /** Unit price in the shop's currency (major units, e.g. 12.99). */
  price: number;
  year: number | null;
  description: string;
  /** A cover image URL when the API has one; otherwise the app draws a cover. */
  cover: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CartLine {
  bookId: BookId;
  quantity: number;
  title: string;
  author: string;
  isbn: string;
  price: number;
}

export interface Cart {
  items: CartLine[];
}

export interface OrderLine {
  bookId: BookId;
  title: string;
  quantity: number;
  price: number;
}

export interface Order {
  id: string;
  status: string;
  createdAt: string | null;
  total: number;
  items: OrderLine[];
}

/** Units available per book id (keyed by String(id)). */
export type StockLevels = ReadonlyMap<string, number>;

export const sameId = (a: BookId, b: BookId): boolean => String(a) === String(b);
