/**
 * API v1.1 status JSON (docs/data-formats.md#api-v11-statuses), the shape most third-party dumps
 * use: one status, an array of them, or one per line. The author is the
 * status's user; a retweet's original and a quoted status are stored as
 * records of their own. Numeric ids are never read when id_str is there (docs/data-formats.md#ids-are-strings).
 */
import { asObject, parseJsonKeepingBigInts } from './json';
import { emptyResult, provenance, type ImportResult } from './record';
import { tweetFromStatus } from './status-json';

export interface ApiOptions {
  capturedAt?: string | null;
  sourceUrl?: string | null;
  note?: string | null;
}

/** True for a JSON value that looks like API v1.1 statuses. */
export function isApiStatusJson(value: unknown): boolean {
  const first = asObject(Array.isArray(value) ? value[0] : value);
  return (
    !!first &&
    (typeof first.full_text === 'string' || typeof first.text === 'string') &&
    typeof first.id_str === 'string' &&
    asObject(first.user) !== null &&
    typeof first.__typename !== 'string'
  );
}

export function parseStatuses(content: string): unknown[] {
  const trimmed = content.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[')) return parseJsonKeepingBigInts(trimmed) as unknown[];
  // One object, or one object per line (twarc's JSON lines).
  const lines = trimmed.split(/\r?\n/).filter((line) => line.trim());
  if (lines.length > 1 && lines.every((line) => line.trim().startsWith('{'))) {
    try {
      return lines.map((line) => parseJsonKeepingBigInts(line));
    } catch {
      // a pretty-printed single object spans lines: read it whole below
    }
  }
  return [parseJsonKeepingBigInts(trimmed)];
}

export function importApiStatuses(content: string, file: string, options: ApiOptions = {}): ImportResult {
  const result = emptyResult();
  let statuses: unknown[];
  try {
    statuses = parseStatuses(content);
  } catch (error) {
    result.notes.push(`${file}: not JSON (${(error as Error).message})`);
    return result;
  }
  const visit = (value: unknown, pointer: string) => {
    const status = asObject(value);
    if (!status) return;
    const tweet = tweetFromStatus(status, {
      source: provenance({
        format: 'api-v1.1',
        file,
        pointer,
        capturedAt: options.capturedAt ?? null,
        sourceUrl: options.sourceUrl ?? null,
        note: options.note ?? null,
      }),
    });
    if (!tweet) {
      result.notes.push(`${file} ${pointer}: no id_str`);
      return;
    }
    result.tweets.push(tweet);
    for (const nested of ['retweeted_status', 'quoted_status'])
      if (asObject(status[nested])) visit(status[nested], `${pointer}.${nested}`);
  };
  statuses.forEach((status, index) => visit(status, `[${index}]`));
  return result;
}
