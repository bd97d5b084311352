/**
 * What every importer returns, and the provenance entry of a record. Tweet
 * records themselves are built by tweetRecord() (src/embeds/extract/tweet-record.ts),
 * which the content script shares.
 */
import type { ArchivedArticle, ArchivedTweet, Provenance, SourceFormat } from '../schema';
import type { LearnedEntry } from '../user-archive-db';

/** What every importer returns: records, and notes about what it skipped or could not read. */
export interface ImportResult {
  articles: ArchivedArticle[];
  tweets: ArchivedTweet[];
  /** Tweets learned as the user read, with where and when (only an export of Tweet Mender's records has them). */
  learned?: LearnedEntry[];
  notes: string[];
}

export const emptyResult = (): ImportResult => ({ articles: [], tweets: [], notes: [] });

export function concatResults(results: ImportResult[]): ImportResult {
  return {
    articles: results.flatMap((r) => r.articles),
    tweets: results.flatMap((r) => r.tweets),
    learned: results.flatMap((r) => r.learned ?? []),
    notes: results.flatMap((r) => r.notes),
  };
}

export interface ProvenanceInput {
  format: SourceFormat;
  file: string;
  capturedAt?: string | null;
  sourceUrl?: string | null;
  note?: string | null;
  pointer?: string | null;
  capturedAtRaw?: string | null;
  archiveUrl?: string | null;
}

/** A provenance entry; optional parts are left out when unknown (see schema.ts). */
export function provenance(input: ProvenanceInput): Provenance {
  const p: Provenance = {
    format: input.format,
    file: input.file,
    capturedAt: input.capturedAt ?? null,
    sourceUrl: input.sourceUrl ?? null,
    note: input.note ?? null,
  };
  if (input.pointer) p.pointer = input.pointer;
  if (input.capturedAtRaw && input.capturedAtRaw !== p.capturedAt) p.capturedAtRaw = input.capturedAtRaw;
  if (input.archiveUrl) p.archiveUrl = input.archiveUrl;
  return p;
}
