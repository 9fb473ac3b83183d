import {
  BookListQuery,
  BookPageSchema,
  BookParams,
  BookSchema,
  BookSearchQuery,
  BookUpdateSchema,
  SearchResultsSchema,
  type Book,
} from '@bookstore/contracts';
import { notFound, type App, type Authenticator } from '@bookstore/service-kit';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CatalogCache } from './cache.js';
import { renderCover } from './cover.js';
import type { EcomDatabase } from './schema.js';

export const PREFIX = '/ecom';

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
        querystring: BookListQuery,
        response: { 200: BookPageSchema },
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
        querystring: BookSearchQuery,
        response: { 200: SearchResultsSchema },
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
        params: BookParams,
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
        params: BookParams,
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
        params: BookParams,
        body: BookUpdateSchema,
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
