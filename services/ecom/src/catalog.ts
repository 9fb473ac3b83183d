import { notFound, type App, type Authenticator } from '@bookstore/service-kit';
import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import type { CatalogCache } from './cache.js';
import { renderCover } from './cover.js';
import type { EcomDatabase } from './schema.js';

export const PREFIX = '/ecom';

export const BookId = z
  .string()
  // Plain decimal digits only: `1e3`, `0x10`, ` 1` or `1.0` are not ids (coercion would accept them).
  .regex(/^[1-9][0-9]{0,9}$/, 'a positive integer in decimal digits')
  .pipe(z.coerce.number<string>().int().min(1).max(2_147_483_647));

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

const PageSchema = z.object({
  items: z.array(BookSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

const ListQuery = z
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

const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

/** PostgreSQL text cannot store NUL; such input is a 400, not a database error. */
const noNul = (value: string): boolean => !value.includes('\u0000');
const NO_NUL = 'must not contain NUL (\\u0000) characters';

const UpdateBody = z
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

const SORT_COLUMNS = {
  title: 'title',
  author: 'author',
  price: 'price_cents',
  year: 'year',
} as const;

export function toBook(row: Selectable<EcomDatabase['books']>): Book {
  return {
    id: row.id,
    isbn: row.isbn,
    title: row.title,
    author: row.author,
    priceCents: row.price_cents,
    price: row.price_cents / 100,
    currency: 'USD',
    year: row.year,
    description: row.description,
    coverColor: row.cover_color,
    coverUrl: `${PREFIX}/books/${row.id}/cover.svg`,
  };
}

/** Prefix query from free text: every word must match the start of a title or author word. */
export function prefixQuery(text: string): string | undefined {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu)
    ?.slice(0, 8);
  return words && words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : undefined;
}

const BOOK_COLUMNS = [
  'id',
  'isbn',
  'title',
  'author',
  'price_cents',
  'year',
  'description',
  'cover_color',
  'updated_at',
] as const;

export function registerCatalog(
  app: App,
  db: Kysely<EcomDatabase>,
  cache: CatalogCache,
  auth: Authenticator,
): void {
  const loadBook = (id: number): Promise<Book | null> =>
    cache.getOrLoad(`book:${id}`, async () => {
      const row = await db
        .selectFrom('books')
        .select(BOOK_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toBook(row) : null;
    });

  app.get(
    `${PREFIX}/books`,
    {
      schema: {
        tags: ['catalog'],
        summary: 'List books, paged (page/pageSize or limit/offset) and sorted',
        querystring: ListQuery,
        response: { 200: PageSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? q.pageSize ?? 20;
      const offset = q.offset ?? ((q.page ?? 1) - 1) * limit;
      return cache.getOrLoad(`list:${q.sort}:${q.order}:${limit}:${offset}`, async () => {
        const column = SORT_COLUMNS[q.sort];
        const [rows, count] = await Promise.all([
          db
            .selectFrom('books')
            .select(BOOK_COLUMNS)
            .orderBy(column, q.order)
            .orderBy('id', q.order)
            .limit(limit)
            .offset(offset)
            .execute(),
          db
            .selectFrom('books')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow(),
        ]);
        return {
          items: rows.map(toBook),
          total: count.n,
          page: Math.floor(offset / limit) + 1,
          pageSize: limit,
          limit,
          offset,
        };
      });
    },
  );

  app.get(
    `${PREFIX}/books/search`,
    {
      schema: {
        tags: ['catalog'],
        summary: 'Search title and author (case-insensitive, word prefixes, ranked)',
        querystring: SearchQuery,
        response: {
          200: z.object({
            query: z.string(),
            items: z.array(BookSchema.extend({ rank: z.number() })),
            total: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const { q, limit, offset } = request.query;
      const tsquery = prefixQuery(q);
      if (!tsquery) return { query: q, items: [], total: 0 };
      // Cached by search terms, so texts that differ only in case or punctuation share an entry;
      // the cached value therefore holds no request text, the echoed `query` is added per request.
      const found = await cache.getOrLoad(`search:${limit}:${offset}:${tsquery}`, async () => {
        const rows = await db
          .selectFrom('books')
          .select(BOOK_COLUMNS)
          .select([
            sql<number>`ts_rank(search, to_tsquery('simple', ${tsquery}))`.as('rank'),
            sql<number>`count(*) over ()`.as('total'),
          ])
          .where(sql<boolean>`search @@ to_tsquery('simple', ${tsquery})`)
          .orderBy('rank', 'desc')
          .orderBy('title')
          .limit(limit)
          .offset(offset)
          .execute();
        return {
          items: rows.map((row) => ({ ...toBook(row), rank: Number(row.rank.toFixed(6)) })),
          total: rows[0]?.total ?? 0,
        };
      });
      return { ...found, query: q };
    },
  );

  app.get(
    `${PREFIX}/books/:id`,
    {
      schema: {
        tags: ['catalog'],
        summary: 'One book',
        params: z.strictObject({ id: BookId }),
        response: { 200: BookSchema },
      },
    },
    async (request) => {
      const book = await loadBook(request.params.id);
      if (!book) throw notFound('Book', `No book with id ${request.params.id}.`);
      return book;
    },
  );

  app.get(
    `${PREFIX}/books/:id/cover.svg`,
    {
      schema: {
        tags: ['catalog'],
        summary: 'Generated SVG cover',
        params: z.strictObject({ id: BookId }),
      },
    },
    async (request, reply) => {
      const book = await loadBook(request.params.id);
      if (!book) throw notFound('Book', `No book with id ${request.params.id}.`);
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=3600')
        .send(renderCover(book));
    },
  );

  app.put(
    `${PREFIX}/books/:id`,
    {
      onRequest: auth.authorize('admin'),
      schema: {
        tags: ['catalog'],
        summary: 'Change a book (role admin); invalidates cached catalog reads',
        security: [{ bearer: [] }],
        params: z.strictObject({ id: BookId }),
        body: UpdateBody,
        response: { 200: BookSchema },
      },
    },
    async (request) => {
      const b = request.body;
      const row = await db
        .updateTable('books')
        .set({
          ...(b.title !== undefined && { title: b.title }),
          ...(b.author !== undefined && { author: b.author }),
          ...(b.priceCents !== undefined && { price_cents: b.priceCents }),
          ...(b.year !== undefined && { year: b.year }),
          ...(b.description !== undefined && { description: b.description }),
          ...(b.coverColor !== undefined && { cover_color: b.coverColor }),
          updated_at: new Date(),
        })
        .where('id', '=', request.params.id)
        .returning(BOOK_COLUMNS)
        .executeTakeFirst();
      if (!row) throw notFound('Book', `No book with id ${request.params.id}.`);
      if (!(await cache.invalidate())) {
        request.log.warn(
          { bookId: row.id },
          'book changed while Redis was unreachable; cached copies are invalidated once it is back',
        );
      }
      return toBook(row);
    },
  );
}

/** Loads books by id for cart and checkout; throws 404 naming the unknown id. */
export async function requireBook(db: Kysely<EcomDatabase>, id: number): Promise<void> {
  const row = await db.selectFrom('books').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Book', `No book with id ${id}; nothing was changed.`);
}
