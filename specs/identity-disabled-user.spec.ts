/**
 * A disabled user: the access token already issued stays valid until it expires (access tokens
 * live 300 s, the realm's accessTokenLifespan), but no new token is issued — neither by signing in
 * nor by refreshing.
 */
import { HttpError } from '../fixtures/clients/http.js';
import { claimsOf } from '../fixtures/clients/tokens.js';
import { test, expect } from '../fixtures/playwright.js';

test.describe('a disabled user', () => {
  test('should get no new token once disabled; issued access tokens live at most 300 s', async ({
    keycloak,
  }) => {
    const user = await keycloak.create();
    const first = user.current;
    const claims = claimsOf(first.accessToken);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(300);

    const disabled = await keycloak.admin.admin('PUT', `/users/${user.id}`, { enabled: false });
    expect(disabled.status).toBe(204);

    const refused = async (attempt: () => Promise<unknown>): Promise<number | undefined> => {
      try {
        await attempt();
        return undefined;
      } catch (error) {
        return error instanceof HttpError ? error.response.status : -1;
      }
    };
    // Keycloak answers 400 invalid_grant to both.
    expect(await refused(() => keycloak.admin.passwordGrant(user.username, user.password))).toBe(
      400,
    );
    expect(first.refreshToken).toBeDefined();
    expect(await refused(() => keycloak.admin.refresh(first.refreshToken ?? ''))).toBe(400);
  });
});
