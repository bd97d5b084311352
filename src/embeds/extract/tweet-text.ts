/**
 * The display text of a tweet from its raw source text, following
 * docs/data-formats.md#traps-every-format-shares exactly:
 *  - indices are Unicode code points of the *escaped* text (docs/data-formats.md#indices), so the
 *    text is sliced first, as an array of code points, and decoded after;
 *  - only &amp; &lt; &gt; are entities (docs/data-formats.md#escaped-text), decoded in one pass so that
 *    "&amp;lt;" becomes "&lt;" and never "<";
 *  - t.co links become their expanded_url (docs/data-formats.md#tco-links), which is inserted as is
 *    (it is a URL, not escaped text);
 *  - media links are removed, and the display range ends where the first
 *    medium starts (react-tweet's fixRange), since some real export items
 *    have a display_text_range that includes the media link.
 * An entity is trusted only when the code points at its indices are its t.co
 * link; otherwise the link is looked for in the text, and left alone when it
 * is not there (real dumps carry media entities of other tweets).
 */
import type { Indices, TweetEntities, TweetMedia } from '../../archive/schema';

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** Decodes &amp; &lt; &gt; exactly once. */
export function decodeTweetEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITY[name] as string);
}

interface Span {
  start: number;
  end: number;
  /** Inserted verbatim in place of the span; '' removes it. */
  replacement: string;
  media: boolean;
}

/** Code-point index of a UTF-16 index in text. */
function codePointIndex(text: string, utf16: number): number {
  return Array.from(text.slice(0, utf16)).length;
}

function locate(codePoints: string[], rawText: string, tco: string, indices: Indices, taken: Span[]): Indices {
  if (indices && codePoints.slice(indices[0], indices[1]).join('') === tco) return indices;
  let from = 0;
  for (;;) {
    const at = rawText.indexOf(tco, from);
    if (at < 0) return null;
    const start = codePointIndex(rawText, at);
    const end = start + Array.from(tco).length;
    if (!taken.some((s) => s.start < end && start < s.end)) return [start, end];
    from = at + tco.length;
  }
}

export interface DisplayText {
  text: string;
  /** The range actually shown, after clamping to the first medium. */
  range: [number, number];
}

export function displayTextOf(
  rawText: string,
  displayTextRange: Indices,
  entities: Pick<TweetEntities, 'urls'>,
  media: Pick<TweetMedia, 'tco'>[],
): DisplayText {
  const codePoints = Array.from(rawText);
  const length = codePoints.length;
  let start = Math.min(displayTextRange?.[0] ?? 0, length);
  let end = Math.min(displayTextRange?.[1] ?? length, length);
  if (end < start) [start, end] = [0, length];

  const spans: Span[] = [];
  for (const tco of new Set(media.map((m) => m.tco).filter((t): t is string => !!t))) {
    const at = locate(codePoints, rawText, tco, null, spans);
    if (at) spans.push({ start: at[0], end: at[1], replacement: '', media: true });
  }
  for (const url of entities.urls) {
    const at = locate(codePoints, rawText, url.tco, url.indices, spans);
    if (at && !spans.some((s) => s.start < at[1] && at[0] < s.end))
      spans.push({ start: at[0], end: at[1], replacement: url.expandedUrl ?? url.tco, media: false });
  }
  const firstMedium = Math.min(...spans.filter((s) => s.media).map((s) => s.start));
  let endsWithMedium = false;
  if (firstMedium >= start && firstMedium < end) {
    end = firstMedium;
    endsWithMedium = true;
  }

  let text = '';
  let at = start;
  for (const span of spans.filter((s) => s.start >= start && s.end <= end).sort((a, b) => a.start - b.start)) {
    text += decodeTweetEntities(codePoints.slice(at, span.start).join('')) + span.replacement;
    at = span.end;
    if (span.media && span.end === end) endsWithMedium = true;
  }
  text += decodeTweetEntities(codePoints.slice(at, end).join(''));
  // "text https://t.co/media": the space before a removed media link is not text.
  if (endsWithMedium) text = text.replace(/\s+$/u, '');
  return { text, range: [start, end] };
}
