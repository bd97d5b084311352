/**
 * Medians, spreads and ratios. Every comparison in the benchmark goes through
 * `compare`, so that each figure carries its baseline from the same run, its
 * sample count and its spread, and is judged against its goal the same way.
 */
import type { Figure } from '../types';
import { checkSamples } from './proof';

/** The q-quantile (0…1) of the samples, linearly interpolated (the "R-7" definition). */
export function quantile(samples: readonly number[], q: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** "p25–p75 12.1–13.4 ms" */
export function spread(samples: readonly number[], unit: string): string {
  if (samples.length < 2) return '';
  return `p25–p75 ${formatNumber(quantile(samples, 0.25))}–${formatNumber(quantile(samples, 0.75))} ${unit}`;
}

export interface Goal {
  /** The goal in words, shown in the table. */
  text: string;
  /** Met when ratio = median(measured) / median(baseline) is at most this. */
  maxRatio?: number;
  /** Met when median(measured) is at most this, in the figure's unit. */
  maxValue?: number;
}

export function judge(goal: Goal | undefined, value: number, ratio: number | undefined): boolean | undefined {
  if (!goal || (goal.maxRatio === undefined && goal.maxValue === undefined)) return undefined;
  if (goal.maxRatio !== undefined && (ratio === undefined || !(ratio <= goal.maxRatio))) return false;
  if (goal.maxValue !== undefined && !(value <= goal.maxValue)) return false;
  return true;
}

/** A small deterministic PRNG, so that the same samples always give the same interval. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 95% bootstrap interval for median(a) / median(b): how sure the ratio is,
 * given the spread of both sides (2,000 resamples of each).
 */
export function ratioInterval(a: readonly number[], b: readonly number[]): [number, number] | null {
  if (a.length < 4 || b.length < 4) return null;
  const rnd = seeded(a.length * 7919 + b.length);
  const resample = (xs: readonly number[]) => median(Array.from(xs, () => xs[Math.floor(rnd() * xs.length)]!));
  const ratios: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const denominator = resample(b);
    if (denominator !== 0) ratios.push(resample(a) / denominator);
  }
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)];
}

/** A 95% bootstrap interval for median(a) − median(b), as ratioInterval does for the ratio. */
export function differenceInterval(a: readonly number[], b: readonly number[]): [number, number] | null {
  if (a.length < 3 || b.length < 3) return null;
  const rnd = seeded(a.length * 7907 + b.length);
  const resample = (xs: readonly number[]) => median(Array.from(xs, () => xs[Math.floor(rnd() * xs.length)]!));
  const differences = Array.from({ length: 2000 }, () => resample(a) - resample(b));
  return [quantile(differences, 0.025), quantile(differences, 0.975)];
}

/**
 * One figure: the median of `measured` next to the median of `baseline`
 * (same run, interleaved samples), with the spread of the measured samples
 * and the baseline's spread in the note.
 */
export function compare(options: {
  name: string;
  unit: Figure['unit'];
  measured: readonly number[];
  baseline?: { name: string; samples: readonly number[] };
  goal?: Goal;
  note?: string;
}): Figure {
  const { name, unit, measured, baseline, goal } = options;
  // A median of nothing (or of NaN) would be a figure that looks measured.
  checkSamples(name, measured);
  if (baseline) checkSamples(`${name}, baseline "${baseline.name}"`, baseline.samples);
  const value = median(measured);
  const baseValue = baseline ? median(baseline.samples) : undefined;
  const ratio = baseValue !== undefined && baseValue !== 0 ? value / baseValue : undefined;
  const interval = baseline ? ratioInterval(measured, baseline.samples) : null;
  const notes = [
    baseline && baseline.samples.length > 1 ? `baseline ${spread(baseline.samples, unit)}` : '',
    interval ? `ratio 95% interval ${interval[0].toFixed(3)}–${interval[1].toFixed(3)}` : '',
    options.note ?? '',
  ].filter(Boolean);
  return {
    name,
    value,
    unit,
    spread: spread(measured, unit) || undefined,
    samples: measured.length,
    baseline: baseline && baseValue !== undefined ? { name: baseline.name, value: baseValue } : undefined,
    ratio,
    goal: goal?.text,
    met: judge(goal, value, ratio),
    note: notes.length ? notes.join('; ') : undefined,
  };
}

/** A single measured value (a size, a count) with an optional baseline value. */
export function single(options: {
  name: string;
  unit: Figure['unit'];
  value: number;
  baseline?: { name: string; value: number };
  goal?: Goal;
  note?: string;
}): Figure {
  const { name, unit, value, baseline, goal, note } = options;
  checkSamples(name, [value]);
  if (baseline) checkSamples(`${name}, baseline "${baseline.name}"`, [baseline.value]);
  const ratio = baseline && baseline.value !== 0 ? value / baseline.value : undefined;
  return { name, value, unit, samples: 1, baseline, ratio, goal: goal?.text, met: judge(goal, value, ratio), note };
}

/**
 * The order of the two variants in round i: A B, B A, A B… so that a slow
 * drift of the machine (another job starting, thermal throttling) weighs on
 * both sides equally.
 */
export function interleaved<T>(round: number, a: T, b: T): [T, T] {
  return round % 2 === 0 ? [a, b] : [b, a];
}
