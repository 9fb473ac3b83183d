import {
  ReservationParams,
  ReservationSchema,
  ReserveRequestSchema,
  StockListSchema,
  StockParams,
  StockQuery,
  StockSchema,
} from '@bookstore/contracts';
import {
  createAuthenticator,
  createDb,
  createHttpApp,
  migrateToLatest,
  notFound,
  principalOf,
  probe,
  RESERVATIONS_ROLE,
  type App,
  type RunningService,
} from '@bookstore/service-kit';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { InventoryConfig } from './config.js';
import { confirm, getReservation, release, releaseExpired, reserve } from './reservations.js';
import { migrations, type InventoryDatabase } from './schema.js';

const PREFIX = '/inven';

const security = [{ bearer: [] }];

export interface InventoryService extends RunningService {
  app: App;
  db: Kysely<InventoryDatabase>;
  /** Runs one expiry sweep now (the timer runs it every RESERVATION_SWEEP_MS). */
  sweep(): Promise<number>;
}

/** Migrates, builds the app and listens. Used by main.ts, the tests and the benchmark. */
export async function startInventory(config: InventoryConfig): Promise<InventoryService> {
  const db = createDb<InventoryDatabase>(config.DATABASE_URL, {
    applicationName: 'inventory',
    max: 10,
  });
  try {
    await migrateToLatest(db as Kysely<unknown>, migrations, 'inventory');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const { app } = await createHttpApp({
    service: 'inventory',
    prefix: PREFIX,
    description: 'Stock per book and all-or-nothing reservations.',
    logLevel: config.LOG_LEVEL,
    readiness: async () => {
      const problem = await probe('PostgreSQL', 1_000, () => sql`select 1`.execute(db));
      return {
        ready: problem === undefined,
        status: problem === undefined ? 'ok' : 'unavailable',
        checks: {
          database: problem === undefined ? { status: 'ok' } : { status: 'down', detail: problem },
        },
      };
    },
  });
  const auth = createAuthenticator({
    issuer: config.OIDC_ISSUER,
    jwksUrl: config.OIDC_JWKS_URL,
    audience: config.OIDC_AUDIENCE,
    clockToleranceSec: config.JWT_CLOCK_TOLERANCE_SEC,
  });
  // Reservations move stock: only a service identity with the role (ecom's service account)
  // may create, read, confirm or release them; a customer's token gets 403. Stock reads are public.
  const reservationsOnly = auth.authorize(RESERVATIONS_ROLE);

  app.get(
    `${PREFIX}/stock/:bookId`,
    {
      schema: {
        tags: ['stock'],
        summary: 'Stock of one book',
        params: StockParams,
        response: { 200: StockSchema },
      },
    },
    async (request) => {
      const row = await db
        .selectFrom('stock')
        .selectAll()
        .where('book_id', '=', request.params.bookId)
        .executeTakeFirst();
      if (!row) throw notFound('Book', `No stock record for book ${request.params.bookId}.`);
      return { bookId: row.book_id, available: row.available, reserved: row.reserved };
    },
  );

  app.get(
    `${PREFIX}/stock`,
    {
      schema: {
        tags: ['stock'],
        summary: 'Stock of several books (?ids=1,2,3) or of all books',
        querystring: StockQuery,
        response: { 200: StockListSchema },
      },
    },
    async (request) => {
      const ids = request.query.ids;
      let query = db.selectFrom('stock').selectAll().orderBy('book_id');
      if (ids) query = query.where('book_id', 'in', ids);
      const rows = await query.execute();
      const found = new Set(rows.map((row) => row.book_id));
      return {
        items: rows.map((row) => ({
          bookId: row.book_id,
          available: row.available,
          reserved: row.reserved,
        })),
        missing: (ids ?? []).filter((id) => !found.has(id)),
      };
    },
  );

  app.post(
    `${PREFIX}/reservations`,
    {
      onRequest: reservationsOnly,
      schema: {
        tags: ['reservations'],
        summary:
          'Reserve every line or none; idempotent per reservationId (role inventory-reservations)',
        security,
        body: ReserveRequestSchema,
        response: { 200: ReservationSchema, 201: ReservationSchema },
      },
    },
    async (request, reply) => {
      const { sub } = principalOf(request);
      const { created, reservation } = await reserve(
        db,
        sub,
        request.body.reservationId,
        request.body.lines,
        config.RESERVATION_HOLD_MS,
      );
      return reply.status(created ? 201 : 200).send(reservation);
    },
  );

  app.get(
    `${PREFIX}/reservations/:id`,
    {
      onRequest: reservationsOnly,
      schema: {
        tags: ['reservations'],
        summary: 'One reservation (role inventory-reservations)',
        security,
        params: ReservationParams,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => getReservation(db, request.params.id),
  );

  app.post(
    `${PREFIX}/reservations/:id/confirm`,
    {
      onRequest: reservationsOnly,
      schema: {
        tags: ['reservations'],
        summary:
          'Make a held reservation permanent (its order was placed); idempotent, 409 once released',
        security,
        params: ReservationParams,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => confirm(db, request.params.id),
  );

  app.delete(
    `${PREFIX}/reservations/:id`,
    {
      onRequest: reservationsOnly,
      schema: {
        tags: ['reservations'],
        summary:
          'Release a held reservation (idempotent; an unknown id leaves a tombstone; 409 when confirmed)',
        security,
        params: ReservationParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await release(db, principalOf(request).sub, request.params.id);
      return reply.status(204).send(null);
    },
  );

  const sweep = (): Promise<number> => releaseExpired(db);
  const timer = setInterval(() => {
    sweep().then(
      (released) =>
        released > 0 && app.log.info({ released }, 'released expired reservation holds'),
      (error: unknown) =>
        app.log.warn({ err: error }, 'expired-hold sweep failed; retrying on the next tick'),
    );
  }, config.RESERVATION_SWEEP_MS);
  timer.unref();

  const url = await app.listen({ host: config.HOST, port: config.PORT });
  app.log.info({ url }, 'inventory listening');
  return {
    app,
    db,
    url,
    sweep,
    close: async () => {
      clearInterval(timer);
      await app.close();
      await db.destroy();
    },
  };
}
