import { envFields, parseEnv } from '@bookstore/service-kit';
import { z } from 'zod';

export const EcomEnvSchema = z.object({
  HOST: envFields.host,
  PORT: envFields.port.default(8080),
  DATABASE_URL: envFields.url(['postgres', 'postgresql']),
  REDIS_URL: envFields.url(['redis', 'rediss']),
  /** Base URL; ecom calls `${INVENTORY_URL}/inven/reservations`. */
  INVENTORY_URL: envFields.url(['http', 'https']),
  OIDC_ISSUER: envFields.url(['http', 'https']),
  OIDC_JWKS_URL: envFields.url(['http', 'https']),
  OIDC_AUDIENCE: envFields.audience,
  JWT_CLOCK_TOLERANCE_SEC: envFields.jwtClockTolerance,
  /** ecom's own identity (confidential client, client credentials) for calls to inventory. */
  OIDC_TOKEN_URL: envFields.url(['http', 'https']),
  OIDC_CLIENT_ID: z.string().min(1).default('ecom-service'),
  OIDC_CLIENT_SECRET: z.string().min(16, 'the generated client secret (at least 16 characters)'),
  LOG_LEVEL: envFields.logLevel,
  /** Lifetime of cached catalog reads. */
  CACHE_TTL_SEC: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Deadline of one call to inventory. */
  INVENTORY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** A checkout still pending after this long was interrupted (crash); it is cleaned up. */
  STALE_CHECKOUT_MS: z.coerce.number().int().min(1_000).default(60_000),
  /**
   * How often the reconciler drives unsettled orders to a final state (it also runs at start).
   * Keep it far below inventory's RESERVATION_HOLD_MS (15 min by default).
   */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Fault injection for tests only: pause between placing an order and confirming its hold. */
  CHECKOUT_CONFIRM_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

export type EcomConfig = z.output<typeof EcomEnvSchema>;

export const loadEcomConfig = (env: Record<string, string | undefined>): EcomConfig =>
  parseEnv('ecom', EcomEnvSchema, env);
