/**
 * WARC files (ISO 28500, WARC/1.0 and 1.1; docs/data-formats.md#warc): the article
 * pages they captured, and the embed's own requests that browser-based
 * crawls record (syndication tweet-result, oEmbed). Plain or .warc.gz (one
 * gzip member per record); HTTP chunking and gzip/deflate content encodings
 * are undone. Revisit records have no payload of their own and are noted.
 *
 * A WARC can be gigabytes, mostly media. It is read as a stream, one slice of
 * the file at a time (and inflated under a cap as it goes): a record is kept
 * only when it is a response or resource of a size worth reading, and each
 * is imported before the next is read (docs/security.md, "Hostile file").
 */
import { parseTweetUrl } from '../../embeds/tweet-url';
import { normalizeDateTime } from '../../embeds/extract/dates';
import type { ByteSource } from './byte-source';
import type { ImportContext } from './context';
import { CappedInflater, gzipDeclaredSize, inflateCapped, concatBytes } from './inflate';
import { formatBytes, InputLimitError, LIMITS } from './limits';
import { importOembed } from './oembed';
import { concatResults, emptyResult, type ImportResult } from './record';
import { importSavedPage } from './saved-page';
import { importSyndication } from './syndication';
import { parseUrl } from '../../util/parse-url';

export interface WarcRecord {
  headers: Map<string, string>;
  block: Uint8Array;
}

const CRLFCRLF = [13, 10, 13, 10];
const latin1 = new TextDecoder('latin1');
/** Bytes read from the file at a time. */
const READ_SLICE = 1024 * 1024;

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

/** The records worth reading: responses and resources (pages, JSON), and revisits (to note them). */
const isWanted = (headers: Map<string, string>) =>
  ['response', 'resource', 'revisit'].includes(headers.get('warc-type') ?? '');

/**
 * Splits a stream of WARC bytes, fed in pieces of any size, into records. A
 * record's block is kept only when `isWanted` and no larger than the record
 * limit; the others pass through uncollected.
 */
class WarcSplitter {
  private state: 'between' | 'header' | 'block' = 'between';
  private readonly header = new Uint8Array(LIMITS.warcHeader);
  private headerLength = 0;
  private headers = new Map<string, string>();
  private remaining = 0;
  private keep = false;
  private parts: Uint8Array[] = [];
  private recordStart = 0;
  /** Bytes of the stream consumed so far. */
  position = 0;

  constructor(
    private readonly file: string,
    private readonly onRecord: (record: WarcRecord) => void,
    private readonly onSkipped: (headers: Map<string, string>, length: number) => void,
  ) {}

  /** Bytes of the current record that will be passed over unread (a plain file can seek past them). */
  get skippable(): number {
    return this.state === 'block' && !this.keep ? this.remaining : 0;
  }

  skip(length: number): void {
    this.remaining -= length;
    this.position += length;
    if (this.remaining === 0) this.state = 'between';
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.state === 'between') {
        // The blank lines between records.
        while (at < chunk.length && (chunk[at] === 13 || chunk[at] === 10)) at++;
        if (at < chunk.length) {
          this.state = 'header';
          this.headerLength = 0;
          this.recordStart = this.position + at;
        }
      } else if (this.state === 'header') {
        const room = this.header.length - this.headerLength;
        const take = Math.min(room, chunk.length - at);
        const searchFrom = Math.max(0, this.headerLength - 3);
        this.header.set(chunk.subarray(at, at + take), this.headerLength);
        this.headerLength += take;
        const end = indexOf(this.header.subarray(0, this.headerLength), CRLFCRLF, searchFrom);
        if (end < 0) {
          if (this.headerLength === this.header.length) {
            throw new InputLimitError(
              `${this.file}: the record at byte ${this.recordStart} has a header over ${formatBytes(LIMITS.warcHeader)}: not a WARC`,
            );
          }
          at += take;
          continue;
        }
        // Give back what followed the header: it is the block.
        at += take - (this.headerLength - (end + 4));
        this.startBlock(latin1.decode(this.header.subarray(0, end)));
      } else {
        const take = Math.min(this.remaining, chunk.length - at);
        if (this.keep) this.parts.push(chunk.slice(at, at + take));
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) this.endBlock();
      }
    }
    this.position += chunk.length;
  }

  private startBlock(head: string): void {
    if (!/^WARC\/1\.[01]\r\n/.test(head)) throw new Error(`no WARC/1.x record at byte ${this.recordStart}`);
    this.headers = parseHeaders(head);
    const length = Number(this.headers.get('content-length'));
    if (!Number.isSafeInteger(length) || length < 0)
      throw new Error(`WARC record at byte ${this.recordStart} has no Content-Length`);
    const wanted = isWanted(this.headers);
    this.keep = wanted && length <= LIMITS.warcRecord;
    if (wanted && !this.keep) this.onSkipped(this.headers, length);
    this.parts = [];
    this.remaining = length;
    this.state = 'block';
    if (length === 0) this.endBlock();
  }

  private endBlock(): void {
    this.state = 'between';
    if (this.keep) this.onRecord({ headers: this.headers, block: concatBytes(this.parts) });
    this.parts = [];
  }

  /** At the end of the stream: a record cut short is an error. */
  end(): void {
    if (this.state === 'block') throw new Error(`WARC record at byte ${this.recordStart} is cut short`);
    if (this.state === 'header') throw new Error(`WARC record at byte ${this.recordStart} has no end of headers`);
  }
}

/**
 * Every record of a WARC worth reading, handed to `onRecord` one at a time as
 * the file is read; records too large to read are reported to `onSkipped`.
 */
export async function readWarc(
  source: ByteSource,
  file: string,
  onRecord: (record: WarcRecord) => void,
  onSkipped: (headers: Map<string, string>, length: number) => void = () => undefined,
): Promise<void> {
  const queue: WarcRecord[] = [];
  const splitter = new WarcSplitter(file, (record) => queue.push(record), onSkipped);
  const drain = () => {
    for (let record = queue.shift(); record; record = queue.shift()) onRecord(record);
  };
  const head = await source.read(0, 2);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    // .warc.gz: one gzip member per record. Nothing declares the whole size, so the output is held
    // to a ratio of the file's size that web captures never reach.
    const limit = Math.max(LIMITS.warcInflateFloor, LIMITS.warcInflateRatio * source.size);
    const inflated: Uint8Array[] = [];
    const inflater = new CappedInflater(
      'gzip',
      { what: file, declared: null, limit, limitFor: `a .warc.gz of ${formatBytes(source.size)}` },
      (chunk) => inflated.push(chunk),
    );
    for (let offset = 0; offset < source.size; offset += READ_SLICE) {
      const length = Math.min(READ_SLICE, source.size - offset);
      inflater.push(await source.read(offset, length), offset + length === source.size);
      for (const chunk of inflated.splice(0)) splitter.push(chunk);
      drain();
    }
  } else {
    // Plain: records not worth reading are passed over without reading them.
    let offset = 0;
    while (offset < source.size) {
      const skip = Math.min(splitter.skippable, source.size - offset);
      if (skip > 0) {
        splitter.skip(skip);
        offset += skip;
        continue;
      }
      const chunk = await source.read(offset, Math.min(READ_SLICE, source.size - offset));
      splitter.push(chunk);
      offset += chunk.length;
      drain();
    }
  }
  splitter.end();
  drain();
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
  return concatBytes(parts);
}

export function parseHttpResponse(block: Uint8Array, what = 'HTTP body'): HttpMessage | null {
  const end = indexOf(block, CRLFCRLF, 0);
  if (end < 0) return null;
  const head = latin1.decode(block.subarray(0, end));
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1]);
  if (!status) return null;
  const headers = parseHeaders(head);
  let body = block.subarray(end + 4);
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) body = dechunk(body);
  const encoding = (headers.get('content-encoding') ?? '').toLowerCase();
  const cap = { what, limit: LIMITS.warcRecord, limitFor: 'one WARC record' };
  // gzip declares its size in its last four bytes (RFC 1952 section 2.3.1); raw deflate declares none.
  if (encoding === 'gzip' || encoding === 'x-gzip')
    body = inflateCapped('gzip', body, { ...cap, declared: gzipDeclaredSize(body) });
  else if (encoding === 'deflate') body = inflateCapped('deflate', body, { ...cap, declared: null });
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

export async function importWarc(source: ByteSource, file: string, context: ImportContext): Promise<ImportResult> {
  const results: ImportResult[] = [];
  const notes: string[] = [];
  const importRecord = (record: WarcRecord) => {
    const type = record.headers.get('warc-type');
    const uri = (record.headers.get('warc-target-uri') ?? '').replace(/^<|>$/g, '');
    const pointer = record.headers.get('warc-record-id') ?? null;
    const warcDate = record.headers.get('warc-date') ?? null;
    if (type === 'revisit') {
      notes.push(`${file} ${pointer}: revisit of ${uri} (no payload of its own), skipped`);
      return;
    }
    let body: Uint8Array;
    let contentType: string;
    try {
      if (type === 'response') {
        const http = parseHttpResponse(record.block, `${file} ${pointer}`);
        if (!http || http.status !== 200) return;
        body = http.body;
        contentType = http.headers.get('content-type') ?? '';
      } else {
        body = record.block;
        contentType = record.headers.get('content-type') ?? '';
      }
    } catch (error) {
      if (error instanceof InputLimitError) throw error;
      notes.push(`${file} ${pointer}: ${(error as Error).message}`);
      return;
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
  };
  try {
    await readWarc(source, file, importRecord, (headers, length) =>
      notes.push(
        `${file} ${headers.get('warc-record-id') ?? ''}: ${formatBytes(length)}, over the ${formatBytes(LIMITS.warcRecord)} limit for one record, skipped`,
      ),
    );
  } catch (error) {
    // A hostile file stops the import with its reason; a damaged one gives nothing, and says why.
    if (error instanceof InputLimitError) throw error;
    return { ...emptyResult(), notes: [`${file}: ${(error as Error).message}`] };
  }
  const all = concatResults(results);
  return { ...all, notes: [...notes, ...all.notes] };
}
