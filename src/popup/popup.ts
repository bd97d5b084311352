/**
 * The popup, for one tab: the site switch, the page report and the full
 * archived text of the matched article(s), readable with no network.
 */
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import { openUserArchive } from '../archive/user-archive';
import { startSearchIndex } from '../library/index-build';
import type { PageReport } from '../messages/report';
import { askTab } from '../messages/ask-tab';
import { sendToBackground, sendToTab, isMessage } from '../messages/protocol';
import type { WebExtension } from '../messages/web-extension';
import { renderReaderArticle } from '../reader/render-reader';
import { renderReaderTools } from '../reader/reader-tools';
import { findDecidingRule, parseRules, setEnabledFor, type SiteRule } from '../sites/rules';
import { readSettings, saveSettings, updateSettings, usesUserArchiveOn, type Settings } from '../sites/settings';
import { t } from '../i18n/t';
import { createButton, createElement } from '../ui/dom';
import { createReportSection } from './report-section';

export interface PopupOptions {
  document: Document;
  browser: WebExtension;
  /** location.search of the popup page: "?tab=<id>" shows that tab instead of the active one. */
  search: string;
  /** Closes the popup after it opened a tab (window.close in the real popup). */
  close: () => void;
  writeClipboard: (text: string) => Promise<void>;
}

export async function startPopup(options: PopupOptions): Promise<void> {
  const { document, browser } = options;
  const root = document.getElementById('app') as HTMLElement;
  const tabId = await resolveTabId(browser, options.search);
  const articles = new Map<string, { article: ArchivedArticle; tweets: Map<string, ArchivedTweet> }>();
  let textSize = (await readSettings()).readerTextSize;
  let report: PageReport | null = null;
  let shownArticleIds = '';
  // "Use my archive on this site" is offered once the user has imported something.
  const userArchive = openUserArchive({ searchIndex: startSearchIndex });
  const hasUserArchive = await userArchive.hasRecords();
  userArchive.close();

  const site = createElement(document, 'section', { className: 'site', attrs: { 'aria-label': t('popupSiteLabel') } });
  const reportSection = createElement(document, 'section', {
    className: 'report',
    attrs: { 'aria-labelledby': 'report-heading' },
  });
  const reader = createElement(document, 'section', {
    className: 'reader',
    attrs: { 'aria-labelledby': 'reader-heading' },
  });
  reader.style.setProperty('--reader-scale', String(textSize / 100));
  const siteControls = createSiteControls(document, site);
  const reportControls = createReportSection(document, reportSection);

  const openTab = async (path: string) => {
    await browser.tabs.create({ url: browser.runtime.getURL(path as '/popup.html') });
    options.close();
  };
  document.getElementById('open-library')?.addEventListener('click', () => void openTab('/reader.html'));
  document.getElementById('open-settings')?.addEventListener('click', () => {
    void browser.runtime.openOptionsPage().then(options.close);
  });

  // Refreshes overlap (the tab reports each change; the user acts meanwhile) and their answers can come back out of
  // order: only the latest one started may render, or an answer from before a switch turned the site off would
  // show the switch on again, and the next press would switch the site off a second time.
  let latest = 0;
  const refresh = async (type: 'get-report' | 'rescan' = 'get-report') => {
    const mine = ++latest;
    let answer: PageReport | null;
    try {
      // A page without embeds, or whose site is off, has no engine yet: the popup brings it in.
      answer =
        tabId === null
          ? null
          : await askTab(browser, tabId, { type }, (id) =>
              sendToBackground(browser, { type: 'inject-engine', tabId: id }),
            );
    } catch {
      answer = null;
    }
    if (mine !== latest) return;
    report = answer;
    await render(mine);
  };

  const render = async (mine: number) => {
    if (!report) {
      root.replaceChildren(createElement(document, 'p', { className: 'cannot-run', text: t('popupCannotRun') }));
      root.setAttribute('aria-busy', 'false');
      return;
    }
    const current = report;
    const ids = [...new Set(current.embeds.map((e) => e.match?.articleId).filter((id): id is string => !!id))];
    await loadArticles(browser, ids, articles);

    const settings = await readSettings();
    // A later refresh took over while this one waited.
    if (mine !== latest) return;
    const rule = findDecidingRule(current.url, parseRules(settings.rules).rules);
    // A row whose embed changed is replaced: its "Show on page" keeps the keyboard focus if it had it.
    const focused = document.activeElement?.id;
    siteControls.update(current, rule, hasUserArchive ? usesUserArchiveOn(settings, current.url) : null, {
      toggle: (enabled, scope) => toggle(current, settings, enabled, scope),
      useMyArchive: (use) => useMyArchive(current, settings, use),
    });
    reportControls.update(current, {
      reveal: (key) => void sendToTab(browser, tabId as number, { type: 'reveal-embed', key }).then(options.close),
      rescan: () => void refresh('rescan'),
    });
    if (focused && document.activeElement?.id !== focused) document.getElementById(focused)?.focus();
    // The reader is rebuilt only when its articles change, so that reading
    // position and focus survive report refreshes.
    if (ids.join() !== shownArticleIds || !reader.isConnected) {
      shownArticleIds = ids.join();
      renderReader(document, reader, ids, articles, {
        textSize,
        setTextSize: (size) => {
          textSize = size;
          reader.style.setProperty('--reader-scale', String(size / 100));
          void updateSettings((s) => ({ ...s, readerTextSize: size }));
        },
        writeClipboard: options.writeClipboard,
        openInTab: (id) => void openTab(`/reader.html?article=${id}`),
      });
    }
    if (!site.isConnected) root.replaceChildren(site, reportSection, reader);
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

async function loadArticles(
  browser: WebExtension,
  ids: string[],
  cache: Map<string, { article: ArchivedArticle; tweets: Map<string, ArchivedTweet> }>,
): Promise<void> {
  for (const id of ids) {
    if (cache.has(id)) continue;
    const article = await sendToBackground(browser, { type: 'get-article', articleId: id }).catch(() => null);
    if (!article) continue;
    const tweetIds = article.embeds.map((e) => e.tweetId).filter((tweetId): tweetId is string => !!tweetId);
    const tweets = tweetIds.length
      ? await sendToBackground(browser, { type: 'get-tweets', ids: tweetIds }).catch(() => [])
      : [];
    cache.set(id, { article, tweets: new Map(tweets.map((tweet) => [tweet.id, tweet])) });
  }
}

/**
 * Turning the site off or on acts on the whole site (its subdomains too); with
 * Ctrl/Cmd held, or with "This page only", it acts on this page alone, as
 * uBlock Origin's switch does.
 */
async function toggle(report: PageReport, base: Settings, enabled: boolean, scope: 'site' | 'page'): Promise<void> {
  // Sent at once, from the settings this popup shows (the background merges the change into the settings as they
  // are now, src/sites/settings.ts): a popup closes as soon as the user clicks elsewhere, and a change that first
  // waited for a storage read could be lost with it.
  await saveSettings(base, { ...base, rules: setEnabledFor(report.url, enabled, scope, base.mode, base.rules) });
}

/**
 * "Use my archive on this site": the background then repairs this site's
 * broken embeds from the user's own archive without asking (src/background/archive-access.ts).
 * A site rule, as the switch sets them, kept apart from the switch's own rules.
 */
async function useMyArchive(report: PageReport, base: Settings, use: boolean): Promise<void> {
  // At once, like the switch (toggle).
  await saveSettings(base, {
    ...base,
    userArchiveRules: setEnabledFor(report.url, use, 'site', 'only-listed', base.userArchiveRules),
  });
}

interface SiteHandlers {
  toggle: (enabled: boolean, scope: 'site' | 'page') => Promise<void>;
  useMyArchive: (use: boolean) => Promise<void>;
}

/**
 * The site switch, "This page only" and "Use my archive on this site": made once and updated in
 * place on every refresh. Replacing them while the user presses one lost the press: a space
 * pressed on a checkbox toggles it on key up, and when the element under focus was swapped for a
 * new one between key down and key up, neither was toggled (the site stayed off; the keyboard
 * test in tests/e2e/reading-and-control.e2e.test.ts caught it now and then).
 */
function createSiteControls(document: Document, section: HTMLElement) {
  let handlers: SiteHandlers | null = null;
  let enabled = false;

  const input = createElement(document, 'input', { attrs: { role: 'switch' } });
  input.type = 'checkbox';
  input.id = 'site-switch';
  const label = createElement(document, 'label');
  label.htmlFor = input.id;
  let modifier = false;
  input.addEventListener('click', (event) => {
    modifier = event.ctrlKey || event.metaKey;
  });
  // Not disabled while saving: a disabled control drops the keyboard focus.
  input.addEventListener('change', () => void handlers?.toggle(input.checked, modifier ? 'page' : 'site'));
  const state = createElement(document, 'p', { className: 'site-state' });
  const pageOnly = createButton(document, '', 'page-only');
  pageOnly.addEventListener('click', () => void handlers?.toggle(!enabled, 'page'));

  const archive = createElement(document, 'input', {
    attrs: { role: 'switch', 'aria-describedby': 'use-my-archive-help' },
  });
  archive.type = 'checkbox';
  archive.id = 'use-my-archive';
  const archiveLabel = createElement(document, 'label');
  archiveLabel.htmlFor = archive.id;
  archive.addEventListener('change', () => void handlers?.useMyArchive(archive.checked));
  const archiveBlock = createElement(
    document,
    'div',
    { className: 'use-my-archive' },
    createElement(document, 'div', { className: 'switch-row' }, archive, archiveLabel),
    createElement(document, 'p', {
      className: 'site-state',
      text: t('popupUseMyArchiveHelp'),
      attrs: { id: 'use-my-archive-help' },
    }),
  );

  section.replaceChildren(createElement(document, 'div', { className: 'switch-row' }, input, label), state, pageOnly);
  return {
    /** `using`: whether this site uses the user's archive unasked; null when there is no archive to offer. */
    update(report: PageReport, rule: SiteRule | null, using: boolean | null, next: SiteHandlers) {
      handlers = next;
      enabled = report.enabled;
      if (input.checked !== report.enabled) input.checked = report.enabled;
      label.textContent = t('popupSiteSwitch', report.hostname || report.url);
      state.textContent = describeSiteState(report.enabled, rule);
      pageOnly.textContent = report.enabled ? t('popupPageOnlyOff') : t('popupPageOnlyOn');
      if (using === null) {
        archiveBlock.remove();
        return;
      }
      if (archive.checked !== using) archive.checked = using;
      archiveLabel.textContent = t('popupUseMyArchive', report.hostname || report.url);
      if (archiveBlock.parentNode !== section) section.append(archiveBlock);
    },
  };
}

/** Says which rule decides, so that the switch is never a mystery. */
function describeSiteState(enabled: boolean, rule: SiteRule | null): string {
  if (!rule) return enabled ? t('popupStateDefaultOn') : t('popupStateDefaultOff');
  if (rule.scope === 'page') return enabled ? t('popupStatePageOn') : t('popupStatePageOff');
  return enabled ? t('popupStateSiteOn', rule.pattern) : t('popupStateSiteOff', rule.pattern);
}

function renderReader(
  document: Document,
  section: HTMLElement,
  ids: string[],
  articles: Map<string, { article: ArchivedArticle; tweets: Map<string, ArchivedTweet> }>,
  tools: {
    textSize: number;
    setTextSize: (size: number) => void;
    writeClipboard: (text: string) => Promise<void>;
    openInTab: (articleId: string) => void;
  },
) {
  section.replaceChildren(
    createElement(document, 'h2', { text: t('popupReaderHeading'), attrs: { id: 'reader-heading' } }),
  );
  const shown = ids.map((id) => articles.get(id)).filter((a) => a !== undefined);
  if (!shown.length) {
    section.append(createElement(document, 'p', { className: 'empty', text: t('popupNoArchivedText') }));
    return;
  }
  for (const { article, tweets } of shown) {
    section.append(
      renderReaderTools(document, {
        article,
        textSize: tools.textSize,
        setTextSize: tools.setTextSize,
        writeClipboard: tools.writeClipboard,
        openInTab: () => tools.openInTab(article.id),
      }),
      renderReaderArticle(document, { article, tweets, headingLevel: 3 }),
    );
  }
}
