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

/** A change the badge does not show (found, broken) is sent at most this often: a feed changes them every batch. */
export const REPORT_INTERVAL_MS = 1000;

interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Sends the tab's counts to the background without flooding it: what the
 * badge shows (repaired, or off) at once, anything else (found, broken: an
 * open popup refreshes on them) at most once per REPORT_INTERVAL_MS, the last
 * counts winning. A `report-changed` message per batch was the content
 * script's heaviest function in the infinite feed, and each message still
 * costs it about 0.2 ms of Chrome's messaging (docs/performance.md, "Mutations").
 */
export function throttleReports(
  send: (summary: ReportSummary) => void,
  timers: Timers,
): (summary: ReportSummary) => void {
  let sent: ReportSummary | null = null;
  let sentAt = -Infinity;
  let pending: ReportSummary | null = null;
  let timer: unknown = null;
  const flush = (summary: ReportSummary) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    pending = null;
    sent = summary;
    sentAt = timers.now();
    send(summary);
  };
  return (summary) => {
    const badgeChanged = !sent || sent.enabled !== summary.enabled || sent.repaired !== summary.repaired;
    const wait = sentAt + REPORT_INTERVAL_MS - timers.now();
    if (badgeChanged || wait <= 0) {
      flush(summary);
      return;
    }
    pending = summary;
    timer ??= timers.setTimeout(() => {
      timer = null;
      if (pending) flush(pending);
    }, wait);
  };
}
