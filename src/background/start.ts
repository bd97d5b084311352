/**
 * The background: the only part of the extension that reads the archive. It
 * answers lookups from content scripts and the popup, checks every sender,
 * and keeps the toolbar badge in step with each tab's repairs.
 *
 * "The archive" is the packaged copy and the user's own archive (IndexedDB,
 * filled by the options page) asked as one (src/archive/combined-archive.ts):
 * a record both hold is merged by the archive's merge rule. That is what the
 * extension's own pages read; what a content script may read is decided per
 * request in archive-access.ts (the user's archive stays private from pages).
 */
import type { EmbedQuery, PageQuery } from '../archive/lookup';
import type { ArchiveReader } from '../archive/packaged-archive';
import { isArticleId } from '../archive/ids';
import { openUserArchive, type UserArchive } from '../archive/user-archive';
import { startSearchIndex } from '../library/index-build';
import { checkLibraryQuery, openLibrary, type PackagedIndexFiles, type UserIndexFiles } from '../library/library';
import { readStoredSettings } from '../sites/stored-settings';
import { createArchiveAccess, type UserArchiveReader } from './archive-access';
import {
  answerMessage,
  classifySender,
  LIFETIME_PORT,
  MAX_EMBEDS_PER_LOOKUP,
  type Handlers,
  type WebExtension,
} from '../messages/protocol';
import type { ReportSummary } from '../content/report';
import { t } from '../i18n/t';
import { isTweetId } from '../embeds/tweet-url';
import { mergeSettingsChange } from '../sites/settings';
import { listenForCommands } from './commands';
import { iconSet } from './icons';
import { createLearner } from '../learning/learn-tweet';

/** The toolbar icon at the sizes a toolbar draws it, and its greyed twin for tabs whose site is off. */
const ON_ICON = iconSet('on', [16, 32], '/');
const OFF_ICON = iconSet('off', [16, 32], '/');

/** Upper bounds on what one lookup may ask (MAX_EMBEDS_PER_LOOKUP too), so a confused sender cannot make the background churn. */
const MAX_KEYS = 16;

export function startBackground(
  browser: WebExtension,
  packaged: ArchiveReader & PackagedIndexFiles,
  userArchive: UserArchiveReader & UserIndexFiles & Partial<Pick<UserArchive, 'learn'>> = openUserArchive({
    searchIndex: startSearchIndex,
  }),
): void {
  const access = createArchiveAccess({
    packaged,
    user: userArchive,
    readSettings: () => readStoredSettings(browser),
    onUserError: (error) => console.warn('Tweet Mender: the archive you imported could not be read', error),
  });
  const archive = access.forExtensionPages;
  const learner = createLearner({
    archive: {
      learn: (tweet, seen) =>
        userArchive.learn ? userArchive.learn(tweet, seen) : Promise.reject(new Error('no archive to learn into')),
    },
    readSettings: () => readStoredSettings(browser),
  });
  // The library reads its own index files (nothing until the first search), and records from `archive`.
  const library = openLibrary({
    packaged,
    user: userArchive,
    records: archive,
    onUserError: (error) => console.warn('Tweet Mender: the archive you imported could not be searched', error),
  });
  const handlers: Handlers<
    | 'lookup'
    | 'ask-user-archive'
    | 'get-article'
    | 'get-tweets'
    | 'search-library'
    | 'report-changed'
    | 'update-settings'
    | 'learn-tweet'
  > = {
    lookup: ({ page, embeds }, sender) => access.lookup(senderUrl(sender), checkPage(page), checkEmbeds(embeds)),
    'ask-user-archive': ({ page, embed }, sender) => {
      const [query] = checkEmbeds([embed]);
      return access.askUser(senderUrl(sender), checkPage(page), query as EmbedQuery);
    },
    'get-article': ({ articleId, activated }, sender) => {
      if (!isArticleId(articleId)) throw new Error('bad article id');
      if (classifySender(sender, browser.runtime) === 'extension-page') return archive.getArticle(articleId);
      return access.getArticleForPage(senderUrl(sender), articleId, activated === true);
    },
    'get-tweets': async ({ ids }) => {
      if (!Array.isArray(ids) || ids.length > MAX_EMBEDS_PER_LOOKUP) throw new Error('bad tweet ids');
      const tweets = await Promise.all(ids.filter(isTweetId).map((id) => archive.getTweet(id)));
      return tweets.filter((tweet) => tweet !== null);
    },
    'search-library': (request) => library.search(checkLibraryQuery(request)),
    // The one writer of the settings: every page's change is merged here, one at a time (sites/settings.ts).
    'update-settings': ({ base, next }) => mergeSettingsChange(base, next),
    // Learning as you read: decided here from the sender and the settings, never from what the page says.
    'learn-tweet': ({ tweet }, sender) => learner.learn(senderUrl(sender), sender.tab?.incognito === true, tweet),
    'report-changed': async ({ summary }, sender) => {
      await showBadge(browser, sender.tab?.id as number, summary);
      return null;
    },
  };
  browser.runtime.onMessage.addListener((message, sender) => answerMessage(handlers, message, sender, browser.runtime));
  // The content script's lifetime port carries nothing: it only has to stay open (src/content/lifetime.ts).
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== LIFETIME_PORT || !port.sender || classifySender(port.sender, browser.runtime) !== 'content') {
      port.disconnect();
    }
  });
  listenForCommands(browser);
}

async function showBadge(browser: WebExtension, tabId: number, summary: ReportSummary): Promise<void> {
  // MV2 (Firefox) has browserAction where MV3 has action.
  const action = browser.action ?? (browser as unknown as { browserAction: WebExtension['action'] }).browserAction;
  const off = !summary.enabled;
  await Promise.all([
    // The greyed icon says "off" even where the badge is hard to read (docs/store-listing.md#icons).
    action.setIcon({ tabId, path: off ? OFF_ICON : ON_ICON }),
    action.setBadgeText({ tabId, text: off ? 'off' : summary.repaired > 0 ? String(summary.repaired) : '' }),
    action.setBadgeBackgroundColor({ tabId, color: off ? '#6b7280' : '#1d6fb8' }),
    action.setTitle({
      tabId,
      title: off
        ? t('badgeOffTitle')
        : summary.repaired > 0
          ? t('badgeRepairedTitle', String(summary.repaired))
          : t('actionTitle'),
    }),
  ]);
}

/** The address of the page a content script runs in, as the browser says (not as the script says). */
const senderUrl = (sender: { url?: string; tab?: { url?: string } }): string => sender.url ?? sender.tab?.url ?? '';

const isKey = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 2048;
const keys = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isKey).slice(0, MAX_KEYS) : []);

function checkPage(page: unknown): PageQuery {
  const p = (page ?? {}) as Partial<PageQuery>;
  return { urls: keys(p.urls), titles: keys(p.titles) };
}

function checkEmbeds(embeds: unknown): EmbedQuery[] {
  if (!Array.isArray(embeds) || embeds.length > MAX_EMBEDS_PER_LOOKUP) throw new Error('bad lookup');
  return embeds.map((e: Partial<EmbedQuery> | null) => ({
    tweetId: typeof e?.tweetId === 'string' && /^\d{1,20}$/.test(e.tweetId) ? e.tweetId : null,
    before: keys(e?.before),
    after: keys(e?.after),
  }));
}
