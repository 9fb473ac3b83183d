import { readFile } from 'node:fs/promises';
import { KeycloakClient } from '../fixtures/clients/keycloak.js';
import { HttpClient } from '../fixtures/clients/http.js';
import { readStackState } from '../fixtures/clients/state.js';
import { setup, expect } from '../fixtures/playwright.js';

// The first `up` on a fresh machine downloads and starts everything; later ones take seconds.
setup.setTimeout(45 * 60_000);

setup('should bring the stack up and write its endpoints', async ({ stackControl }, testInfo) => {
  const name = stackControl.target;
  testInfo.annotations.push({ type: 'target', description: `${name} (${stackControl.reason})` });

  const result = await stackControl.up({ command: `playwright setup (${name})`, label: 'stack' });

  const written = await readStackState(result.stateFile);
  if (written.noDataPlane)
    testInfo.annotations.push({
      type: 'skipped: the state file describes a reachable stack',
      description: written.noDataPlane,
    });
  else
    await setup.step('the state file describes a reachable stack', async () => {
      const state = await readStackState(result.stateFile);
      expect(state.target).toBe(name);
      await testInfo.attach('stack state (state.json)', {
        body: await readFile(result.stateFile, 'utf8'),
        contentType: 'application/json',
      });
      const discovery = await new KeycloakClient(state).discovery();
      expect(discovery.issuer, 'Keycloak must issue tokens with the pinned issuer').toBe(
        state.issuer,
      );
      const home = await new HttpClient(state.baseUrl).get('/');
      expect(home.status, `GET ${state.baseUrl}/ through the gateway`).toBe(200);
    });
});
