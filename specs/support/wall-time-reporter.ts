import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** How many of the slowest tests the summary names. */
export const SLOWEST = 5;

export interface Timed {
  title: string;
  ms: number;
}

const human = (ms: number): string =>
  ms >= 60_000
    ? `${Math.floor(ms / 60_000)}m ${((ms % 60_000) / 1000).toFixed(1)}s`
    : `${(ms / 1000).toFixed(1)}s`;

/** The summary's lines: the `count` slowest tests (longest first), then the suite's wall time. */
export function summaryLines(
  tests: readonly Timed[],
  wallMs: number,
  status: string,
  count = SLOWEST,
): string[] {
  const slowest = [...tests].sort((a, b) => b.ms - a.ms).slice(0, count);
  const lines = slowest.length ? [`Slowest ${slowest.length}:`] : [];
  for (const t of slowest) lines.push(`  ${human(t.ms).padStart(7)}  ${t.title}`);
  lines.push(`Suite wall time: ${human(wallMs)} (${wallMs} ms), status ${status}`);
  return lines;
}

/**
 * Prints the slowest tests (the setup project's `up` among them) and the suite's wall time as the
 * last lines, whatever other reporters print. A retried test counts with its longest attempt.
 */
export default class WallTimeReporter implements Reporter {
  private startedAt = Date.now();
  private readonly tests = new Map<string, Timed>();

  onBegin(): void {
    this.startedAt = Date.now();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'skipped') return;
    const title = `${test.parent.project()?.name ?? ''} › ${test.titlePath().filter(Boolean).slice(1).join(' › ')}`;
    const seen = this.tests.get(test.id);
    if (!seen || seen.ms < result.duration) this.tests.set(test.id, { title, ms: result.duration });
  }

  onEnd(result: FullResult): void {
    const lines = summaryLines(
      [...this.tests.values()],
      Date.now() - this.startedAt,
      result.status,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
