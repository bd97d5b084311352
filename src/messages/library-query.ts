/**
 * The check a `search-library` request passes before the library sees it
 * (the request and its answer are the library's own types, src/library/types.ts).
 */
import type { LibraryQuery } from '../library/types';

/** The longest query, and the most items one page of results may ask for. */
export const MAX_QUERY_LENGTH = 500;
export const MAX_LIMIT = 100;

/** The request as the background accepts it; throws on anything else. */
export function checkLibraryQuery(request: unknown): LibraryQuery {
  const r = (request ?? {}) as Record<string, unknown>;
  if (typeof r.query !== 'string' || r.query.length > MAX_QUERY_LENGTH)
    throw new Error(`bad library query: the query must be text of at most ${MAX_QUERY_LENGTH} characters`);
  if (!Number.isSafeInteger(r.offset) || (r.offset as number) < 0)
    throw new Error('bad library query: offset must be a whole number ≥ 0');
  if (!Number.isInteger(r.limit) || (r.limit as number) < 0 || (r.limit as number) > MAX_LIMIT)
    throw new Error(`bad library query: limit must be a whole number from 0 to ${MAX_LIMIT}`);
  return { query: r.query, offset: r.offset as number, limit: r.limit as number };
}
