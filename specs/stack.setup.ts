import { readFile } from 'node:fs/promises';
import { test as setup, expect } from '@playwright/test';
import { loadConfig, resolveTarget } from '../fixtures/core/config.js';
import { RunError } from '../fixtures/core/runner.js';
import { runUp } from '../fixtures/core/stack.js';
import { KeycloakClient } from '../fixtures/clients/keycloak.js';
import { readStackState } from '../fixtures/clients/state.js';
import { HttpClient } from '../fixtures/clients/http.js';
import { engineSteps, loadTarget } from '../fixtures/playwright.js';

// The first `up` on a fresh machine downloads and starts everything; later ones take seconds.
setup.setTimeout(45 * 60_000);

// eslint-disable-next-line no-empty-pattern -- Playwright reads fixtures from an object pattern
setup('should bring the stack up and write its endpoints', async ({}, testInfo) => {
  const config = await loadConfig();
  const { target: name, reason } = await resolveTarget(config);
  testInfo.annotations.push({ type: 'target', description: `${name} (${reason})` });
  const target = await loadTarget(name);

  const steps = engineSteps();
  let recordFile: string | undefined;
  let result: Awaited<ReturnType<typeof runUp>> | undefined;
  try {
    result = await runUp(config, target, {
      onEvent: steps.onEvent,
      command: `playwright setup (${name})`,
    });
    recordFile = result.summary.recordFile;
  } catch (error) {
    if (error instanceof RunError) {
      recordFile = error.summary.recordFile;
    }
    throw error;
  } finally {
    await steps.settled();
    if (recordFile) {
      testInfo.annotations.push({ type: 'stack run record', description: recordFile });
      await testInfo.attach('stack run record (run.json)', {
        path: recordFile,
        contentType: 'application/json',
      });
    }
  }

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
