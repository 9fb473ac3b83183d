// Sums the results of every test runner of a CI run into the one closing line
// "N passed, N failed" (", N skipped" after it). Inputs: Vitest and Playwright JSON reports.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    // A runner that produced no report failed to run at all: count it as a failure.
    rows.push(`${file}: no report (the runner did not finish)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (report.stats && 'expected' in report.stats) {
    // Playwright: expected = passed, unexpected = failed, flaky passed on retry.
    const s = report.stats;
    const p = s.expected + s.flaky;
    passed += p;
    failed += s.unexpected;
    skipped += s.skipped;
    rows.push(`${file}: ${p} passed, ${s.unexpected} failed, ${s.skipped} skipped (${s.flaky} flaky)`);
  } else if ('numPassedTests' in report) {
    // Vitest (Jest-compatible JSON).
    const f = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    passed += report.numPassedTests;
    failed += f;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    rows.push(`${file}: ${report.numPassedTests} passed, ${f} failed, ${report.numPendingTests} skipped`);
  } else {
    rows.push(`${file}: unrecognised report`);
    failed += 1;
  }
}
for (const r of rows) console.log(r);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
