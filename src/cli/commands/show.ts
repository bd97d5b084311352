/**
 * `tweet-mender archive show <id>`: one record of a packaged copy, as text or
 * as its JSON.
 */
import { resolve } from 'node:path';
import { isArticleId } from '../../archive/ids';
import { isTweetId } from '../../embeds/tweet-url';
import { parse, type Command, type CommandContext } from '../command';
import { UsageError } from '../output';
import { openPackagedDir } from '../packaged-dir';

export const showCommand: Command = {
  name: 'show',
  usage: 'show <id>',
  summary: 'Print one tweet or article record',
  help: `Usage: tweet-mender archive show <tweetId|articleId> [--archive <dir>] [--json]

Prints one normalised record. Tweet ids are digits; article ids start with "a".`,
  run: show,
};

async function show(args: string[], { print, defaultPackaged }: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, { archive: { type: 'string' }, json: { type: 'boolean' } });
  const [id, ...extra] = positionals;
  if (!id) throw new UsageError('archive show needs a tweet id or an article id');
  if (extra.length) throw new UsageError(`archive show takes one id, not "${extra[0]}" too`);
  const dir = resolve((values.archive as string | undefined) ?? defaultPackaged);
  const kind = isTweetId(id) ? 'tweet' : isArticleId(id) ? 'article' : null;
  if (!kind) throw new UsageError(`"${id}" is neither a tweet id nor an article id`);
  const reader = openPackagedDir(dir);
  const record = kind === 'tweet' ? await reader.getTweet(id) : await reader.getArticle(id);
  if (!record) throw new Error(`no ${kind} with id ${id} in ${dir}`);
  print(values.json ? JSON.stringify(record, null, 2) : describeRecord(record));
  return 0;
}

function describeRecord(record: object): string {
  const r = record as Record<string, unknown>;
  if (Array.isArray(r.paragraphs)) {
    return [
      `${r.title as string}`,
      `id ${r.id as string}, ${r.paragraphs.length} paragraphs`,
      '',
      ...(r.paragraphs as string[]),
    ].join('\n');
  }
  const author = r.author as { handle: string | null; name: string | null } | null;
  const sources = r.sources as { format: string; file: string }[];
  return [
    `${author?.name ?? '?'}${author?.handle ? ` (@${author.handle})` : ''} · ${(r.createdAt as string | null) ?? 'undated'} · ${r.status as string}`,
    `${r.url as string}`,
    '',
    (r.text as string | null) ?? '(no text archived)',
    '',
    `sources: ${sources.map((s) => `${s.format} ${s.file}`).join('; ')}`,
  ].join('\n');
}
