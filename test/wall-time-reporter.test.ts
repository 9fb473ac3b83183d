import { describe, expect, it } from 'vitest';
import { summaryLines } from '../specs/support/wall-time-reporter.js';

describe('wall-time reporter', () => {
  it('should name the 5 slowest tests, longest first, before the wall time', () => {
    const tests = [3, 61, 7, 1, 42, 5, 9].map((s) => ({ title: `t${s}`, ms: s * 1000 }));
    expect(summaryLines(tests, 75_500, 'passed')).toEqual([
      'Slowest 5:',
      '  1m 1.0s  t61',
      '    42.0s  t42',
      '     9.0s  t9',
      '     7.0s  t7',
      '     5.0s  t5',
      'Suite wall time: 1m 15.5s (75500 ms), status passed',
    ]);
  });

  it('should print only the wall time when no test ran', () => {
    expect(summaryLines([], 1_200, 'interrupted')).toEqual([
      'Suite wall time: 1.2s (1200 ms), status interrupted',
    ]);
  });
});
