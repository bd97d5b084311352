/**
 * Learn as you read (issue 14): what the content script reads from a page's
 * embed code (the real fixtures of tests/fixtures/embeds), what the
 * background accepts and refuses, and how the user's archive keeps it
 * (bounded, merged below what the user imported). The expected texts are
 * read by hand from the fixture files, never from the extractor.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { importXArchive } from '../../src/archive/importers/x-archive';
import { openUserArchive, type UserArchive } from '../../src/archive/user-archive';
import { startBackground } from '../../src/background/start';
import { readExportFolder } from '../../src/cli/sources';
import { learnFromPage, readLearnable, readStaticCard } from '../../src/learning/learn-from-page';
import { checkLearnedTweet, learnedSource } from '../../src/learning/learn-tweet';
import { combineArchives } from '../../src/archive/combined-archive';
import { importRecords } from '../../src/archive/importers/records';
import { startSearchIndex } from '../../src/library/index-build';
import { openLibrary } from '../../src/library/library';
import type { LearnedTweet, Reply } from '../../src/messages/protocol';
import type { WebExtension } from '../../src/messages/web-extension';
import { renderLearningSection } from '../../src/options/learning';
import { describeLearned } from '../../src/repair/card';
import { DEFAULT_SETTINGS, type Settings } from '../../src/sites/stored-settings';
import { buildMemoryArchive, seedRecords } from './helpers/archive';
import { FORMATS_DIR } from './helpers/archive-expected';

/** A packaged copy with nothing in it, so that what the library finds is the user's alone. */
const EMPTY_READER = buildMemoryArchive({ tweets: [], articles: [] }).reader;

const opened: UserArchive[] = [];
function fresh(options: { learnedCap?: number } = {}): UserArchive {
  const archive = openUserArchive({ indexedDB: new IDBFactory(), searchIndex: startSearchIndex, ...options });
  opened.push(archive);
  return archive;
}
afterEach(() => {
  for (const archive of opened.splice(0)) archive.close();
});

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
const fixture = (name: string): Document =>
  parse(readFileSync(join('tests/fixtures/embeds', name), 'utf8').replace(/<script\b[^>]*><\/script>/g, ''));
const firstLearnable = (doc: Document): LearnedTweet | null =>
  readLearnable(doc.querySelector('blockquote.twitter-tweet') as Element);

describe('reading the embed code of real pages', () => {
  it.each([
    {
      file: 'x-embed-code-2025-unrendered.html',
      id: '1881779310840984043',
      handle: 'perplexity_ai',
      name: 'Perplexity',
      lang: 'en',
      // The pic.twitter.com link is the medium, not text (docs/data-formats.md#saved-pages).
      text: 'Introducing Sonar: Perplexity’s API.\n\nSonar is the most affordable search API product on the market. Use it to build generative search, powered by real-time information and citations, into your apps. We’re also offering a Pro version with deeper functionality.',
      date: 'January 21, 2025',
      media: 1,
    },
    {
      file: 'twitter-widgetsjs-error-blockquote.html',
      id: '807585485014978560',
      handle: 'ThatPrivacyGuy',
      name: 'That One Privacy Guy',
      lang: 'en',
      // The markup's own line breaks and indentation, exactly (only the ends are trimmed).
      text: 'Thank you @nVpnNet for donating\n        another $2,100 towards @OSTIFofficial audit of\n        @OpenVPN! I have added you to my blog post!',
      date: 'December 10, 2016',
      media: 0,
    },
    {
      file: 'hugo-tweet-shortcode-output.html',
      id: '666616452582129664',
      handle: 'spf13',
      name: 'Steve Francia',
      lang: 'en',
      text: 'Hugo 0.15 will have 30%+ faster render times thanks to this commit https://t.co/FfzhM8bNhT  #gohugo #golang https://t.co/ITbMNU2BUf',
      date: 'November 17, 2015',
      media: 0,
    },
    {
      file: 'ghost-kg-embed-card.html',
      id: '1133348012439220226',
      handle: 'iamdevloper',
      name: 'I Am Devloper',
      lang: 'en',
      // &quot; decoded once, by the HTML parser.
      text: 'I see "blockchain engineer", I hear "fancy spreadsheet admin".',
      date: 'May 28, 2019',
      media: 0,
    },
    {
      file: 'twitter-oembed-classic-unrendered.html',
      id: '1636796541368139777',
      handle: 'ChromiumDev',
      name: 'Chrome for Developers',
      lang: 'en',
      text: 'We want your feedback for the Privacy Sandbox 📨\n\nLearn why your feedback is critical through real examples and learn how to provide it ↓ https://t.co/anGk6gWkbc',
      date: 'March 17, 2023',
      media: 0,
    },
  ])('$file gives tweet $id with its text as the markup has it', (expected) => {
    const tweet = firstLearnable(fixture(expected.file));
    expect(tweet).toMatchObject({
      id: expected.id,
      author: { handle: expected.handle, name: expected.name },
      lang: expected.lang,
      text: expected.text,
      createdAtRaw: expected.date,
    });
    expect(tweet?.media).toHaveLength(expected.media);
    // What the content script sends says nothing of where it came from: the background says that.
    expect(tweet).not.toHaveProperty('sources');
  });

  it("a publisher's static card teaches its tweet: BuzzFeed's real bf-tweet, its author from the byline", () => {
    const card = fixture('static-card-buzzfeed-bf-tweet.real.html').querySelector('blockquote.bf-tweet')!;
    // Read by hand from the file: the paragraph (entities decoded once), the byline "— The Review (@udreview)".
    expect(readStaticCard(card)).toMatchObject({
      id: '790636031301279744',
      author: { handle: 'udreview', name: 'The Review' },
      text: "Posters advertising Milo Yiannopoulos' event tonight in Mitchell Hall have been taken down by university police.… https://t.co/mjHWDcZNw9",
    });
  });

  it('static cards in a figure or a blockquote teach their tweets; a screenshot or a credit line teaches nothing', () => {
    const doc = fixture('static-card-dated-card.constructed.html');
    const read = [...doc.querySelectorAll('figure, blockquote')].map((el) => readStaticCard(el));
    expect(read.map((t) => t && [t.id, t.author?.handle, t.author?.name, t.text])).toEqual([
      [
        '1700000000000000001',
        'harbour_watch',
        'Harbour Watch',
        'Water over the kerb on Quay Street again. Please use the bridge until the pumps catch up.',
      ],
      [
        '1700000000000000002',
        'town_council',
        null,
        'Pumps running at full capacity, crews on site. Thank you for your patience.',
      ],
      null,
      null,
    ]);
  });

  it('a blockquote that kept only its permalink (no text) teaches nothing', () => {
    const doc = parse(
      '<blockquote class="twitter-tweet"><a href="https://twitter.com/darkliquid/status/1541752634348019715">June 28, 2022</a></blockquote>',
    );
    expect(firstLearnable(doc)).toBeNull();
  });
});

/** Text a tweet can say: anything printable, with line breaks, spaces, markup-like and entity-like runs. */
const tweetText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.constantFrom('\n', '  ', '&amp;', '&lt;b&gt;', '<b>', '"', "'", '\u00a0', '@someone', '#tag', '$TSLA', '📨'),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))
  // The markup cannot carry these: HTML trims a paragraph's whitespace ends, and turns CR and NUL into other text.
  .filter((text) => /^[^ \t\n\r\f][^]*[^ \t\n\r\f]$|^[^ \t\n\r\f]$/.test(text) && !/[\r\0\f]/.test(text));

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('the text round-trips exactly', () => {
  it('from the embed code, through the background, into the archive and back', async () => {
    const archive = fresh();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(tweetText, async (text) => {
        const id = String(1_600_000_000_000_000_000n + BigInt(run++));
        // The embed code as publish.x.com writes it: the text escaped, line breaks as <br>.
        const html = `<blockquote class="twitter-tweet"><p lang="en" dir="ltr">${escapeHtml(text).replace(/\n/g, '<br>')}</p>&mdash; Some One (@someone) <a href="https://twitter.com/someone/status/${id}?ref_src=twsrc%5Etfw">May 1, 2023</a></blockquote>`;
        const read = firstLearnable(parse(html));
        expect(read?.text).toBe(text);
        const kept = checkLearnedTweet(read, learnedSource('https://example.org/a', '2026-01-02T03:04:05.000Z'));
        expect(kept?.text).toBe(text);
        await archive.learn(kept!, {
          pageUrl: 'https://example.org/a',
          site: 'example.org',
          seenAt: kept!.sources[0]!.capturedAt!,
        });
        expect((await archive.getTweet(id))?.text).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});

/** A content script's message as the runtime delivers it: from a tab, with the page's URL. */
const fromTab = (url: string, incognito = false): Browser.runtime.MessageSender => ({
  id: fakeBrowser.runtime.id,
  tab: { id: 7, incognito } as Browser.tabs.Tab,
  url,
});

describe('the background learns only when the user said so, where the site is on, and never in private', () => {
  const browser = fakeBrowser as unknown as WebExtension;
  const ghost = () => firstLearnable(fixture('ghost-kg-embed-card.html')) as LearnedTweet;

  async function start(settings: Partial<Settings>) {
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, ...settings } });
    const archive = fresh();
    startBackground(browser, buildMemoryArchive(seedRecords()).reader, archive);
    const send = async (message: unknown, sender: Browser.runtime.MessageSender) =>
      ((await fakeBrowser.runtime.onMessage.trigger(message, sender)) as unknown as Reply[])[0];
    return { archive, send };
  }

  it('off (the default): refused, nothing stored', async () => {
    const { archive, send } = await start({});
    expect(await send({ type: 'learn-tweet', tweet: ghost() }, fromTab('https://blog.example/post'))).toEqual({
      ok: true,
      value: false,
    });
    expect((await archive.listLearned(10)).total).toBe(0);
    expect(await archive.hasRecords()).toBe(false);
  });

  it('on: kept, with the page and the time the background saw, not what the page says', async () => {
    const { archive, send } = await start({ learning: true });
    const claimed = {
      ...ghost(),
      sources: [{ format: 'x-archive', file: 'forged', capturedAt: null, sourceUrl: null, note: null }],
    };
    expect(await send({ type: 'learn-tweet', tweet: claimed }, fromTab('https://blog.example/post'))).toEqual({
      ok: true,
      value: true,
    });
    const { total, entries } = await archive.listLearned(10);
    expect(total).toBe(1);
    expect(entries[0]).toMatchObject({
      id: '1133348012439220226',
      pageUrl: 'https://blog.example/post',
      site: 'blog.example',
    });
    const tweet = await archive.getTweet('1133348012439220226');
    expect(tweet?.text).toBe('I see "blockchain engineer", I hear "fancy spreadsheet admin".');
    expect(tweet?.sources).toEqual([
      {
        format: 'learned',
        file: 'https://blog.example/post',
        capturedAt: entries[0]!.seenAt,
        sourceUrl: 'https://blog.example/post',
        note: `seen on https://blog.example/post at ${entries[0]!.seenAt}`,
      },
    ]);
  });

  it('a site switched off, or only-listed sites without it: refused', async () => {
    const { archive, send } = await start({ learning: true, rules: ['blog.example off'] });
    expect((await send({ type: 'learn-tweet', tweet: ghost() }, fromTab('https://www.blog.example/post')))?.ok).toBe(
      true,
    );
    expect((await archive.listLearned(10)).total).toBe(0);
    await fakeBrowser.storage.local.set({
      settings: { ...DEFAULT_SETTINGS, learning: true, mode: 'only-listed', rules: ['other.example on'] },
    });
    expect(await send({ type: 'learn-tweet', tweet: ghost() }, fromTab('https://blog.example/post'))).toEqual({
      ok: true,
      value: false,
    });
    expect((await archive.listLearned(10)).total).toBe(0);
  });

  it('a site excluded from learning alone: refused, while a site beside it learns', async () => {
    const { archive, send } = await start({ learning: true, learningRules: ['diary.example off'] });
    expect(await send({ type: 'learn-tweet', tweet: ghost() }, fromTab('https://www.diary.example/today'))).toEqual({
      ok: true,
      value: false,
    });
    expect((await archive.listLearned(10)).total).toBe(0);
    expect(await send({ type: 'learn-tweet', tweet: ghost() }, fromTab('https://blog.example/post'))).toEqual({
      ok: true,
      value: true,
    });
    expect((await archive.listLearned(10)).entries.map((e) => e.site)).toEqual(['blog.example']);
  });

  it('a private window: refused whatever the settings', async () => {
    const { archive, send } = await start({ learning: true });
    expect(await send({ type: 'learn-tweet', tweet: ghost() }, fromTab('https://blog.example/post', true))).toEqual({
      ok: true,
      value: false,
    });
    expect((await archive.listLearned(10)).total).toBe(0);
  });

  it('from an extension page, or with a record no embed could give: refused', async () => {
    const { archive, send } = await start({ learning: true });
    const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    expect((await send({ type: 'learn-tweet', tweet: ghost() }, page))?.ok).toBe(false);
    for (const bad of [
      { ...ghost(), id: '12ab' },
      { ...ghost(), text: null },
      { ...ghost(), text: 'x'.repeat(30_001) },
      { ...ghost(), author: { handle: 'a handle far too long', name: null }, text: 7 },
      'a string',
      null,
    ]) {
      expect(await send({ type: 'learn-tweet', tweet: bad }, fromTab('https://blog.example/post'))).toEqual({
        ok: true,
        value: false,
      });
    }
    expect((await archive.listLearned(10)).total).toBe(0);
  });
});

describe('the learned records in the user archive', () => {
  const learned = (id: string, text: string, seenAt: string, pageUrl = 'https://blog.example/post') => {
    const tweet = checkLearnedTweet(
      { ...(firstLearnable(fixture('ghost-kg-embed-card.html')) as LearnedTweet), id, text },
      learnedSource(pageUrl, seenAt),
    )!;
    return [tweet, { pageUrl, site: new URL(pageUrl).hostname, seenAt }] as const;
  };

  it('are bounded: beyond the cap, the oldest seen go first', async () => {
    const archive = fresh({ learnedCap: 3 });
    const seen = ['2026-01-04', '2026-01-01', '2026-01-03', '2026-01-05', '2026-01-02'];
    for (const [i, day] of seen.entries())
      await archive.learn(...learned(`11111111111111111${i}`, `text ${i}`, `${day}T00:00:00.000Z`));
    const { total, cap, entries } = await archive.listLearned(10);
    expect({ total, cap }).toEqual({ total: 3, cap: 3 });
    // Kept: the three most recently seen (5th, 4th, 3rd of January), newest first.
    expect(entries.map((e) => e.id)).toEqual(['111111111111111113', '111111111111111110', '111111111111111112']);
  });

  it('never overwrite what the user imported: the merge rule ranks them below it', async () => {
    const archive = fresh();
    const records = await importXArchive(readExportFolder(join(FORMATS_DIR, 'x-archive')), {
      base: 'x-archive/x-archive',
    });
    await archive.addRecords(records, 'export');
    await archive.learn(...learned('1541752634348019715', 'A planted text', '2026-02-01T00:00:00.000Z'));
    const tweet = await archive.getTweet('1541752634348019715');
    expect(tweet?.text).toContain('@symatt Monocycle');
    expect(tweet?.sources.map((s) => s.format)).toEqual(['x-archive', 'learned']);
    // Nothing to say "as seen on" when the text is not the learned one.
    expect(describeLearned(tweet!)).toBeNull();
  });

  it('are forgotten one by one, per site and all at once; imported records stay', async () => {
    const archive = fresh();
    await archive.addRecords({ tweets: [], articles: [] }, 'nothing');
    await archive.learn(...learned('222222222222222221', 'one', '2026-01-01T00:00:00.000Z', 'https://a.example/1'));
    await archive.learn(...learned('222222222222222222', 'two', '2026-01-02T00:00:00.000Z', 'https://a.example/2'));
    await archive.learn(...learned('222222222222222223', 'three', '2026-01-03T00:00:00.000Z', 'https://b.example/3'));
    await archive.learn(...learned('222222222222222224', 'four', '2026-01-04T00:00:00.000Z', 'https://b.example/4'));
    expect(await archive.forgetLearned({ id: '222222222222222224' })).toBe(1);
    expect(await archive.getTweet('222222222222222224')).toBeNull();
    expect(await archive.forgetLearned({ site: 'a.example' })).toBe(2);
    expect((await archive.listLearned(10)).entries.map((e) => e.id)).toEqual(['222222222222222223']);
    expect(await archive.forgetLearned('all')).toBe(1);
    expect((await archive.listLearned(10)).total).toBe(0);
    expect(await archive.hasRecords()).toBe(false);
    expect((await archive.stats()).imports).toHaveLength(1);
  });

  it('are found in the library search, with the site they were seen on, until forgotten', async () => {
    const archive = fresh();
    await archive.learn(
      ...learned('444444444444444441', 'A heron on the canal lock', '2026-01-01T00:00:00.000Z', 'https://a.example/1'),
    );
    const library = openLibrary({
      packaged: EMPTY_READER,
      user: archive,
      records: combineArchives(archive, EMPTY_READER),
    });
    const page = await library.search({ query: 'heron', offset: 0, limit: 20 });
    expect(page.items.map((i) => [i.id, i.source, i.siteName, i.snippet])).toEqual([
      ['444444444444444441', 'user', 'a.example', 'A heron on the canal lock'],
    ]);
    // Learned later: the index is rebuilt for the next search, not at each page read.
    await archive.learn(
      ...learned(
        '444444444444444442',
        'A second heron, by the weir',
        '2026-01-02T00:00:00.000Z',
        'https://b.example/2',
      ),
    );
    expect((await library.search({ query: 'heron', offset: 0, limit: 20 })).total).toBe(2);
    await archive.forgetLearned({ site: 'a.example' });
    expect((await library.search({ query: 'heron', offset: 0, limit: 20 })).items.map((i) => i.id)).toEqual([
      '444444444444444442',
    ]);
  });

  it('leave with the export and come back as learned, the later sighting kept; a file cannot pass off an import as learned', async () => {
    const archive = fresh();
    await archive.learn(...learned('555555555555555551', 'kept', '2026-01-01T00:00:00.000Z', 'https://a.example/1'));
    await archive.learn(...learned('555555555555555552', 'also', '2026-01-05T00:00:00.000Z', 'https://b.example/2'));
    const exported = await archive.exportAll(new Date('2026-02-01T00:00:00.000Z'));
    expect(exported.learned.map((e) => [e.id, e.site, e.seenAt])).toEqual(
      expect.arrayContaining([
        ['555555555555555551', 'a.example', '2026-01-01T00:00:00.000Z'],
        ['555555555555555552', 'b.example', '2026-01-05T00:00:00.000Z'],
      ]),
    );

    const other = fresh();
    // Seen again later on this machine: the import keeps the later sighting.
    await other.learn(...learned('555555555555555552', 'also', '2026-01-09T00:00:00.000Z', 'https://c.example/9'));
    const forged = {
      ...exported.learned[0]!,
      id: '555555555555555553',
      tweet: {
        ...exported.learned[0]!.tweet,
        id: '555555555555555553',
        sources: [
          {
            ...exported.tweets[0]?.sources[0],
            format: 'x-archive',
            file: 'tweets.js',
            capturedAt: null,
            sourceUrl: null,
            note: null,
          },
        ],
      },
    };
    const result = importRecords(
      JSON.stringify({ ...exported, learned: [...exported.learned, forged, 'junk'] }),
      'export.json',
    );
    expect(result.notes).toEqual([
      'export.json: learned #2: not a learned tweet; left out',
      'export.json: learned #3: not a learned tweet; left out',
    ]);
    expect(result.tweets).toEqual([]);
    await other.addRecords(
      { tweets: result.tweets, articles: result.articles, learned: result.learned },
      'export.json',
    );
    const { entries } = await other.listLearned(10);
    expect(entries.map((e) => [e.id, e.site])).toEqual([
      ['555555555555555552', 'c.example'],
      ['555555555555555551', 'a.example'],
    ]);
    expect((await other.getTweet('555555555555555551'))?.text).toBe('kept');
    expect((await other.stats()).tweets).toBe(0);
  });

  it('a card from learned data says where and when it was seen', () => {
    const [tweet] = learned('333333333333333333', 'seen', '2026-03-04T05:06:07.000Z', 'https://news.example.org/story');
    expect(describeLearned(tweet)).toMatch(/^As seen on news\.example\.org, .*2026/);
  });
});

describe('the content script side', () => {
  const settings = (s: Partial<Settings>) => async () => ({ ...DEFAULT_SETTINGS, ...s });

  async function run(doc: Document, s: Partial<Settings>, incognito = false): Promise<string[]> {
    const sent: string[] = [];
    Object.defineProperty(doc, 'location', { value: new URL('https://blog.example/post'), configurable: true });
    // A page that has loaded (the settings are read after the load event).
    Object.defineProperty(doc, 'readyState', { value: 'complete', configurable: true });
    learnFromPage({
      document: doc,
      window: doc.defaultView ?? window,
      incognito,
      readSettings: settings(s),
      send: async (tweet) => {
        sent.push(tweet.id);
        return true;
      },
    });
    await new Promise((done) => setTimeout(done, 0));
    return sent;
  }

  it('sends every learnable tweet of the page once, when learning is on for the site', async () => {
    const doc = fixture('wordpress-classic-jetpack.constructed.html');
    const expected = [...doc.querySelectorAll('blockquote.twitter-tweet')]
      .map(
        (b) =>
          /status\/(\d+)/.exec(b.querySelector('a[href*="/status/"]:last-of-type')?.getAttribute('href') ?? '')?.[1],
      )
      .filter(Boolean);
    expect(await run(doc, { learning: true })).toEqual(expected);
  });

  it('sends nothing when learning is off, the site is off, or the window is private', async () => {
    expect(await run(fixture('ghost-kg-embed-card.html'), {})).toEqual([]);
    expect(await run(fixture('ghost-kg-embed-card.html'), { learning: true, rules: ['blog.example off'] })).toEqual([]);
    expect(await run(fixture('ghost-kg-embed-card.html'), { learning: true }, true)).toEqual([]);
    expect(await run(fixture('ghost-kg-embed-card.html'), { learning: true })).toEqual(['1133348012439220226']);
  });

  it("sends a page's static cards with learning on, and only then", async () => {
    const page = 'static-card-dated-card.constructed.html';
    expect(await run(fixture(page), { learning: true })).toEqual(['1700000000000000001', '1700000000000000002']);
    expect(await run(fixture(page), {})).toEqual([]);
    expect(await run(fixture(page), { learning: true, learningRules: ['blog.example off'] })).toEqual([]);
  });
});

describe('the options page section', () => {
  const browser = fakeBrowser as unknown as WebExtension;
  afterEach(() => document.body.replaceChildren());

  async function mount(archive: UserArchive) {
    const section = await renderLearningSection({ document, browser, archive });
    document.body.append(section);
    const $ = <T extends Element>(selector: string) => section.querySelector(selector) as T;
    return { section, $ };
  }
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((done) => setTimeout(done, 0));
  };

  it('a switch, off by default, whose name says learning, explained in one sentence; it turns learning on', async () => {
    const { section, $ } = await mount(fresh());
    const input = $<HTMLInputElement>('#learning-switch');
    expect(input.type).toBe('checkbox');
    expect(input.getAttribute('role')).toBe('switch');
    expect(input.checked).toBe(false);
    expect(section.querySelector(`label[for="${input.id}"]`)?.textContent).toMatch(/^Learn tweets/);
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toMatch(
      /kept in your archive in this browser.*nothing leaves the browser\.$/,
    );
    expect($('.learned-count').textContent).toBe('Nothing learned yet.');
    input.click();
    await settle();
    expect(((await fakeBrowser.storage.local.get('settings')) as { settings: Settings }).settings.learning).toBe(true);
  });

  it('lists what was learned with where and when, the cap, and forgets one, a site, or all', async () => {
    const archive = fresh({ learnedCap: 10 });
    const learn = (id: string, pageUrl: string, seenAt: string) =>
      archive.learn(
        checkLearnedTweet(
          { ...(firstLearnable(fixture('ghost-kg-embed-card.html')) as LearnedTweet), id },
          learnedSource(pageUrl, seenAt),
        )!,
        { pageUrl, site: new URL(pageUrl).hostname, seenAt },
      );
    await learn('444444444444444441', 'https://a.example/1', '2026-01-01T00:00:00.000Z');
    await learn('444444444444444442', 'https://a.example/2', '2026-01-02T00:00:00.000Z');
    await learn('444444444444444443', 'https://b.example/3', '2026-01-03T00:00:00.000Z');
    const { section, $ } = await mount(archive);
    expect($('.learned-count').textContent).toBe('3 tweets learned; at most 10 are kept, the oldest go first.');
    const rows = () =>
      [...section.querySelectorAll('.learned-list > li')].map((li) => li.getAttribute('data-tweet-id'));
    expect(rows()).toEqual(['444444444444444443', '444444444444444442', '444444444444444441']);
    expect(section.querySelector('.learned-list .seen')?.textContent).toMatch(/^Seen on https:\/\/b\.example\/3, /);
    expect(section.querySelector('.learned-list .tweet')?.textContent).toContain('fancy spreadsheet admin');

    (section.querySelector('li[data-tweet-id="444444444444444442"] button.forget') as HTMLButtonElement).click();
    await settle();
    expect(rows()).toEqual(['444444444444444443', '444444444444444441']);
    (section.querySelector('button.forget-site[data-site="b.example"]') as HTMLButtonElement).click();
    await settle();
    expect(rows()).toEqual(['444444444444444441']);
    $<HTMLButtonElement>('button.forget-all').click();
    await settle();
    expect(rows()).toEqual([]);
    expect((await archive.listLearned(10)).total).toBe(0);
  });

  it('excludes a site from learning alone: typed in, or "never learn on" a site that taught; and includes it again', async () => {
    const archive = fresh();
    const pageUrl = 'https://a.example/1';
    await archive.learn(
      checkLearnedTweet(
        { ...(firstLearnable(fixture('ghost-kg-embed-card.html')) as LearnedTweet), id: '444444444444444445' },
        learnedSource(pageUrl, '2026-01-01T00:00:00.000Z'),
      )!,
      { pageUrl, site: 'a.example', seenAt: '2026-01-01T00:00:00.000Z' },
    );
    const { section, $ } = await mount(archive);
    const stored = async () => ((await fakeBrowser.storage.local.get('settings')) as { settings: Settings }).settings;
    const shown = () => [...section.querySelectorAll('.learning-exclusions .rule .pattern')].map((e) => e.textContent);
    expect(section.querySelector('.learning-exclusions .empty')?.textContent).toMatch(/^None/);

    // A typo is refused, with the reason tied to the field.
    const input = $<HTMLInputElement>('#learning-exclude-pattern');
    input.value = 'not a site';
    $<HTMLFormElement>('.learning-exclusions form').requestSubmit();
    await settle();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect((await stored())?.learningRules ?? []).toEqual([]);

    input.value = 'Diary.Example';
    $<HTMLFormElement>('.learning-exclusions form').requestSubmit();
    await settle();
    expect((await stored()).learningRules).toEqual(['diary.example off']);
    expect(shown()).toEqual(['diary.example']);

    (section.querySelector('button.never-site[data-site="a.example"]') as HTMLButtonElement).click();
    await settle();
    expect((await stored()).learningRules).toEqual(['diary.example off', 'a.example off']);
    expect(shown()).toEqual(['diary.example', 'a.example']);
    // What a.example taught stays until the user forgets it.
    expect((await archive.listLearned(10)).total).toBe(1);
    // Tweet Mender stays on there: only learning is excluded.
    expect((await stored()).rules).toEqual([]);

    (
      section.querySelector('.learning-exclusions li[data-line="diary.example off"] button.remove') as HTMLButtonElement
    ).click();
    await settle();
    expect((await stored()).learningRules).toEqual(['a.example off']);
    expect(shown()).toEqual(['a.example']);
  });
});
