import type {
  OutOfStockProblem,
  Reservation,
  ReservationLine,
  ReservationStatus,
  Shortage,
  UnknownBooksProblem,
} from '@bookstore/contracts';
import { HttpProblem, notFound } from '@bookstore/service-kit';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { InventoryDatabase } from './schema.js';

type Db = Kysely<InventoryDatabase>;
type Tx = Transaction<InventoryDatabase>;

async function load(
  db: Db | Tx,
  id: string,
): Promise<(Reservation & { owner: string }) | undefined> {
  const row = await db
    .selectFrom('reservations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const lines = await db
    .selectFrom('reservation_lines')
    .select(['book_id', 'quantity'])
    .where('reservation_id', '=', id)
    .orderBy('book_id')
    .execute();
  return {
    reservationId: row.id,
    owner: row.owner,
    status: row.status,
    expiresAt: row.expires_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    lines: lines.map((line) => ({ bookId: line.book_id, quantity: line.quantity })),
  };
}

const strip = ({ owner: _owner, ...reservation }: Reservation & { owner: string }): Reservation =>
  reservation;

const sameLines = (a: readonly ReservationLine[], b: readonly ReservationLine[]): boolean =>
  a.length === b.length &&
  a.every((line, i) => line.bookId === b[i]?.bookId && line.quantity === b[i]?.quantity);

/**
 * Reserves every line or none, in one transaction. Each line is a conditional decrement
 * (`available >= q`), so concurrent reservations serialise on the stock row and stock never goes
 * negative; lines are taken in book-id order so two multi-line reservations cannot deadlock.
 * Idempotent per reservation id: a retry with the same lines returns the first result.
 */
export async function reserve(
  db: Db,
  owner: string,
  reservationId: string,
  requested: readonly ReservationLine[],
  holdMs: number,
): Promise<{ created: boolean; reservation: Reservation }> {
  const lines = [...requested].sort((a, b) => a.bookId - b.bookId);
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('reservations')
      .values({
        id: reservationId,
        owner,
        status: 'held',
        expires_at: new Date(Date.now() + holdMs),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // Another request with this id committed first (we waited for its row lock if it was in flight).
      const existing = await load(tx, reservationId);
      if (!existing || existing.owner !== owner) {
        throw new HttpProblem(
          409,
          'reservation-conflict',
          'Reservation id in use',
          `Reservation ${reservationId} belongs to another caller; use a new reservation id.`,
        );
      }
      if (existing.status === 'released') {
        throw new HttpProblem(
          409,
          'reservation-released',
          'Reservation released',
          `Reservation ${reservationId} was released (cancelled or expired); reserve again with a new id.`,
        );
      }
      if (!sameLines(existing.lines, lines)) {
        throw new HttpProblem(
          422,
          'idempotency-mismatch',
          'Reservation id reused with different lines',
          `Reservation ${reservationId} already exists with other lines; a retry must send the same lines, a new reservation needs a new id.`,
        );
      }
      return { created: false, reservation: strip(existing) };
    }
    const shortages: Shortage[] = [];
    const unknown: number[] = [];
    for (const line of lines) {
      const taken = await tx
        .updateTable('stock')
        .set((eb) => ({
          available: eb('available', '-', line.quantity),
          reserved: eb('reserved', '+', line.quantity),
          updated_at: sql<Date>`now()`,
        }))
        .where('book_id', '=', line.bookId)
        .where('available', '>=', line.quantity)
        .returning('available')
        .executeTakeFirst();
      if (taken) continue;
      const row = await tx
        .selectFrom('stock')
        .select('available')
        .where('book_id', '=', line.bookId)
        .executeTakeFirst();
      if (row)
        shortages.push({ bookId: line.bookId, requested: line.quantity, available: row.available });
      else unknown.push(line.bookId);
    }
    if (unknown.length > 0) {
      throw new HttpProblem(
        404,
        'not-found',
        'Book not found',
        `No stock record for book id(s) ${unknown.join(', ')}; nothing was reserved.`,
        { bookIds: unknown } satisfies Pick<UnknownBooksProblem, 'bookIds'>,
      );
    }
    if (shortages.length > 0) {
      throw new HttpProblem(
        409,
        'out-of-stock',
        'Not enough stock',
        `Not enough stock for book id(s) ${shortages.map((s) => `${s.bookId} (requested ${s.requested}, available ${s.available})`).join(', ')}; nothing was reserved.`,
        { shortages } satisfies Pick<OutOfStockProblem, 'shortages'>,
      );
    }
    await tx
      .insertInto('reservation_lines')
      .values(
        lines.map((line) => ({
          reservation_id: reservationId,
          book_id: line.bookId,
          quantity: line.quantity,
        })),
      )
      .execute();
    const reservation = await load(tx, reservationId);
    if (!reservation)
      throw new Error(`reservation ${reservationId} vanished inside its own transaction`);
    return { created: true, reservation: strip(reservation) };
  });
}

async function lockedStatus(tx: Tx, id: string): Promise<ReservationStatus | undefined> {
  const row = await tx
    .selectFrom('reservations')
    .select('status')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row?.status;
}

/**
 * Makes a held reservation permanent (no expiry). Idempotent; 409 when it was already released
 * (cancelled, or its hold expired and was swept). A hold past its expiry that the sweep has not
 * reached yet is still confirmed: its stock never left `reserved`.
 */
export async function confirm(db: Db, id: string): Promise<Reservation> {
  return db.transaction().execute(async (tx) => {
    const status = await lockedStatus(tx, id);
    if (status === undefined) throw notFound('Reservation', `No reservation ${id}.`);
    if (status === 'released') {
      throw new HttpProblem(
        409,
        'reservation-released',
        'Reservation released',
        `Reservation ${id} was released (cancelled or expired); reserve again with a new id.`,
      );
    }
    if (status === 'held') {
      await tx
        .updateTable('reservations')
        .set({ status: 'confirmed', expires_at: null, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    }
    const reservation = await load(tx, id);
    if (!reservation) throw new Error(`reservation ${id} vanished inside its own transaction`);
    return strip(reservation);
  });
}

async function returnStock(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE stock SET available = stock.available + l.q, reserved = stock.reserved - l.q, updated_at = now()
    FROM (SELECT book_id, sum(quantity)::int AS q FROM reservation_lines WHERE reservation_id = ANY(${ids}::uuid[]) GROUP BY book_id) AS l
    WHERE stock.book_id = l.book_id
  `.execute(tx);
  await tx
    .updateTable('reservations')
    .set({ status: 'released', expires_at: null, updated_at: new Date() })
    .where('id', 'in', ids)
    .execute();
}

/**
 * Releases a held reservation and returns its stock. Idempotent: releasing twice changes nothing.
 * Releasing an id never seen leaves a `released` tombstone, so a reservation request with that id
 * still in flight (the caller gave up waiting for it) cannot take stock afterwards. A confirmed
 * reservation is sold stock: 409, it stays.
 */
export async function release(db: Db, caller: string, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const status = await lockedStatus(tx, id);
    if (status === 'confirmed') {
      throw new HttpProblem(
        409,
        'reservation-confirmed',
        'Reservation confirmed',
        `Reservation ${id} is confirmed (its order was placed); a confirmed reservation is never released.`,
      );
    }
    if (status === 'held') await returnStock(tx, [id]);
    if (status === undefined) {
      // Racing a reserve of the same id: whichever inserts first wins, the other sees its row.
      const inserted = await tx
        .insertInto('reservations')
        .values({ id, owner: caller, status: 'released', expires_at: null })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        const now = await lockedStatus(tx, id);
        if (now === 'held') await returnStock(tx, [id]);
        else if (now === 'confirmed')
          throw new HttpProblem(
            409,
            'reservation-confirmed',
            'Reservation confirmed',
            `Reservation ${id} is confirmed (its order was placed); a confirmed reservation is never released.`,
          );
      }
    }
  });
}

/** Releases held reservations whose hold expired (a checkout that never confirmed). */
export async function releaseExpired(db: Db, batch = 100): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const expired = await tx
      .selectFrom('reservations')
      .select('id')
      .where('status', '=', 'held')
      .where('expires_at', '<', new Date())
      .orderBy('expires_at')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    await returnStock(
      tx,
      expired.map((row) => row.id),
    );
    return expired.length;
  });
}

export async function getReservation(db: Db, id: string): Promise<Reservation> {
  const reservation = await load(db, id);
  if (!reservation) throw notFound('Reservation', `No reservation ${id}.`);
  return strip(reservation);
}
