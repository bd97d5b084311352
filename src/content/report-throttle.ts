/**
 * The content script's side of the `report-changed` message: the tab's counts
 * sent to the background, throttled (the shapes are in src/messages/report.ts).
 */
import type { ReportSummary } from '../messages/report';
import type { Clock } from './clock';

/** A change the badge does not show (found, broken) is sent at most this often: a feed changes them every batch. */
export const REPORT_INTERVAL_MS = 1000;

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
  timers: Clock,
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
