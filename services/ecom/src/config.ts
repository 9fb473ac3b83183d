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
  LOG_LEVEL: envFields.logLevel,
  /** Lifetime of cached catalog reads. */
  CACHE_TTL_SEC: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Deadline of one call to inventory. */
  INVENTORY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** A checkout still pending after this long was interrupted (crash); it is cleaned up. */
  STALE_CHECKOUT_MS: z.coerce.number().int().min(1_000).default(60_000),
});

export type EcomConfig = z.output<typeof EcomEnvSchema>;

export const loadEcomConfig = (env: Record<string, string | undefined>): EcomConfig =>
  parseEnv('ecom', EcomEnvSchema, env);
