/**
 * The report: what the popup lists (every embed on the page, in page order,
 * frames included) and the counts the toolbar badge shows, sent to the
 * background only when they change.
 */
import { ASK_THE_USER, type EmbedMatch } from '../messages/lookup';
import type { PageFrames } from './page-frames';
import type { PageReport, ReportSummary } from '../messages/report';
import { anchorOf, type Tracked } from './tracked-embeds';

export interface ReportStateOptions {
  document: Document;
  frames: PageFrames;
  tracked: ReadonlySet<Tracked>;
  /** Tells the background (the badge, an open popup). */
  send: (summary: ReportSummary) => void;
}

export interface ReportState {
  /** The report the popup shows. */
  build(enabled: boolean): PageReport;
  /** Sends the counts when they changed; `pageShrank`: nodes left the page since the embeds were last checked. */
  sendIfChanged(enabled: boolean, pageShrank: boolean): void;
}

export function createReportState(options: ReportStateOptions): ReportState {
  const { document, frames, tracked, send } = options;
  /** The toolbar badge starts blank: a page with nothing to show sends nothing (docs/performance.md, "Page load"). */
  let lastSummary = JSON.stringify({ repaired: 0, broken: 0, found: 0, enabled: true } satisfies ReportSummary);

  function buildReport(enabled: boolean): PageReport {
    const entries = [...tracked].filter((e) => frames.isInPage(anchorOf(e)));
    entries.sort((a, b) => frames.comparePosition(anchorOf(a), anchorOf(b)));
    return {
      url: document.location?.href ?? '',
      hostname: document.location?.hostname ?? '',
      enabled,
      embeds: entries.map((e) => {
        const match = matchOf(e);
        return {
          key: e.key,
          kind: e.detection.kind,
          status: isRepaired(e) ? 'repaired' : e.status,
          reason: e.detection.reason ?? null,
          tweetId: e.detection.tweet?.id ?? null,
          tweetUrl: e.detection.tweet?.url ?? null,
          match: match
            ? { by: match.by, articleId: match.article?.id ?? null, articleTitle: match.article?.title ?? null }
            : null,
          tweet: match?.tweet
            ? {
                handle: match.tweet.author?.handle ?? null,
                name: match.tweet.author?.name ?? null,
                createdAt: match.tweet.createdAt,
              }
            : null,
        };
      }),
    };
  }

  /**
   * The counts the badge shows, counted over what is tracked: building and
   * sorting the whole report on every batch of a feed was a tenth of the
   * content script's time there (docs/performance.md, "Mutations").
   */
  function summarize(enabled: boolean, pageShrank: boolean): ReportSummary {
    const summary: ReportSummary = { repaired: 0, broken: 0, found: 0, enabled };
    for (const entry of tracked) {
      // Every tracked embed is on the page, unless nodes left it since the last prune.
      if (pageShrank && !frames.isInPage(anchorOf(entry))) continue;
      summary.found++;
      if (isRepaired(entry)) summary.repaired++;
      else if (entry.status === 'broken') summary.broken++;
    }
    return summary;
  }

  return {
    build: buildReport,
    sendIfChanged(enabled, pageShrank) {
      const summary = summarize(enabled, pageShrank);
      const key = JSON.stringify(summary);
      if (key === lastSummary) return;
      lastSummary = key;
      send(summary);
    },
  };
}

/** The archive's match for an embed, once known (a neutral card's, once the user asked). */
const matchOf = (entry: Tracked): EmbedMatch | null => (entry.match === ASK_THE_USER ? null : (entry.match ?? null));

/** A card shows the embed's archived copy (a neutral card that has not found one is no repair). */
const isRepaired = (entry: Tracked): boolean => !!entry.card && matchOf(entry) !== null;
