import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { HttpProblem } from './problem.js';

/** Who is calling: the token's subject and realm roles, plus the raw header to forward. */
export interface Principal {
  sub: string;
  roles: string[];
  /** The caller's `Authorization` header, forwarded on service-to-service calls. */
  authorization: string;
}

export interface AuthOptions {
  issuer: string;
  /** May differ from the issuer (e.g. in-cluster Keycloak address vs the public issuer). */
  jwksUrl: string;
  audience: string;
  /** Seconds of clock skew accepted on exp/nbf/iat. */
  clockToleranceSec?: number;
}

/** Asymmetric algorithms only: `none` and HMAC are refused. */
export const ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];

const REALM = 'bookstore';

/**
 * Realm role of ecom's service account (client `ecom-service`): creating, confirming, releasing
 * and reading reservations in inventory need it; customers' tokens do not carry it.
 */
export const RESERVATIONS_ROLE = 'inventory-reservations';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

function unauthorized(detail: string, withError: boolean): HttpProblem {
  const challenge = withError
    ? `Bearer realm="${REALM}", error="invalid_token", error_description="${detail.replaceAll('"', "'")}"`
    : `Bearer realm="${REALM}"`;
  return new HttpProblem(
    401,
    'unauthorized',
    'Authentication required',
    detail,
    {},
    { 'www-authenticate': challenge },
  );
}

function rolesOf(payload: JWTPayload): string[] {
  const realmAccess = payload['realm_access'];
  if (typeof realmAccess !== 'object' || realmAccess === null) return [];
  const roles = (realmAccess as { roles?: unknown }).roles;
  return Array.isArray(roles)
    ? roles.filter((role): role is string => typeof role === 'string')
    : [];
}

export interface Authenticator {
  /**
   * `onRequest` hook of protected routes: sets `request.principal` or throws a 401 problem. As an
   * onRequest hook it runs before the body is read and validated, so a caller without a valid
   * token learns nothing about the route's schema (401, never a 400 naming fields).
   */
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** `onRequest` hook: authenticate, then require the realm role (403 problem otherwise). */
  authorize: (role: string) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  verify: (authorization: string | undefined) => Promise<Principal>;
}

/** Validates Keycloak access tokens against the realm's JWKS (fetched and cached by jose). */
export function createAuthenticator(options: AuthOptions): Authenticator {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
    timeoutDuration: 3_000,
    cooldownDuration: 10_000,
  });
  const verify = async (authorization: string | undefined): Promise<Principal> => {
    if (!authorization)
      throw unauthorized('Send an Authorization: Bearer <access token> header.', false);
    const match = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)$/i.exec(authorization.trim());
    if (!match?.[1]) throw unauthorized('The Authorization header is not "Bearer <token>".', true);
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: options.clockToleranceSec ?? 30,
        requiredClaims: ['sub', 'exp'],
      });
      // requiredClaims only checks presence: an empty subject would make every such caller one user.
      if (!payload.sub)
        throw new joseErrors.JWTClaimValidationFailed(
          '"sub" claim is empty',
          payload,
          'sub',
          'check_failed',
        );
      return { sub: payload.sub, roles: rolesOf(payload), authorization };
    } catch (error) {
      if (
        error instanceof joseErrors.JWKSTimeout ||
        (error instanceof TypeError && !(error instanceof joseErrors.JOSEError))
      ) {
        throw new HttpProblem(
          503,
          'auth-unavailable',
          'Token keys unavailable',
          `Could not fetch the signing keys from ${options.jwksUrl}: ${error.message}. Retry later.`,
        );
      }
      if (error instanceof joseErrors.JOSEError) {
        throw unauthorized(`The access token was refused (${error.code}): ${error.message}.`, true);
      }
      throw error;
    }
  };
  return {
    verify,
    authenticate: async (request) => {
      request.principal = await verify(request.headers.authorization);
    },
    authorize: (role) => async (request) => {
      const principal = await verify(request.headers.authorization);
      requireRole(principal, role);
      request.principal = principal;
    },
  };
}

/** The principal a protected route's onRequest hook set; a programming error if it is missing. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new Error(
      `Route ${request.routeOptions.url ?? request.url} has no authenticate onRequest hook`,
    );
  return request.principal;
}

export function requireRole(principal: Principal, role: string): void {
  if (!principal.roles.includes(role)) {
    throw new HttpProblem(
      403,
      'forbidden',
      'Forbidden',
      `This operation needs the realm role "${role}", which this token does not carry.`,
    );
  }
}
