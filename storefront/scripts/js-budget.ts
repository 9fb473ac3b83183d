import { gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

export const FIRST_PAGE_JS_BUDGET_KIB = 200;

interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  code?: string;
}

/** The entry chunks and everything they import statically: what the first page must download. */
export function firstPageChunks(bundle: Record<string, ChunkLike>): ChunkLike[] {
  const seen = new Map<string, ChunkLike>();
  const visit = (fileName: string): void => {
    const chunk = bundle[fileName];
    if (chunk === undefined || chunk.type !== 'chunk' || seen.has(fileName)) return;
    seen.set(fileName, chunk);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const chunk of Object.values(bundle))
    if (chunk.type === 'chunk' && chunk.isEntry) visit(chunk.fileName);
  return [...seen.values()];
}

export function gzipKiB(code: string): number {
  return gzipSync(code, { level: 9 }).length / 1024;
}

/** Prints the first page's gzipped JavaScript after each build and fails the build over budget. */
export function jsBudget(budgetKiB = FIRST_PAGE_JS_BUDGET_KIB): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'bookstore:js-budget',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const chunks = firstPageChunks(bundle);
      const sizes = chunks.map((chunk) => ({
        file: chunk.fileName,
        kib: gzipKiB(chunk.code ?? ''),
      }));
      const total = sizes.reduce((sum, s) => sum + s.kib, 0);
      const detail = sizes.map((s) => `${s.file} ${s.kib.toFixed(1)} KiB`).join(', ');
      const line = `First-page JavaScript: ${total.toFixed(1)} KiB gzipped (budget ${budgetKiB} KiB) [${detail}]`;
      if (total > budgetKiB) {
        this.error(`${line}. Over budget: lazy-load a page or drop a dependency.`);
      }
      config.logger.info(`\n${line}`);
    },
  };
}
