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
import type { ArchiveReader } from '../archive/packaged-archive';
import { openUserArchive, type UserArchive } from '../archive/user-archive';
import { startSearchIndex } from '../library/index-build';
import { openLibrary, type PackagedIndexFiles, type UserIndexFiles } from '../library/library';
import { isEnabledForUrl, learnsOn, readStoredSettings } from '../sites/stored-settings';
import { createArchiveAccess, type UserArchiveReader } from './archive-access';
import { answerMessage, classifySender, LIFETIME_PORT, type Handlers } from '../messages/protocol';
import type { ReportSummary } from '../messages/report';
import type { WebExtension } from '../messages/web-extension';
import { t } from '../i18n/t';
import { mergeSettingsChange } from '../sites/settings';
import { listenForCommands } from './commands';
import { createEngineInjector, injectFilesWith } from './engine-injection';
import { iconSet } from './icons';
import { createLearner } from '../learning/learn-tweet';

/** The toolbar icon at the sizes a toolbar draws it, and its greyed twin for tabs whose site is off. */
const ON_ICON = iconSet('on', [16, 32], '/');
const OFF_ICON = iconSet('off', [16, 32], '/');

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
  const engines = createEngineInjector({
    inject: injectFilesWith(browser as unknown as Parameters<typeof injectFilesWith>[0]),
    isOn: async (url) => isEnabledForUrl(await readStoredSettings(browser), url),
    learnsOn: async (url) => learnsOn(await readStoredSettings(browser), url),
    // The greyed icon on a page whose site is off, as the engine would have shown it.
    onOff: (tabId) => void showBadge(browser, tabId, { repaired: 0, broken: 0, found: 0, enabled: false }),
  });
  browser.tabs.onRemoved.addListener((tabId) => engines.forgetTab(tabId));
  const handlers: Handlers<
    | 'start-engine'
    | 'inject-engine'
    | 'load-cards'
    | 'lookup'
    | 'ask-user-archive'
    | 'get-article'
    | 'get-tweets'
    | 'search-library'
    | 'report-changed'
    | 'update-settings'
    | 'learn-tweet'
  > = {
    'start-engine': ({ document }, sender) => engines.startFor(sender, document),
    'inject-engine': ({ tabId }) => engines.injectInto(tabId),
    'load-cards': (_message, sender) => engines.cardsFor(sender),
    // Each payload has passed its check in the protocol table (PROTOCOL, src/messages/protocol.ts).
    lookup: ({ page, embeds }, sender) => access.lookup(senderUrl(sender), page, embeds),
    'ask-user-archive': ({ page, embed }, sender) => access.askUser(senderUrl(sender), page, embed),
    'get-article': ({ articleId, activated }, sender) => {
      if (classifySender(sender, browser.runtime) === 'extension-page') return archive.getArticle(articleId);
      return access.getArticleForPage(senderUrl(sender), articleId, activated === true);
    },
    'get-tweets': async ({ ids }) => {
      const tweets = await Promise.all(ids.map((id) => archive.getTweet(id)));
      return tweets.filter((tweet) => tweet !== null);
    },
    'search-library': ({ query, offset, limit }) => library.search({ query, offset, limit }),
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
  listenForCommands(browser, (tabId) => engines.injectInto(tabId));
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
