/**
 * A saved article page (docs/data-formats.md#saved-pages): a SingleFile file, a Wayback
 * Machine capture, a WARC response (warc.ts) or any saved HTML. The article
 * text and metadata come from @mozilla/readability; the embeds are found
 * first, each replaced by a marker paragraph, so that the article records
 * where each stood (the number of paragraphs before it). Unrendered embed
 * blockquotes also give a tweet record (docs/data-formats.md#oembed).
 *
 * Pure: it takes a Document (DOMParser in the browser, linkedom in node) and
 * works on a copy of it.
 */
import { originalHref } from '../../embeds/extract/blockquote';
import { normalizeDate, normalizeDateTime } from '../../embeds/extract/dates';
import { ARCHIVED_EMBED, readFallbackBlock, recordEmbed, type EmbedRecord } from '../../embeds/extract/embed-record';
import { HTML_SPACE, verbatimText } from '../../embeds/extract/html-text';
import { parseTweetUrl } from '../../embeds/tweet-url';
import { articleIdFor } from '../ids';
import type { ArchivedEmbed, Provenance, SourceFormat } from '../schema';
import type { ImportContext } from './context';
import { emptyResult, provenance, type ImportResult } from './record';
import { parseUrl } from '../../util/parse-url';

export interface SavedPageOptions {
  /** 'warc' when the page comes out of a WARC record; otherwise detected. */
  format?: 'warc';
  /** What is known from outside the page (a WARC header, a .meta.json). */
  url?: string | null;
  capturedAt?: string | null;
  capturedAtRaw?: string | null;
  pointer?: string | null;
  siteName?: string | null;
  lang?: string | null;
  note?: string | null;
}

interface Capture {
  format: SourceFormat;
  url: string | null;
  capturedAt: string | null;
  capturedAtRaw: string | null;
  archiveUrl: string | null;
  note: string;
}

const COMMENT_NODE = 8;
const WAYBACK_URL = /^(?:https?:)?\/\/web\.archive\.org\/web\/(\d{14})(?:[a-z]{2}_)?\/(.+)$/i;
const WAYBACK_PATH = /^\/web\/\d{1,14}(?:[a-z]{2}_)?\//i;
const MARKER = /\uE000(\d+)\uE000/g;
/** Stands for <br> while HTML whitespace is collapsed (a private-use character no page text holds). */
const LINE_BREAK = '\uE001';

function comments(root: Node, limit = Infinity): Comment[] {
  const out: Comment[] = [];
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (out.length >= limit) return;
      if (child.nodeType === COMMENT_NODE) out.push(child as Comment);
      else if (child.nodeType === 1) walk(child);
    }
  };
  walk(root);
  return out;
}

const httpUrl = (value: string | null | undefined): string | null => {
  const url = value ? parseUrl(value.trim()) : null;
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
};

/**
 * SingleFile puts "Page saved with SingleFile / url: … / saved date: …" in a
 * comment before <head> (legacy: "Archive processed by SingleFile").
 */
function singleFileCapture(document: Document): Capture | null {
  const header = comments(document, 20).find((c) => /(?:Page saved with|Archive processed by) SingleFile/.test(c.data));
  if (!header) return null;
  const raw = /saved date:\s*(.+?)\s*(?:\n|$)/.exec(header.data)?.[1] ?? null;
  return {
    format: 'singlefile',
    url: httpUrl(/\burl:\s*(\S+)/.exec(header.data)?.[1]),
    capturedAt: normalizeDateTime(raw),
    capturedAtRaw: raw,
    archiveUrl: null,
    note: 'page saved with SingleFile',
  };
}

/** Wayback playback: its rewrite scripts, toolbar and trailer, and the original URL and timestamp. */
function waybackCapture(document: Document): Capture | null {
  const marks = comments(document).map((c) => c.data);
  const scripts = Array.from(document.querySelectorAll('script')).map((s) => s.textContent ?? '');
  const wombat = scripts.map((s) => /__wm\.wombat\("([^"]+)","(\d{14})"/.exec(s)).find((m) => m !== null);
  const canonical = WAYBACK_URL.exec(document.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? '');
  const isWayback =
    !!wombat ||
    marks.some((m) => /BEGIN WAYBACK TOOLBAR INSERT|End Wayback Rewrite JS Include|FILE ARCHIVED ON/.test(m));
  if (!isWayback) return null;
  const url = httpUrl(wombat?.[1] ?? canonical?.[2]);
  const stamp = wombat?.[2] ?? canonical?.[1] ?? null;
  return {
    format: 'wayback',
    url,
    capturedAt: normalizeDateTime(stamp),
    capturedAtRaw: stamp,
    archiveUrl: url && stamp ? `https://web.archive.org/web/${stamp}/${url}` : null,
    note: 'Wayback Machine capture',
  };
}

/** Removes the Wayback toolbar and scripts, and gives every link back its original address. */
function stripWayback(document: Document): void {
  for (const begin of comments(document).filter((c) => /BEGIN WAYBACK TOOLBAR INSERT/.test(c.data))) {
    let node = begin.nextSibling;
    while (node && !(node.nodeType === COMMENT_NODE && /END WAYBACK TOOLBAR INSERT/.test((node as Comment).data))) {
      const next = node.nextSibling;
      node.parentNode?.removeChild(node);
      node = next;
    }
  }
  for (const el of Array.from(document.querySelectorAll('#wm-ipp-base, #wm-ipp, #donato, #wm-ipp-print, script')))
    el.remove();
  for (const el of Array.from(document.querySelectorAll('[href], [src]'))) {
    for (const attr of ['href', 'src']) {
      const value = el.getAttribute(attr);
      if (!value) continue;
      const original = WAYBACK_URL.test(value) ? originalHref(value) : value.replace(WAYBACK_PATH, '');
      if (original !== value) el.setAttribute(attr, original as string);
    }
  }
}

/**
 * Replaces every embed with a marker paragraph, in document order, and
 * returns what each was. Adjacent fallback-text blocks ("Loading Tweet ..."
 * then "Tweet not loading? …" as two paragraphs) are one embed.
 */
function markEmbeds(document: Document, tweetSource: (index: number) => Provenance): EmbedRecord[] {
  const found: EmbedRecord[] = [];
  // Not Node.isConnected: linkedom reports it false in a cloned document.
  const attached = (el: Element) => document.documentElement.contains(el);
  const marker = (index: number) => {
    const p = document.createElement('p');
    p.textContent = `\uE000${index}\uE000`;
    return p;
  };
  for (const el of Array.from(document.querySelectorAll(ARCHIVED_EMBED))) {
    if (!attached(el) || el.parentElement?.closest(ARCHIVED_EMBED)) continue;
    const index = found.length;
    found.push(recordEmbed(el, () => tweetSource(index)));
    el.replaceWith(marker(index));
  }
  let previous: { element: Element; found: EmbedRecord } | null = null;
  for (const el of Array.from(document.querySelectorAll('p, div'))) {
    if (!attached(el) || el.querySelector('p, div')) continue;
    const block = readFallbackBlock(el);
    if (!block) continue;
    const { lines, tweetId } = block;
    if (previous && previous.element.nextElementSibling === el && attached(previous.element)) {
      // The second half of a block split over two paragraphs: the same embed.
      previous.found.embed.fallbackText.push(...lines);
      previous.found.embed.tweetId ??= tweetId;
      el.remove();
      continue;
    }
    const entry: EmbedRecord = {
      embed: { position: 0, tweetId, fallbackText: lines, kind: 'fallback-text' },
      tweet: null,
    };
    const replacement = marker(found.length);
    found.push(entry);
    el.replaceWith(replacement);
    previous = { element: replacement, found: entry };
  }
  return found;
}

const BLOCKS = new Set(
  (
    'address article aside blockquote caption dd details dialog div dl dt fieldset figcaption figure footer form ' +
    'h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math']);

interface Flattened {
  paragraphs: string[];
  /** Marker index → number of paragraphs before it. */
  positions: Map<number, number>;
  tweetLinks: { tweetId: string; paragraph: number }[];
}

/**
 * The article's paragraphs as a reader sees them: one per block, HTML
 * whitespace collapsed, <br> kept as a line break, <pre> kept verbatim.
 */
function flatten(root: Element): Flattened {
  const out: Flattened = { paragraphs: [], positions: new Map(), tweetLinks: [] };
  let current = '';
  let links: string[] = [];
  const flush = () => {
    const text = current
      .replace(HTML_SPACE, ' ')
      .replace(/ *\uE001 */g, '\n')
      .replace(/^\n+|\n+$/g, '')
      .replace(/^ +| +$/g, '');
    if (text) {
      for (const tweetId of new Set(links)) out.tweetLinks.push({ tweetId, paragraph: out.paragraphs.length });
      out.paragraphs.push(text);
    }
    current = '';
    links = [];
  };
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      let last = 0;
      for (const match of value.matchAll(MARKER)) {
        current += value.slice(last, match.index);
        flush();
        out.positions.set(Number(match[1]), out.paragraphs.length);
        last = (match.index ?? 0) + match[0].length;
      }
      current += value.slice(last);
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    if (SKIP.has(tag)) return;
    if (tag === 'br') {
      current += LINE_BREAK;
      return;
    }
    if (tag === 'pre') {
      flush();
      const text = verbatimText(el).replace(/^\n+|\n+$/g, '');
      if (text.trim()) out.paragraphs.push(text);
      return;
    }
    if (tag === 'a') {
      const ref = parseTweetUrl(el.getAttribute('href'));
      if (ref) links.push(ref.id);
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    for (const child of Array.from(el.childNodes)) visit(child);
    if (block) flush();
  };
  visit(root);
  flush();
  return out;
}

export function importSavedPage(
  document: Document,
  file: string,
  context: Pick<ImportContext, 'Readability'>,
  options: SavedPageOptions = {},
): ImportResult {
  const result = emptyResult();
  const page = document.cloneNode(true) as Document;
  const detected = singleFileCapture(page) ?? waybackCapture(page);
  if (detected?.format === 'wayback') stripWayback(page);
  const capture: Capture = {
    format: options.format ?? detected?.format ?? 'html',
    url: httpUrl(options.url) ?? detected?.url ?? null,
    capturedAt: normalizeDateTime(options.capturedAt) ?? detected?.capturedAt ?? null,
    capturedAtRaw: options.capturedAtRaw ?? detected?.capturedAtRaw ?? null,
    archiveUrl: detected?.archiveUrl ?? null,
    note: options.note ?? (options.format === 'warc' ? 'WARC capture' : (detected?.note ?? 'saved web page')),
  };
  const source = (format: SourceFormat, pointer: string | null, note: string) =>
    provenance({
      format,
      file,
      pointer,
      capturedAt: capture.capturedAt,
      capturedAtRaw: capture.capturedAtRaw,
      sourceUrl: capture.url,
      archiveUrl: capture.archiveUrl,
      note,
    });
  const at = (suffix: string | null) => [options.pointer, suffix].filter(Boolean).join(' ') || null;

  const canonical = httpUrl(page.querySelector('link[rel~="canonical"]')?.getAttribute('href'));
  const ogUrl = httpUrl(page.querySelector('meta[property="og:url"]')?.getAttribute('content'));
  const published =
    page.querySelector('article time[datetime], [itemprop="datePublished"][datetime]')?.getAttribute('datetime') ??
    null;

  const embeds = markEmbeds(page, (index) =>
    source('embed-html', at(`embed ${index}`), 'embed blockquote in a saved page'),
  );
  const article = new context.Readability(page, { charThreshold: 1, serializer: (node: Node) => node }).parse();
  const content = (article?.content as Element | null | undefined) ?? page.body;
  const flat = content ? flatten(content) : { paragraphs: [], positions: new Map<number, number>(), tweetLinks: [] };

  const title = [article?.title, page.title, page.querySelector('h1')?.textContent]
    .map((t) => (t ?? '').replace(HTML_SPACE, ' ').trim())
    .find((t) => t.length > 0);
  if (!title || flat.paragraphs.length === 0) {
    result.notes.push(`${file}: no article ${title ? 'text' : 'title'} found`);
    return result;
  }

  const urls = [...new Set([capture.url, canonical, ogUrl].filter((u): u is string => !!u && !WAYBACK_URL.test(u)))];
  const kept = embeds
    .map((found, index) => ({ ...found, position: flat.positions.get(index) }))
    .filter((found) => found.position !== undefined);
  const articleEmbeds: ArchivedEmbed[] = kept.map(({ embed, position }) => ({
    ...embed,
    position: position as number,
  }));
  result.articles.push({
    v: 1,
    id: articleIdFor(urls[0] ?? null, title, flat.paragraphs[0] as string),
    title,
    urls,
    siteName: options.siteName ?? article?.siteName ?? null,
    byline: article?.byline?.replace(HTML_SPACE, ' ').trim() || null,
    lang: options.lang ?? article?.lang ?? (page.documentElement.getAttribute('lang') || null),
    publishedAt: normalizeDate(article?.publishedTime) ?? normalizeDate(published),
    paragraphs: flat.paragraphs,
    embeds: articleEmbeds,
    ...(flat.tweetLinks.length ? { tweetLinks: flat.tweetLinks } : {}),
    sources: [source(capture.format, at(null), capture.note)],
  });
  // Embeds outside the article (a sidebar) are not part of it; their tweets still are tweets.
  for (const { tweet } of embeds) if (tweet) result.tweets.push(tweet);
  return result;
}
