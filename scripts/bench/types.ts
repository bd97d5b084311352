/**
 * The benchmark's common shapes. Every figure is measured against a baseline
 * in the same run (interleaved runs, medians, spread): never an absolute
 * threshold. Suites live beside this file; run.ts runs them and writes
 * docs/performance.md and docs/performance.json.
 */

export interface BenchOptions {
  /** A short run that only proves the benchmark works (CI); figures are not meaningful. */
  quick: boolean;
}

export interface Figure {
  /** What was measured, e.g. "cold lookup (service worker just started)". */
  name: string;
  /** Median value. */
  value: number;
  unit: 'ms' | 'µs' | 'bytes' | 'KiB' | 'MiB' | '%' | 'ratio' | 'count';
  /** Spread of the samples, e.g. "p25–p75 0.41–0.52 ms" or "±3%". */
  spread?: string;
  samples?: number;
  /** The same thing measured for the baseline in the same run. */
  baseline?: { name: string; value: number };
  /** value / baseline.value, when a baseline applies. */
  ratio?: number;
  /** The goal in words, e.g. "≤ 1.03× no-op extension". */
  goal?: string;
  met?: boolean;
  note?: string;
}

export interface SuiteResult {
  suite: string;
  title: string;
  /** How it was measured, for the reader of docs/performance.md. */
  method: string;
  figures: Figure[];
}

export type Suite = (options: BenchOptions) => Promise<SuiteResult>;
