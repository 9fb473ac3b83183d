import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { RESERVATIONS_ROLE } from '../auth.js';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';

/** The issuer tokens carry in tests; deliberately not the JWKS server's own address. */
export const TEST_ISSUER = 'http://localhost:30000/auth/realms/bookstore';
export const TEST_AUDIENCE = 'bookstore-api';
/** ecom's confidential client in the realm file, and the role its service account holds. */
export const TEST_SERVICE_CLIENT_ID = 'ecom-service';

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

/** A confidential client with a service account, as in the realm file. */
export interface TestServiceClient {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The service account's subject (Keycloak: the service-account user's id). */
  sub: string;
  /** Client-credentials grants answered so far (200 or not). */
  grants(): number;
  /** Lifetime of the tokens the endpoint issues, in seconds (Keycloak's realm default: 300). */
  expiresInSec: number;
}

export interface TestIssuer {
  issuer: string;
  audience: string;
  jwksUrl: string;
  service: TestServiceClient;
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
  const service = {
    clientId: TEST_SERVICE_CLIENT_ID,
    clientSecret: randomBytes(24).toString('base64url'),
    sub: randomUUID(),
    expiresInSec: 300,
  };
  let grants = 0;
  const server: Server = createServer((request, response) => {
    if (request.url === '/token' && request.method === 'POST') {
      grants += 1;
      void tokenEndpoint(request.headers.authorization, request).then(
        ({ status, body }) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        },
        () => response.destroy(),
      );
      return;
    }
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
  /** Answers as Keycloak 26 does for grant_type=client_credentials with client_secret_basic. */
  const tokenEndpoint = async (
    authorization: string | undefined,
    body: AsyncIterable<unknown>,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const [id, secret] = Buffer.from((authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString('utf8')
      .split(':')
      .map(decodeURIComponent);
    if (id !== service.clientId || secret !== service.clientSecret)
      return {
        status: 401,
        body: {
          error: 'unauthorized_client',
          error_description: 'Invalid client or Invalid client credentials',
        },
      };
    if (form.get('grant_type') !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    return {
      status: 200,
      body: {
        access_token: await sign({
          sub: service.sub,
          roles: ['default-roles-bookstore', 'customer', RESERVATIONS_ROLE],
          expiresInSec: service.expiresInSec,
        }),
        expires_in: service.expiresInSec,
        refresh_expires_in: 0,
        token_type: 'Bearer',
        'not-before-policy': 0,
        scope: 'profile email',
      },
    };
  };
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
    service: {
      ...service,
      tokenUrl: `http://127.0.0.1:${port}/token`,
      grants: () => grants,
    },
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
