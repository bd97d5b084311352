/**
 * `tweet-mender archive import <path>…`: copies sources into the archive's
 * sources folder, each under the folder of its kind, with a note beside it
 * saying where it came from, so that `archive build` can regenerate the
 * packaged copy from the sources alone (assets/archive/README.md).
 * Every input is read by its importer first: nothing unreadable is copied.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isTweetId } from '../../embeds/tweet-url';
import { normalizeDate } from '../../embeds/extract/dates';
import { readWhole } from '../../archive/importers/byte-source';
import {
  detectKindOf,
  importSource,
  SOURCE_KINDS,
  type SourceKind,
  type SourceMeta,
} from '../../archive/importers/import-source';
import { LIMITS } from '../../archive/importers/limits';
import type { ImportResult } from '../../archive/importers/record';
import { isThreadReaderPage } from '../../archive/importers/threadreader';
import { withFileSource } from '../file-source';
import { importEntry, isExportFolder, isNote, metaPathOf, nodeImportContext, readMeta } from '../sources';
import type { Command, CommandContext } from '../command';
import { showName, UsageError } from '../output';
import { startProgress } from '../progress';

export const importCommand: Command = {
  name: 'import',
  usage: 'import <path>…',
  summary: 'Add sources: articles, saved pages, X exports, tweet JSON',
  help: `Usage: tweet-mender archive import <path>… [options]

Copies each source into the sources folder (default assets/archive/sources),
under the folder of its kind, with a <file>.source.txt note beside it saying
where it came from. Every source is read first: nothing unreadable is copied.
Then run "tweet-mender archive build".

Sources (recognised by name and content):
  .txt, .md            an article as a reader saw it: title, blank line, paragraphs
  .html                a saved page: SingleFile, Wayback Machine, any saved HTML
                       (or a Thread Reader App unroll)
  .zip or a folder     the X account export ("Download an archive of your data")
  .json, .jsonl        syndication tweet-result, oEmbed, API v1.1 statuses
  .warc, .warc.gz      a web archive: its pages and captured tweet JSON
  .json (records)      what the options page's "Export" gives

Options:
  --sources <dir>       the sources folder to add to
  --kind <kind>         read as: text, markdown, html, x-archive, syndication,
                        oembed, api-v1.1, warc, records (default: recognised)
  --tweet-id <id>       the tweet a syndication tombstone answered for
  --captured-at <date>  when the source was captured (ISO 8601)
  --url <url>           the address the source was taken from
  --site-name <name>    the site an article is from
  --lang <code>         the article's language
  --note <text>         what the source is, in words (shown with the record)
  --origin <text>       where the file came from, for the .source.txt note
  --force               replace a source of the same name with other content`,
  run: runImport,
};

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

/** Whether two files hold the same bytes, compared a slice at a time (an export can be gigabytes). */
async function sameBytes(a: string, b: string): Promise<boolean> {
  const [sa, sb] = [statSync(a), statSync(b)];
  if (sa.isDirectory() || sb.isDirectory() || sa.size !== sb.size) return false;
  const [ha, hb] = await Promise.all([open(a, 'r'), open(b, 'r')]);
  try {
    const [ba, bb] = [Buffer.alloc(1 << 20), Buffer.alloc(1 << 20)];
    for (let at = 0; at < sa.size; at += ba.length) {
      const [ra, rb] = await Promise.all([ha.read(ba, 0, ba.length, at), hb.read(bb, 0, bb.length, at)]);
      if (ra.bytesRead !== rb.bytesRead || !ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead)))
        return false;
    }
    return true;
  } finally {
    await Promise.all([ha.close(), hb.close()]);
  }
}

/**
 * Why the build would not read a source copied to `target` as it was read
 * here, or null: its name is one the build takes for a note, or its note
 * (`<name>.meta.json`) would be shared with another source.
 */
function buildWouldMiss(target: string): string | null {
  const name = basename(target);
  if (isNote(name))
    return 'the build skips files named like this (README, LICENSE, NOTICE, dot files, .source.txt and .meta.json notes): rename it';
  const dir = dirname(target);
  if (!existsSync(dir)) return null;
  const meta = metaPathOf(target);
  const sharing = readdirSync(dir).find(
    (other) => other !== name && !isNote(other) && metaPathOf(join(dir, other)) === meta,
  );
  return sharing === undefined
    ? null
    : `${showName(sharing)} is already in ${showName(basename(dir))}/ and would share its note ${showName(basename(meta))}: rename one of them`;
}

function summarize(result: ImportResult): string {
  return `${result.tweets.length} tweet record(s), ${result.articles.length} article(s)`;
}

async function runImport(args: string[], ctx: CommandContext): Promise<number> {
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
        result = await importEntry({ path, file: `x-archive/${basename(path)}`, folder: true });
        folderKind = FOLDER['x-archive'];
      } else {
        ({ result, folderKind } = await withFileSource(path, async (source) => {
          const detected = await detectKindOf(basename(path), source);
          // The build knows a source by its name only: a --kind it would not see is refused.
          if (kind && detected !== kind)
            throw new Error(
              `--kind ${kind}: the build reads it by its name as ${detected ?? 'no source at all'}; give it the name of its kind instead`,
            );
          const chosen = kind ?? detected;
          if (!chosen) throw new Error('not a source the archive can read (see --help for the kinds)');
          const isThread =
            chosen === 'html' &&
            isThreadReaderPage(
              nodeImportContext.parseHtml(
                Buffer.from(await readWhole(source, basename(path), LIMITS.wholeFile)).toString('utf8'),
              ),
            );
          const into = FOLDER[isThread ? 'threadreader' : chosen];
          const imported = await importSource(
            { file: `${into}/${basename(path)}`, bytes: source, meta, kind: chosen },
            nodeImportContext,
          );
          return { result: imported, folderKind: into };
        }));
      }
      for (const note of result.notes) ctx.print(`note: ${note}`);
      if (result.tweets.length === 0 && result.articles.length === 0)
        throw new Error('no tweet or article could be read from it; nothing copied');

      const target = join(sources, folderKind, basename(path));
      if (existsSync(target)) {
        if (!folder && (await sameBytes(path, target))) {
          ctx.print(`${input}: already in the sources as ${relative(ctx.root, target)}`);
          continue;
        }
        if (!values.force)
          throw new Error(`${relative(ctx.root, target)} exists with other content; use --force to replace it`);
      }
      const missed = buildWouldMiss(target);
      if (missed) throw new Error(`nothing copied: ${missed}`);
      mkdirSync(dirname(target), { recursive: true });
      if (folder) cpSync(join(path, 'data'), join(target, 'data'), { recursive: true });
      else copyFileSync(path, target);
      if (!folder && Object.keys(meta).length) {
        writeFileSync(metaPathOf(target), `${JSON.stringify(meta, null, 2)}\n`);
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
function sourceNote(path: string, ctx: CommandContext, origin: string | undefined): string {
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
