import type { BrokenReason, EmbedKind } from '../embeds/types';
import type { EmbedMatch } from '../archive/lookup';

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

export function summarizeReport(report: PageReport): ReportSummary {
  return {
    repaired: report.embeds.filter((e) => e.status === 'repaired').length,
    broken: report.embeds.filter((e) => e.status === 'broken').length,
    found: report.embeds.length,
    enabled: report.enabled,
  };
}
