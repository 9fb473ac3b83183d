import { RunError, type RunSummary } from '../../fixtures/core/runner.js';
import { runDown, runUp, type UpResult } from '../../fixtures/core/stack.js';
import { test } from '@playwright/test';
import { engineSteps, loadTarget, stackContext } from '../../fixtures/playwright.js';

/** Run an engine verb in-process, mirroring its steps as test.steps and attaching its record. */
async function withSteps<T extends { summary: RunSummary }>(
  what: string,
  body: (onEvent: ReturnType<typeof engineSteps>['onEvent']) => Promise<T>,
): Promise<T> {
  const steps = engineSteps();
  let recordFile: string | undefined;
  try {
    const result = await body(steps.onEvent);
    recordFile = result.summary.recordFile;
    return result;
  } catch (error) {
    if (error instanceof RunError) recordFile = error.summary.recordFile;
    throw error;
  } finally {
    await steps.settled();
    if (recordFile)
      await test.info().attach(`${what} run record (run.json)`, {
        path: recordFile,
        contentType: 'application/json',
      });
  }
}

/** `fixtures:down` (keeps data), in-process, under the data directory's lock. */
export async function stackDown(command = 'playwright @recreate down'): Promise<RunSummary> {
  const { config, target } = await stackContext();
  const t = await loadTarget(target);
  return (await withSteps('down', (onEvent) => runDown(config, t, { onEvent, command }))).summary;
}

/** `fixtures:up`, in-process. */
export async function stackUp(): Promise<UpResult> {
  const { config, target } = await stackContext();
  const t = await loadTarget(target);
  return withSteps('up', (onEvent) =>
    runUp(config, t, { onEvent, command: 'playwright @recreate up' }),
  );
}
