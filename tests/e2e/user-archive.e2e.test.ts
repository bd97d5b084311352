/**
 * The user's own archive, judged in both browsers: an X export zip (built
 * here from tests/fixtures/formats/x-archive) and a saved page imported
 * through the options page's file input repair, once the user clicks the
 * card's "Show from your archive", a page whose embed the packaged archive cannot;
 * the archive lists it, the library finds it, the archive exports it as a
 * file and deletes it; the seed is still repaired from the packaged copy;
 * nothing leaves localhost.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { type BrowserName, type TestPage } from './harness/browsers';
import { findTabId, readReport } from './harness/extension';
import { expectNothingBeyondLocalhost } from './harness/no-network';
import { SEED } from './harness/seed';
import { clickInCard, readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';
import { zerosEntry, zipBytes } from '../unit/helpers/zip-files';
import {
  chooseArchiveFiles,
  deleteUserArchive,
  exportArchive,
  exportZipBase64,
  openArchiveOptions,
} from './harness/user-archive';

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
      { name: 'twitter-2023-07-02-sample.zip', type: 'application/zip', base64: await exportZipBase64() },
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
      media: [...document.querySelectorAll('.your-archive .tweet-list .media li')].map((li) => li.textContent),
      images: document.querySelectorAll('.your-archive img, .your-archive video').length,
      imports: document.querySelector('.your-archive .imports')?.textContent,
      articles: [...document.querySelectorAll('.your-archive .article-list .title')].map((a) => a.textContent),
    }));
    // 11 records from the export, 1 from the page's blockquote; 10 distinct tweets once merged.
    expect(listed.status).toBe('Imported 12 tweet records and 1 articles.');
    expect(listed.tweets).toBe('10');
    expect(listed.articles).toEqual(['How we fixed our broken tweet embeds']);
    expect(listed.texts).toContain(TWEET_TEXT);
    // Media are named in words, never loaded: the export's photo, GIF and video (no ext_alt_text), and the
    // page's pic.twitter.com link, which does not say what it links to.
    expect(listed.media.sort()).toEqual([
      'Attachment (the archive has no description of it)',
      'GIF (the archive has no description of it)',
      'Photo (the archive has no description of it)',
      'Video (the archive has no description of it)',
    ]);
    expect(listed.images).toBe(0);
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

    // The library finds the imported tweet by a word of it, as the user's: through the search index
    // the options page built at the import, which the background reads.
    const library = await fixture.session.openExtensionPage('reader.html');
    await library.waitFor(() => document.querySelectorAll('.library-item').length > 0);
    await library.fill('#library-search', 'monocycle');
    await library.waitFor((id) => document.querySelector(`.library-item[data-id="${id}"]`) !== null, TWEET_ID);
    expect(
      await library.evaluate(
        (id) => document.querySelector(`.library-item[data-id="${id}"] .item-meta`)?.textContent,
        TWEET_ID,
      ),
    ).toContain('imported by you');
    await library.close();

    // Export: a JSON file offered through a Blob URL, holding every record.
    const exported = await exportArchive(options);
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

  it('refuses a zip bomb, naming the file and the limit, and keeps the archive as it was', async () => {
    const options = await openArchiveOptions(fixture.session);
    await chooseArchiveFiles(options, [
      { name: 'twitter-2023-07-02-sample.zip', type: 'application/zip', base64: await exportZipBase64() },
    ]);
    await options.waitFor(
      () => document.querySelector('.your-archive .counts')?.getAttribute('data-tweets') === '10',
      undefined,
      30_000,
    );
    const before = await exportArchive(options);
    const records = (exported: { text: string } | null) => {
      const all = JSON.parse(exported?.text ?? '{}') as Record<string, unknown>;
      delete all.exportedAt;
      return all;
    };
    expect((records(before).tweets as unknown[]).length).toBe(10);

    // 1 MiB of zip whose data/tweets.js inflates to 1 GiB: one declaring it, one declaring 1 MiB (a lie).
    const bomb = (declare?: number) => Buffer.from(zipBytes([zerosEntry('twitter/data/tweets.js', 1024, declare)]));
    const status = () => document.querySelector('#your-archive-status')?.textContent ?? '';
    for (const [name, zip, reason] of [
      ['honest-bomb.zip', bomb(), 'would inflate to 1.0 GiB, over the 256 MiB limit for one data file of an X export'],
      [
        'lying-bomb.zip',
        bomb(1024 * 1024),
        'inflates to more than the 1 MiB it declares: the file is damaged or hostile',
      ],
    ] as const) {
      expect(zip.length).toBeLessThan(1.1 * 1024 * 1024);
      await chooseArchiveFiles(options, [{ name, type: 'application/zip', base64: zip.toString('base64') }]);
      await options.waitFor(
        (file: string) => (document.querySelector('#your-archive-status')?.textContent ?? '').includes(`${file} could`),
        name,
        30_000,
      );
      expect(await options.evaluate(status)).toBe(
        `${name} could not be read: ${name}: twitter/data/tweets.js ${reason} Nothing was imported: your archive is as it was.`,
      );
      await options.waitFor(
        () => (document.querySelector('#your-archive-files') as HTMLInputElement | null)?.disabled === false,
      );
    }
    expect(records(await exportArchive(options))).toEqual(records(before));
    expect(
      await options.evaluate(() => document.querySelector('.your-archive .counts')?.getAttribute('data-tweets')),
    ).toBe('10');
    // And it still repairs from it, once the user asks the card.
    const page = await fixture.openPage('user-archive-export-tweet.html');
    await waitForCards(page, 1);
    await clickInCard(page, 'button.reveal');
    await expect.poll(async () => (await readCards(page))[0]?.text, { timeout: 15_000 }).toContain(TWEET_TEXT);
    await page.close();

    await deleteUserArchive(options);
    await options.close();
  });

  it('sends no request beyond localhost', async () => {
    // The extension works in this test too (the options page, a repair), so that it checks something when run alone.
    const options = await openArchiveOptions(fixture.session);
    const page = await fixture.openPage('demo-page.html');
    const tabId = await findTabId(options, page.url());
    await expect
      .poll(async () => (await readReport(options, tabId)).embeds.map((e) => e.status), { timeout: 15_000 })
      .toEqual(['repaired']);
    // The proxy records what this browser sends (a request made on purpose reaches it), and got nothing else.
    await expectNothingBeyondLocalhost(fixture.session, browserName, page);
    await options.close();
    await page.close();
  });
});
