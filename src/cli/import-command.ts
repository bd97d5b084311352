/**
 * `tweet-mender archive import <path>…`: copies sources into the archive's
 * sources folder, each under the folder of its kind, with a note beside it
 * saying where it came from, so that `archive build` can regenerate the
 * packaged copy from the sources alone (assets/archive/README.md).
 * Every input is read by its importer first: nothing unreadable is copied.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isTweetId } from '../embeds/tweet-url';
import { normalizeDate } from '../archive/dates';
import {
  detectSourceKind,
  importSource,
  SOURCE_KINDS,
  type SourceKind,
  type SourceMeta,
} from '../archive/importers/import-source';
import type { ImportResult } from '../archive/importers/record';
import { isThreadReaderPage } from '../archive/importers/threadreader';
import { importEntry, isExportFolder, nodeImportContext, readMeta } from './sources';
import { UsageError, type Output } from './output';
import { startProgress } from './progress';

/** The folder of each kind inside the sources folder. */
const FOLDER: Record<SourceKind | 'threadreader', string> = {
  text: 'articles',
  markdown: 'articles',
  html: 'articles',
  'x-archive': 'x-archive',
  syndication: 'syndication',
  oembed: 'oembed',
  'api-v1.1': 'api-v1.1',
  warc: 'warc',
  records: 'records',
  threadreader: 'threadreader',
};

export interface ImportCommandContext {
  root: string;
  defaultSources: string;
  print: (text: string) => void;
  err: Output;
  now: () => Date;
}

const sameBytes = (a: string, b: string) => {
  if (statSync(a).isDirectory() || statSync(b).isDirectory()) return false;
  return Buffer.compare(readFileSync(a), readFileSync(b)) === 0;
};

function summarize(result: ImportResult): string {
  return `${result.tweets.length} tweet record(s), ${result.articles.length} article(s)`;
}

export function runImport(args: string[], ctx: ImportCommandContext): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        sources: { type: 'string' },
        kind: { type: 'string' },
        'tweet-id': { type: 'string' },
        'captured-at': { type: 'string' },
        url: { type: 'string' },
        'site-name': { type: 'string' },
        lang: { type: 'string' },
        note: { type: 'string' },
        origin: { type: 'string' },
        force: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('archive import needs at least one file or folder');
  const kind = values.kind as SourceKind | undefined;
  if (kind && !SOURCE_KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${SOURCE_KINDS.join(', ')}`);
  if (values['tweet-id'] !== undefined && !isTweetId(values['tweet-id']))
    throw new UsageError(`--tweet-id "${values['tweet-id']}" is not a tweet id`);
  const capturedAt = values['captured-at'] === undefined ? undefined : normalizeDate(values['captured-at']);
  if (capturedAt === null) throw new UsageError(`--captured-at "${values['captured-at']}" is not a date`);
  if (values.url !== undefined && !/^https?:\/\/\S+$/.test(values.url))
    throw new UsageError(`--url "${values.url}" is not an http(s) URL`);
  const given: SourceMeta = {
    ...(values['tweet-id'] ? { tweetId: values['tweet-id'] } : {}),
    ...(capturedAt ? { capturedAt } : {}),
    ...(values.url ? { url: values.url } : {}),
    ...(values['site-name'] ? { siteName: values['site-name'] } : {}),
    ...(values.lang ? { lang: values.lang } : {}),
    ...(values.note ? { note: values.note } : {}),
  };
  const sources = resolve(values.sources ?? ctx.defaultSources);
  const progress = startProgress(ctx.err, positionals.length, 'import');
  const failures: string[] = [];
  let imported = 0;
  const totals = { tweets: 0, articles: 0 };

  for (const input of positionals) {
    const path = resolve(input);
    progress.tick(basename(path));
    try {
      if (!existsSync(path)) throw new Error('no such file or folder');
      const folder = statSync(path).isDirectory();
      if (folder && !isExportFolder(path))
        throw new Error('a folder must be an unzipped X export (with data/manifest.js or data/tweets.js)');
      const meta = folder ? {} : { ...readMeta(path), ...given };
      // Read it as the build will, before copying anything.
      let result: ImportResult;
      let folderKind: string;
      if (folder) {
        result = importEntry({ path, file: `x-archive/${basename(path)}`, folder: true });
        folderKind = FOLDER['x-archive'];
      } else {
        const bytes = readFileSync(path);
        const detected = kind ?? detectSourceKind(basename(path), bytes);
        if (!detected) throw new Error('not a source the archive can read (see --help for the kinds)');
        const isThread = detected === 'html' && isThreadReaderPage(nodeImportContext.parseHtml(bytes.toString('utf8')));
        folderKind = FOLDER[isThread ? 'threadreader' : detected];
        result = importSource(
          { file: `${folderKind}/${basename(path)}`, bytes, meta, ...(kind ? { kind } : {}) },
          nodeImportContext,
        );
      }
      for (const note of result.notes) ctx.print(`note: ${note}`);
      if (result.tweets.length === 0 && result.articles.length === 0)
        throw new Error('no tweet or article could be read from it; nothing copied');

      const target = join(sources, folderKind, basename(path));
      if (existsSync(target)) {
        if (!folder && sameBytes(path, target)) {
          ctx.print(`${input}: already in the sources as ${relative(ctx.root, target)}`);
          continue;
        }
        if (!values.force)
          throw new Error(`${relative(ctx.root, target)} exists with other content; use --force to replace it`);
      }
      mkdirSync(dirname(target), { recursive: true });
      if (folder) cpSync(join(path, 'data'), join(target, 'data'), { recursive: true });
      else copyFileSync(path, target);
      if (!folder && Object.keys(meta).length) {
        const metaTarget = target.replace(/(\.[^./]+)?$/, '.meta.json');
        writeFileSync(metaTarget, `${JSON.stringify(meta, null, 2)}\n`);
      }
      writeFileSync(`${target}.source.txt`, sourceNote(path, ctx, values.origin));
      imported++;
      totals.tweets += result.tweets.length;
      totals.articles += result.articles.length;
      ctx.print(`${input}: ${summarize(result)} → ${relative(ctx.root, target)}`);
    } catch (error) {
      failures.push(`${input}: ${(error as Error).message}`);
    }
  }
  progress.stop();
  for (const failure of failures) ctx.err.write(`tweet-mender: ${failure}\n`);
  ctx.print(
    `Imported ${imported} source(s) (${totals.tweets} tweet records, ${totals.articles} articles) into ${sources}.` +
      (imported ? ' Run "tweet-mender archive build" to update the packaged copy.' : ''),
  );
  return failures.length ? 1 : 0;
}

/**
 * The note kept beside an imported source: the note that came with it (a
 * sample's .source.txt, kept verbatim) and how and from where it was imported.
 */
function sourceNote(path: string, ctx: ImportCommandContext, origin: string | undefined): string {
  const own = `${path}.source.txt`;
  const inside = !relative(ctx.root, path).startsWith('..');
  const lines = [
    `Imported with "tweet-mender archive import" on ${ctx.now().toISOString().slice(0, 10)}.`,
    inside
      ? `From the repository: ${relative(ctx.root, path).split('\\').join('/')}`
      : `From outside the repository: ${basename(path)}${origin ? '' : ' (no further origin was given)'}`,
    ...(origin ? [`Origin: ${origin}`] : []),
  ];
  const kept = existsSync(own) ? `${readFileSync(own, 'utf8').replace(/\s+$/, '')}\n\n--- import ---\n` : '';
  return `${kept}${lines.join('\n')}\n`;
}
