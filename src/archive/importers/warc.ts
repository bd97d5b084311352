/**
 * WARC files (ISO 28500, WARC/1.0 and 1.1; docs/data-formats.md#warc): the article
 * pages they captured, and the embed's own requests that browser-based
 * crawls record (syndication tweet-result, oEmbed). Plain or .warc.gz (one
 * gzip member per record); HTTP chunking and gzip/deflate content encodings
 * are undone. Revisit records have no payload of their own and are noted.
 */
import { Gunzip, inflateSync, gunzipSync } from 'fflate';
import { parseTweetUrl } from '../../embeds/tweet-url';
import { normalizeDateTime } from '../dates';
import type { ImportContext } from './context';
import { importOembed } from './oembed';
import { concatResults, emptyResult, type ImportResult } from './record';
import { importSavedPage } from './saved-page';
import { importSyndication } from './syndication';

export interface WarcRecord {
  headers: Map<string, string>;
  block: Uint8Array;
}

const CRLFCRLF = [13, 10, 13, 10];
const latin1 = new TextDecoder('latin1');

function indexOf(bytes: Uint8Array, pattern: number[], from: number): number {
  outer: for (let i = from; i <= bytes.length - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split(/\r\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Every gzip member, decompressed and joined (a .warc.gz has one member per record). */
function gunzipAll(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const stream = new Gunzip((chunk) => parts.push(chunk));
  stream.push(bytes, true);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function parseWarc(input: Uint8Array): WarcRecord[] {
  const bytes = input[0] === 0x1f && input[1] === 0x8b ? gunzipAll(input) : input;
  const records: WarcRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    // Skip the blank lines between records.
    while (at < bytes.length && (bytes[at] === 13 || bytes[at] === 10)) at++;
    if (at >= bytes.length) break;
    const end = indexOf(bytes, CRLFCRLF, at);
    if (end < 0) throw new Error(`WARC record at byte ${at} has no end of headers`);
    const head = latin1.decode(bytes.subarray(at, end));
    if (!/^WARC\/1\.[01]\r\n/.test(head)) throw new Error(`no WARC/1.x record at byte ${at}`);
    const headers = parseHeaders(head);
    const length = Number(headers.get('content-length'));
    if (!Number.isInteger(length) || length < 0) throw new Error(`WARC record at byte ${at} has no Content-Length`);
    const start = end + 4;
    if (start + length > bytes.length) throw new Error(`WARC record at byte ${at} is cut short`);
    records.push({ headers, block: bytes.subarray(start, start + length) });
    at = start + length;
  }
  return records;
}

interface HttpMessage {
  status: number;
  headers: Map<string, string>;
  body: Uint8Array;
}

function dechunk(body: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = indexOf(body, [13, 10], at);
    if (lineEnd < 0) break;
    const size = parseInt(latin1.decode(body.subarray(at, lineEnd)).split(';')[0] as string, 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function parseHttpResponse(block: Uint8Array): HttpMessage | null {
  const end = indexOf(block, CRLFCRLF, 0);
  if (end < 0) return null;
  const head = latin1.decode(block.subarray(0, end));
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1]);
  if (!status) return null;
  const headers = parseHeaders(head);
  let body = block.subarray(end + 4);
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) body = dechunk(body);
  const encoding = (headers.get('content-encoding') ?? '').toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') body = gunzipSync(body);
  else if (encoding === 'deflate') body = inflateSync(body);
  else if (encoding && encoding !== 'identity') throw new Error(`content encoding "${encoding}" is not supported`);
  return { status, headers, body };
}

function decodeBody(body: Uint8Array, contentType: string): string {
  const charset = /charset=([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

export function importWarc(bytes: Uint8Array, file: string, context: ImportContext): ImportResult {
  const results: ImportResult[] = [];
  const notes: string[] = [];
  let records: WarcRecord[];
  try {
    records = parseWarc(bytes);
  } catch (error) {
    return { ...emptyResult(), notes: [`${file}: ${(error as Error).message}`] };
  }
  for (const record of records) {
    const type = record.headers.get('warc-type');
    const uri = (record.headers.get('warc-target-uri') ?? '').replace(/^<|>$/g, '');
    const pointer = record.headers.get('warc-record-id') ?? null;
    const warcDate = record.headers.get('warc-date') ?? null;
    if (type === 'revisit') {
      notes.push(`${file} ${pointer}: revisit of ${uri} (no payload of its own), skipped`);
      continue;
    }
    if (type !== 'response' && type !== 'resource') continue;
    let body: Uint8Array;
    let contentType: string;
    try {
      if (type === 'response') {
        const http = parseHttpResponse(record.block);
        if (!http || http.status !== 200) continue;
        body = http.body;
        contentType = http.headers.get('content-type') ?? '';
      } else {
        body = record.block;
        contentType = record.headers.get('content-type') ?? '';
      }
    } catch (error) {
      notes.push(`${file} ${pointer}: ${(error as Error).message}`);
      continue;
    }
    const capture = { capturedAt: normalizeDateTime(warcDate), capturedAtRaw: warcDate, pointer };
    const url = parseUrl(uri);
    if (url?.hostname === 'cdn.syndication.twimg.com' && url.pathname === '/tweet-result') {
      results.push(
        importSyndication(decodeBody(body, contentType), file, {
          ...capture,
          tweetId: url.searchParams.get('id'),
          sourceUrl: uri,
          note: 'captured in a WARC',
        }),
      );
    } else if (url && /^publish\.(?:twitter|x)\.com$/.test(url.hostname) && url.pathname === '/oembed') {
      results.push(
        importOembed(decodeBody(body, contentType), file, context, {
          ...capture,
          sourceUrl: uri,
          note: `captured in a WARC for ${parseTweetUrl(url.searchParams.get('url'))?.url ?? 'a tweet'}`,
        }),
      );
    } else if (/text\/html|application\/xhtml/i.test(contentType)) {
      const document = context.parseHtml(decodeBody(body, contentType));
      results.push(importSavedPage(document, file, context, { ...capture, format: 'warc', url: uri }));
    }
  }
  const all = concatResults(results);
  return { ...all, notes: [...notes, ...all.notes] };
}
