import { findPlaceholder } from '../placeholder-blocks';
import { STATUS_LINK } from '../status-links';
import type { Detector } from '../types';
import { parseTweetUrl } from '../tweet-url';

/**
 * A site's own block in place of a tweet, found from its status link
 * (docs/embed-forms.md#site-fallback,
 * docs/embed-forms.md#tombstone, docs/embed-forms.md#placeholder-wording). Only the visible texts of these blocks are
 * known from real pages, never their tags or classes, and every site words
 * them its own way, so a block is recognised by text plus structure plus link:
 * the largest small ancestor of a tweet status link whose whole text is
 * placeholder wording (fallback-text.ts). Prose that quotes the wording never
 * qualifies, because its text is more than the wording.
 *
 * - "Loading Tweet ... / Tweet not loading? See it directly on Twitter" (WSWS),
 *   "Tweet not loading? View it on Twitter" (a React site), "loading tweet"
 *   (a forum), and any other wording of that family → `site-fallback`,
 *   pending (the site may still swap it), broken after the grace period.
 * - "This Post is unavailable.", "This Tweet was deleted by the Tweet author",
 *   X's 404 texts → `tombstone`, unavailable.
 *
 * Privacy Badger's "Loading Tweet ID <id>" stand-in and its "… has replaced
 * this X (Twitter) widget" placeholder are another extension's deliberate
 * state: their wording is not placeholder wording, so they are left alone.
 */
export const sitePlaceholderDetector: Detector<'site-fallback' | 'tombstone'> = {
  kind: 'site-fallback',
  alsoReports: ['tombstone'],
  selector: STATUS_LINK,
  // Without the `i` flag: 1.5 ms less per 100,000 elements; tweet URLs are written in lower case.
  hooks: { [STATUS_LINK]: 'a[href*="/status"]' },
  // Every block is found from its status link.
  signs: STATUS_LINK,
  detect(link, context) {
    const tweet = parseTweetUrl(link.getAttribute('href'));
    // A link inside another form's embed is that embed's (DetectContext.containers).
    if (!tweet || link.closest(context.containers)) return null;
    const placeholder = findPlaceholder(link);
    if (!placeholder) return null;
    const { wording, nodes } = placeholder;
    if (wording === 'loading')
      return { kind: 'site-fallback', nodes, tweet, status: 'pending', reason: 'fallback-shown' };
    return { kind: 'tombstone', nodes, tweet, status: 'unavailable' };
  },
};
