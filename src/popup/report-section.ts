/**
 * The popup's page report: "Check again" and one row per embed the tab found.
 *
 * Made once and updated in place on every refresh, like the site controls. The tab reports each change while
 * the user acts, and a button replaced between the press and the release of a click gets neither: "Check again"
 * pressed while the page was changing did nothing (the Firefox run of the "checks the page again" end-to-end
 * test in tests/e2e/reading-and-control.e2e.test.ts clicked a node already detached). A row is kept, with its
 * "Show on page" button, for as long as what it shows is unchanged; a changed row is replaced in its place.
 */
import type { PageReport, ReportedEmbed } from '../messages/report';
import { kindLabelKey } from '../embeds/labels';
import { t, formatDate, type MessageKey } from '../i18n/t';
import { createButton, createElement, createExternalLink } from '../ui/dom';

export interface ReportActions {
  reveal: (key: number) => void;
  rescan: () => void;
}

export function createReportSection(document: Document, section: HTMLElement) {
  let actions: ReportActions | null = null;

  const header = createElement(document, 'div', { className: 'section-header' });
  const rescan = createButton(document, t('popupCheckAgain'), 'check-again');
  rescan.id = 'check-again';
  rescan.addEventListener('click', () => actions?.rescan());
  header.append(
    createElement(document, 'h2', { text: t('popupReportHeading'), attrs: { id: 'report-heading' } }),
    rescan,
  );
  const offNote = createElement(document, 'p', { className: 'off-note', text: t('popupOffNote') });
  const empty = createElement(document, 'p', { className: 'empty', text: t('popupNoEmbeds') });
  const list = createElement(document, 'ul', { className: 'embeds' });
  /** The rows on show by embed key, with what each shows, so that an unchanged one is kept. */
  let rows = new Map<number, { shows: string; row: HTMLLIElement }>();

  section.replaceChildren(header);
  return {
    update(report: PageReport, next: ReportActions) {
      actions = next;
      // Only what changed moves: a focused "Check again" stays where it is.
      const parts = [header, ...(report.enabled ? [] : [offNote]), report.embeds.length ? list : empty];
      parts.forEach((part, i) => {
        if (section.children[i] !== part) section.insertBefore(part, section.children[i] ?? null);
      });
      while (section.children.length > parts.length) section.lastElementChild?.remove();

      const kept = new Map<number, { shows: string; row: HTMLLIElement }>();
      let previous: HTMLLIElement | null = null;
      for (const embed of report.embeds) {
        const shows = JSON.stringify(embed);
        const old = rows.get(embed.key);
        const row = old?.shows === shows ? old.row : renderRow(document, embed, (key) => actions?.reveal(key));
        // In the report's order, moving only a row that is out of place.
        const wanted: ChildNode | null = previous ? previous.nextSibling : list.firstChild;
        if (wanted !== row) list.insertBefore(row, wanted);
        kept.set(embed.key, { shows, row });
        previous = row;
      }
      for (const [key, { row }] of rows) if (kept.get(key)?.row !== row) row.remove();
      rows = kept;
    },
  };
}

function renderRow(document: Document, embed: ReportedEmbed, reveal: (key: number) => void): HTMLLIElement {
  const li = createElement(document, 'li', {
    attrs: { 'data-embed-status': embed.status, 'data-embed-kind': embed.kind, 'data-embed-key': String(embed.key) },
  });
  if (embed.tweetId) li.dataset.tweetId = embed.tweetId;
  const heading = createElement(document, 'p', { className: 'row-heading' });
  heading.append(
    createElement(document, 'span', {
      className: `status status-${embed.status}`,
      text: t(`status_${embed.status}` as MessageKey),
    }),
    ' · ',
    createElement(document, 'span', {
      className: 'kind',
      text: t(kindLabelKey(embed.kind)),
    }),
  );
  li.append(heading);
  if (embed.reason && embed.status !== 'repaired') {
    li.append(
      createElement(document, 'p', {
        className: 'reason',
        text: t(`reason_${embed.reason.replaceAll('-', '_')}` as MessageKey),
      }),
    );
  }
  if (embed.tweet) {
    const who = embed.tweet.handle ? `@${embed.tweet.handle}` : (embed.tweet.name ?? '');
    const when = embed.tweet.createdAt ? formatDate(embed.tweet.createdAt) : '';
    li.append(createElement(document, 'p', { className: 'tweet-meta', text: [who, when].filter(Boolean).join(' · ') }));
  }
  if (embed.match?.articleTitle) {
    li.append(createElement(document, 'p', { className: 'matched', text: embed.match.articleTitle }));
  }
  const actions = createElement(document, 'p', { className: 'row-actions' });
  const show = createButton(document, t('popupShowOnPage'), 'show-on-page');
  show.id = `show-embed-${embed.key}`;
  show.addEventListener('click', () => reveal(embed.key));
  actions.append(show);
  if (embed.tweetUrl)
    actions.append(createExternalLink(document, embed.tweetUrl, t('popupOpenTweet'), 'tweet', 'original'));
  li.append(actions);
  return li;
}
