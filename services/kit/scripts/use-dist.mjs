// Points workspace packages (default: @bookstore/service-kit) at their compiled output.
// Development runs the TypeScript sources through tsx; the Docker images run plain
// `node dist/main.js`, so their build calls this first, e.g.
//   node services/kit/scripts/use-dist.mjs services/kit services/contracts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const dirs = process.argv.slice(2);
const files =
  dirs.length > 0
    ? dirs.map((dir) => path.resolve(dir, 'package.json'))
    : [fileURLToPath(import.meta.resolve('../package.json'))];
for (const file of files) {
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  const pkg = /** @type {Record<string, unknown>} */ (parsed);
  pkg['exports'] = { '.': { types: './dist/index.d.ts', default: './dist/index.js' } };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}
