import { test as teardown } from '@playwright/test';
import { loadConfig } from '../fixtures/core/config.js';
import { RunError } from '../fixtures/core/runner.js';
import { runDown } from '../fixtures/core/stack.js';
import { engineSteps, loadTarget, stackContext } from '../fixtures/playwright.js';

teardown.setTimeout(15 * 60_000);

// Runs only with STACK_TEARDOWN=1. Stops the stack and keeps its data (never --purge-data here).
// eslint-disable-next-line no-empty-pattern -- Playwright reads fixtures from an object pattern
teardown('should stop the stack and keep its data', async ({}, testInfo) => {
  const config = await loadConfig();
  const { target: name } = await stackContext();
  const steps = engineSteps();
  let recordFile: string | undefined;
  try {
    const { summary } = await runDown(config, await loadTarget(name), {
      onEvent: steps.onEvent,
      command: `playwright teardown (${name})`,
    });
    recordFile = summary.recordFile;
  } catch (error) {
    if (error instanceof RunError) recordFile = error.summary.recordFile;
    throw error;
  } finally {
    await steps.settled();
    if (recordFile)
      await testInfo.attach('stack run record (run.json)', {
        path: recordFile,
        contentType: 'application/json',
      });
  }
});
