import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { problemOf, type ApiClient } from '../fixtures/clients/api.js';
import type { HttpResponse } from '../fixtures/clients/http.js';
import {
  claimsOf,
  createForeignIssuer,
  headerOf,
  stripSignature,
  tamperPayload,
} from '../fixtures/clients/tokens.js';
import { LOCAL_JWT_CLOCK_TOLERANCE_SEC, REPO_ROOT, test, expect } from '../fixtures/playwright.js';
import { pickBooks } from './support/data.js';

/** The HTTPRoutes both targets serve, read from the one manifest file. */
interface Route {
  name: string;
  prefix: string;
  backend: string;
}

function readRoutes(): Route[] {
  const file = path.join(REPO_ROOT, 'manifests/gateway/httproutes.yaml');
  const routes: Route[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const o = doc.toJS() as {
      kind?: string;
      metadata: { name: string };
      spec: {
        rules: { matches: { path: { value: string } }[]; backendRefs: { name: string }[] }[];
      };
    } | null;
    if (o?.kind !== 'HTTPRoute') continue;
    for (const rule of o.spec.rules)
      for (const match of rule.matches)
        routes.push({
          name: o.metadata.name,
          prefix: match.path.value,
          backend: rule.backendRefs[0]?.name ?? '',
        });
  }
  return routes;
}

/** How each backend proves it is the one answering: a known path and what identifies it. */
const PROBES: Record<string, { path: string; identify(res: HttpResponse): void }> = {
  storefront: {
    path: '/',
    identify(res) {
      expect(res.contentType).toMatch(/^text\/html/);
      expect(res.text).toMatch(/<div id="root"/);
    },
  },
  ecom: {
    path: '/ecom/openapi.json',
    identify(res) {
      expect(res.json<{ info: { title: string } }>().info.title).toMatch(/ecom/i);
    },
  },
  inventory: {
    path: '/inven/openapi.json',
    identify(res) {
      expect(res.json<{ info: { title: string } }>().info.title).toMatch(/inventory/i);
    },
  },
  keycloak: {
    path: '/auth/realms/bookstore',
    identify(res) {
      expect(res.json<{ realm: string; public_key: string }>()).toMatchObject({
        realm: 'bookstore',
      });
    },
  },
};

/**
 * Protected endpoints, each with a request that passes validation (Fastify validates bodies
 * before the auth hook runs, so an invalid body would answer 400 before the token is looked at).
 */
interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  json?: () => unknown;
}

function protectedEndpoints(bookId: string): Endpoint[] {
  return [
    { name: 'cart', method: 'GET', path: '/ecom/cart' },
    { name: 'checkout', method: 'POST', path: '/ecom/checkout' },
    { name: 'orders', method: 'GET', path: '/ecom/orders' },
    {
      name: 'reservations',
      method: 'POST',
      path: '/inven/reservations',
      json: () => ({
        reservationId: randomUUID(),
        lines: [{ bookId: Number(bookId), quantity: 1 }],
      }),
    },
  ];
}

const routes = readRoutes();

test.describe('gateway routes', () => {
  test('should route every HTTPRoute of the manifest to its backend', async ({ api }) => {
    expect(routes.map((r) => r.prefix).sort()).toEqual(['/', '/auth', '/ecom', '/inven']);
    for (const route of routes)
      await test.step(`${route.prefix} → ${route.backend}`, async () => {
        const probe = PROBES[route.backend];
        expect(
          probe,
          `no probe for backend "${route.backend}" of route ${route.name}: add one`,
        ).toBeDefined();
        if (!probe) return;
        expect(probe.path.startsWith(route.prefix)).toBe(true);
        const res = await api.get(probe.path);
        expect(res.status, `GET ${probe.path}`).toBe(200);
        probe.identify(res);
      });
  });

  test('should answer an unknown path with 404', async ({ api }) => {
    for (const unknown of ['/no-such-page', '/ecom/no-such-thing', '/inven/no-such-thing'])
      await test.step(unknown, async () => {
        expect((await api.get(unknown)).status).toBe(404);
      });
  });

  async function call(client: ApiClient, endpoint: Endpoint): Promise<HttpResponse> {
    return client.send({ method: endpoint.method, path: endpoint.path, json: endpoint.json?.() });
  }

  let PROTECTED: Endpoint[] = [];
  let stackTarget = 'local';
  test.beforeAll(async ({ api, stack }) => {
    // Hooks run before the per-test noDataPlaneSkip fixture: skip here too (sim provider).
    test.skip(stack.noDataPlane !== undefined, stack.noDataPlane);
    stackTarget = stack.target;
    const [book] = await pickBooks(api, 1);
    if (!book) throw new Error('no book in stock');
    PROTECTED = protectedEndpoints(book.id);
  });

  /**
   * Local: the service refuses with 401 problem+json. kind: Istio's gateway refuses first (401
   * for an invalid token, 403 "RBAC: access denied" for none; gateway-jwt-istio.spec.ts checks
   * those bodies), so here any refusal before the service counts.
   */
  async function expectRefused(client: ApiClient, why: string): Promise<void> {
    for (const endpoint of PROTECTED)
      await test.step(`${endpoint.name} refuses ${why}`, async () => {
        const res = await call(client, endpoint);
        const what = `${endpoint.method} ${endpoint.path} with ${why}`;
        if (stackTarget === 'kind') {
          expect([401, 403], what).toContain(res.status);
          return;
        }
        expect(res.status, what).toBe(401);
        expect(problemOf(res).status).toBe(401);
      });
  }

  test('should refuse missing, foreign, forged and unsigned tokens on protected routes', async ({
    api,
    user,
  }) => {
    const valid = await user.accessToken();

    await test.step("a customer's valid token is forbidden on reservations (ecom's only)", async () => {
      for (const endpoint of PROTECTED.filter((e) => e.name === 'reservations')) {
        const res = await call(api.as(user), endpoint);
        const what = `${endpoint.method} ${endpoint.path} with a customer's token`;
        expect(res.status, `${what}: ${res.text}`).toBe(403);
        // kind: the gateway's AuthorizationPolicy answers first ("RBAC: access denied").
        if (stackTarget !== 'kind') expect(problemOf(res).status).toBe(403);
      }
    });

    await test.step('a valid token is accepted', async () => {
      for (const endpoint of PROTECTED.filter((e) => e.name !== 'reservations')) {
        const res = await call(api.as(user), endpoint);
        const what = `${endpoint.method} ${endpoint.path} with a valid token`;
        expect([401, 403], what).not.toContain(res.status);
        expect(res.status, `${what}: ${res.text}`).toBeLessThan(500);
      }
    });
    await expectRefused(api, 'no token');

    const foreign = await createForeignIssuer();
    const claims = claimsOf(valid);
    await expectRefused(
      api.withToken(
        await foreign.sign({ ...claims, iss: 'http://localhost:30000/auth/realms/elsewhere' }),
      ),
      'a token from another issuer',
    );
    await expectRefused(
      api.withToken(await foreign.sign({ ...claims }, { kid: headerOf(valid).kid ?? foreign.kid })),
      'a token with the right issuer signed by an unknown key',
    );
    await expectRefused(
      api.withToken(tamperPayload(valid, { sub: '00000000-0000-0000-0000-000000000000' })),
      'a token whose signature is forged',
    );
    await expectRefused(api.withToken(stripSignature(valid)), 'an alg:none token');
  });

  test('should refuse an expired token signed by the realm', async ({ api, keycloak, stack }) => {
    // The token lives 3 s; the services accept LOCAL_JWT_CLOCK_TOLERANCE_SEC of skew locally (one
    // clock), 30 s on kind (Istio's gateway refuses at exp there). Refused within seconds locally.
    // 3 s, not 1: time enough for the 'accepted while fresh' request on a loaded machine.
    const lifespanSec = 3;
    const toleranceSec = stack.target === 'local' ? LOCAL_JWT_CLOCK_TOLERANCE_SEC : 30;
    const refusedWithinMs = (lifespanSec + toleranceSec + 10) * 1000;
    test.setTimeout(refusedWithinMs + 30_000);
    const client = await keycloak.admin.createShortLivedClient(lifespanSec);
    try {
      const realmUser = await keycloak.createUnsignedIn();
      const tokens = await keycloak.admin.passwordGrant(
        realmUser.username,
        realmUser.password,
        client.clientId,
      );
      const expiring = api.withToken(tokens.accessToken);
      await test.step('the token is accepted while it is fresh', async () => {
        expect((await expiring.get('/ecom/cart')).status).toBe(200);
      });
      await test.step('every protected route refuses it once it has expired', async () => {
        await expect
          .poll(async () => (await expiring.get('/ecom/cart')).status, {
            timeout: refusedWithinMs,
            intervals: [250],
          })
          .toBe(401);
      });
      await expectRefused(expiring, 'an expired token');
    } finally {
      await keycloak.admin.deleteClient(client.id);
    }
  });
});
