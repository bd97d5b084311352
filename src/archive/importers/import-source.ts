/**
 * One entry point for every source the archive takes, shared by the CLI and
 * the options page: it recognises a file by its name and content and runs
 * the matching importer. Browser-safe: a file read by ranges in
 * (byte-source.ts), records out. A zip or a WARC is read a slice at a time;
 * any other source is read whole, up to a limit (limits.ts). The records are
 * rebuilt from the schema's fields before they leave (known-fields.ts).
 */
import { copyArticle, copyTweet } from '../known-fields';
import { bytesSource, readWhole, type ByteSource } from './byte-source';
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
import { importXArchive, type ExportFile, type ExportFiles } from './x-archive';
import { LIMITS } from './limits';
import { isExportDataFile, isZip, openZip } from './zip';

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
  /** Path relative to the sources folder (or the name the user chose), recorded in provenance. */
  file: string;
  /** The file, read by ranges; bytes in memory are taken too. */
  bytes: ByteSource | Uint8Array;
  meta?: SourceMeta;
  /** Forces an importer instead of detecting one. */
  kind?: SourceKind;
}

/** The kind of a file read by ranges: a zip by its first bytes, JSON by its content (read whole, under the limit). */
export async function detectKindOf(
  name: string,
  source: ByteSource,
  whole = () => readWhole(source, name, LIMITS.wholeFile),
): Promise<SourceKind | null> {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return detectSourceKind(name, await source.read(0, 4));
  if (/\.(?:json|jsonl|ndjson)$/.test(lower)) return detectSourceKind(name, await whole());
  return detectSourceKind(name, new Uint8Array(0));
}

export async function importSource(input: SourceInput, context: ImportContext): Promise<ImportResult> {
  const result = await runImporter(input, context);
  return { ...result, tweets: result.tweets.map(copyTweet), articles: result.articles.map(copyArticle) };
}

async function runImporter(input: SourceInput, context: ImportContext): Promise<ImportResult> {
  const source = input.bytes instanceof Uint8Array ? bytesSource(input.bytes) : input.bytes;
  const name = input.file.slice(input.file.lastIndexOf('/') + 1);
  // Every source but a zip and a WARC is read whole (once), when it is no larger than the limit.
  let bytes: Promise<Uint8Array> | null = null;
  const whole = () => (bytes ??= readWhole(source, input.file, LIMITS.wholeFile));
  const text = async () => textOf(await whole());
  const kind = input.kind ?? (await detectKindOf(name, source, whole));
  const meta = input.meta ?? {};
  const common = { capturedAt: meta.capturedAt ?? null, sourceUrl: meta.url ?? null, note: meta.note ?? null };
  switch (kind) {
    case 'text':
    case 'markdown':
      return { ...emptyResult(), articles: [importTextArticle(await text(), input.file, meta, kind)] };
    case 'html': {
      const document = context.parseHtml(await text());
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
      if (!isZip(await source.read(0, 4))) throw new Error(`${input.file}: not a zip file`);
      return importXArchive(await zipExportFiles(source, input.file), { base: input.file });
    }
    case 'syndication':
      return importSyndication(await text(), input.file, { ...common, tweetId: meta.tweetId ?? null });
    case 'oembed':
      return importOembed(await text(), input.file, context, common);
    case 'api-v1.1':
      return importApiStatuses(await text(), input.file, common);
    case 'warc':
      return importWarc(source, input.file, context);
    case 'records':
      return importRecords(await text(), input.file);
    default:
      throw new Error(
        `${input.file}: not a source the archive can read (text, Markdown, HTML, X export zip, syndication, oEmbed or API v1.1 JSON, WARC, exported records)`,
      );
  }
}

/**
 * An export zip's files for the importer: the data files it may read, each
 * inflated only when it asks and under the limit for one data file; every
 * other entry (the media) by name only.
 */
async function zipExportFiles(source: ByteSource, file: string): Promise<ExportFiles> {
  const zip = await openZip(source, file);
  const files = new Map<string, ExportFile>();
  for (const entry of zip.entries) {
    files.set(
      entry.name,
      isExportDataFile(entry.name)
        ? () => zip.read(entry, LIMITS.exportDataFile, 'one data file of an X export')
        : new Uint8Array(0),
    );
  }
  return files;
}

/** An X export given as its files (a folder read by the CLI); base is its path in the sources folder. */
export async function importExportFolder(files: ExportFiles, base: string): Promise<ImportResult> {
  const result = await importXArchive(files, { base });
  return { ...result, tweets: result.tweets.map(copyTweet), articles: result.articles.map(copyArticle) };
}
