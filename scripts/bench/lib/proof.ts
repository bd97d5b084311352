/**
 * What makes a run's figures worth writing down: the benchmark checks that
 * what it measured happened (the extension ran on the page, the scan found
 * the page's embeds, the samples are numbers) and stops with an error when it
 * did not, in --quick too. A figure measured on an extension that did nothing
 * would look like a goal met (docs/performance.md, "What each run proves").
 */
import type { SuiteResult } from '../types';

/** A run that cannot vouch for what it measured. run.ts exits 1 on it and writes nothing. */
export class BenchCheckError extends Error {
  override name = 'BenchCheckError';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new BenchCheckError(message);
}

/** Samples that can make a figure: at least one, every one a finite number. */
export function checkSamples(what: string, samples: readonly number[]): void {
  check(samples.length > 0, `${what}: no samples`);
  const bad = samples.filter((s) => !Number.isFinite(s));
  check(bad.length === 0, `${what}: ${bad.length} of ${samples.length} samples are not finite numbers (${bad[0]})`);
}

/** Every figure of a suite is a finite number, with a finite baseline and ratio when it has them. */
export function checkFigures(result: SuiteResult): void {
  check(result.figures.length > 0, `${result.suite}: no figures`);
  for (const f of result.figures) {
    const where = `${result.suite}: "${f.name}"`;
    check(Number.isFinite(f.value), `${where}: the value is ${f.value}`);
    check(f.samples === undefined || f.samples > 0, `${where}: no samples`);
    if (f.baseline) check(Number.isFinite(f.baseline.value), `${where}: the baseline is ${f.baseline.value}`);
    if (f.ratio !== undefined) check(Number.isFinite(f.ratio), `${where}: the ratio is ${f.ratio}`);
  }
}
