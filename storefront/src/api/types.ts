/** Book ids are positive integers (ecom's `books.id`). */
export type BookId = number;

export interface Book {
  id: BookId;
  title: string;
  author: string;
  isbn: string;
  /** Unit price in US dollars (the API's `price`, = priceCents / 100). */
  price: number;
  year: number | null;
  description: string;
  /** The API's generated cover (same origin as the API), or null: then the app draws one. */
  cover: string | null;
  /** The cover's main colour (#rrggbb), used by the drawn cover too. */
  coverColor: string | null;
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
  price: number;
  cover: string | null;
  coverColor: string | null;
}

export interface Cart {
  items: CartLine[];
  /** US dollars. */
  total: number;
}

export interface OrderLine {
  bookId: BookId;
  title: string;
  quantity: number;
  /** Unit price in US dollars. */
  price: number;
}

export interface Order {
  id: string;
  status: string;
  createdAt: string | null;
  total: number;
  items: OrderLine[];
}

/** Units available per book id. */
export type StockLevels = ReadonlyMap<BookId, number>;

/** One line inventory could not reserve (from an `out-of-stock` problem's `shortages`). */
export interface Shortage {
  bookId: BookId;
  requested: number;
  available: number;
}
