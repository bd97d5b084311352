/**
 * The background keeps the user's own archive private from pages
 * (docs/security.md, "Hostile page: the user's archive"): a content
 * script's lookup reads the packaged copy only, and answers every embed the
 * packaged copy cannot repair alike ("ask the user") whether or not the
 * user's archive holds it; the user's archive is read for a page only after
 * a reveal request (sent on a trusted activation of the card) or where the
 * user chose "use my archive on this site", decided from the sender's URL;
 * a page URL from another origin never matches the user's saved pages.
 *
 * The user's archive is the real one (IndexedDB: fake-indexeddb), filled with
 * the sample X export and a saved page, and watched for every read.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { importSource } from '../../src/archive/importers/import-source';
import { importXArchive } from '../../src/archive/importers/x-archive';
import { fingerprintText } from '../../src/archive/keys';
import type { EmbedMatch, EmbedQuery, PageQuery } from '../../src/messages/lookup';
import { openUserArchive, type UserArchive } from '../../src/archive/user-archive';
import type { UserArchiveReader } from '../../src/background/archive-access';
import { startBackground } from '../../src/background/start';
import { startSearchIndex } from '../../src/library/index-build';
import type { UserIndexFiles } from '../../src/library/library';
import { nodeImportContext, readExportFolder } from '../../src/cli/sources';
import type { Reply } from '../../src/messages/protocol';
import type { WebExtension } from '../../src/messages/web-extension';
import { changeSettings } from '../../src/sites/settings';
import { buildMemoryArchive, makeArticle, SEED_PARAGRAPHS, seedRecords } from './helpers/archive';
import { ARTICLE_ID, ARTICLE_PARAGRAPHS, ARTICLE_URL, FORMATS_DIR } from './helpers/archive-expected';

/** A tweet of the sample X export (tests/fixtures/formats/x-archive), not in the packaged archive. */
const MINE = '1607434750175715329';
const MINE_TEXT = '@SEGA Sonic 3 & Knuckles';
/** A tweet id in neither archive. */
const NOBODYS = '1234567890123456789';

const browser = fakeBrowser as unknown as WebExtension;
type Sender = Browser.runtime.MessageSender;
const contentAt = (url: string): Sender => ({ id: fakeBrowser.runtime.id, tab: { id: 7 } as Browser.tabs.Tab, url });
const extensionPage: Sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const HOSTILE = 'https://hostile.test/thread';

const byId = (tweetId: string): EmbedQuery => ({ tweetId, before: [], after: [] });
const noPage: PageQuery = { urls: [], titles: [] };

const opened: UserArchive[] = [];
afterEach(() => {
  for (const archive of opened.splice(0)) archive.close();
});
beforeEach(() => {
  // fakeBrowser has no commands API; the keyboard shortcut is not what this tests.
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
});

/** The user's archive, every record read from it logged (whether it has records at all is not a record). */
function watched(archive: UserArchive): { reader: UserArchiveReader & UserIndexFiles; reads: string[] } {
  const reads: string[] = [];
  const reader: UserArchiveReader & UserIndexFiles = {
    // The search index files are the library's (extension pages); a page's lookup never reads them.
    readSearchFile: (path) => archive.readSearchFile(path),
    changeCount: () => archive.changeCount(),
    hasRecords: () => archive.hasRecords(),
    getTweet: (id) => (reads.push(`tweet ${id}`), archive.getTweet(id)),
    getArticle: (id) => (reads.push(`article ${id}`), archive.getArticle(id)),
    findArticlesByUrl: (url) => (reads.push(`url ${url}`), archive.findArticlesByUrl(url)),
    findText: (fp) => (reads.push(`text ${fp}`), archive.findText(fp)),
  };
  return { reader, reads };
}

async function startWith(imported: 'export and page' | 'nothing') {
  const user = openUserArchive({ indexedDB: new IDBFactory(), searchIndex: startSearchIndex });
  opened.push(user);
  if (imported === 'export and page') {
    await user.addRecords(
      await importXArchive(readExportFolder(join(FORMATS_DIR, 'x-archive')), { base: 'x-archive/x-archive' }),
      'twitter.zip',
    );
    const file = 'articles/singlefile-article.constructed.html';
    const bytes = readFileSync(join(FORMATS_DIR, 'article/singlefile-article.constructed.html'));
    await user.addRecords(await importSource({ file, bytes }, nodeImportContext), 'article.html');
  }
  const { reader, reads } = watched(user);
  startBackground(browser, buildMemoryArchive(packagedRecords()).reader, reader);
  return { reads };
}

async function send<T>(message: unknown, sender: Sender): Promise<Reply & { value?: T }> {
  const replies = await fakeBrowser.runtime.onMessage.trigger(message, sender);
  expect(replies).toHaveLength(1);
  return (await replies[0]) as Reply & { value?: T };
}

async function value<T>(message: unknown, sender: Sender): Promise<T> {
  const reply = await send<T>(message, sender);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as T;
}

/** The packaged archive: the seed, and an article known by its URL. */
const PACKAGED_BY_URL = makeArticle(1);
function packagedRecords() {
  const seed = seedRecords();
  return { ...seed, articles: [...seed.articles, PACKAGED_BY_URL] };
}
const seedArticle = () => seedRecords().articles[0]!;
/** An embed of the seed article, found by the paragraph before it (the packaged copy has it). */
const seedEmbed = (): EmbedQuery => ({
  tweetId: null,
  before: [fingerprintText(SEED_PARAGRAPHS[2]!)!],
  after: [fingerprintText(SEED_PARAGRAPHS[3]!)!],
});
/** An embed of the user's saved page, found by its text (only the user's archive has it). */
const savedPageEmbed = (): EmbedQuery => ({
  tweetId: null,
  before: [fingerprintText(ARTICLE_PARAGRAPHS[1]!)!],
  after: [fingerprintText(ARTICLE_PARAGRAPHS[2]!)!],
});

describe("before the user activates a card, a page's lookup reads the packaged archive only", () => {
  it('answers an id the user archive holds and one it does not alike, without reading the user archive', async () => {
    const { reads } = await startWith('export and page');
    const answers = await value<unknown[]>(
      { type: 'lookup', page: noPage, embeds: [byId(MINE), byId(NOBODYS), seedEmbed(), savedPageEmbed()] },
      contentAt(HOSTILE),
    );
    expect(answers[0]).toBe('ask-the-user');
    expect(answers[1]).toBe('ask-the-user');
    expect(answers[3]).toBe('ask-the-user');
    // The packaged copy's repairs stay automatic.
    expect((answers[2] as EmbedMatch).article?.id).toBe(seedArticle().id);
    expect(reads).toEqual([]);
  });

  it('gives nothing to ask about when the user has imported nothing: no neutral card', async () => {
    await startWith('nothing');
    const answers = await value<unknown[]>(
      { type: 'lookup', page: noPage, embeds: [byId(MINE), byId(NOBODYS)] },
      contentAt(HOSTILE),
    );
    expect(answers).toEqual([null, null]);
  });

  it("gives an article to a card from the packaged copy only: the user's saved page needs the card activated", async () => {
    const { reads } = await startWith('export and page');
    const seed = seedArticle();
    expect(
      (await value<{ id: string } | null>({ type: 'get-article', articleId: seed.id }, contentAt(HOSTILE)))?.id,
    ).toBe(seed.id);
    expect(await value({ type: 'get-article', articleId: ARTICLE_ID }, contentAt(HOSTILE))).toBeNull();
    expect(reads).toEqual([]);
    const activated = await value<{ id: string } | null>(
      { type: 'get-article', articleId: ARTICLE_ID, activated: true },
      contentAt(HOSTILE),
    );
    expect(activated?.id).toBe(ARTICLE_ID);
    // The extension's own pages read both archives, as before.
    expect(
      (await value<{ id: string } | null>({ type: 'get-article', articleId: ARTICLE_ID }, extensionPage))?.id,
    ).toBe(ARTICLE_ID);
  });
});

describe('after a reveal request (the user activated the card)', () => {
  it("answers the user archive's record for an id it holds, and nothing for one it does not", async () => {
    const { reads } = await startWith('export and page');
    const mine = await value<EmbedMatch | null>(
      { type: 'ask-user-archive', page: noPage, embed: byId(MINE) },
      contentAt(HOSTILE),
    );
    expect(mine?.by).toBe('tweet');
    expect(mine?.tweet?.text).toBe(MINE_TEXT);
    expect(mine?.tweet?.author?.handle).toBe('darkliquid');
    expect(reads).toContain(`tweet ${MINE}`);
    expect(
      await value({ type: 'ask-user-archive', page: noPage, embed: byId(NOBODYS) }, contentAt(HOSTILE)),
    ).toBeNull();
  });

  it('is refused from an extension page and another extension, and checks its payload', async () => {
    const { reads } = await startWith('export and page');
    for (const sender of [extensionPage, { ...contentAt(HOSTILE), id: 'another-extension' }]) {
      expect(await send({ type: 'ask-user-archive', page: noPage, embed: byId(MINE) }, sender)).toEqual({
        ok: false,
        error: 'message "ask-user-archive" refused from this sender',
      });
    }
    // A malformed embed is read as an embed with nothing to match.
    const bad = await value(
      { type: 'ask-user-archive', page: { urls: 'x', titles: [42] }, embed: { tweetId: '../../x', before: 'y' } },
      contentAt(HOSTILE),
    );
    expect(bad).toBeNull();
    expect(reads.filter((read) => read.startsWith('tweet'))).toEqual([]);
  });
});

describe('"use my archive on this site"', () => {
  it("repairs that site's embeds from the user archive without asking, decided from the sender's URL", async () => {
    const { reads } = await startWith('export and page');
    await changeSettings((s) => ({ ...s, userArchiveRules: ['example.org on'] }));
    const lookup = { type: 'lookup', page: noPage, embeds: [byId(MINE), byId(NOBODYS)] };
    const [mine, nobodys] = await value<(EmbedMatch | null)[]>(lookup, contentAt('https://news.example.org/a'));
    expect(mine?.tweet?.text).toBe(MINE_TEXT);
    expect(nobodys).toBeNull();

    // Another site is not that site, whatever the page claims its address is.
    reads.length = 0;
    const claiming = { ...lookup, page: { urls: ['https://example.org/a'], titles: [] } };
    expect(await value(claiming, contentAt('https://example.org.hostile.test/a'))).toEqual([
      'ask-the-user',
      'ask-the-user',
    ]);
    expect(await value(claiming, contentAt(HOSTILE))).toEqual(['ask-the-user', 'ask-the-user']);
    expect(reads).toEqual([]);

    // Switched back off: asked again.
    await changeSettings((s) => ({ ...s, userArchiveRules: [] }));
    expect(await value(lookup, contentAt('https://news.example.org/a'))).toEqual(['ask-the-user', 'ask-the-user']);
  });

  it("gives that site's cards the user's saved articles too", async () => {
    await startWith('export and page');
    await changeSettings((s) => ({ ...s, userArchiveRules: ['news.example.com on'] }));
    expect(
      (await value<{ id: string } | null>({ type: 'get-article', articleId: ARTICLE_ID }, contentAt(ARTICLE_URL)))?.id,
    ).toBe(ARTICLE_ID);
  });
});

describe('page-supplied URLs of another origin', () => {
  it("never match the user's saved pages (after the reveal too), but still match the packaged archive", async () => {
    await startWith('export and page');
    // A page on another origin claims to be the user's saved article (canonical link, og:url).
    const claims: PageQuery = { urls: [ARTICLE_URL, HOSTILE], titles: [] };
    const nothingAround: EmbedQuery = { tweetId: null, before: [], after: [] };
    expect(
      await value({ type: 'ask-user-archive', page: claims, embed: nothingAround }, contentAt(HOSTILE)),
    ).toBeNull();
    // On the article's own origin the same URL finds it (the saved page holds one embed).
    const sameOrigin = await value<EmbedMatch | null>(
      { type: 'ask-user-archive', page: { urls: [ARTICLE_URL], titles: [] }, embed: nothingAround },
      contentAt(ARTICLE_URL),
    );
    expect(sameOrigin?.by).toBe('url');
    expect(sameOrigin?.article?.id).toBe(ARTICLE_ID);

    // With the site rule on for the hostile site, its claim still does not match the user's pages.
    await changeSettings((s) => ({ ...s, userArchiveRules: ['hostile.test on'] }));
    expect(await value({ type: 'lookup', page: claims, embeds: [nothingAround] }, contentAt(HOSTILE))).toEqual([null]);

    // The packaged archive is public: a claimed URL of the seed article still finds it.
    const [packaged] = await value<(EmbedMatch | null)[]>(
      { type: 'lookup', page: { urls: [PACKAGED_BY_URL.urls[0]!], titles: [] }, embeds: [nothingAround] },
      contentAt(HOSTILE),
    );
    expect(packaged?.by).toBe('url');
    expect(packaged?.article?.id).toBe(PACKAGED_BY_URL.id);
  });
});
