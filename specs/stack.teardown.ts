import { teardown } from '../fixtures/playwright.js';

teardown.setTimeout(15 * 60_000);

// Runs only with STACK_TEARDOWN=1. Stops the stack and keeps its data (never --purge-data here).
teardown('should stop the stack and keep its data', async ({ stackControl }) => {
  await stackControl.down({ command: 'playwright teardown' });
});
