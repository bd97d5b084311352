/**
 * The user's own archive, judged in both browsers: an X export zip (built
 * here from tests/fixtures/formats/x-archive) and a saved page imported
 * through the options page's file input repair, once the user clicks the
 * card's "Show from your archive", a page whose embed the packaged archive cannot;
 * the archive lists it, exports it as a file and deletes it; the seed is
 * still repaired from the packaged copy; nothing leaves localhost.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { type BrowserName, type TestPage } from './harness/browsers';
import { findTabId, readReport } from './harness/extension';
import { hostOf } from './harness/proxy';
import { SEED } from './harness/seed';
import { clickInCard, readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';
import { chooseArchiveFiles, deleteUserArchive, exportZipBase64, openArchiveOptions } from './harness/user-archive';

const TWEET_ID = '1541752634348019715';
const TWEET_TEXT = '@symatt Monocycle';

describe.each(['chromium', 'firefox'] as BrowserName[])('%s: the user archive', (browserName) => {
  const fixture = useBrowser(browserName, { freshSettings: false });

  async function expectBroken(path: string, helper: TestPage): Promise<void> {
    const page = await fixture.openPage(path);
    const tabId = await findTabId(helper, page.url());
    await expect
      .poll(async () => (await readReport(helper, tabId)).embeds.map((e) => [e.status, e.tweetId]), { timeout: 15_000 })
      .toEqual([['broken', TWEET_ID]]);
    expect((await readCards(page)).length > 0).toBe(false);
    await page.close();
  }

  it('imports an X export zip in the options page, repairs from it, exports it and deletes it', async () => {
    const options = await openArchiveOptions(fixture.session);
    expect(await options.evaluate(() => document.querySelector('.your-archive .counts')?.textContent)).toBe(
      'Nothing yet.',
    );
    // Before the import, the packaged archive alone cannot repair the embed.
    await expectBroken('user-archive-export-tweet.html', options);

    // The files go in through the page's own file input and its change event: the export, and a
    // saved page (read by Readability in the options page itself).
    await chooseArchiveFiles(options, [
      { name: 'twitter-2023-07-02-sample.zip', type: 'application/zip', base64: exportZipBase64() },
      {
        name: 'fixing-tweet-embeds.html',
        type: 'text/html',
        base64: readFileSync('tests/fixtures/formats/article/singlefile-article.constructed.html').toString('base64'),
      },
    ]);
    await options.waitFor(
      () => document.querySelector('.your-archive .counts')?.getAttribute('data-articles') === '1',
      undefined,
      30_000,
    );
    const listed = await options.evaluate(() => ({
      status: document.querySelector('#your-archive-status')?.textContent,
      tweets: document.querySelector('.your-archive .counts')?.getAttribute('data-tweets'),
      texts: [...document.querySelectorAll('.your-archive .tweet-list .text')].map((p) => p.textContent),
      imports: document.querySelector('.your-archive .imports')?.textContent,
      articles: [...document.querySelectorAll('.your-archive .article-list .title')].map((a) => a.textContent),
    }));
    // 11 records from the export, 1 from the page's blockquote; 10 distinct tweets once merged.
    expect(listed.status).toBe('Imported 12 tweet records and 1 articles.');
    expect(listed.tweets).toBe('10');
    expect(listed.articles).toEqual(['How we fixed our broken tweet embeds']);
    expect(listed.texts).toContain(TWEET_TEXT);
    expect(listed.imports).toContain('twitter-2023-07-02-sample.zip');

    // The page's broken embed now gets a card that offers the user's archive (the page cannot
    // tell whether it holds the tweet: user-archive-privacy.e2e.test.ts); the user's click shows it.
    const page = await fixture.openPage('user-archive-export-tweet.html');
    const [offer] = await waitForCards(page, 1);
    expect(offer?.text).toContain('Show from your archive');
    expect(offer?.text).not.toContain(TWEET_TEXT);
    await clickInCard(page, 'button.reveal');
    await expect.poll(async () => (await readCards(page))[0]?.text, { timeout: 15_000 }).toContain(TWEET_TEXT);
    expect((await readCards(page))[0]?.text).toContain('@darkliquid');
    await page.close();

    // The seed is still repaired from the packaged copy, through the same background, with no click.
    const seedPage = await fixture.openPage('demo-page.html');
    expect((await waitForCards(seedPage, 1))[0]?.text).toContain(SEED.title);
    await seedPage.close();

    // Export: a JSON file offered through a Blob URL, holding every record.
    const exported = await options.evaluate(async () => {
      const blobs: Blob[] = [];
      const original = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob) => {
        blobs.push(blob);
        return original(blob);
      };
      (document.querySelector('.your-archive button.export') as HTMLButtonElement).click();
      for (let i = 0; i < 100 && blobs.length === 0; i++) await new Promise((done) => setTimeout(done, 50));
      URL.createObjectURL = original;
      const blob = blobs[0];
      return blob ? { type: blob.type, text: await blob.text() } : null;
    });
    expect(exported?.type).toBe('application/json');
    const json = JSON.parse(exported?.text ?? '{}') as {
      format: string;
      tweets: { id: string; text: string | null }[];
    };
    expect(json.format).toBe('tweet-mender-user-archive');
    expect(json.tweets.find((t) => t.id === TWEET_ID)?.text).toBe(TWEET_TEXT);

    // Delete, confirmed in the page: empty again, and the embed is broken again.
    await deleteUserArchive(options);
    await expectBroken('user-archive-export-tweet.html', options);
    await options.close();
  });

  it('sends no request beyond localhost', async () => {
    const outside = fixture.session.requests.filter((url) => {
      const { protocol, hostname } = new URL(url);
      if (url.startsWith(fixture.session.extensionOrigin)) return false;
      return !(
        (protocol === 'http:' && hostname === '127.0.0.1') ||
        protocol === 'data:' ||
        protocol === 'about:' ||
        protocol === 'blob:'
      );
    });
    expect(outside).toEqual([]);
    // Chromium's own update and sign-in services call home in headless mode; nothing else may appear.
    const browserServices = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;
    const proxied = fixture.session.proxy.requests.filter(
      (r) => !(browserName === 'chromium' && browserServices.test(hostOf(r))),
    );
    expect(proxied).toEqual([]);
  });
});
