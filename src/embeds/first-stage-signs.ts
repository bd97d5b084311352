/**
 * What the first stage of the content script looks for before the engine is brought in
 * (src/content/first-stage.ts): every registered detector's `signs` (src/embeds/types.ts),
 * deduplicated. Not the scan's hooks: those are broad on purpose (`blockquote`, `figure`,
 * `iframe`, `[data-url]`), because the scan runs detectors on what they find, and nearly every
 * article has one of them (docs/performance.md, "Two stages"). A sign is what every embed of its
 * form is or holds, so a page where none matches has nothing for the engine to find, except inside
 * a same-origin frame, which the first stage counts by itself.
 *
 * The first stage holds the result as a string (src/content/first-stage-selector.ts), so that it
 * carries no detector; tests/unit/first-stage.test.ts fails, printing the new value, when the two
 * differ.
 */
import { DETECTORS } from './registry';
import { selectorParts } from './scan';
import type { Detector } from './types';

export function firstStageSelector(detectors: readonly Detector[] = DETECTORS): string {
  return [...new Set(detectors.flatMap((detector) => selectorParts(detector.signs)))].join(', ');
}
