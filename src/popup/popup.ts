/**
 * The popup: for one tab, the site switch, the page report and the full
 * archived text of the matched article(s), readable with no network.
 */
import type { ArchivedArticle } from '../archive/schema';
import { summarizeArticle } from '../archive/lookup';
import type { PageReport, ReportedEmbed } from '../content/report';
import { sendToBackground, sendToTab, isMessage, type WebExtension } from '../messages/protocol';
import { describeProvenance, renderArticleBody } from '../reader/render-article';
import { safeTweetUrl } from '../repair/safe-url';
import { setEnabledFor } from '../sites/rules';
import { updateSettings } from '../sites/settings';
import { formatDate, t, type MessageKey } from '../i18n/t';

export interface PopupOptions {
  document: Document;
  browser: WebExtension;
  /** location.search of the popup page: "?tab=<id>" shows that tab instead of the active one. */
  search: string;
}

export async function startPopup({ document, browser, search }: PopupOptions): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  const tabId = await resolveTabId(browser, search);
  let report: PageReport | null = null;
  const shownArticles = new Map<string, ArchivedArticle>();

  const refresh = async () => {
    try {
      report = tabId === null ? null : await sendToTab(browser, tabId, { type: 'get-report' });
    } catch {
      report = null;
    }
    await render();
  };

  const render = async () => {
    if (!report) {
      root.replaceChildren(paragraph(document, 'cannot-run', t('popupCannotRun')));
      root.setAttribute('aria-busy', 'false');
      return;
    }
    const ids = [...new Set(report.embeds.map((e) => e.match?.articleId).filter((id): id is string => !!id))];
    for (const id of ids) {
      if (shownArticles.has(id)) continue;
      const article = await sendToBackground(browser, { type: 'get-article', articleId: id }).catch(() => null);
      if (article) shownArticles.set(id, article);
    }
    const articles = ids.map((id) => shownArticles.get(id)).filter((a): a is ArchivedArticle => !!a);
    root.replaceChildren(
      renderSwitch(document, report, (enabled) => toggleSite(report as PageReport, enabled)),
      renderReport(document, report),
      renderReader(document, articles),
    );
    root.setAttribute('aria-busy', 'false');
  };

  // The tab's content script tells the background whenever its report changes;
  // the popup hears the same broadcast and refreshes. It never answers it.
  browser.runtime.onMessage.addListener((message, sender) => {
    if (isMessage(message) && message.type === 'report-changed' && sender.tab?.id === tabId) void refresh();
    return undefined;
  });

  await refresh();
}

async function resolveTabId(browser: WebExtension, search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function toggleSite(report: PageReport, enabled: boolean): Promise<void> {
  await updateSettings((settings) => ({
    ...settings,
    rules: setEnabledFor(report.url, enabled, 'site', settings.mode, settings.rules),
  }));
}

function renderSwitch(document: Document, report: PageReport, onToggle: (enabled: boolean) => Promise<void>) {
  const row = document.createElement('div');
  row.className = 'switch-row';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = 'site-switch';
  input.setAttribute('role', 'switch');
  input.checked = report.enabled;
  const label = document.createElement('label');
  label.htmlFor = input.id;
  label.textContent = t('popupSiteSwitch', report.hostname || report.url);
  input.addEventListener('change', () => {
    input.disabled = true;
    void onToggle(input.checked).finally(() => {
      input.disabled = false;
    });
  });
  row.append(input, label);
  if (!report.enabled) row.append(paragraph(document, 'off-note', t('popupOffNote')));
  return row;
}

function renderReport(document: Document, report: PageReport) {
  const section = document.createElement('section');
  section.className = 'report';
  section.setAttribute('aria-labelledby', 'report-heading');
  const heading = document.createElement('h2');
  heading.id = 'report-heading';
  heading.textContent = t('popupReportHeading');
  section.append(heading);
  if (!report.embeds.length) {
    section.append(paragraph(document, 'empty', t('popupNoEmbeds')));
    return section;
  }
  const list = document.createElement('ul');
  list.className = 'embeds';
  for (const embed of report.embeds) list.append(renderRow(document, embed));
  section.append(list);
  return section;
}

function renderRow(document: Document, embed: ReportedEmbed) {
  const li = document.createElement('li');
  li.dataset.embedStatus = embed.status;
  li.dataset.embedKind = embed.kind;
  if (embed.tweetId) li.dataset.tweetId = embed.tweetId;
  const status = document.createElement('span');
  status.className = `status status-${embed.status}`;
  status.textContent = t(`status_${embed.status}` as MessageKey);
  const kind = document.createElement('span');
  kind.className = 'kind';
  kind.textContent = t(`kind_${embed.kind.replaceAll('-', '_')}` as MessageKey);
  li.append(status, ' ', kind);
  if (embed.reason && embed.status !== 'repaired') {
    li.append(paragraph(document, 'reason', t(`reason_${embed.reason.replaceAll('-', '_')}` as MessageKey)));
  }
  if (embed.match?.articleTitle) li.append(paragraph(document, 'matched', embed.match.articleTitle));
  const url = safeTweetUrl(embed.tweetUrl);
  if (url) {
    const link = document.createElement('a');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = t('popupOpenTweet');
    li.append(' ', link);
  }
  return li;
}

function renderReader(document: Document, articles: ArchivedArticle[]) {
  const section = document.createElement('section');
  section.className = 'reader';
  section.setAttribute('aria-labelledby', 'reader-heading');
  const heading = document.createElement('h2');
  heading.id = 'reader-heading';
  heading.textContent = t('popupReaderHeading');
  section.append(heading);
  if (!articles.length) section.append(paragraph(document, 'empty', t('popupNoArchivedText')));
  for (const article of articles) {
    const el = document.createElement('article');
    el.className = 'archived-article';
    el.dataset.articleId = article.id;
    if (article.lang) el.lang = article.lang;
    const title = document.createElement('h3');
    title.className = 'title';
    title.textContent = article.title;
    el.append(title, paragraph(document, 'provenance', describeProvenance(summarizeArticle(article), formatDate)));
    const body = document.createElement('div');
    body.className = 'body';
    body.append(renderArticleBody(document, article));
    el.append(body);
    section.append(el);
  }
  return section;
}

function paragraph(document: Document, className: string, text: string) {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
