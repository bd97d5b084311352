/**
 * The user's own archive, judged in both browsers: an X export zip (built
 * here from tests/fixtures/formats/x-archive) and a saved page imported
 * through the options page's file input repair a page whose embed the
 * packaged archive cannot;
 * the archive lists it, the library finds it, the archive exports it as a
 * file and deletes it; the seed is still repaired from the packaged copy;
 * nothing leaves localhost.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExportFolderBytes } from '../../src/cli/sources';
import { type BrowserName, type TestPage } from './harness/browsers';
import { findTabId, readReport } from './harness/extension';
import { expectNothingBeyondLocalhost } from './harness/no-network';
import { SEED } from './harness/seed';
import { readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';
import { zerosEntry, zipBytes } from '../unit/helpers/zip-files';

const TWEET_ID = '1541752634348019715';
const TWEET_TEXT = '@symatt Monocycle';

/** The export as X delivers it: a zip with a top folder, made from the sample folder. */
async function exportZipBase64(): Promise<string> {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, content] of await readExportFolderBytes(join('tests/fixtures/formats', 'x-archive')))
    entries[`twitter-2023-07-02-sample/${path}`] = content;
  return Buffer.from(zipSync(entries)).toString('base64');
}

interface Chosen {
  name: string;
  type: string;
  base64: string;
}

/** Files given to the options page's own file input, as a user's choice fires its change event. */
async function chooseFiles(options: TestPage, files: Chosen[]): Promise<void> {
  await options.evaluate((chosenFiles: Chosen[]) => {
    const input = document.querySelector('#your-archive-files') as HTMLInputElement;
    const chosen = new DataTransfer();
    for (const { name, type, base64 } of chosenFiles) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      chosen.items.add(new File([bytes], name, { type }));
    }
    input.files = chosen.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, files);
}

/** What "Export" offers: the archive's every record, as the JSON text of the file. */
async function exportArchive(options: TestPage): Promise<{ type: string; text: string } | null> {
  return options.evaluate(async () => {
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
}

/** The text of the card on a page (read through DevTools: its shadow root is closed). */
async function readCardText(page: TestPage): Promise<string | null> {
  return (await readCards(page))[0]?.text ?? null;
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s: the user archive', (browserName) => {
  const fixture = useBrowser(browserName, { freshSettings: false });

  async function openOptions(): Promise<TestPage> {
    const options = await fixture.session.openExtensionPage('options.html');
    await options.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    await options.waitFor(() => document.querySelector('.your-archive .counts') !== null);
    return options;
  }

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
    const options = await openOptions();
    expect(await options.evaluate(() => document.querySelector('.your-archive .counts')?.textContent)).toBe(
      'Nothing yet.',
    );
    // Before the import, the packaged archive alone cannot repair the embed.
    await expectBroken('user-archive-export-tweet.html', options);

    // The files go in through the page's own file input and its change event: the export, and a
    // saved page (read by Readability in the options page itself).
    await chooseFiles(options, [
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
      imports: document.querySelector('.your-archive .imports')?.textContent,
      articles: [...document.querySelectorAll('.your-archive .article-list .title')].map((a) => a.textContent),
    }));
    // 11 records from the export, 1 from the page's blockquote; 10 distinct tweets once merged.
    expect(listed.status).toBe('Imported 12 tweet records and 1 articles.');
    expect(listed.tweets).toBe('10');
    expect(listed.articles).toEqual(['How we fixed our broken tweet embeds']);
    expect(listed.texts).toContain(TWEET_TEXT);
    expect(listed.imports).toContain('twitter-2023-07-02-sample.zip');

    // The page's broken embed is now repaired with the tweet from the user's archive.
    const page = await fixture.openPage('user-archive-export-tweet.html');
    await waitForCards(page);
    const card = await readCardText(page);
    expect(card).toContain(TWEET_TEXT);
    expect(card).toContain('@darkliquid');
    await page.close();

    // The seed is still repaired from the packaged copy, through the same background.
    const seedPage = await fixture.openPage('demo-page.html');
    await waitForCards(seedPage);
    expect(await readCardText(seedPage)).toContain(SEED.title);
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
    await options.click('.your-archive button.delete');
    await options.waitFor(
      () => (document.querySelector('#your-archive-confirm') as HTMLElement | null)?.hidden === false,
    );
    await options.click('.your-archive button.confirm-delete');
    await options.waitFor(() => document.querySelector('.your-archive .counts')?.textContent === 'Nothing yet.');
    await expectBroken('user-archive-export-tweet.html', options);
    await options.close();
  });

  it('refuses a zip bomb, naming the file and the limit, and keeps the archive as it was', async () => {
    const options = await openOptions();
    await chooseFiles(options, [
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
      await chooseFiles(options, [{ name, type: 'application/zip', base64: zip.toString('base64') }]);
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
    // And it still repairs from it.
    const page = await fixture.openPage('user-archive-export-tweet.html');
    await waitForCards(page);
    expect(await readCardText(page)).toContain(TWEET_TEXT);
    await page.close();

    await options.click('.your-archive button.delete');
    await options.click('.your-archive button.confirm-delete');
    await options.waitFor(() => document.querySelector('.your-archive .counts')?.textContent === 'Nothing yet.');
    await options.close();
  });

  it('sends no request beyond localhost', async () => {
    // The extension works in this test too (the options page, a repair), so that it checks something when run alone.
    const options = await openOptions();
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
