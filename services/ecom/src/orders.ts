import { randomUUID } from 'node:crypto';
import {
  HttpProblem,
  notFound,
  principalOf,
  type App,
  type Authenticator,
  type Principal,
} from '@bookstore/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { PREFIX } from './catalog.js';
import type { InventoryClient } from './inventory-client.js';
import type { EcomDatabase } from './schema.js';

export const OrderSchema = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'confirmed']),
  createdAt: z.string(),
  totalCents: z.number().int(),
  total: z.number(),
  itemCount: z.number().int(),
  items: z.array(
    z.object({
      bookId: z.number().int(),
      title: z.string(),
      quantity: z.number().int(),
      unitPriceCents: z.number().int(),
      lineTotalCents: z.number().int(),
    }),
  ),
});
export type Order = z.infer<typeof OrderSchema>;

type Db = Kysely<EcomDatabase>;

async function loadOrders(
  db: Db,
  userId: string,
  ids?: string[],
  limit = 50,
  offset = 0,
): Promise<Order[]> {
  let query = db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '=', 'confirmed')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset);
  if (ids) query = query.where('id', 'in', ids);
  const orders = await query.execute();
  if (orders.length === 0) return [];
  const items = await db
    .selectFrom('order_items')
    .selectAll()
    .where(
      'order_id',
      'in',
      orders.map((order) => order.id),
    )
    .orderBy('book_id')
    .execute();
  return orders.map((order) => ({
    id: order.id,
    status: order.status,
    createdAt: order.created_at.toISOString(),
    totalCents: order.total_cents,
    total: order.total_cents / 100,
    itemCount: order.item_count,
    items: items
      .filter((item) => item.order_id === order.id)
      .map((item) => ({
        bookId: item.book_id,
        title: item.title,
        quantity: item.quantity,
        unitPriceCents: item.unit_price_cents,
        lineTotalCents: item.unit_price_cents * item.quantity,
      })),
  }));
}

/*
 * Checkout is a small saga with the order id as the reservation id:
 *   1. tx: the cart becomes an order in status `pending` (the cart stays);
 *   2. inventory reserves every line or none, idempotently per order id, as a *hold* that expires
 *      (RESERVATION_HOLD_MS) unless confirmed;
 *   3. tx: the order becomes `confirmed` and the ordered lines leave the cart;
 *   4. inventory confirms the hold (no more expiry).
 * Refusal (409) or an unreachable inventory in step 2 deletes the pending order (after a
 * best-effort release), so no order exists and the cart is intact. A crash between 2 and 3 leaves a
 * pending order and a hold: the hold expires by itself in inventory (no credentials needed), and
 * the pending order is removed by the sweeper (or released with the user's token on their next
 * checkout). A crash between 3 and 4 leaves `reservation_confirmed = false`; the user's next
 * checkout or order listing confirms it, well within the hold.
 * Why not reserve first and cancel on failure: a crash after reserving would leave stock reserved
 * forever, since only the owner's token may release it and a background job has no such token.
 */
export class Checkout {
  constructor(
    private readonly db: Db,
    private readonly inventory: InventoryClient,
    private readonly staleAfterMs: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  async run(principal: Principal): Promise<Order> {
    const userId = principal.sub;
    await this.reconcile(principal);
    const orderId = randomUUID();

    // 1. pending order from the cart
    const lines = await this.db.transaction().execute(async (tx) => {
      const cart = await tx
        .selectFrom('cart_items as c')
        .innerJoin('books as b', 'b.id', 'c.book_id')
        .select(['c.book_id', 'c.quantity', 'b.title', 'b.price_cents'])
        .where('c.user_id', '=', userId)
        .orderBy('c.book_id')
        .forUpdate('c')
        .execute();
      if (cart.length === 0) {
        throw new HttpProblem(
          409,
          'cart-empty',
          'Cart is empty',
          `Add books with POST ${PREFIX}/cart before checking out.`,
        );
      }
      const pending = await tx
        .insertInto('orders')
        .values({
          id: orderId,
          user_id: userId,
          status: 'pending',
          total_cents: cart.reduce((sum, line) => sum + line.price_cents * line.quantity, 0),
          item_count: cart.reduce((sum, line) => sum + line.quantity, 0),
        })
        .onConflict((oc) =>
          oc
            .column('user_id')
            .where(sql<boolean>`status = 'pending'`)
            .doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      if (!pending) {
        throw new HttpProblem(
          409,
          'checkout-in-progress',
          'Checkout already in progress',
          'Another checkout of this cart is running; wait for it to finish.',
        );
      }
      await tx
        .insertInto('order_items')
        .values(
          cart.map((line) => ({
            order_id: orderId,
            book_id: line.book_id,
            title: line.title,
            quantity: line.quantity,
            unit_price_cents: line.price_cents,
          })),
        )
        .execute();
      return cart.map((line) => ({ bookId: line.book_id, quantity: line.quantity }));
    });

    // 2. reserve
    const answer = await this.inventory.reserve(orderId, lines, principal.authorization);
    if (answer.kind !== 'ok') {
      if (answer.kind === 'unreachable')
        await this.inventory.release(orderId, principal.authorization); // it may have reserved before the timeout
      await this.discard(orderId);
      if (answer.kind === 'unreachable') {
        throw new HttpProblem(
          503,
          'inventory-unavailable',
          'Inventory unavailable',
          `Stock could not be reserved (${answer.detail}); no order was created and the cart is unchanged. Retry later.`,
          {},
          { 'retry-after': '5' },
        );
      }
      const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as {
        shortages?: unknown;
        detail?: unknown;
        bookIds?: unknown;
      };
      if (answer.status === 409 || answer.status === 404) {
        throw new HttpProblem(
          409,
          'out-of-stock',
          'Not enough stock',
          `${typeof body.detail === 'string' ? body.detail : 'Inventory refused the reservation.'} No order was created and the cart is unchanged.`,
          {
            shortages: Array.isArray(body.shortages) ? body.shortages : [],
            ...(Array.isArray(body.bookIds) ? { unknownBookIds: body.bookIds } : {}),
          },
        );
      }
      throw new HttpProblem(
        502,
        'inventory-error',
        'Inventory refused the request',
        `Inventory answered ${answer.status}: ${typeof body.detail === 'string' ? body.detail : JSON.stringify(answer.body)}. No order was created.`,
      );
    }

    // 3. confirm the order, empty the ordered lines
    try {
      await this.db.transaction().execute(async (tx) => {
        const confirmed = await tx
          .updateTable('orders')
          .set({ status: 'confirmed', updated_at: new Date() })
          .where('id', '=', orderId)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (confirmed.numUpdatedRows === 0n) {
          // Cleaned up meanwhile as an interrupted checkout (reconcile or sweep): the cart stays,
          // and the catch below returns the stock just reserved.
          throw new HttpProblem(
            409,
            'checkout-interrupted',
            'Checkout took too long',
            'The checkout outlasted its time limit and was cancelled; no order was created and the cart is unchanged. Check out again.',
          );
        }
        // Take the ordered quantities out of the cart; copies added while the checkout ran stay.
        const bookIds = lines.map((line) => line.bookId);
        const quantities = lines.map((line) => line.quantity);
        await sql`
          DELETE FROM cart_items c
          USING unnest(${bookIds}::int[], ${quantities}::int[]) AS o(book_id, quantity)
          WHERE c.user_id = ${userId} AND c.book_id = o.book_id AND c.quantity <= o.quantity
        `.execute(tx);
        await sql`
          UPDATE cart_items c SET quantity = c.quantity - o.quantity, updated_at = now()
          FROM unnest(${bookIds}::int[], ${quantities}::int[]) AS o(book_id, quantity)
          WHERE c.user_id = ${userId} AND c.book_id = o.book_id
        `.execute(tx);
      });
    } catch (error) {
      await this.inventory.release(orderId, principal.authorization);
      await this.discard(orderId).catch(() => undefined);
      throw error;
    }

    // 4. make the hold permanent
    await this.confirmReservation(orderId, principal);
    const [order] = await loadOrders(this.db, userId, [orderId]);
    if (!order) throw new Error(`order ${orderId} vanished after commit`);
    return order;
  }

  private async discard(orderId: string): Promise<void> {
    await this.db
      .deleteFrom('orders')
      .where('id', '=', orderId)
      .where('status', '=', 'pending')
      .execute();
  }

  private async confirmReservation(orderId: string, principal: Principal): Promise<void> {
    const confirmed = await this.inventory.confirm(orderId, principal.authorization);
    if (confirmed.kind === 'ok') {
      await this.db
        .updateTable('orders')
        .set({ reservation_confirmed: true })
        .where('id', '=', orderId)
        .execute();
    } else {
      this.log.warn(
        { orderId, answer: confirmed },
        'reservation confirm failed; retried on the user’s next checkout or order listing',
      );
    }
  }

  /** Repairs this user's interrupted checkouts, using their token (see the comment above). */
  async reconcile(principal: Principal): Promise<void> {
    const stale = await this.db
      .selectFrom('orders')
      .select(['id', 'status'])
      .where('user_id', '=', principal.sub)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('status', '=', 'pending'),
            eb('created_at', '<', new Date(Date.now() - this.staleAfterMs)),
          ]),
          eb.and([eb('status', '=', 'confirmed'), eb('reservation_confirmed', '=', false)]),
        ]),
      )
      .execute();
    for (const order of stale) {
      if (order.status === 'confirmed') {
        await this.confirmReservation(order.id, principal);
        continue;
      }
      const released = await this.inventory.release(order.id, principal.authorization);
      if (released.kind === 'ok' || (released.kind === 'refused' && released.status === 404))
        await this.discard(order.id);
    }
  }

  /** Deletes pending orders abandoned long ago (their holds expired in inventory). */
  async sweep(olderThanMs: number): Promise<number> {
    const result = await this.db
      .deleteFrom('orders')
      .where('status', '=', 'pending')
      .where('created_at', '<', new Date(Date.now() - olderThanMs))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

export function registerOrders(app: App, db: Db, auth: Authenticator, checkout: Checkout): void {
  const security = [{ bearer: [] }];
  app.post(
    `${PREFIX}/checkout`,
    {
      preHandler: auth.authenticate,
      schema: {
        tags: ['orders'],
        summary: 'Turn my cart into an order (reserves stock in inventory; all or nothing)',
        security,
        response: { 201: OrderSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await checkout.run(principalOf(request))),
  );

  app.get(
    `${PREFIX}/orders`,
    {
      preHandler: auth.authenticate,
      schema: {
        tags: ['orders'],
        summary: 'My orders, newest first',
        security,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(100).default(50),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(OrderSchema) }) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await checkout.reconcile(principal);
      return {
        items: await loadOrders(
          db,
          principal.sub,
          undefined,
          request.query.limit,
          request.query.offset,
        ),
      };
    },
  );

  app.get(
    `${PREFIX}/orders/:id`,
    {
      preHandler: auth.authenticate,
      schema: {
        tags: ['orders'],
        summary: 'One of my orders',
        security,
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: OrderSchema },
      },
    },
    async (request) => {
      const [order] = await loadOrders(db, principalOf(request).sub, [request.params.id]);
      // Another user's order is indistinguishable from a missing one.
      if (!order) throw notFound('Order', `No order ${request.params.id} for this user.`);
      return order;
    },
  );
}
