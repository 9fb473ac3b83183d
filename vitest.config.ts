import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'fixtures/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'storefront/src/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
