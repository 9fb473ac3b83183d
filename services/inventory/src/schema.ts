import type { ReservationStatus } from '@bookstore/contracts';
import { SEED_BOOKS, SEED_STOCK_PER_BOOK } from '@bookstore/service-kit';
import { sql, type ColumnType, type Generated, type Kysely, type Migration } from 'kysely';

export interface InventoryDatabase {
  stock: {
    book_id: number;
    available: number;
    reserved: Generated<number>;
    updated_at: Generated<Date>;
  };
  reservations: {
    id: string;
    owner: string;
    status: ReservationStatus;
    expires_at: Date | null;
    created_at: Generated<Date>;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
  reservation_lines: {
    reservation_id: string;
    book_id: number;
    quantity: number;
  };
}

/** Migrations, applied in name order under Kysely's advisory lock. */
export const migrations: Record<string, Migration> = {
  '0001_stock_and_reservations': {
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE stock (
          book_id integer PRIMARY KEY CHECK (book_id > 0),
          available integer NOT NULL CHECK (available >= 0),
          reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE reservations (
          id uuid PRIMARY KEY,
          owner text NOT NULL,
          status text NOT NULL CHECK (status IN ('held', 'confirmed', 'released')),
          expires_at timestamptz,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX reservations_held_expiry ON reservations (expires_at) WHERE status = 'held';
        CREATE TABLE reservation_lines (
          reservation_id uuid NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
          book_id integer NOT NULL REFERENCES stock (book_id),
          quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
          PRIMARY KEY (reservation_id, book_id)
        );
        ALTER TABLE stock REPLICA IDENTITY FULL;
        ALTER TABLE reservations REPLICA IDENTITY FULL;
      `.execute(db);
    },
  },
  '0002_seed_stock': {
    async up(db: Kysely<unknown>) {
      const ids = SEED_BOOKS.map((book) => book.id);
      await sql`
        INSERT INTO stock (book_id, available)
        SELECT id, ${SEED_STOCK_PER_BOOK} FROM unnest(${ids}::int[]) AS id
        ON CONFLICT (book_id) DO NOTHING
      `.execute(db);
    },
  },
};
