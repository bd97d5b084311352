/**
 * `tweet-mender archive search`: the records of a packaged copy that hold
 * some words, through its search index, as the extension's library finds
 * them.
 */
import { join, resolve } from 'node:path';
import type { ArchiveManifest } from '../../archive/schema';
import { openLibrary } from '../../library/library';
import { parseQuery } from '../../library/query';
import { findSnippet } from '../../library/snippet';
import { UsageError } from '../output';
import { parse, type Command, type CommandContext } from '../command';
import { openPackagedDir, readJson } from '../packaged-dir';

export const searchCommand: Command = {
  name: 'search',
  usage: 'search <words>…',
  summary: 'Find tweets and articles by their words',
  help: `Usage: tweet-mender archive search <words>… [--archive <dir>] [--limit <n>] [--json]

Lists the tweets and articles that hold every word (any case, any
punctuation; the last word also as the beginning of a word), best first:
words in the title or author first, then the words side by side, then the
newest. A tweet id, a tweet's address or an @handle finds the tweet. Uses
the archive's search index, as the extension's library does. Default
limit: 50.`,
  run: search,
};

async function search(args: string[], { print, defaultPackaged }: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, {
    archive: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new UsageError('archive search needs at least one word');
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
  const dir = resolve((values.archive as string | undefined) ?? defaultPackaged);
  const { hits, total } = await searchPackaged(dir, positionals, limit);
  if (values.json) print(JSON.stringify(hits, null, 2));
  else {
    for (const hit of hits) {
      const where = hit.kind === 'article' ? ` ${hit.paragraph === -1 ? 'title' : `¶${(hit.paragraph ?? 0) + 1}`}` : '';
      print(`${hit.kind} ${hit.id}${where}: ${hit.text.replace(/\n/g, ' ')}`);
    }
    print(`${hits.length} match(es)${total > hits.length ? ` of ${total} (limit ${limit})` : ''}`);
  }
  return 0;
}

interface SearchHit {
  kind: 'tweet' | 'article';
  id: string;
  /** The paragraph of an article hit the text is from (-1 = the title: no paragraph holds the words). */
  paragraph?: number;
  /** The passage around the match (about 160 characters), or the title. */
  text: string;
  title: string;
  date: string | null;
}

/**
 * The records holding every word, best first, through the packaged copy's
 * search index (src/library/), as the extension's library searches: words in
 * any case and punctuation, the last one also as the beginning of a word,
 * tweet ids and @handles too.
 */
async function searchPackaged(
  dir: string,
  words: string[],
  limit: number,
): Promise<{ hits: SearchHit[]; total: number }> {
  const manifest = readJson(join(dir, 'manifest.json')) as ArchiveManifest;
  if (!manifest.search) throw new Error(`${dir} has no search index: run "tweet-mender archive build"`);
  const reader = openPackagedDir(dir);
  const query = words.join(' ');
  const page = await openLibrary({ packaged: reader, records: reader }).search({ query, offset: 0, limit });
  const parsed = parseQuery(query);
  const hits = await Promise.all(
    page.items.map(async (item): Promise<SearchHit> => {
      const base = { kind: item.kind, id: item.id, title: item.title, date: item.date };
      if (item.kind === 'tweet') return { ...base, text: item.snippet };
      const paragraphs = (await reader.getArticle(item.id))?.paragraphs ?? [];
      const snippet = findSnippet(paragraphs, parsed);
      return snippet
        ? { ...base, paragraph: snippet.segment, text: snippet.text }
        : { ...base, paragraph: -1, text: item.title };
    }),
  );
  return { hits, total: page.total };
}
