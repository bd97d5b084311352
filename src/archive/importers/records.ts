/**
 * Records already normalised: the file "Export" gives from the options page
 * (src/archive/user-archive.ts, UserArchiveExport). Each record is checked
 * against the schema; a bad one is reported and left out, never repaired.
 * A good one is rebuilt from the schema's fields (known-fields.ts): nothing
 * else the file holds is carried into the archive.
 */
import { copyArticle, copyTweet } from '../known-fields';
import { validateArticle, validateTweet } from '../schema';
import type { ArchivedArticle, ArchivedTweet } from '../schema';
import { MAX_LEARNED_FIELD, type LearnedEntry } from '../user-archive-db';
import { asObject, parseJsonKeepingBigInts } from './json';
import { emptyResult, type ImportResult } from './record';

export const RECORDS_FORMAT = 'tweet-mender-user-archive';

export function isRecordsJson(value: unknown): boolean {
  return asObject(value)?.format === RECORDS_FORMAT;
}

export function importRecords(content: string, file: string): ImportResult {
  const result = emptyResult();
  const json = asObject(parseJsonKeepingBigInts(content));
  if (!json || json.format !== RECORDS_FORMAT) throw new Error(`${file}: not an export of Tweet Mender records`);
  const take = <T extends { id?: unknown }>(
    list: unknown,
    check: (value: unknown, name: string) => { field: string; message: string }[],
    copy: (record: T) => T,
    out: T[],
    kind: string,
  ) => {
    (Array.isArray(list) ? list : []).forEach((record: unknown, index) => {
      const name = typeof (record as T)?.id === 'string' ? ((record as T).id as string) : `${kind} #${index}`;
      const issues = check(record, name);
      if (issues.length) {
        result.notes.push(
          `${file}: ${name}: ${issues.map((i) => `${i.field || '(record)'}: ${i.message}`).join('; ')}; left out`,
        );
      } else out.push(copy(record as T));
    });
  };
  take<ArchivedArticle>(json.articles, validateArticle, copyArticle, result.articles, 'article');
  // appearsIn is rebuilt from the articles wherever the records go.
  take<ArchivedTweet>(json.tweets, validateTweet, (t) => ({ ...copyTweet(t), appearsIn: [] }), result.tweets, 'tweet');
  // Tweets learned as the user read come back as learned (listed, forgettable per site), never as imported.
  const learned: LearnedEntry[] = [];
  (Array.isArray(json.learned) ? json.learned : []).forEach((value: unknown, index) => {
    const entry = readLearnedEntry(value);
    if (entry) learned.push(entry);
    else result.notes.push(`${file}: learned #${index}: not a learned tweet; left out`);
  });
  if (learned.length) result.learned = learned;
  return result;
}

const isShortString = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_LEARNED_FIELD;

/** A learned entry of an export, rebuilt from its known fields; null when any of them is not sound. */
export function readLearnedEntry(value: unknown): LearnedEntry | null {
  const entry = asObject(value);
  if (!entry || !isShortString(entry.pageUrl) || !isShortString(entry.site) || !isShortString(entry.seenAt))
    return null;
  if (Number.isNaN(Date.parse(entry.seenAt)) || validateTweet(entry.tweet, 'learned').length) return null;
  const tweet = { ...copyTweet(entry.tweet as ArchivedTweet), appearsIn: [] };
  // What was learned is only ever learned: a file cannot pass it off as something the user imported.
  if (tweet.sources.some((source) => source.format !== 'learned')) return null;
  return { id: tweet.id, tweet, pageUrl: entry.pageUrl, site: entry.site, seenAt: entry.seenAt };
}
