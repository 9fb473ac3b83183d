import { randomUUID } from 'node:crypto';
import {
  OrderListQuery,
  OrderListSchema,
  OrderParams,
  OrderSchema,
  OutOfStockProblemSchema,
  ProblemSchema,
  UnknownBooksProblemSchema,
  type Order,
} from '@bookstore/contracts';
import {
  HttpProblem,
  notFound,
  principalOf,
  type App,
  type Authenticator,
} from '@bookstore/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { PREFIX } from './catalog.js';
import type { InventoryClient } from './inventory-client.js';
import type { EcomDatabase } from './schema.js';

type Db = Kysely<EcomDatabase>;

/** What the buyer sees of each saga state; `pending` and `cancelling` orders are not shown. */
const VISIBLE: Record<'placed' | 'confirmed' | 'cancelled', Order['status']> = {
  placed: 'pending',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
};

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
    .where('status', 'in', ['placed', 'confirmed', 'cancelled'])
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
    status: VISIBLE[order.status as keyof typeof VISIBLE],
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

/** The slug of an inventory problem (`/problems/<slug>`), if the body is one. */
const problemSlug = (body: unknown): string | undefined => {
  const problem = ProblemSchema.safeParse(body);
  return problem.success ? problem.data.type.replace(/^\/problems\//, '') : undefined;
};

export interface ReconcileReport {
  /** pending orders past their deadline, now `cancelling`. */
  timedOut: number;
  /** `cancelling` orders whose hold inventory released (rows deleted). */
  released: number;
  /** `placed` orders whose hold inventory confirmed. */
  confirmed: number;
  /** `placed` orders whose hold was gone (expired): `cancelled`. */
  cancelled: number;
  /** Calls that failed (inventory unreachable): retried on the next run. */
  deferred: number;
}

export interface CheckoutOptions {
  /** A `pending` order older than this belongs to a checkout that died or gave up. */
  staleAfterMs: number;
  /** Fault injection only (tests): wait this long between placing the order and confirming. */
  confirmDelayMs: number;
  /**
   * The reconciler leaves a `placed` order this long to the checkout that placed it (which
   * confirms it itself), so the two do not race on every order.
   */
  placedGraceMs: number;
}

/*
 * Checkout is a saga whose log is the `orders` row (a transactional outbox: every state change is
 * committed in ecom's database before or after one idempotent call to inventory, keyed by the
 * order id, which is also the reservation id):
 *
 *   1. tx: the cart becomes an order `pending` (the cart stays);
 *   2. inventory holds every line or none (a hold expires after RESERVATION_HOLD_MS unless
 *      confirmed);
 *   3. tx: `pending` → `placed` and the ordered lines leave the cart (the buyer sees `pending`);
 *   4. inventory confirms the hold; then `placed` → `confirmed`.
 *
 * Every step after 1 is repeated by the reconciler (on start and every RECONCILE_INTERVAL_MS, far
 * inside the hold window) with ecom's own token, so no order waits for its buyer to come back:
 *   - `pending` past STALE_CHECKOUT_MS → `cancelling` (a checkout still running then finds its
 *     order gone in step 3 and answers 409); `cancelling` → release in inventory, then the row is
 *     deleted (the buyer never saw it; the cart was never touched);
 *   - `placed` → confirm in inventory → `confirmed`; if inventory released the hold meanwhile (its
 *     window passed while ecom or inventory was down), → `cancelled` (nothing sold, shown so).
 * Why this cannot lose or double-sell stock: inventory never releases a confirmed hold (release
 * answers 409) and never confirms a released one (confirm answers 409); an order is `confirmed`
 * only after inventory said so; a release of an id inventory has not seen leaves a tombstone, so a
 * reservation still in flight cannot take stock for a cancelled order.
 */
export class Checkout {
  private running: Promise<ReconcileReport> | undefined;

  constructor(
    private readonly db: Db,
    private readonly inventory: InventoryClient,
    private readonly options: CheckoutOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  async run(userId: string): Promise<Order> {
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
          'Another checkout of this cart is running (or was interrupted and is being cleaned up); retry in a minute.',
          {},
          { 'retry-after': '10' },
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

    // 2. hold the stock
    const answer = await this.inventory.reserve(orderId, lines);
    if (answer.kind === 'unreachable') {
      // It may have reserved before the timeout: release (or leave it to the reconciler).
      await this.cancel(orderId).catch(() => undefined);
      throw new HttpProblem(
        503,
        'inventory-unavailable',
        'Inventory unavailable',
        `Stock could not be reserved (${answer.detail}); no order was created and the cart is unchanged. Retry later.`,
        {},
        { 'retry-after': '5' },
      );
    }
    if (answer.kind === 'refused') {
      // All or nothing: a refused reservation holds nothing, so the order simply goes.
      await this.discard(orderId);
      const problem = ProblemSchema.safeParse(answer.body);
      const detail = problem.success ? problem.data.detail : undefined;
      const outOfStock = OutOfStockProblemSchema.safeParse(answer.body);
      const unknownBooks = UnknownBooksProblemSchema.safeParse(answer.body);
      if (answer.status === 409 && problemSlug(answer.body) === 'reservation-released')
        throw interrupted();
      if (answer.status === 409 || answer.status === 404) {
        throw new HttpProblem(
          409,
          'out-of-stock',
          'Not enough stock',
          `${detail ?? 'Inventory refused the reservation.'} No order was created and the cart is unchanged.`,
          {
            shortages: outOfStock.success ? outOfStock.data.shortages : [],
            ...(unknownBooks.success ? { unknownBookIds: unknownBooks.data.bookIds } : {}),
          },
        );
      }
      throw new HttpProblem(
        502,
        'inventory-error',
        'Inventory refused the request',
        `Inventory answered ${answer.status}: ${detail ?? JSON.stringify(answer.body)}. No order was created.`,
      );
    }

    // 3. place the order, take the ordered lines out of the cart
    try {
      await this.db.transaction().execute(async (tx) => {
        const placed = await tx
          .updateTable('orders')
          .set({ status: 'placed', updated_at: new Date() })
          .where('id', '=', orderId)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        // Cancelled meanwhile by the reconciler (deadline passed): it releases the hold.
        if (placed.numUpdatedRows === 0n) throw interrupted();
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
      await this.cancel(orderId).catch(() => undefined);
      throw error;
    }

    // 4. make the hold permanent (if this fails, the reconciler does it)
    if (this.options.confirmDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.options.confirmDelayMs));
    await this.settlePlaced(orderId);
    const [order] = await loadOrders(this.db, userId, [orderId]);
    if (!order) throw new Error(`order ${orderId} vanished after it was placed`);
    return order;
  }

  /** Deletes an order that never held stock (still `pending`). */
  private async discard(orderId: string): Promise<void> {
    await this.db
      .deleteFrom('orders')
      .where('id', '=', orderId)
      .where('status', '=', 'pending')
      .execute();
  }

  /** `pending` → `cancelling`, then release at once (the reconciler retries if that fails). */
  private async cancel(orderId: string): Promise<void> {
    await this.db
      .updateTable('orders')
      .set({ status: 'cancelling', updated_at: new Date() })
      .where('id', '=', orderId)
      .where('status', '=', 'pending')
      .execute();
    await this.settleCancelling(orderId);
  }

  /** Releases the hold of a `cancelling` order, then deletes the order. */
  private async settleCancelling(orderId: string): Promise<'released' | 'deferred'> {
    const released = await this.inventory.release(orderId);
    if (released.kind !== 'ok') {
      this.log.warn({ orderId, answer: released }, 'hold release failed; the reconciler retries');
      return 'deferred';
    }
    await this.db
      .deleteFrom('orders')
      .where('id', '=', orderId)
      .where('status', '=', 'cancelling')
      .execute();
    return 'released';
  }

  /** Confirms the hold of a `placed` order: → `confirmed`, or `cancelled` if the hold is gone. */
  private async settlePlaced(orderId: string): Promise<'confirmed' | 'cancelled' | 'deferred'> {
    const answer = await this.inventory.confirm(orderId);
    if (answer.kind === 'ok') {
      await this.db
        .updateTable('orders')
        .set({ status: 'confirmed', updated_at: new Date() })
        .where('id', '=', orderId)
        .where('status', '=', 'placed')
        .execute();
      return 'confirmed';
    }
    if (
      answer.kind === 'refused' &&
      ((answer.status === 409 && problemSlug(answer.body) === 'reservation-released') ||
        answer.status === 404)
    ) {
      this.log.error(
        { orderId, answer },
        'the hold expired before its confirmation landed; order cancelled, nothing sold',
      );
      await this.db
        .updateTable('orders')
        .set({ status: 'cancelled', updated_at: new Date() })
        .where('id', '=', orderId)
        .where('status', '=', 'placed')
        .execute();
      return 'cancelled';
    }
    this.log.warn({ orderId, answer }, 'hold confirmation failed; the reconciler retries');
    return 'deferred';
  }

  /**
   * Drives every unsettled order one step towards its final state (see the comment above). One
   * run at a time per process; several processes may run it at once (every step is idempotent
   * and every state change conditional).
   */
  reconcile(batch = 200): Promise<ReconcileReport> {
    this.running ??= this.reconcileOnce(batch).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no reconciliation is running (used on shutdown). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async reconcileOnce(batch: number): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      timedOut: 0,
      released: 0,
      confirmed: 0,
      cancelled: 0,
      deferred: 0,
    };
    const timedOut = await this.db
      .updateTable('orders')
      .set({ status: 'cancelling', updated_at: new Date() })
      .where('status', '=', 'pending')
      .where('created_at', '<', new Date(Date.now() - this.options.staleAfterMs))
      .returning('id')
      .execute();
    report.timedOut = timedOut.length;
    const unsettled = await this.db
      .selectFrom('orders')
      .select(['id', 'status'])
      .where((eb) =>
        eb.or([
          eb('status', '=', 'cancelling'),
          eb.and([
            eb('status', '=', 'placed'),
            eb('updated_at', '<', new Date(Date.now() - this.options.placedGraceMs)),
          ]),
        ]),
      )
      .orderBy('created_at')
      .limit(batch)
      .execute();
    for (const order of unsettled) {
      const outcome =
        order.status === 'cancelling'
          ? await this.settleCancelling(order.id)
          : await this.settlePlaced(order.id);
      report[outcome] += 1;
    }
    return report;
  }
}

const interrupted = (): HttpProblem =>
  new HttpProblem(
    409,
    'checkout-interrupted',
    'Checkout took too long',
    'The checkout outlasted its time limit and was cancelled; no order was created and the cart is unchanged. Check out again.',
  );

export function registerOrders(app: App, db: Db, auth: Authenticator, checkout: Checkout): void {
  const security = [{ bearer: [] }];
  app.post(
    `${PREFIX}/checkout`,
    {
      onRequest: auth.authenticate,
      schema: {
        tags: ['orders'],
        summary:
          'Turn my cart into an order (reserves stock in inventory; all or nothing). The order answers `confirmed`, or `pending` until inventory confirms it',
        security,
        response: { 201: OrderSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await checkout.run(principalOf(request).sub)),
  );

  app.get(
    `${PREFIX}/orders`,
    {
      onRequest: auth.authenticate,
      schema: {
        tags: ['orders'],
        summary: 'My orders, newest first',
        security,
        querystring: OrderListQuery,
        response: { 200: OrderListSchema },
      },
    },
    async (request) => ({
      items: await loadOrders(
        db,
        principalOf(request).sub,
        undefined,
        request.query.limit,
        request.query.offset,
      ),
    }),
  );

  app.get(
    `${PREFIX}/orders/:id`,
    {
      onRequest: auth.authenticate,
      schema: {
        tags: ['orders'],
        summary: 'One of my orders',
        security,
        params: OrderParams,
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
