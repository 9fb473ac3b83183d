import { envFields, parseEnv } from '@bookstore/service-kit';
import { z } from 'zod';

export const InventoryEnvSchema = z.object({
  HOST: envFields.host,
  PORT: envFields.port.default(8080),
  DATABASE_URL: envFields.url(['postgres', 'postgresql']),
  OIDC_ISSUER: envFields.url(['http', 'https']),
  OIDC_JWKS_URL: envFields.url(['http', 'https']),
  OIDC_AUDIENCE: envFields.audience,
  JWT_CLOCK_TOLERANCE_SEC: envFields.jwtClockTolerance,
  LOG_LEVEL: envFields.logLevel,
  /** How long an unconfirmed reservation holds stock before it is released automatically. */
  RESERVATION_HOLD_MS: z.coerce.number().int().min(1_000).default(900_000),
  /** How often expired holds are swept. */
  RESERVATION_SWEEP_MS: z.coerce.number().int().min(100).default(30_000),
});

export type InventoryConfig = z.output<typeof InventoryEnvSchema>;

export const loadInventoryConfig = (env: Record<string, string | undefined>): InventoryConfig =>
  parseEnv('inventory', InventoryEnvSchema, env);
