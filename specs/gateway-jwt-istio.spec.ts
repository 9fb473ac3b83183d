import {
  claimsOf,
  createForeignIssuer,
  stripSignature,
  tamperPayload,
} from '../fixtures/clients/tokens.js';
import { test, expect } from '../fixtures/playwright.js';

/**
 * JWT at the Istio layer (kind): the gateway's RequestAuthentication refuses invalid tokens with
 * Envoy's plain-text 401 before any service sees them (the services' refusals are problem+json),
 * and the AuthorizationPolicy refuses a request without a token on protected routes (403).
 */
test.describe('gateway JWT enforcement at the Istio layer @kind', () => {
  test.beforeEach(({ stack }) => {
    test.skip(
      stack.target !== 'kind',
      'needs the kind target: Istio ambient data plane (ztunnel, waypoints) is not part of the local target',
    );
  });

  test("should refuse invalid tokens at the gateway with Istio's 401", async ({ api, user }) => {
    const valid = await user.accessToken();
    const foreign = await createForeignIssuer();
    const cases = [
      {
        why: 'a token from another issuer',
        token: await foreign.sign({
          ...claimsOf(valid),
          iss: 'http://localhost:30000/auth/realms/elsewhere',
        }),
        body: /Jwt issuer is not configured/,
      },
      {
        why: 'a forged signature',
        token: tamperPayload(valid, { sub: 'someone-else' }),
        body: /Jwt verification fails/,
      },
      { why: 'an alg:none token', token: stripSignature(valid), body: /^Jwt / },
    ];
    for (const c of cases)
      await test.step(c.why, async () => {
        const res = await api.withToken(c.token).get('/ecom/cart');
        expect(res.status).toBe(401);
        expect(res.contentType, 'Envoy answers, not the service').not.toMatch(/problem\+json/);
        expect(res.text).toMatch(c.body);
      });
  });

  test('should refuse a request without a token on protected routes with RBAC 403', async ({
    api,
  }) => {
    const res = await api.get('/ecom/orders');
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/RBAC: access denied/);
  });

  test('should let a valid token through to the service', async ({ api, user }) => {
    expect((await api.as(user).get('/ecom/cart')).status).toBe(200);
  });
});
