import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';

/** The issuer tokens carry in tests; deliberately not the JWKS server's own address. */
export const TEST_ISSUER = 'http://localhost:30000/auth/realms/bookstore';
export const TEST_AUDIENCE = 'bookstore-api';

export interface TokenOptions {
  sub?: string;
  roles?: string[];
  issuer?: string;
  audience?: string | string[];
  /** Seconds from now; negative for an expired token. */
  expiresInSec?: number;
  /** Seconds from now. */
  notBeforeSec?: number;
  /** Sign with a key that is not in the JWKS. */
  foreignKey?: boolean;
}

export interface TestIssuer {
  issuer: string;
  audience: string;
  jwksUrl: string;
  token(options?: TokenOptions): Promise<string>;
  /** `Bearer <token>` */
  bearer(options?: TokenOptions): Promise<string>;
  /** An `alg: none` token with otherwise valid claims. */
  unsignedToken(options?: TokenOptions): string;
  stop(): Promise<void>;
}

/** Signs RS256 tokens with a fresh key pair and serves its public key as a JWKS on loopback. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const keys = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((request, response) => {
    if (request.url === '/jwks') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    response.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const claims = (options: TokenOptions): Record<string, unknown> => ({
    realm_access: { roles: options.roles ?? ['customer'] },
    azp: 'bookstore-cli',
  });
  const sign = async (options: TokenOptions = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const key: CryptoKey = options.foreignKey ? foreign.privateKey : keys.privateKey;
    const jwt = new SignJWT(claims(options))
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
      .setSubject(options.sub ?? 'user-1')
      .setIssuer(options.issuer ?? TEST_ISSUER)
      .setAudience(options.audience ?? [TEST_AUDIENCE, 'account'])
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSec ?? 300));
    if (options.notBeforeSec !== undefined) jwt.setNotBefore(now + options.notBeforeSec);
    return jwt.sign(key);
  };
  return {
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    token: sign,
    bearer: async (options) => `Bearer ${await sign(options)}`,
    unsignedToken: (options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new UnsecuredJWT(claims(options))
        .setSubject(options.sub ?? 'user-1')
        .setIssuer(options.issuer ?? TEST_ISSUER)
        .setAudience(options.audience ?? TEST_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .encode();
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
