import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // As Playwright does in CI: one retry for tests that race real processes on a loaded 2-core
    // machine; a test that passes only on retry is still reported (as flaky) in the output.
    retry: process.env.CI ? 1 : 0,
    // Two projects: the storefront's component tests need a DOM, everything else runs on Node.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['fixtures/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          // Against a real control plane: `npm run test:kube` (vitest.kube.config.ts).
          exclude: ['**/node_modules/**', '**/*.kube.test.ts'],
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'storefront',
          environment: 'jsdom',
          include: ['storefront/src/**/*.test.{ts,tsx}', 'storefront/server/**/*.test.ts'],
          setupFiles: ['storefront/src/test/setup.ts'],
        },
      },
    ],
  },
});
