import type { Detector, EmbedKind } from './types';
import { ampTwitterDetector } from './detectors/amp-twitter';
import { discourseEmbedDetector } from './detectors/discourse-embed';
import { drupalOembedDetector } from './detectors/drupal-oembed';
import { embedServiceDetector } from './detectors/embed-service';
import { ghostCardDetector } from './detectors/ghost-card';
import { idPlaceholderDetector } from './detectors/id-placeholder';
import { jekyllTwitterDetector } from './detectors/jekyll-twitter';
import { mediumExportDetector } from './detectors/medium-export';
import { mediumFrameDetector } from './detectors/medium-frame';
import { reactTweetDetector } from './detectors/react-tweet';
import { renderedWidgetDetector } from './detectors/rendered-widget';
import { sitePlaceholderDetector } from './detectors/site-placeholder';
import { staticCardDetector } from './detectors/static-card';
import { substackCardDetector } from './detectors/substack-card';
import { widgetsBlockquoteDetector } from './detectors/widgets-blockquote';
import { wordpressEmbedDetector } from './detectors/wordpress-embed';

/**
 * Every detector, one per embed form (docs/detection.md). Each element is
 * looked at by one detector only: the first here whose selector it matches,
 * so forms whose selectors overlap come first (a Discourse link before any
 * status link, an empty blockquote[data-tweetid] placeholder before any card). Containers are claimed before the elements inside them by
 * document order, whatever their place here. Each entry needs a fixture in
 * tests/fixtures/embeds/ whose verdicts (verdicts.json) include its kinds, a
 * label in every locale and a section in docs/embed-forms.md:
 * tests/unit/embed-forms.test.ts fails otherwise.
 *
 * Everything else about the forms is built from this list: the kinds
 * (EMBED_KINDS, EmbedKind), the scan's query (scan.ts) and the containers
 * a status link is never judged alone in.
 */
export const DETECTORS = [
  renderedWidgetDetector,
  ampTwitterDetector,
  wordpressEmbedDetector,
  ghostCardDetector,
  mediumExportDetector,
  mediumFrameDetector,
  drupalOembedDetector,
  jekyllTwitterDetector,
  substackCardDetector,
  discourseEmbedDetector,
  reactTweetDetector,
  widgetsBlockquoteDetector,
  // Publishers' own markup (issue 13): after every named form, so that a
  // blockquote.twitter-tweet, an amp-twitter or a rendered frame carrying a
  // data-tweet-id stays what it is; the service's components and attributes
  // before the generic data attributes; the card (any blockquote or figure)
  // after both, so that an empty blockquote[data-tweetid] is a placeholder.
  embedServiceDetector,
  idPlaceholderDetector,
  staticCardDetector,
  sitePlaceholderDetector,
] as const;

/** The kinds a detector is declared with: its own, and those it also reports. */
type DeclaredKinds<D> = D extends Detector<infer K> ? K : never;

declare module './types' {
  /** One key per kind of a registered detector: this closes the union `EmbedKind`. */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the keys come from the base type
  interface RegisteredKinds extends Record<DeclaredKinds<(typeof DETECTORS)[number]>, true> {}
}

/** Every embed form a detector recognises, in registry order (docs/embed-forms.md, "The forms"). */
export const EMBED_KINDS: readonly EmbedKind[] = DETECTORS.flatMap((d): EmbedKind[] => [
  d.kind,
  ...(d.alsoReports ?? []),
]);
