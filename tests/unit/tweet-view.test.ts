/**
 * How an archived tweet looks (src/tweet-view/): each part as a reader sees
 * it, and the block the card, the reader and the options page all show.
 * Expected texts are the English messages written out here by hand
 * (public/_locales/en/messages.json), never read back from the code.
 */
import { describe, expect, it } from 'vitest';
import type { ArchivedTweet, TweetMedia } from '../../src/archive/schema';
import { renderCard } from '../../src/repair/card';
import { cardRenderers } from '../../src/repair/card-renderers';
import { buildCardRoot } from '../../src/repair/mount-card';
import { renderArticleBody } from '../../src/reader/render-article';
import { renderTweetBody } from '../../src/tweet-view/body';
import { renderTweetHeader } from '../../src/tweet-view/header';
import { renderTweetInfo } from '../../src/tweet-view/info';
import { renderTweetMedia } from '../../src/tweet-view/media';
import { renderTweet } from '../../src/tweet-view/tweet-view';
import { makeArticle, makeTweet } from './helpers/archive';

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
const ID = '1501707808009506816';

function medium(kind: TweetMedia['kind'], altText: string | null): TweetMedia {
  return {
    kind,
    id: null,
    tco: 'https://t.co/abc',
    remoteUrl: 'https://pbs.twimg.com/media/abc.jpg',
    file: null,
    width: 1200,
    height: 800,
    altText,
    durationMs: null,
    variants: [],
  };
}

/** Nothing in the view was parsed as markup, and nothing in it would load anything. */
function expectInert(node: Element): void {
  expect(node.querySelectorAll('img, script, iframe, video, picture, source, object, embed, style')).toHaveLength(0);
  expect([...node.querySelectorAll('*')].filter((el) => el.hasAttribute('src') || el.hasAttribute('onerror'))).toEqual(
    [],
  );
}

describe('tweet view: header (who wrote it)', () => {
  it('shows the name and the handle', () => {
    const tweet = makeTweet(ID, { author: { handle: 'WSWS_Updates', name: 'World Socialist Web Site' } });
    expect(renderTweetHeader(document, tweet)?.textContent).toBe('World Socialist Web Site (@WSWS_Updates)');
  });

  it('shows the handle twice when the name is unknown, the name alone when the handle is', () => {
    expect(renderTweetHeader(document, makeTweet(ID, { author: { handle: 'someone', name: null } }))?.textContent).toBe(
      'someone (@someone)',
    );
    expect(
      renderTweetHeader(document, makeTweet(ID, { author: { handle: null, name: 'Some One' } }))?.textContent,
    ).toBe('Some One');
  });

  it('shows nothing when the archive knows no author', () => {
    expect(renderTweetHeader(document, makeTweet(ID, { author: null }))).toBeNull();
    expect(renderTweetHeader(document, makeTweet(ID, { author: { handle: null, name: null } }))).toBeNull();
  });

  it('shows a hostile name as the letters it is made of', () => {
    const header = renderTweetHeader(document, makeTweet(ID, { author: { handle: 'x', name: HOSTILE } }))!;
    expect(header.textContent).toBe(`${HOSTILE} (@x)`);
    expectInert(header);
  });
});

describe('tweet view: body (what it says)', () => {
  it('shows the text verbatim, line breaks and markup-looking text included', () => {
    const text = `Line one <b>not bold</b>\nline two &amp; ${HOSTILE}`;
    const body = renderTweetBody(document, makeTweet(ID, { text }));
    expect(body.textContent).toBe(text);
    expect(body.querySelector('b')).toBeNull();
    expectInert(body);
  });

  it('says when the archive has the tweet without its text', () => {
    expect(renderTweetBody(document, makeTweet(ID, { text: null })).textContent).toBe(
      'The archive has this tweet without its text.',
    );
  });
});

describe('tweet view: media (photos and videos, in words)', () => {
  it('names each medium with the description its author wrote, in order', () => {
    const tweet = makeTweet(ID, {
      media: [
        medium('photo', 'A crowd outside the court'),
        medium('video', null),
        medium('animated_gif', '  '),
        medium('unknown', 'A chart'),
      ],
    });
    const list = renderTweetMedia(document, tweet)!;
    expect(list.getAttribute('aria-label')).toBe('Media attached to the post (not loaded)');
    expect([...list.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Photo: A crowd outside the court',
      'Video (the archive has no description of it)',
      'GIF (the archive has no description of it)',
      'Attachment: A chart',
    ]);
  });

  it('loads nothing: no image, no link to the picture on X, a hostile description stays text', () => {
    const list = renderTweetMedia(document, makeTweet(ID, { media: [medium('photo', HOSTILE)] }))!;
    expect(list.textContent).toBe(`Photo: ${HOSTILE}`);
    expect(list.querySelector('a')).toBeNull();
    expect(list.outerHTML).not.toContain('pbs.twimg.com');
    expectInert(list);
  });

  it('shows nothing when the tweet had no media', () => {
    expect(renderTweetMedia(document, makeTweet(ID, { media: [] }))).toBeNull();
  });
});

describe('tweet view: info (when, and the link to it)', () => {
  it('shows the date in the browser language with the machine-readable date, then the permalink', () => {
    const tweet = makeTweet(ID, { createdAt: '2022-03-09', url: `https://x.com/WSWS_Updates/status/${ID}` });
    const info = renderTweetInfo(document, tweet);
    const time = info.querySelector('time')!;
    expect(time.textContent).toBe('March 9, 2022');
    expect(time.getAttribute('datetime')).toBe('2022-03-09');
    expect(info.textContent).toBe('March 9, 2022 · Open the original post');
    const link = info.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(`https://x.com/WSWS_Updates/status/${ID}`);
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
  });

  it('shows the time with a full timestamp, and no date at all when the archive has none', () => {
    const dated = renderTweetInfo(document, makeTweet(ID, { createdAt: '2022-03-09T12:00:00.000Z' }));
    expect(dated.querySelector('time')?.textContent).toMatch(/^March 9, 2022(,| at) \d{1,2}:\d{2}\s?[AP]M$/);
    const undated = renderTweetInfo(document, makeTweet(ID, { createdAt: null }));
    expect(undated.querySelector('time')).toBeNull();
    expect(undated.textContent).toBe('Open the original post');
  });

  it('writes a permalink as its https: x.com form, whatever form the archive holds', () => {
    const info = renderTweetInfo(document, makeTweet(ID, { url: `http://mobile.twitter.com/a/status/${ID}?s=20` }));
    expect(info.querySelector('a')?.getAttribute('href')).toBe(`https://x.com/a/status/${ID}`);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['another site', `https://evil.example/a/status/${ID}`],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
  ])('links only to an https: tweet permalink: %s stays text', (_, url) => {
    const info = renderTweetInfo(document, makeTweet(ID, { url }));
    expect(info.querySelector('a')).toBeNull();
    expect(info.textContent).toContain('Open the original post');
    expect(info.outerHTML).not.toContain(url.slice(0, 12));
  });
});

describe('tweet view: the whole block', () => {
  const tweet: ArchivedTweet = makeTweet(ID, {
    url: `https://twitter.com/WSWS_Updates/status/${ID}`,
    author: { handle: 'WSWS_Updates', name: 'World Socialist Web Site' },
    text: `Статья ${HOSTILE}`,
    lang: 'ru',
    createdAt: '2022-03-09',
    media: [medium('photo', 'A crowd')],
  });

  it('reads header, text, media, then date and link, in the tweet language', () => {
    const box = renderTweet(document, tweet);
    expect(box.tagName).toBe('BLOCKQUOTE');
    expect(box.lang).toBe('ru');
    expect(box.dir).toBe('auto');
    expect([...box.children].map((child) => child.textContent)).toEqual([
      'World Socialist Web Site (@WSWS_Updates)',
      `Статья ${HOSTILE}`,
      'Photo: A crowd',
      'March 9, 2022 · Open the original post',
    ]);
    expect([...box.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      `https://x.com/WSWS_Updates/status/${ID}`,
    ]);
    expectInert(box);
  });

  it('is what the card shows for a tweet', () => {
    const container = document.createElement('div');
    renderCard(container, {
      match: { by: 'tweet', tweet, article: null, passage: null },
      tweetUrl: null,
      loadArticle: async () => null,
    });
    expect(container.querySelector('.card blockquote.tweet')?.isEqualNode(renderTweet(document, tweet))).toBe(true);
    expect(container.querySelector('.card .media')?.textContent).toBe('Photo: A crowd');
  });

  it('is what the reader shows where an article embedded the tweet', () => {
    const article = makeArticle(1, {
      paragraphs: ['First.', 'Second.'],
      embeds: [{ position: 1, tweetId: ID, fallbackText: [], kind: 'blockquote' }],
    });
    const root = document.createElement('div');
    root.append(renderArticleBody(document, article, new Map([[ID, tweet]])));
    const figure = root.querySelector('figure.embed[data-embed-position="1"]')!;
    expect(figure.firstElementChild?.isEqualNode(renderTweet(document, tweet))).toBe(true);
  });

  it("is styled in the card's shadow root: the tweet's own style first, then the card's, which frames it", () => {
    const host = document.createElement('div');
    const { style } = buildCardRoot(host.attachShadow({ mode: 'closed' }), cardRenderers().css);
    const css = style.textContent ?? '';
    const media = css.indexOf('.tweet .media');
    const card = css.search(/\.card\[data-theme=['"]dark['"]\]/);
    expect(media).toBeGreaterThan(-1);
    expect(card).toBeGreaterThan(media);
  });
});
