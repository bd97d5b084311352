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
  return result;
}
