/**
 * Frames: reading a same-origin frame's document (docs/detection.md, "Frames"),
 * and the verdict on a frame made to hold one embed.
 */
import type { TweetRef } from './tweet-url';
import type { DetectContext } from './types';
import type { Verdict } from './verdict';

/** The document behind a same-origin frame, or null (cross-origin, sandboxed, gone). */
export function readFrameDocument(frame: Element): Document | null {
  try {
    const doc = (frame as HTMLIFrameElement).contentDocument;
    return doc && doc.documentElement ? doc : null;
  } catch {
    return null;
  }
}

/**
 * The verdict on a frame made to hold one embed (Drupal Media oEmbed, Medium's
 * media frames): judged from inside when the page can read the frame's
 * document (docs/embed-forms.md#drupal-oembed and
 * docs/embed-forms.md#medium-frame), so that the card can take the
 * frame's place in the article. A frame the page cannot read, or with nothing
 * recognisable in it, is a live embed as far as anyone outside can tell, like
 * any cross-origin tweet frame: rendered, left alone.
 */
export function judgeEmbedFrame(
  frame: Element,
  context: DetectContext,
  tweetFromHost: TweetRef | null,
): Verdict | null {
  const inner = context.scanFrame?.(frame) ?? null;
  const main = inner?.find((d) => d.status !== 'rendered') ?? inner?.[0];
  if (main) return { element: frame, tweet: main.tweet ?? tweetFromHost, status: main.status, reason: main.reason };
  if (!tweetFromHost) return null;
  return { element: frame, tweet: tweetFromHost, status: 'rendered' };
}
