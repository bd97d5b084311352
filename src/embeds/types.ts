/**
 * The shapes the embed code shares: what a detector declares, what it finds,
 * and what the scanner hands it.
 *
 * One embed form, one file: src/embeds/detectors/<kind>.ts exports one
 * detector, annotated `Detector<'<kind>'>` (the union of its kinds when it
 * reports others too), and src/embeds/registry.ts lists it. Everything
 * else about the form is built from that declaration, never written twice:
 *
 * - `kind`: the form's name. It names the detector's file, its section of
 *   docs/embed-forms.md (`### <kind>`), its row in the table of
 *   docs/detection.md, and its popup label: the message key is derived from
 *   it (`kind_<kind>` with `-` as `_`, `kindLabelKey()` in
 *   src/embeds/labels.ts), in public/_locales/en and ru. The union of kinds,
 *   `EmbedKind`, is the registry's (see `RegisteredKinds` below).
 * - `alsoReports`: other kinds the same detector reports from the same
 *   element (a site's tombstone and its "not loading" block are both found
 *   from their status link).
 * - `selector`: the elements the detector is handed; a comma list.
 * - `hooks`: for each part of `selector`, how the scan's one combined query
 *   reaches it (docs/performance.md, "Detection"): a selector the query holds
 *   that matches every element the part matches, as cheap as possible
 *   (`iframe` for `iframe[data-tweet-id]`), or `INSIDE` when the form is only
 *   recognised around another hook (a Ghost card around its blockquote), so
 *   the scan walks up from that hook to it. The scanner's query is the
 *   registry's hooks, deduplicated; tests/unit/embed-forms.test.ts checks
 *   every hook against every fixture.
 * - `signs`: what the content script's first stage looks for before it
 *   brings the engine in (src/embeds/first-stage-signs.ts): a comma list
 *   that every element this detector reports IS or HOLDS (the form's own
 *   element, class or attribute, or, for a form judged only on what it
 *   holds, that markup's signs), as narrow as the form allows, since each
 *   page that matches one gets the engine. Unlike a hook, a sign may not be
 *   broad (`blockquote`, `iframe`, `figure`): nearly every page has those.
 *   tests/unit/first-stage-signs.test.ts checks every embed of every fixture
 *   and corpus page against them.
 * - `container` (optional): the elements of this form inside which a status
 *   link belongs to the form, so that it is never judged alone as a site's
 *   own placeholder block. The scanner joins them for the site-placeholder
 *   detector (`DetectContext.containers`).
 * - `detect(candidate, context)`: the verdict on one element matching
 *   `selector`, or null when it is not this form's embed after all.
 *
 * docs/embed-forms.md, "Adding a form", has the procedure and the script
 * that writes the files a new form needs.
 */
import type { TweetRef } from './tweet-url';

/**
 * One key per kind a registered detector reports. Empty here: the registry
 * declares its keys (src/embeds/registry.ts, by declaration merging), so
 * that the closed union of kinds comes from the registry while this file
 * imports nothing from it (no import cycle, even of types).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- its keys are declared by the registry
export interface RegisteredKinds {}

/** Every embed form a registered detector reports (docs/detection.md, "The forms"). */
export type EmbedKind = keyof RegisteredKinds;

/** A `hooks` value: the form is reached from a hook inside it, walking up (see the top of this file). */
export const INSIDE = 'inside';

/**
 * - `rendered`: a live embed is showing: leave it alone.
 * - `pending`: could still render; becomes `broken` (with the same reason) if it
 *   is still in this state once the grace period has passed.
 * - `broken`: will not render by itself.
 * - `unavailable`: the platform (or the page, in its words) says the tweet is gone.
 */
export const DETECTED_STATUSES = ['rendered', 'pending', 'broken', 'unavailable'] as const;
export type DetectedStatus = (typeof DETECTED_STATUSES)[number];

export const BROKEN_REASONS = [
  'script-blocked', // widgets.js (or the AMP/Substack runtime, a publisher's or an embed service's script) never turned the markup into a tweet
  'widget-stalled', // widgets.js took the blockquote but never showed a tweet for it
  'widget-error', // widgets.js ran and marked the embed twitter-tweet-error
  'fallback-shown', // the site shows its own "tweet not loading" block, or gave up and shows the link
  'url-only', // the CMS wrapper holds only the tweet's URL or a plain link (oEmbed never resolved)
  'build-error', // the static-site generator baked its fetch error into the page
  'collapsed', // a rendered tweet frame that stays hidden or zero-height (flagged, never replaced)
] as const;
export type BrokenReason = (typeof BROKEN_REASONS)[number];

export interface Detection {
  kind: EmbedKind;
  /**
   * The elements the embed occupies on the page: one element, or consecutive
   * siblings (a fallback text split over two blocks). A repair hides each of
   * them where it stands, with its card right before the first, and shows
   * them again exactly on undo (text nodes between them are left as they are).
   */
  nodes: [Element, ...Element[]];
  tweet: TweetRef | null;
  status: DetectedStatus;
  reason?: BrokenReason;
}

/** A detection as the scanner reports it: with the element the detector recognised. */
export interface FoundEmbed extends Detection {
  /** The candidate the detector was given (the status link of a fallback, the blockquote…). */
  source: Element;
}

export interface DetectContext {
  document: Document;
  /**
   * Facts about a document that several detectors ask for during one scan
   * (is widgets.js on the page), worked out once. The scanner supplies them
   * from its own query; a detector called alone works them out itself.
   */
  facts?: DocumentFacts;
  /**
   * Judges a same-origin frame from inside: the embeds the scanner finds in
   * its document, or null when it cannot be read (cross-origin, not loaded).
   * Given by the scanner to detectors of frames that hold one embed.
   */
  scanFrame?: (frame: Element) => FoundEmbed[] | null;
  /**
   * Every scanned form's `container`, joined (a selector that matches nothing
   * when none has one): a status link inside one of these belongs to that
   * form. Given by the scanner, and by detectElement.
   */
  containers: string;
}

/** Page-wide facts, computed at most once per document while the facts object lasts (document-facts.ts). */
export interface DocumentFacts {
  /** Whether the document carries widgets.js in any form (docs/embed-forms.md#broken). */
  hasWidgetsScript(document: Document): boolean;
  /**
   * A scan saw these scripts of a document (its query holds scripts); `all`:
   * they are every script the document has. Facts that outlive one scan (the
   * content script's, across batches of page changes) learn from them.
   */
  noteScripts?(document: Document, scripts: readonly Element[], all: boolean): void;
}

/**
 * A detector: one embed form (the fields are described at the top of this
 * file). `K` is every kind it reports: its own `kind`, and its `alsoReports`.
 * A detector declared with literal kinds (`Detector<'amp-twitter'>`) adds
 * them to `EmbedKind` once the registry lists it. Without an argument: any
 * detector of the registered kinds (what the scanner takes).
 */
export interface Detector<K extends string = EmbedKind> {
  readonly kind: K;
  readonly alsoReports?: readonly K[];
  readonly selector: string;
  readonly hooks: Readonly<Record<string, string>>;
  readonly signs: string;
  readonly container?: string;
  detect(candidate: Element, context: DetectContext): Detection | null;
}
