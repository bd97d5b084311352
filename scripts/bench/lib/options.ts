/** Sizes and sample counts, full run and --quick (which only proves the benchmark works). */
import type { HeavyPageOptions } from './pages';

/** The heavy page: about 100,000 elements and 500 embeds. --quick loads a smaller one to stay under a minute. */
export function heavyOptions(quick: boolean): HeavyPageOptions {
  return quick ? { elements: 30_000, embeds: 150 } : { elements: 100_000, embeds: 500 };
}
