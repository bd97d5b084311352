import { describe, expect, it } from 'vitest';
import { fingerprintText, normalizePageUrl, titleFingerprints } from '../../src/archive/keys';
import { matchEmbed, passageAt } from '../../src/archive/lookup';
import type { EmbedQuery, PageQuery } from '../../src/messages/lookup';
import type { ArchivedArticle } from '../../src/archive/schema';
import {
  buildMemoryArchive,
  makeArticle,
  makeTweet,
  SEED_PARAGRAPHS,
  SEED_TITLE,
  seedRecords,
} from './helpers/archive';

const fp = (text: string) => {
  const value = fingerprintText(text);
  if (!value) throw new Error(`too short to fingerprint: ${text}`);
  return value;
};
const P = (n: number) => SEED_PARAGRAPHS[n - 1] as string; // 1-based, as people count paragraphs
const noPage: PageQuery = { urls: [], titles: [] };
const embed = (over: Partial<EmbedQuery> = {}): EmbedQuery => ({ tweetId: null, before: [], after: [], ...over });

describe('matchEmbed on the seed archive', () => {
  const seedArticle = seedRecords().articles[0] as ArchivedArticle;
  const { reader } = buildMemoryArchive(seedRecords());
  const titlePage: PageQuery = { urls: [], titles: titleFingerprints(SEED_TITLE) };

  it('finds the article by the text around the embed and the title', async () => {
    const match = await matchEmbed(reader, titlePage, embed({ before: [fp(P(3))], after: [fp(P(4))] }));
    expect(match).not.toBeNull();
    expect(match?.by).toBe('text');
    expect(match?.tweet).toBeNull();
    expect(match?.article).toEqual({
      id: seedArticle.id,
      title: SEED_TITLE,
      siteName: 'World Socialist Web Site',
      lang: 'en',
      url: null,
      paragraphCount: 16,
      sourceNote: 'text as a reader saw it on the page',
      capturedAt: null,
    });
    expect(match?.passage).toEqual({
      position: 3,
      before: [P(3)],
      after: [P(4)],
      embed: {
        position: 3,
        tweetId: null,
        fallbackText: ['Loading Tweet ...', 'Tweet not loading? See it directly on Twitter'],
      },
    });
  });

  it('matches a page whose title carries the site name, as the demo page does', async () => {
    const page = { urls: [], titles: titleFingerprints(`${SEED_TITLE} - World Socialist Web Site`) };
    const match = await matchEmbed(reader, page, embed({ before: [fp(P(3))] }));
    expect(match?.article?.id).toBe(seedArticle.id);
    expect(match?.passage?.position).toBe(3);
  });

  it('matches on two paragraphs without a title; the nearest paragraph before sets the position', async () => {
    const match = await matchEmbed(reader, noPage, embed({ before: [fp(P(3)), fp(P(2)), fp(P(1))], after: [] }));
    expect(match?.passage?.position).toBe(3);
    expect(match?.by).toBe('text');
  });

  it('places the embed before the first matching paragraph after it when nothing before matches', async () => {
    const match = await matchEmbed(
      reader,
      titlePage,
      embed({ before: [fp('Some unrelated sidebar text that is long enough to count here.')], after: [fp(P(4))] }),
    );
    expect(match?.passage?.position).toBe(3);
    expect(match?.passage?.before).toEqual([P(3)]);
  });

  it('survives typographic and spacing differences between the page and the archive', async () => {
    const retyped = P(8).replace(/[“”]/g, '"').replace(/’/g, "'").replace(/ /g, '  ').toUpperCase();
    const match = await matchEmbed(reader, noPage, embed({ before: [fp(retyped)], after: [fp(P(9))] }));
    expect(match?.passage?.position).toBe(8);
    // no recorded embed stands there
    expect(match?.passage?.embed).toBeNull();
  });

  it('one paragraph alone, without the title, is not enough evidence', async () => {
    expect(await matchEmbed(reader, noPage, embed({ before: [fp(P(3))] }))).toBeNull();
    expect(await matchEmbed(reader, noPage, embed({ after: [fp(P(4))] }))).toBeNull();
    // the title alone neither
    expect(await matchEmbed(reader, titlePage, embed())).toBeNull();
  });

  it('unrelated text matches nothing', async () => {
    const match = await matchEmbed(
      reader,
      { urls: ['https://example.com/other'], titles: titleFingerprints('A completely different article title') },
      embed({
        tweetId: '1501707808009506816',
        before: [fp('The weather was fine and nothing at all happened in the town that day.')],
        after: [fp('Another sentence about gardening and tomatoes, long enough to count.')],
      }),
    );
    expect(match).toBeNull();
  });

  it('does not attach a tweet to the seed embed', async () => {
    const match = await matchEmbed(
      reader,
      titlePage,
      embed({ tweetId: '1501707808009506816', before: [fp(P(3))], after: [fp(P(4))] }),
    );
    expect(match?.tweet).toBeNull();
    expect(match?.passage?.embed?.tweetId).toBeNull();
  });
});

describe('matchEmbed by tweet id', () => {
  const TWEET = '1881779310840984043';
  const withTweet = makeArticle(1, {
    embeds: [
      { position: 1, tweetId: null, fallbackText: [] },
      { position: 2, tweetId: TWEET, fallbackText: ['Loading Tweet ...'] },
    ],
  });
  const other = makeArticle(2);
  const { reader } = buildMemoryArchive({ articles: [other, withTweet], tweets: [makeTweet(TWEET)] });

  it('finds the tweet and its recorded place, with no other clue', async () => {
    const match = await matchEmbed(reader, noPage, embed({ tweetId: TWEET }));
    expect(match?.by).toBe('tweet');
    expect(match?.tweet?.id).toBe(TWEET);
    expect(match?.tweet?.text).toBe('The archived text of the tweet.');
    expect(match?.tweet?.appearsIn).toEqual([{ articleId: withTweet.id, embedIndex: 1 }]);
    expect(match?.article?.id).toBe(withTweet.id);
    expect(match?.passage?.position).toBe(2);
    expect(match?.passage?.before).toEqual([withTweet.paragraphs[1]]);
    expect(match?.passage?.after).toEqual([withTweet.paragraphs[2]]);
    expect(match?.passage?.embed?.tweetId).toBe(TWEET);
  });

  it('the recorded place wins over the text position', async () => {
    const match = await matchEmbed(
      reader,
      noPage,
      embed({
        tweetId: TWEET,
        before: [fp(withTweet.paragraphs[0] as string)],
        after: [fp(withTweet.paragraphs[1] as string)],
      }),
    );
    expect(match?.by).toBe('tweet');
    expect(match?.passage?.position).toBe(2);
  });

  it('a tweet in several articles is placed in the one the page matches', async () => {
    const a = makeArticle(10, { embeds: [{ position: 0, tweetId: TWEET, fallbackText: [] }] });
    const b = makeArticle(11, { embeds: [{ position: 3, tweetId: TWEET, fallbackText: [] }] });
    const archive = buildMemoryArchive({ articles: [a, b], tweets: [makeTweet(TWEET)] });
    const match = await matchEmbed(
      archive.reader,
      { urls: [], titles: titleFingerprints(b.title) },
      embed({ tweetId: TWEET, before: [fp(b.paragraphs[2] as string)] }),
    );
    expect(match?.by).toBe('tweet');
    expect(match?.article?.id).toBe(b.id);
    expect(match?.passage?.position).toBe(3);
  });

  // The context around an embed with a tweet id is not only for embeds without one: these two change
  // the card when it is left out (docs/performance.md, "The context around broken embeds").
  it('a tweet in several articles is placed by the text around it alone, with no title or URL', async () => {
    const a = makeArticle(10, { embeds: [{ position: 0, tweetId: TWEET, fallbackText: [] }] });
    const b = makeArticle(11, { embeds: [{ position: 3, tweetId: TWEET, fallbackText: [] }] });
    const archive = buildMemoryArchive({ articles: [a, b], tweets: [makeTweet(TWEET)] });
    const withContext = await matchEmbed(
      archive.reader,
      noPage,
      embed({ tweetId: TWEET, before: [fp(b.paragraphs[2] as string)] }),
    );
    expect(withContext?.article?.id).toBe(b.id);
    expect(withContext?.passage?.position).toBe(3);
    const without = await matchEmbed(archive.reader, noPage, embed({ tweetId: TWEET }));
    expect(without?.tweet?.id).toBe(TWEET);
    expect(without?.article).toBeNull();
  });

  it('a known tweet no article records is shown in the article the text around it matches', async () => {
    const article = makeArticle(12, {}, 4);
    const archive = buildMemoryArchive({ articles: [article], tweets: [makeTweet(TWEET)] });
    const match = await matchEmbed(
      archive.reader,
      noPage,
      embed({
        tweetId: TWEET,
        before: [fp(article.paragraphs[1] as string)],
        after: [fp(article.paragraphs[2] as string)],
      }),
    );
    expect(match?.by).toBe('tweet');
    expect(match?.tweet?.appearsIn).toEqual([]);
    expect(match?.article?.id).toBe(article.id);
    expect(match?.passage?.position).toBe(2);
    expect((await matchEmbed(archive.reader, noPage, embed({ tweetId: TWEET })))?.article).toBeNull();
  });

  it('a tweet an article embeds twice is placed at the recorded place the text around it points to', async () => {
    const twice = makeArticle(
      13,
      {
        embeds: [
          { position: 1, tweetId: TWEET, fallbackText: [] },
          { position: 4, tweetId: TWEET, fallbackText: [] },
        ],
      },
      6,
    );
    const archive = buildMemoryArchive({ articles: [twice], tweets: [makeTweet(TWEET)] });
    const at = async (before: EmbedQuery['before'], after: EmbedQuery['after'] = []) =>
      (await matchEmbed(archive.reader, noPage, embed({ tweetId: TWEET, before, after })))?.passage?.position;
    // The second embed: after paragraph 4 (index 3), before paragraph 5.
    expect(await at([fp(twice.paragraphs[3] as string)], [fp(twice.paragraphs[4] as string)])).toBe(4);
    expect(await at([fp(twice.paragraphs[0] as string)])).toBe(1);
    // The text says nothing: the first recorded place, as for any tweet.
    expect(await at([])).toBe(1);
    // The only article that records the tweet, with both places: found with no other clue.
    expect((await matchEmbed(archive.reader, noPage, embed({ tweetId: TWEET })))?.article?.id).toBe(twice.id);
  });

  it('an unknown tweet id without other clues matches nothing', async () => {
    expect(await matchEmbed(reader, noPage, embed({ tweetId: '2090150609382977655' }))).toBeNull();
  });
});

describe('matchEmbed by page URL', () => {
  const article = makeArticle(3, {
    urls: ['https://www.example.com/news/2022/03/story?id=5'],
    embeds: [{ position: 2, tweetId: null, fallbackText: ['Loading Tweet ...'] }],
  });
  const { reader } = buildMemoryArchive({ articles: [makeArticle(4), article], tweets: [] });

  it.each([
    'https://www.example.com/news/2022/03/story?id=5',
    'http://example.com/news/2022/03/story/?id=5',
    'https://example.com/news/2022/03/story?utm_source=twitter&utm_medium=social&id=5#comments',
    'https://WWW.EXAMPLE.COM/news/2022/03/story?fbclid=abc&id=5&ref=home',
    'https://amp.example.com/news/2022/03/story/amp/?id=5',
  ])('%s finds the article, and its only embed gives the place', async (url) => {
    const match = await matchEmbed(reader, { urls: [url], titles: [] }, embed());
    expect(match?.by).toBe('url');
    expect(match?.article?.id).toBe(article.id);
    expect(match?.article?.url).toBe('https://www.example.com/news/2022/03/story?id=5');
    expect(match?.passage?.position).toBe(2);
  });

  it('a different query or path is a different page', async () => {
    for (const url of ['https://example.com/news/2022/03/story?id=6', 'https://example.com/news/2022/03/stor?id=5']) {
      expect(await matchEmbed(reader, { urls: [url], titles: [] }, embed()), url).toBeNull();
    }
  });

  it('the text around the block sets the place when it matches', async () => {
    const match = await matchEmbed(
      reader,
      { urls: ['https://example.com/news/2022/03/story?id=5'], titles: [] },
      embed({ after: [fp(article.paragraphs[1] as string)] }),
    );
    expect(match?.by).toBe('url');
    expect(match?.passage?.position).toBe(1);
  });
});

describe('normalizePageUrl and passageAt', () => {
  it('normalizes the parts that do not identify an article', () => {
    expect(normalizePageUrl('https://www.Example.com/a/b/?utm_campaign=x&b=2&a=1#frag')).toBe(
      'example.com/a/b?a=1&b=2',
    );
    expect(normalizePageUrl('http://example.com')).toBe('example.com');
    expect(normalizePageUrl('ftp://example.com/a')).toBeNull();
    expect(normalizePageUrl('not a url')).toBeNull();
  });

  it('clamps positions to the article', () => {
    const a = makeArticle(5);
    expect(passageAt(a, 0)).toEqual({ position: 0, before: [], after: [a.paragraphs[0]], embed: null });
    expect(passageAt(a, 99)).toEqual({ position: 3, before: [a.paragraphs[2]], after: [], embed: null });
    expect(passageAt(a, -4).position).toBe(0);
  });
});
