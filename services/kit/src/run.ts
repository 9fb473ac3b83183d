import { EnvConfigError } from './config.js';

export interface RunningService {
  /** Where it listens, e.g. http://127.0.0.1:18081 */
  url: string;
  close(): Promise<void>;
}

/**
 * The entry point both `main.ts` files use: starts the service, closes it on SIGTERM/SIGINT, and
 * exits non-zero with one readable message when configuration or startup fails. This is the
 * process edge, so it writes to stderr; everything else logs through pino.
 */
export async function runService(
  service: string,
  start: () => Promise<RunningService>,
): Promise<void> {
  let running: RunningService;
  try {
    running = await start();
  } catch (error) {
    const message =
      error instanceof EnvConfigError
        ? error.message
        : `${service}: failed to start: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    const timer = setTimeout(() => {
      process.stderr.write(
        `${service}: shutdown after ${signal} took longer than 10000ms; exiting\n`,
      );
      process.exit(1);
    }, 10_000);
    timer.unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${service}: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
