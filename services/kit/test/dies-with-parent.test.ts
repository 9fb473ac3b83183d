import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TESTING = pathToFileURL(path.join(REPO_ROOT, 'services/kit/src/testing/index.ts')).href;

/** Does anything accept a connection on 127.0.0.1:`port`? */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket.destroy() && true));
    socket.once('error', () => resolve(false));
  });

async function gone(port: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await listening(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dies-with-parent-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A test runner that starts a server, prints its port and is then killed with SIGKILL (no
 * afterAll, no exit handler runs): the server must end with it.
 */
async function killedRunnerLeaves(start: 'startRedis()' | "startPostgres(['app'])") {
  const script = path.join(dir, 'runner.mts');
  await writeFile(
    script,
    `import { startRedis, startPostgres } from ${JSON.stringify(TESTING)};\n` +
      `const server = await ${start};\n` +
      `console.log(JSON.stringify({ port: server.port }));\n` +
      `setInterval(() => undefined, 1000);\n`,
  );
  const runner = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  runner.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    runner.stdout.on('data', () => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    runner.once('exit', (code) => reject(new Error(`runner exited ${code}: ${out}`)));
  });
  expect(await listening(port)).toBe(true);
  const exited = once(runner, 'exit');
  runner.kill('SIGKILL');
  await exited;
  return gone(port);
}

describe('test servers end with the process that started them', () => {
  it('redis-server ends when its test runner is killed with SIGKILL', async () => {
    expect(await killedRunnerLeaves('startRedis()')).toBe(true);
  }, 30_000);

  it('PostgreSQL ends when its test runner is killed with SIGKILL', async () => {
    expect(await killedRunnerLeaves("startPostgres(['app'])")).toBe(true);
  }, 60_000);
});
