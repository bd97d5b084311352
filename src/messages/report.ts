/**
 * What a tab's content script tells the popup (`get-report`, `rescan`) and
 * the background (`report-changed`, for the toolbar badge) about the embeds
 * of its page: the shapes of those messages (protocol.ts), so that the popup
 * and the background need nothing from src/content/.
 */
import type { BrokenReason, EmbedKind } from '../embeds/types';
import type { EmbedMatch } from './lookup';

export type EmbedStatus = 'rendered' | 'pending' | 'broken' | 'unavailable' | 'repaired';

/** One embed found on the page, as the popup lists it. */
export interface ReportedEmbed {
  /** Stable for the page's lifetime: the popup uses it to point at one embed ("show on page"). */
  key: number;
  kind: EmbedKind;
  status: EmbedStatus;
  reason: BrokenReason | null;
  tweetId: string | null;
  /** Canonical https permalink of the tweet, when the page names it. */
  tweetUrl: string | null;
  /** The archived entry found for it; null when the archive has none (or not looked up yet). */
  match: (Pick<EmbedMatch, 'by'> & { articleId: string | null; articleTitle: string | null }) | null;
  /** Who posted the archived tweet, and when, when the archive has it. */
  tweet: { handle: string | null; name: string | null; createdAt: string | null } | null;
}

export interface PageReport {
  url: string;
  hostname: string;
  /** Whether Tweet Mender is switched on for this page. */
  enabled: boolean;
  embeds: ReportedEmbed[];
}

export interface ReportSummary {
  repaired: number;
  broken: number;
  found: number;
  enabled: boolean;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** The counts as the background shows them on the badge; throws on anything that is not counts and a switch. */
export function checkReportSummary(summary: unknown): ReportSummary {
  const s = (summary ?? {}) as Partial<Record<keyof ReportSummary, unknown>>;
  if (!isCount(s.repaired) || !isCount(s.broken) || !isCount(s.found) || typeof s.enabled !== 'boolean') {
    throw new Error('bad report');
  }
  return { repaired: s.repaired, broken: s.broken, found: s.found, enabled: s.enabled };
}
