-- Target tables of the Flink SQL jobs (JDBC sinks do no DDL). Primary keys match the Flink
-- sinks' keys, so the sinks upsert (INSERT ... ON CONFLICT DO UPDATE) and apply deletes.
CREATE TABLE IF NOT EXISTS book_sales (
  book_id    INTEGER PRIMARY KEY,
  title      TEXT,
  units_sold BIGINT NOT NULL,
  orders     BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders_by_status (
  status TEXT PRIMARY KEY,
  orders BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS stock_levels (
  book_id   INTEGER PRIMARY KEY,
  available INTEGER NOT NULL,
  reserved  INTEGER NOT NULL
);
