import { createHash } from 'node:crypto';
import {
  CartAddSchema,
  CartLineParams,
  CartQuantitySchema,
  CartSchema,
  IdempotencyHeaders,
  MAX_LINE_QUANTITY,
  type Cart,
} from '@bookstore/contracts';
import {
  HttpProblem,
  notFound,
  principalOf,
  type App,
  type Authenticator,
} from '@bookstore/service-kit';
import { sql, type Kysely, type Transaction } from 'kysely';
import { PREFIX } from './catalog.js';
import type { EcomDatabase } from './schema.js';

type Db = Kysely<EcomDatabase> | Transaction<EcomDatabase>;

export async function loadCart(db: Db, userId: string): Promise<Cart> {
  const rows = await db
    .selectFrom('cart_items as c')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select(['c.book_id', 'c.quantity', 'b.title', 'b.author', 'b.price_cents', 'b.cover_color'])
    .where('c.user_id', '=', userId)
    .orderBy('c.added_at')
    .orderBy('c.book_id')
    .execute();
  const items = rows.map((row) => ({
    bookId: row.book_id,
    title: row.title,
    author: row.author,
    priceCents: row.price_cents,
    price: row.price_cents / 100,
    quantity: row.quantity,
    lineTotalCents: row.price_cents * row.quantity,
    coverColor: row.cover_color,
    coverUrl: `${PREFIX}/books/${row.book_id}/cover.svg`,
  }));
  const totalCents = items.reduce((sum, item) => sum + item.lineTotalCents, 0);
  return {
    items,
    totalQuantity: items.reduce((sum, item) => sum + item.quantity, 0),
    totalCents,
    total: totalCents / 100,
  };
}

async function requireBookTx(db: Db, id: number): Promise<void> {
  const row = await db.selectFrom('books').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Book', `No book with id ${id}; the cart was not changed.`);
}

/**
 * Runs `operation` at most once per (user, Idempotency-Key). The key row is inserted in the same
 * transaction as the change: a concurrent retry blocks on it and then replays the stored response;
 * a failed attempt rolls the key back, so it can be retried. Same key, different request → 422.
 */
async function once<T>(
  db: Kysely<EcomDatabase>,
  userId: string,
  key: string | undefined,
  requestHash: string,
  operation: (tx: Transaction<EcomDatabase>) => Promise<T>,
): Promise<{ replayed: boolean; value: T }> {
  return db.transaction().execute(async (tx) => {
    if (key !== undefined) {
      const claimed = await tx
        .insertInto('idempotency_keys')
        .values({
          user_id: userId,
          key,
          request_hash: requestHash,
          status_code: null,
          response: null,
        })
        .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!claimed) {
        const stored = await tx
          .selectFrom('idempotency_keys')
          .select(['request_hash', 'response'])
          .where('user_id', '=', userId)
          .where('key', '=', key)
          .executeTakeFirstOrThrow();
        if (stored.request_hash !== requestHash) {
          throw new HttpProblem(
            422,
            'idempotency-key-reused',
            'Idempotency-Key reused with a different request',
            `Idempotency-Key "${key}" was already used for a different request; send a new key for a new request.`,
          );
        }
        return { replayed: true, value: stored.response as T };
      }
    }
    const value = await operation(tx);
    if (key !== undefined) {
      await tx
        .updateTable('idempotency_keys')
        .set({ status_code: 200, response: JSON.stringify(value) })
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .execute();
    }
    return { replayed: false, value };
  });
}

/** One cart line changed in a transaction: the book must exist (404 otherwise); returns the cart. */
function changeLine(
  db: Kysely<EcomDatabase>,
  userId: string,
  bookId: number,
  change: (tx: Transaction<EcomDatabase>) => Promise<unknown>,
): Promise<Cart> {
  return db.transaction().execute(async (tx) => {
    await requireBookTx(tx, bookId);
    await change(tx);
    return loadCart(tx, userId);
  });
}

export function registerCart(app: App, db: Kysely<EcomDatabase>, auth: Authenticator): void {
  const security = [{ bearer: [] }];

  app.get(
    `${PREFIX}/cart`,
    {
      onRequest: auth.authenticate,
      schema: { tags: ['cart'], summary: 'My cart', security, response: { 200: CartSchema } },
    },
    async (request) => loadCart(db, principalOf(request).sub),
  );

  app.post(
    `${PREFIX}/cart`,
    {
      onRequest: auth.authenticate,
      schema: {
        tags: ['cart'],
        summary: `Add a book (adds to an existing line, at most ${MAX_LINE_QUANTITY}); Idempotency-Key makes retries safe`,
        security,
        headers: IdempotencyHeaders,
        body: CartAddSchema,
        response: { 200: CartSchema },
      },
    },
    async (request, reply) => {
      const userId = principalOf(request).sub;
      const { bookId, quantity } = request.body;
      const hash = createHash('sha256')
        .update(JSON.stringify(['POST /ecom/cart', bookId, quantity]))
        .digest('hex');
      const { replayed, value } = await once(
        db,
        userId,
        request.headers['idempotency-key'],
        hash,
        async (tx) => {
          // One statement in the common case: the SELECT yields no row for an unknown book.
          const line = await tx
            .insertInto('cart_items')
            .columns(['user_id', 'book_id', 'quantity'])
            .expression((eb) =>
              eb
                .selectFrom('books')
                .select([eb.val(userId).as('user_id'), 'id', eb.val(quantity).as('quantity')])
                .where('id', '=', bookId),
            )
            .onConflict((oc) =>
              oc
                .columns(['user_id', 'book_id'])
                .doUpdateSet({
                  quantity: sql`cart_items.quantity + excluded.quantity`,
                  updated_at: new Date(),
                })
                .where(
                  sql<boolean>`cart_items.quantity + excluded.quantity <= ${MAX_LINE_QUANTITY}`,
                ),
            )
            .returning('quantity')
            .executeTakeFirst();
          if (!line) {
            await requireBookTx(tx, bookId);
            const current = await tx
              .selectFrom('cart_items')
              .select('quantity')
              .where('user_id', '=', userId)
              .where('book_id', '=', bookId)
              .executeTakeFirst();
            throw new HttpProblem(
              409,
              'quantity-limit',
              'Cart line limit exceeded',
              `Book ${bookId} is already in the cart ${current?.quantity ?? 0} time(s); adding ${quantity} would exceed ${MAX_LINE_QUANTITY}. Set the quantity with PUT ${PREFIX}/cart/${bookId} instead.`,
              { bookId, quantity: current?.quantity ?? 0, max: MAX_LINE_QUANTITY },
            );
          }
          return loadCart(tx, userId);
        },
      );
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return value;
    },
  );

  app.put(
    `${PREFIX}/cart/:bookId`,
    {
      onRequest: auth.authenticate,
      schema: {
        tags: ['cart'],
        summary: 'Set the quantity of a book in my cart',
        security,
        params: CartLineParams,
        body: CartQuantitySchema,
        response: { 200: CartSchema },
      },
    },
    async (request) => {
      const userId = principalOf(request).sub;
      const { bookId } = request.params;
      return changeLine(db, userId, bookId, (tx) =>
        tx
          .insertInto('cart_items')
          .values({ user_id: userId, book_id: bookId, quantity: request.body.quantity })
          .onConflict((oc) =>
            oc
              .columns(['user_id', 'book_id'])
              .doUpdateSet({ quantity: request.body.quantity, updated_at: new Date() }),
          )
          .execute(),
      );
    },
  );

  app.delete(
    `${PREFIX}/cart/:bookId`,
    {
      onRequest: auth.authenticate,
      schema: {
        tags: ['cart'],
        summary: 'Remove a book from my cart',
        security,
        params: CartLineParams,
        response: { 200: CartSchema },
      },
    },
    async (request) => {
      const userId = principalOf(request).sub;
      const { bookId } = request.params;
      return changeLine(db, userId, bookId, (tx) =>
        tx
          .deleteFrom('cart_items')
          .where('user_id', '=', userId)
          .where('book_id', '=', bookId)
          .execute(),
      );
    },
  );
}
