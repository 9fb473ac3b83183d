import {
  createAuthenticator,
  createDb,
  createHttpApp,
  migrateToLatest,
  probe,
  ServiceTokenSource,
  type App,
  type RunningService,
} from '@bookstore/service-kit';
import { sql, type Kysely } from 'kysely';
import { CatalogCache } from './cache.js';
import { PREFIX, registerCatalog } from './catalog.js';
import { registerCart } from './cart.js';
import type { EcomConfig } from './config.js';
import { InventoryClient } from './inventory-client.js';
import { Checkout, registerOrders } from './orders.js';
import { migrations, type EcomDatabase } from './schema.js';

export interface EcomService extends RunningService {
  app: App;
  db: Kysely<EcomDatabase>;
  cache: CatalogCache;
  checkout: Checkout;
}

/** Migrates, builds the app and listens. Used by main.ts, the tests and the benchmark. */
export async function startEcom(config: EcomConfig): Promise<EcomService> {
  const db = createDb<EcomDatabase>(config.DATABASE_URL, { applicationName: 'ecom', max: 10 });
  try {
    await migrateToLatest(db as Kysely<unknown>, migrations, 'ecom');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // The cache needs the app's logger and registry; readiness needs the cache: tie the knot here.
  const ref: { cache?: CatalogCache } = {};
  const { app, metrics } = await createHttpApp({
    service: 'ecom',
    prefix: PREFIX,
    description: 'Catalog, cart, checkout and orders of the bookstore.',
    logLevel: config.LOG_LEVEL,
    readiness: async () => {
      const [database, redis] = await Promise.all([
        probe('PostgreSQL', 1_000, () => sql`select 1`.execute(db)),
        ref.cache?.connected
          ? probe('Redis', 250, () => ref.cache!.redis.ping())
          : Promise.resolve(`Redis is ${ref.cache?.redis.status ?? 'not connected yet'}`),
      ]);
      return {
        // Redis is only a cache: without it the service still answers, from PostgreSQL.
        ready: database === undefined,
        status: database !== undefined ? 'unavailable' : redis !== undefined ? 'degraded' : 'ok',
        checks: {
          database:
            database === undefined ? { status: 'ok' } : { status: 'down', detail: database },
          redis:
            redis === undefined
              ? { status: 'ok' }
              : {
                  status: 'down',
                  detail: `${redis}; catalog reads are served from PostgreSQL without caching`,
                },
        },
      };
    },
  });
  const cache = new CatalogCache(config.REDIS_URL, config.CACHE_TTL_SEC, app.log, metrics);
  ref.cache = cache;
  const auth = createAuthenticator({
    issuer: config.OIDC_ISSUER,
    jwksUrl: config.OIDC_JWKS_URL,
    audience: config.OIDC_AUDIENCE,
    clockToleranceSec: config.JWT_CLOCK_TOLERANCE_SEC,
  });
  const tokens = new ServiceTokenSource({
    tokenUrl: config.OIDC_TOKEN_URL,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    timeoutMs: config.INVENTORY_TIMEOUT_MS,
  });
  const inventory = new InventoryClient(config.INVENTORY_URL, config.INVENTORY_TIMEOUT_MS, tokens);
  const checkout = new Checkout(
    db,
    inventory,
    {
      staleAfterMs: config.STALE_CHECKOUT_MS,
      confirmDelayMs: config.CHECKOUT_CONFIRM_DELAY_MS,
      placedGraceMs: config.CHECKOUT_CONFIRM_DELAY_MS + config.INVENTORY_TIMEOUT_MS,
    },
    app.log,
  );

  registerCatalog(app, db, cache, auth);
  registerCart(app, db, auth);
  registerOrders(app, db, auth, checkout);

  // The saga's driver: on start (orders left unsettled by a crash) and then periodically.
  const reconcile = (): void => {
    checkout.reconcile().then(
      (report) =>
        Object.values(report).some((n) => n > 0) &&
        app.log.info({ report }, 'reconciled unsettled orders'),
      (error: unknown) =>
        app.log.warn({ err: error }, 'order reconciliation failed; retrying on the next tick'),
    );
  };
  const timer = setInterval(reconcile, config.RECONCILE_INTERVAL_MS);
  timer.unref();
  reconcile();

  let url: string;
  try {
    url = await app.listen({ host: config.HOST, port: config.PORT });
  } catch (error) {
    clearInterval(timer);
    await Promise.all([cache.close(), inventory.close(), db.destroy()]);
    throw error;
  }
  app.log.info({ url }, 'ecom listening');
  return {
    app,
    db,
    cache: cache,
    checkout,
    url,
    close: async () => {
      clearInterval(timer);
      await checkout.idle();
      await app.close();
      await Promise.all([cache.close(), inventory.close(), db.destroy()]);
    },
  };
}
