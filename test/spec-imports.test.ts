import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Specs talk to the stack through one fixture module (fixtures/playwright.ts): the engine
 * (fixtures/core), the targets (fixtures/targets) and their steps (fixtures/components) stay behind
 * it, so a spec never builds a Supervisor, runs `up` by hand or calls Docker itself.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SPECS = path.join(ROOT, 'specs');
const FORBIDDEN = ['fixtures/core', 'fixtures/targets', 'fixtures/components'].map((dir) =>
  path.join(ROOT, dir),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(c|m)?tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** Every module specifier of a file: static imports, re-exports, `import()` and `require()`. */
function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The forbidden imports of one file, as `specifier` strings (relative ones resolved). */
function forbiddenImports(file: string, text: string): string[] {
  return importSpecifiers(text).filter((specifier) => {
    if (!specifier.startsWith('.')) return false;
    const target = path.resolve(path.dirname(file), specifier);
    return FORBIDDEN.some((dir) => target === dir || target.startsWith(`${dir}${path.sep}`));
  });
}

describe('spec imports', () => {
  it('should find static, type-only, re-exported and dynamic imports', () => {
    const file = path.join(SPECS, 'support', 'x.ts');
    const text = [
      "import { a } from '../../fixtures/core/stack.js';",
      "import type { B } from '../../fixtures/targets/local/supervisor.js';",
      "export { c } from '../../fixtures/core/exec.js';",
      "const d = await import('../../fixtures/targets/index.js');",
      "import { e } from '../../fixtures/components/redis/local.js';",
      "import { test } from '../../fixtures/playwright.js';",
      "import { ApiClient } from '../../fixtures/clients/api.js';",
      "import { core } from './fixtures/core/local.js';",
    ].join('\n');
    expect(forbiddenImports(file, text)).toEqual([
      '../../fixtures/core/stack.js',
      '../../fixtures/targets/local/supervisor.js',
      '../../fixtures/core/exec.js',
      '../../fixtures/targets/index.js',
      '../../fixtures/components/redis/local.js',
    ]);
  });

  it('should import nothing from fixtures/core, fixtures/targets or fixtures/components in any file under specs/', () => {
    const offenders = sourceFiles(SPECS).flatMap((file) =>
      forbiddenImports(file, readFileSync(file, 'utf8')).map(
        (specifier) => `${path.relative(ROOT, file)} imports ${specifier}`,
      ),
    );
    expect(offenders, 'use the stack / stackControl fixtures of fixtures/playwright.ts').toEqual(
      [],
    );
  });
});
