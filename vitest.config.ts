import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two projects: the storefront's component tests need a DOM, everything else runs on Node.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['fixtures/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/**/*.test.ts'],
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
