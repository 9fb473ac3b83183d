// Points @bookstore/service-kit at its compiled output. Development runs the TypeScript sources
// through tsx; the Docker images run plain `node dist/main.js`, so their build calls this first.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(import.meta.resolve('../package.json'));
/** @type {unknown} */
const parsed = JSON.parse(readFileSync(file, 'utf8'));
const pkg = /** @type {Record<string, unknown>} */ (parsed);
pkg['exports'] = { '.': { types: './dist/index.d.ts', default: './dist/index.js' } };
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
