// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'reports/**',
      '.data/**',
      '.cache/**',
      'test-results/**',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Architecture boundaries: the harness never reaches into specs or the storefront.
    files: ['fixtures/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/specs/**', '../specs/*', '../../specs/*'],
              message: 'fixtures/ must not import specs/.',
            },
            { group: ['**/storefront/**'], message: 'fixtures/ must not import storefront/.' },
          ],
        },
      ],
      // Libraries log through debug namespaces; only the CLI prints.
      'no-console': 'error',
    },
  },
  {
    // Specs reach the stack through fixtures/playwright.ts only (test/spec-imports.test.ts too).
    files: ['specs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/fixtures/core/**', '**/fixtures/targets/**', '**/fixtures/components/**'],
              message:
                'specs/ import the stack / stackControl fixtures of fixtures/playwright.ts, never fixtures/core, fixtures/targets or fixtures/components.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['fixtures/cli.ts', 'fixtures/cli/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['storefront/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/fixtures/**', '**/specs/**', '**/services/**'],
              message: 'storefront/ imports nothing of the harness or services.',
            },
          ],
        },
      ],
    },
  },
  {
    // The API contract is bundled into the storefront: schemas only, zod its one dependency.
    files: ['services/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.{1,2}/)',
              message: 'services/contracts imports zod and its own files, nothing else.',
            },
          ],
        },
      ],
    },
  },
);
