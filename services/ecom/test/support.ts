import { startInventory, type InventoryService } from '../../inventory/src/app.js';
import {
  freePort,
  startDependencies,
  type TestIssuer,
  type TestPostgres,
  type TestRedis,
} from '@bookstore/service-kit/testing';
import { startEcom, type EcomService } from '../src/app.js';
import type { EcomConfig } from '../src/config.js';

/** One real stack per test file: Postgres (ecom + inventory DBs), redis-server, JWKS, both services. */
export interface Stack {
  pg: TestPostgres;
  redis: TestRedis;
  issuer: TestIssuer;
  inventory: InventoryService;
  ecom: EcomService;
  ecomConfig: EcomConfig;
  /** Starts one more ecom on the same databases with config overrides (closed by stop()). */
  extraEcom(overrides: Partial<EcomConfig>): Promise<EcomService>;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const deps = await startDependencies();
  const { pg, redis, issuer } = deps;
  const oidc = { ...deps.oidc, LOG_LEVEL: 'silent' as const };
  const inventory = await startInventory({
    HOST: '127.0.0.1',
    PORT: 0,
    DATABASE_URL: pg.url('inventory'),
    RESERVATION_HOLD_MS: 60_000,
    RESERVATION_SWEEP_MS: 3_600_000,
    ...oidc,
  });
  const ecomConfig: EcomConfig = {
    HOST: '127.0.0.1',
    PORT: 0,
    DATABASE_URL: pg.url('ecom'),
    REDIS_URL: redis.url,
    INVENTORY_URL: inventory.url,
    CACHE_TTL_SEC: 60,
    INVENTORY_TIMEOUT_MS: 2_000,
    STALE_CHECKOUT_MS: 60_000,
    // The tests drive the reconciler themselves (ecom.checkout.reconcile()).
    RECONCILE_INTERVAL_MS: 600_000,
    CHECKOUT_CONFIRM_DELAY_MS: 0,
    ...oidc,
    ...deps.serviceClient,
  };
  const ecom = await startEcom(ecomConfig);
  const extras: EcomService[] = [];
  return {
    pg,
    redis,
    issuer,
    inventory,
    ecom,
    ecomConfig,
    extraEcom: async (overrides) => {
      const extra = await startEcom({ ...ecomConfig, ...overrides });
      extras.push(extra);
      return extra;
    },
    stop: async () => {
      await Promise.allSettled([
        ecom.close(),
        inventory.close(),
        ...extras.map((extra) => extra.close()),
      ]);
      await deps.stop();
    },
  };
}

export { freePort };

export { client, type Problem, type Reply } from '@bookstore/service-kit/testing';
