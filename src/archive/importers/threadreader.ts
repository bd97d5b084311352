/**
 * A Thread Reader App unroll page (docs/data-formats.md#thread-reader-app): text-only tweets in
 * authored order, div.content-tweet[data-tweet][data-screenname]. The markup
 * is unconfirmed, so only those selectors are relied on. Times come from
 * the ids (docs/data-formats.md#time-from-the-id); the first tweet is the thread's root.
 */
import { isTweetId, parseTweetUrl } from '../../embeds/tweet-url';
import { verbatimText } from '../../embeds/extract/html-text';
import { tweetRecord } from '../../embeds/extract/tweet-record';
import { emptyResult, provenance, type ImportResult } from './record';

const TRIM = /^[ \t\n\r\f]+|[ \t\n\r\f]+$/g;

export function isThreadReaderPage(document: Document): boolean {
  return document.querySelector('div.content-tweet[data-tweet]') !== null;
}

export function importThreadReader(
  document: Document,
  file: string,
  options: { capturedAt?: string | null } = {},
): ImportResult {
  const result = emptyResult();
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? null;
  const sourceUrl = canonical && /^https?:\/\//.test(canonical) ? canonical : null;
  const items = Array.from(document.querySelectorAll('div.content-tweet[data-tweet]'));
  const rootFromUrl = sourceUrl ? /\/thread\/(\d{1,20})(?:\.html)?/.exec(sourceUrl)?.[1] : undefined;
  const firstId = items.map((el) => el.getAttribute('data-tweet')).find((id) => isTweetId(id)) ?? null;
  const root = rootFromUrl && isTweetId(rootFromUrl) ? rootFromUrl : firstId;
  for (const el of items) {
    const id = el.getAttribute('data-tweet');
    if (!isTweetId(id)) continue;
    const copy = el.cloneNode(true) as Element;
    for (const permalink of Array.from(copy.querySelectorAll('sup.tw-permalink'))) permalink.remove();
    const text = verbatimText(copy).replace(TRIM, '');
    const handle =
      el.getAttribute('data-screenname') ??
      parseTweetUrl(el.querySelector('sup.tw-permalink a')?.getAttribute('href'))?.handle ??
      null;
    result.tweets.push(
      tweetRecord({
        id,
        author: handle ? { handle, name: null, id: null } : null,
        text: text || null,
        rawText: text || null,
        conversationRootId: root,
        sources: [
          provenance({
            format: 'threadreader',
            file,
            pointer: el.id ? `#${el.id}` : null,
            capturedAt: options.capturedAt ?? null,
            sourceUrl,
            note: 'Thread Reader App unroll',
          }),
        ],
      }),
    );
  }
  if (result.tweets.length === 0) result.notes.push(`${file}: no tweets in the unroll page`);
  return result;
}
