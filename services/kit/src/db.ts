import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationResult } from 'kysely';
import pg from 'pg';
import { inspect } from 'node:util';

// int8 (count(*), sums) as JS numbers: our counts and cents stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DbOptions {
  /** Pool size; both services keep it small (2 cores, one Postgres each). */
  max?: number;
  applicationName: string;
  /** Per-statement timeout so a stuck database cannot hang a request forever. */
  statementTimeoutMs?: number;
}

export function createDb<DB>(connectionString: string, options: DbOptions): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Runs the migrations to the latest version. Kysely's Postgres adapter takes a session advisory
 * lock (pg_advisory_lock) around the run and each migration runs in a transaction, so replicas
 * starting at once apply every migration exactly once: the second waits, then finds nothing to do.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  migrations: Record<string, Migration>,
  subject: string,
): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed =
      results?.find((result) => result.status === 'Error')?.migrationName ??
      '(before any migration)';
    throw new MigrationError(
      `${subject}: migration ${failed} failed: ${error instanceof Error ? error.message : inspect(error)}. ` +
        'Fix the database or the migration and restart; applied migrations are recorded in kysely_migration.',
      { cause: error },
    );
  }
  return results ?? [];
}
