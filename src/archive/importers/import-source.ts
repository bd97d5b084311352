/**
 * One entry point for every source the archive takes, shared by the CLI and
 * the options page: it recognises a file by its name and content and runs
 * the matching importer. Pure and browser-safe: bytes in, records out.
 */
import type { ImportContext } from './context';
import { importApiStatuses, isApiStatusJson, parseStatuses } from './api-v1';
import { asObject } from './json';
import { importOembed, isOembedJson } from './oembed';
import { importRecords, isRecordsJson } from './records';
import { emptyResult, type ImportResult } from './record';
import { importSavedPage } from './saved-page';
import { importSyndication } from './syndication';
import { importTextArticle, type TextSourceMeta } from './text';
import { importThreadReader, isThreadReaderPage } from './threadreader';
import { importWarc } from './warc';
import { importXArchive, type ExportFiles } from './x-archive';
import { isExportDataFile, isZip, readZip } from './zip';

export type SourceKind =
  'text' | 'markdown' | 'html' | 'x-archive' | 'syndication' | 'oembed' | 'api-v1.1' | 'warc' | 'records';
export const SOURCE_KINDS: readonly SourceKind[] = [
  'text',
  'markdown',
  'html',
  'x-archive',
  'syndication',
  'oembed',
  'api-v1.1',
  'warc',
  'records',
];

/** What a source cannot say about itself; kept in a `<name>.meta.json` beside it. */
export interface SourceMeta extends TextSourceMeta {
  /** For a syndication tombstone: the id that was asked for. */
  tweetId?: string | null;
}

const decoder = new TextDecoder('utf-8');
const textOf = (bytes: Uint8Array) => decoder.decode(bytes).replace(/^\uFEFF/, '');

/** Which importer reads a file, from its name and first bytes; null when none does. */
export function detectSourceKind(name: string, bytes: Uint8Array): SourceKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return isZip(bytes) ? 'x-archive' : null;
  if (/\.warc(?:\.gz)?$/.test(lower)) return 'warc';
  if (lower.endsWith('.txt')) return 'text';
  if (/\.(?:md|markdown)$/.test(lower)) return 'markdown';
  if (/\.(?:html?|xhtml)$/.test(lower)) return 'html';
  if (/\.(?:json|jsonl|ndjson)$/.test(lower)) {
    let value: unknown;
    try {
      const statuses = parseStatuses(textOf(bytes));
      value = statuses.length === 1 ? statuses[0] : statuses;
    } catch {
      return null;
    }
    if (isRecordsJson(value)) return 'records';
    if (isOembedJson(value)) return 'oembed';
    if (isApiStatusJson(value)) return 'api-v1.1';
    const object = asObject(value);
    if (object && (object.__typename === 'Tweet' || object.__typename === 'TweetTombstone')) return 'syndication';
    // "200 with {}": syndication's answer for a tweet it does not have (docs/data-formats.md#syndication).
    if (object && Object.keys(object).length === 0) return 'syndication';
    return null;
  }
  return null;
}

export interface SourceInput {
  /** Path relative to the sources folder, recorded in provenance. */
  file: string;
  bytes: Uint8Array;
  meta?: SourceMeta;
  /** Forces an importer instead of detecting one. */
  kind?: SourceKind;
}

export function importSource(input: SourceInput, context: ImportContext): ImportResult {
  const name = input.file.slice(input.file.lastIndexOf('/') + 1);
  const kind = input.kind ?? detectSourceKind(name, input.bytes);
  const meta = input.meta ?? {};
  const common = { capturedAt: meta.capturedAt ?? null, sourceUrl: meta.url ?? null, note: meta.note ?? null };
  switch (kind) {
    case 'text':
    case 'markdown':
      return { ...emptyResult(), articles: [importTextArticle(textOf(input.bytes), input.file, meta, kind)] };
    case 'html': {
      const document = context.parseHtml(textOf(input.bytes));
      if (isThreadReaderPage(document)) return importThreadReader(document, input.file, common);
      return importSavedPage(document, input.file, context, {
        url: meta.url ?? null,
        capturedAt: meta.capturedAt ?? null,
        siteName: meta.siteName ?? null,
        lang: meta.lang ?? null,
        note: meta.note ?? null,
      });
    }
    case 'x-archive': {
      if (!isZip(input.bytes)) throw new Error(`${input.file}: not a zip file`);
      return importXArchive(readZip(input.bytes, isExportDataFile), { base: input.file });
    }
    case 'syndication':
      return importSyndication(textOf(input.bytes), input.file, { ...common, tweetId: meta.tweetId ?? null });
    case 'oembed':
      return importOembed(textOf(input.bytes), input.file, context, common);
    case 'api-v1.1':
      return importApiStatuses(textOf(input.bytes), input.file, common);
    case 'warc':
      return importWarc(input.bytes, input.file, context);
    case 'records':
      return importRecords(textOf(input.bytes), input.file);
    default:
      throw new Error(
        `${input.file}: not a source the archive can read (text, Markdown, HTML, X export zip, syndication, oEmbed or API v1.1 JSON, WARC, exported records)`,
      );
  }
}

/** An X export given as its files (a folder read by the CLI); base is its path in the sources folder. */
export function importExportFolder(files: ExportFiles, base: string): ImportResult {
  return importXArchive(files, { base });
}
