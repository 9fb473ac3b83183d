import type { FullResult, Reporter } from '@playwright/test/reporter';

/** Prints the suite's wall time as the last line, whatever other reporters print. */
export default class WallTimeReporter implements Reporter {
  private startedAt = Date.now();

  onBegin(): void {
    this.startedAt = Date.now();
  }

  onEnd(result: FullResult): void {
    const ms = Date.now() - this.startedAt;
    const human =
      ms >= 60_000
        ? `${Math.floor(ms / 60_000)}m ${((ms % 60_000) / 1000).toFixed(1)}s`
        : `${(ms / 1000).toFixed(1)}s`;
    process.stdout.write(`Suite wall time: ${human} (${ms} ms), status ${result.status}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
