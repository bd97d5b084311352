/**
 * Learn as you read (issue 14), in Chromium and Firefox with the built
 * extension, on local pages from two hosts (127.0.0.1 and other.test, which
 * the harness points at the same local server), with nothing beyond them:
 * - learning is off until the user turns it on in the options page (a switch
 *   whose accessible name says so); a page read while it is off teaches
 *   nothing, and nothing is stored (read in IndexedDB itself);
 * - turned on, a page whose embed code holds a tweet (the real markup of
 *   tests/fixtures/embeds, its widgets.js left out: nothing loads) teaches it:
 *   the text exactly as the markup has it, the author, the page and the time;
 * - a site switched off learns nothing;
 * - on the other host, a page whose fallback only links to that tweet gets
 *   the neutral card (the learned tweet is the user's private data,
 *   docs/security.md, "Hostile page: the user's archive"), and after the
 *   user's real click shows the tweet "as seen on 127.0.0.1";
 * - after "use my archive on this site" in the popup, that site repairs it
 *   with no click;
 * - the library finds it, with the site it was seen on;
 * - a site excluded from learning alone in the options page teaches nothing,
 *   while Tweet Mender still works there;
 * - the options page lists it with where it was seen, and forgets it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCAL_TEST_HOSTS, type BrowserName, type TestPage } from './harness/browsers';
import { openPopupFor, setExtensionStorage } from './harness/extension';
import { expectNothingBeyondLocalhost } from './harness/no-network';
import { clickInCard, waitForCards, waitForCardsWhere } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';
import { openArchiveOptions } from './harness/user-archive';

/** A page around one real embed fixture, without its widgets.js tag (the tests load nothing from the network). */
function pageOf(fixture: string, title: string): () => string {
  return () => {
    const markup = readFileSync(`tests/fixtures/embeds/${fixture}`, 'utf8').replace(/<script\b[^>]*><\/script>/g, '');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${markup}</main></body></html>`;
  };
}

/** The tweets of three fixtures, as their markup says them (read by hand from the files, not by the extractor). */
const CHROMIUM_DEV = {
  id: '1636796541368139777',
  text: 'We want your feedback for the Privacy Sandbox 📨\n\nLearn why your feedback is critical through real examples and learn how to provide it ↓ https://t.co/anGk6gWkbc',
  handle: 'ChromiumDev',
  name: 'Chrome for Developers',
};
const DEVLOPER_ID = '1133348012439220226';
const DEVLOPER_TEXT = 'I see "blockchain engineer", I hear "fancy spreadsheet admin".';
const HUGO_ID = '666616452582129664';
const ERROR_BLOCKQUOTE_ID = '807585485014978560';

const FALLBACK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A later article</title></head><body>
<main><h1>A later article</h1><p>The browser team asked for feedback.</p>
<div id="fallback"><div>Loading Tweet ...</div>
<a href="https://twitter.com/ChromiumDev/status/${CHROMIUM_DEV.id}" target="_blank" rel="noopener noreferrer">Tweet not loading? See it directly on Twitter</a></div>
<p>Nobody answered.</p></main></body></html>`;

const NEUTRAL_BUTTON = 'Show from your archive';

interface StoredLearned {
  id: string;
  pageUrl: string;
  site: string;
  seenAt: string;
  text: string | null;
  handle: string | null;
  name: string | null;
  format: string | undefined;
}

/** What the user's archive holds in its learned store, read in IndexedDB from an extension page. */
function readLearnedStore(): Promise<StoredLearned[] | null> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('tweet-mender-user-archive');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('learned')) {
        db.close();
        resolve(null);
        return;
      }
      const all = db.transaction('learned').objectStore('learned').getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        db.close();
        type Entry = {
          id: string;
          pageUrl: string;
          site: string;
          seenAt: string;
          tweet: { text: string | null; author: { handle: string | null; name: string | null } | null };
        } & { tweet: { sources: { format: string }[] } };
        resolve(
          (all.result as Entry[]).map((e) => ({
            id: e.id,
            pageUrl: e.pageUrl,
            site: e.site,
            seenAt: e.seenAt,
            text: e.tweet.text,
            handle: e.tweet.author?.handle ?? null,
            name: e.tweet.author?.name ?? null,
            format: e.tweet.sources[0]?.format,
          })),
        );
      };
    };
  });
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s: learn as you read', (browserName) => {
  const fixture = useBrowser(browserName, {
    freshSettings: false,
    extraFiles: {
      '/learn-chromium.html': pageOf('twitter-oembed-classic-unrendered.html', 'Privacy Sandbox feedback'),
      '/learn-ghost.html': pageOf('ghost-kg-embed-card.html', 'Cards'),
      '/learn-hugo.html': pageOf('hugo-tweet-shortcode-output.html', 'Hugo'),
      '/later.html': () => FALLBACK_PAGE,
      '/learn-error.html': pageOf('twitter-widgetsjs-error-blockquote.html', 'Donations'),
    },
  });
  const on127 = (path: string) => fixture.server.url(path);
  const onHost = (host: string, path: string) => fixture.server.url(path).replace('127.0.0.1', host);
  let options: TestPage;

  /**
   * Pages that must teach nothing stay open until a page opened after them has taught its tweet:
   * their content scripts started first, so by then they would have sent theirs.
   */
  const readWhileOff: TestPage[] = [];

  async function waitForLearned(id: string): Promise<StoredLearned[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const stored = (await options.evaluate(readLearnedStore)) ?? [];
      if (stored.some((entry) => entry.id === id)) return stored;
      if (Date.now() > deadline) throw new Error(`${id} was never learned: ${JSON.stringify(stored)}`);
      await new Promise((done) => setTimeout(done, 150));
    }
  }

  it('is off until the user turns it on with the switch in the options page', async () => {
    options = await openArchiveOptions(fixture.session);
    expect(await options.evaluate(readLearnedStore)).toEqual([]);
    const control = await options.evaluate(() => {
      const input = document.querySelector('#learning-switch') as HTMLInputElement;
      return {
        type: input.type,
        role: input.getAttribute('role'),
        checked: input.checked,
        name: input.labels?.[0]?.textContent ?? '',
        description: document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      };
    });
    expect(control).toMatchObject({ type: 'checkbox', role: 'switch', checked: false });
    expect(control.name).toMatch(/learn/i);
    expect(control.description).toContain('nothing leaves the browser');

    // Read while off: the Ghost card's tweet is not learned.
    readWhileOff.push(await fixture.openPage(on127('learn-ghost.html')));

    await options.click('#learning-switch');
    await options.waitFor(() => document.querySelector('.learning [role="status"]')?.textContent === 'Saved.');
    expect(await options.evaluate(() => (document.querySelector('#learning-switch') as HTMLInputElement).checked)).toBe(
      true,
    );
  });

  it('turned on, a page with a blockquote embed teaches its tweet, exactly as the markup has it', async () => {
    const page = await fixture.openPage(on127('learn-chromium.html'));
    const stored = await waitForLearned(CHROMIUM_DEV.id);
    for (const earlier of readWhileOff.splice(0)) await earlier.close();
    // The page read while learning was off taught nothing.
    expect(stored.map((entry) => entry.id)).toEqual([CHROMIUM_DEV.id]);
    const [entry] = stored;
    expect(entry).toMatchObject({
      id: CHROMIUM_DEV.id,
      text: CHROMIUM_DEV.text,
      handle: CHROMIUM_DEV.handle,
      name: CHROMIUM_DEV.name,
      pageUrl: on127('learn-chromium.html'),
      site: '127.0.0.1',
      format: 'learned',
    });
    expect(Number.isNaN(Date.parse(entry!.seenAt))).toBe(false);
    await page.close();
  });

  it('a site switched off learns nothing', async () => {
    // The site rule as the options page would store it (learning stays on).
    const settings = await options.evaluate(async () => {
      type Api = { storage: { local: { get(key: string): Promise<Record<string, Record<string, unknown>>> } } };
      const scope = globalThis as unknown as { browser?: Api; chrome?: Api };
      return (await (scope.browser ?? scope.chrome)!.storage.local.get('settings')).settings!;
    });
    expect(settings.learning).toBe(true);
    await setExtensionStorage(fixture.session, { settings: { ...settings, rules: ['news.example.test off'] } });
    const excluded = await fixture.openPage(onHost('news.example.test', 'learn-hugo.html'));
    // A page on a site still on, read after it, is learned: by then the other would have been too.
    const allowed = await fixture.openPage(on127('learn-ghost.html'));
    const stored = await waitForLearned(DEVLOPER_ID);
    await excluded.close();
    await allowed.close();
    expect(stored.map((entry) => entry.id).sort()).toEqual([DEVLOPER_ID, CHROMIUM_DEV.id].sort());
    expect(stored.find((entry) => entry.id === DEVLOPER_ID)?.text).toBe(DEVLOPER_TEXT);
    expect(stored.some((entry) => entry.id === HUGO_ID)).toBe(false);
  });

  it('on another site, a fallback linking to the learned tweet gets the neutral card, and the tweet after a real click', async () => {
    const page = await fixture.openPage(onHost('other.test', 'later.html'));
    const [neutral] = await waitForCards(page, 1);
    expect(neutral?.mode).toBe('closed');
    expect(neutral?.text).toContain(NEUTRAL_BUTTON);
    expect(neutral?.text).not.toContain('Privacy Sandbox');

    await clickInCard(page, 'button.reveal', 0);
    const [card] = await waitForCardsWhere(page, (cards) => !!cards[0]?.text.includes('Privacy Sandbox'));
    expect(card?.text).toContain(CHROMIUM_DEV.text);
    expect(card?.text).toContain('As seen on 127.0.0.1');
    expect(card?.mode).toBe('closed');

    // Nothing went beyond the local hosts.
    await expectNothingBeyondLocalhost(fixture.session, browserName, page, ['127.0.0.1', ...LOCAL_TEST_HOSTS]);
    await page.close();
  });
  it('after "use my archive on this site" in the popup, that site repairs the learned tweet with no click', async () => {
    const page = await fixture.openPage(onHost('other.test', 'later.html'));
    await waitForCards(page, 1);
    const { popup } = await openPopupFor(fixture.session, page.url());
    await popup.waitFor(() => document.getElementById('use-my-archive') !== null);
    await popup.click('#use-my-archive');
    const [card] = await waitForCardsWhere(page, (cards) => !!cards[0]?.text.includes(CHROMIUM_DEV.text));
    expect(card?.text).toContain('As seen on 127.0.0.1');
    expect(card?.text).not.toContain(NEUTRAL_BUTTON);
    // A new visit too.
    await page.reload();
    await waitForCardsWhere(page, (cards) => cards.length === 1 && !!cards[0]?.text.includes(CHROMIUM_DEV.text));
    // Switched back off: the neutral card again.
    await popup.waitFor(() => (document.getElementById('use-my-archive') as HTMLInputElement).checked);
    await popup.click('#use-my-archive');
    await waitForCardsWhere(page, (cards) => cards.length === 1 && !!cards[0]?.text.includes(NEUTRAL_BUTTON));
    await popup.close();
    await page.close();
  });

  it('the library finds the learned tweet by a word of it, with the site it was seen on', async () => {
    const library = await fixture.session.openExtensionPage('reader.html');
    await library.waitFor(() => document.querySelector('#library-search') !== null);
    await library.fill('#library-search', 'feedback');
    await library.waitFor((id) => document.querySelector(`.library-item[data-id="${id}"]`) !== null, CHROMIUM_DEV.id);
    const meta = await library.evaluate(
      (id) => document.querySelector(`.library-item[data-id="${id}"] .item-meta`)?.textContent ?? '',
      CHROMIUM_DEV.id,
    );
    expect(meta).toContain('127.0.0.1');
    await library.close();
  });

  it('a site excluded from learning alone in the options page teaches nothing, and Tweet Mender still works there', async () => {
    await options.reload();
    await options.waitFor(() => document.querySelector('#learning-exclude-pattern') !== null);
    await options.fill('#learning-exclude-pattern', 'example.test');
    await options.click('.learning-exclusions button.add');
    await options.waitFor(
      () => document.querySelector('.learning-exclusions li[data-line="example.test off"]') !== null,
    );
    const excluded = await fixture.openPage(onHost('example.test', 'learn-hugo.html'));
    const repairedThere = await fixture.openPage(onHost('www.example.test', 'later.html'));
    // Tweet Mender is still on there: the fallback gets its card.
    await waitForCards(repairedThere, 1);
    // A page on a site not excluded, read after them, teaches its tweet: by then the others would have.
    const allowed = await fixture.openPage(on127('learn-error.html'));
    const stored = await waitForLearned(ERROR_BLOCKQUOTE_ID);
    expect(stored.some((entry) => entry.id === HUGO_ID)).toBe(false);
    expect(stored.filter((entry) => entry.site.endsWith('example.test'))).toEqual([]);
    for (const page of [excluded, repairedThere, allowed]) await page.close();
  });

  it('the options page lists what was learned with where it was seen, and forgets it', async () => {
    await options.reload();
    await options.waitFor(
      (id) => document.querySelector(`.learned-list li[data-tweet-id="${id}"]`) !== null,
      CHROMIUM_DEV.id,
    );
    const row = await options.evaluate(
      (id) => document.querySelector(`.learned-list li[data-tweet-id="${id}"] .seen`)?.textContent ?? '',
      CHROMIUM_DEV.id,
    );
    expect(row).toContain(on127('learn-chromium.html'));
    await options.click('.learning button.forget-all');
    await options.waitFor(() => document.querySelector('.learned-list') === null);
    expect(await options.evaluate(readLearnedStore)).toEqual([]);
  });
});
