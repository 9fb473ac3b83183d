import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Project, type ReporterDescription } from '@playwright/test';

/**
 * `npx playwright test` provisions the stack (project `setup`: the engine's `up` on STACK_TARGET,
 * default auto) and verifies it (project `chromium`). `npm run test:persistence` runs the
 * destructive @recreate specs (project `persistence`); STACK_TEARDOWN=1 adds `teardown` (down,
 * keeping data). Chromium is Debian's: CHROMIUM_PATH or `chromium` on PATH, never a download.
 */

const CI = Boolean(process.env.CI);

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

const chromiumPath = process.env.CHROMIUM_PATH || onPath('chromium');
if (!chromiumPath)
  throw new Error(
    "Chromium not found: set CHROMIUM_PATH or install Debian's chromium (`apt-get install chromium`, " +
      'as scripts/setup.sh does). This project never downloads a browser (`npx playwright install`).',
  );

// `--project=persistence` on the command line asks for the @recreate specs. Workers load this file
// again with other argv, so the answer travels in the environment they inherit.
const argv = process.argv.join(' ');
if (/--project[= ]persistence\b/.test(argv)) process.env.STACK_RECREATE = '1';
const recreate = process.env.STACK_RECREATE === '1';
const teardown = process.env.STACK_TEARDOWN === '1';

const RECREATE = /@recreate/;
const setupFiles = /stack\.(setup|teardown)\.ts$/;

const projects: Project[] = [
  {
    name: 'setup',
    testMatch: /stack\.setup\.ts$/,
    ...(teardown ? { teardown: 'teardown' } : {}),
  },
  {
    name: 'chromium',
    dependencies: ['setup'],
    testIgnore: setupFiles,
    grepInvert: RECREATE,
  },
];
if (recreate)
  projects.push({
    name: 'persistence',
    dependencies: ['setup'],
    testIgnore: setupFiles,
    grep: RECREATE,
    // Each @recreate spec restarts the shared stack: one at a time.
    fullyParallel: false,
  });
if (teardown) projects.push({ name: 'teardown', testMatch: /stack\.teardown\.ts$/ });

const reporters: ReporterDescription[] = [
  [CI ? 'line' : 'list'],
  ['html', { outputFolder: 'reports/html', open: 'never' }],
  ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE || 'reports/playwright.json' }],
  ['./specs/support/wall-time-reporter.ts'],
];

export default defineConfig({
  testDir: 'specs',
  outputDir: 'reports/test-results',
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: recreate ? 1 : 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: reporters,
  use: {
    baseURL: process.env.STACK_BASE_URL || 'http://localhost:30000',
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects,
});
