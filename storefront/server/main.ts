/**
 * Production entry: `node --import tsx storefront/server/main.ts`.
 * Env: HOST (default 127.0.0.1), PORT (default 8080), STATIC_DIR (default storefront/dist),
 * OIDC_AUTHORITY, OIDC_CLIENT_ID, API_BASE_URL (see src/runtime-config.ts), LOG_LEVEL.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeConfigFromEnv } from '../src/runtime-config.ts';
import { buildServer } from './app.ts';

const env = process.env;
const port = Number(env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  throw new Error(`Storefront server: PORT must be an integer 0..65535, got "${env.PORT}".`);
}
const staticDir = env.STATIC_DIR
  ? resolve(env.STATIC_DIR)
  : fileURLToPath(new URL('../dist', import.meta.url));

const app = await buildServer({
  staticDir,
  config: runtimeConfigFromEnv(env),
  logger: { level: env.LOG_LEVEL ?? 'info' },
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

await app.listen({ host: env.HOST ?? '127.0.0.1', port });
