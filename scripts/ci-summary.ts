// Sums the results of every test runner of a CI run into the one closing line
// "N passed, N failed, N skipped". Inputs: Vitest and Playwright JSON reports.
import { existsSync, readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
/** Playwright's JSON reporter: `stats`. */
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}
/** Vitest's JSON reporter (Jest-compatible). */
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  numRuntimeErrorTestSuites?: number;
}

export function countReport(report: unknown): Counts | undefined {
  if (typeof report !== 'object' || report === null) return undefined;
  if ('stats' in report) {
    const s = (report as PlaywrightReport).stats;
    // expected = passed first time, flaky = passed on retry, unexpected = failed.
    return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
  }
  if ('numPassedTests' in report) {
    const r = report as VitestReport;
    return {
      passed: r.numPassedTests,
      // A test file that crashed before its tests ran counts as one failure.
      failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
      skipped: r.numPendingTests + (r.numTodoTests ?? 0),
    };
  }
  return undefined;
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  // A runner that left no report did not finish: that is a failure, never a silent zero.
  const counts = existsSync(file)
    ? (countReport(JSON.parse(readFileSync(file, 'utf8'))) ?? { passed: 0, failed: 1, skipped: 0 })
    : { passed: 0, failed: 1, skipped: 0 };
  console.log(
    `${file}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
