/** ecom (`/ecom`): catalog, cart, checkout and orders. Money is cents (integers) + dollars. */
import { z } from 'zod';
import { IdParam, MAX_INT } from './common.js';

// ─── catalog ─────────────────────────────────────────────────────────────────────────────────

/** `GET|PUT /ecom/books/{id}`, `GET /ecom/books/{id}/cover.svg` */
export const BookParams = z.strictObject({ id: IdParam });

/** One book. `price` = `priceCents / 100`; `coverUrl` is a path under `/ecom`. */
export const BookSchema = z.object({
  id: z.number().int(),
  isbn: z.string(),
  title: z.string(),
  author: z.string(),
  priceCents: z.number().int(),
  price: z.number(),
  currency: z.literal('USD'),
  year: z.number().int(),
  description: z.string(),
  coverColor: z.string(),
  coverUrl: z.string(),
});
export type Book = z.infer<typeof BookSchema>;
export type BookId = Book['id'];

/** `GET /ecom/books`: paged with page/pageSize or limit/offset (not both), sorted. */
export const BookListQuery = z
  .strictObject({
    page: z.coerce.number().int().min(1).max(100_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
    offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
    sort: z.enum(['title', 'author', 'price', 'year']).default('title'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .refine(
    (q) =>
      !(
        (q.page !== undefined || q.pageSize !== undefined) &&
        (q.limit !== undefined || q.offset !== undefined)
      ),
    {
      message: 'use either page/pageSize or limit/offset, not both',
    },
  );

/** `GET /ecom/books`: one page; both paging styles' fields are always there. */
export const BookPageSchema = z.object({
  items: z.array(BookSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type BookPage = z.infer<typeof BookPageSchema>;

/** `GET /ecom/books/search?q=` */
export const BookSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

/** `GET /ecom/books/search`: ranked hits (best first) and `query` echoed as sent. */
export const SearchResultsSchema = z.object({
  query: z.string(),
  items: z.array(BookSchema.extend({ rank: z.number() })),
  total: z.number().int(),
});
export type SearchResults = z.infer<typeof SearchResultsSchema>;

/** PostgreSQL text cannot store NUL; such input is a 400, not a database error. */
const noNul = (value: string): boolean => !value.includes('\u0000');
const NO_NUL = 'must not contain NUL (\\u0000) characters';

/** `PUT /ecom/books/{id}` (role admin): the fields to change, at least one. */
export const BookUpdateSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(300).refine(noNul, NO_NUL),
    author: z.string().trim().min(1).max(300).refine(noNul, NO_NUL),
    priceCents: z.number().int().min(0).max(1_000_000),
    year: z.number().int().min(-3000).max(2100),
    description: z.string().max(2000).refine(noNul, NO_NUL),
    coverColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour'),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
export type BookUpdate = z.infer<typeof BookUpdateSchema>;

// ─── cart ────────────────────────────────────────────────────────────────────────────────────

/** The most copies of one book a cart line holds. */
export const MAX_LINE_QUANTITY = 99;

export const CartLineSchema = z.object({
  bookId: z.number().int(),
  title: z.string(),
  author: z.string(),
  priceCents: z.number().int(),
  price: z.number(),
  quantity: z.number().int(),
  lineTotalCents: z.number().int(),
  coverColor: z.string(),
  coverUrl: z.string(),
});
export type CartLine = z.infer<typeof CartLineSchema>;

/** `GET|POST /ecom/cart`, `PUT|DELETE /ecom/cart/{bookId}`: the whole cart, oldest line first. */
export const CartSchema = z.object({
  items: z.array(CartLineSchema),
  totalQuantity: z.number().int(),
  totalCents: z.number().int(),
  total: z.number(),
});
export type Cart = z.infer<typeof CartSchema>;

const Quantity = z.number().int().min(1).max(MAX_LINE_QUANTITY);

/** `POST /ecom/cart`: adds `quantity` to the book's line. */
export const CartAddSchema = z.strictObject({
  bookId: z.number().int().min(1).max(MAX_INT),
  quantity: Quantity,
});
export type CartAdd = z.infer<typeof CartAddSchema>;

/** `PUT /ecom/cart/{bookId}`: sets the line's quantity. */
export const CartQuantitySchema = z.strictObject({ quantity: Quantity });
export type CartQuantity = z.infer<typeof CartQuantitySchema>;

/** `PUT|DELETE /ecom/cart/{bookId}` */
export const CartLineParams = z.strictObject({ bookId: IdParam });

/** `POST /ecom/cart`: an `Idempotency-Key` makes a retry answer the first result. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'visible ASCII, 1 to 200 characters')
    .optional(),
});

// ─── checkout and orders ─────────────────────────────────────────────────────────────────────

/**
 * What the buyer sees of an order. `pending`: placed, stock held, waiting for inventory's
 * confirmation (ecom's reconciler delivers it); `confirmed`: the stock is sold to this order;
 * `cancelled`: the hold was gone before it could be confirmed (nothing was sold).
 */
export const OrderStatusSchema = z.enum(['pending', 'confirmed', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const OrderLineSchema = z.object({
  bookId: z.number().int(),
  title: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  lineTotalCents: z.number().int(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

/** `POST /ecom/checkout` (201), `GET /ecom/orders/{id}`; `total` = `totalCents / 100`. */
export const OrderSchema = z.object({
  id: z.uuid(),
  status: OrderStatusSchema,
  /** ISO 8601. */
  createdAt: z.string(),
  totalCents: z.number().int(),
  total: z.number(),
  itemCount: z.number().int(),
  items: z.array(OrderLineSchema),
});
export type Order = z.infer<typeof OrderSchema>;

/** `GET /ecom/orders` */
export const OrderListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** `GET /ecom/orders`: my orders, newest first. */
export const OrderListSchema = z.object({ items: z.array(OrderSchema) });
export type OrderList = z.infer<typeof OrderListSchema>;

/** `GET /ecom/orders/{id}` */
export const OrderParams = z.strictObject({ id: z.uuid() });
