import { startTestIssuer, type TestIssuer } from './oidc.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startRedis, type TestRedis } from './redis.js';

/** What ecom and inventory depend on, started for a test file or a benchmark (loopback only). */
export interface TestDependencies {
  /** One PostgreSQL with the databases `ecom` and `inventory`. */
  pg: TestPostgres;
  redis: TestRedis;
  issuer: TestIssuer;
  /** The services' OIDC settings for this issuer. */
  oidc: { OIDC_ISSUER: string; OIDC_JWKS_URL: string; OIDC_AUDIENCE: string };
  /** ecom's client-credentials settings for this issuer's token endpoint. */
  serviceClient: { OIDC_TOKEN_URL: string; OIDC_CLIENT_ID: string; OIDC_CLIENT_SECRET: string };
  /** Stops all three (errors are ignored: a test's cleanup must not mask its failure). */
  stop(): Promise<void>;
}

export async function startDependencies(): Promise<TestDependencies> {
  const [pg, redis, issuer] = await Promise.all([
    startPostgres(['ecom', 'inventory']),
    startRedis(),
    startTestIssuer(),
  ]);
  return {
    pg,
    redis,
    issuer,
    oidc: {
      OIDC_ISSUER: issuer.issuer,
      OIDC_JWKS_URL: issuer.jwksUrl,
      OIDC_AUDIENCE: issuer.audience,
    },
    serviceClient: {
      OIDC_TOKEN_URL: issuer.service.tokenUrl,
      OIDC_CLIENT_ID: issuer.service.clientId,
      OIDC_CLIENT_SECRET: issuer.service.clientSecret,
    },
    stop: async () => {
      await Promise.allSettled([pg.stop(), redis.stop(), issuer.stop()]);
    },
  };
}
