import { describe, expect, it, vi } from 'vitest';
import { summarizeArticle } from '../../src/archive/lookup';
import type { EmbedMatch } from '../../src/messages/lookup';
import type { ArchivedArticle } from '../../src/archive/schema';
import { renderCard } from '../../src/repair/card';
import { readEmbedOptions } from '../../src/embeds/embed-options';
import { safeArticleUrl, safeTweetUrl } from '../../src/ui/safe-url';
import { describeProvenance, renderArticleBody } from '../../src/reader/render-article';
import { makeArticle, makeTweet, SEED_TITLE, seedRecords } from './helpers/archive';

const seed = () => seedRecords().articles[0] as ArchivedArticle;

type LoadArticle = (id: string) => Promise<ArchivedArticle | null>;

function render(match: EmbedMatch, tweetUrl: string | null = null, loadArticle: LoadArticle = async () => seed()) {
  const container = document.createElement('div');
  renderCard(container, { match, tweetUrl, loadArticle });
  return { container, card: container.querySelector('.card') as HTMLElement };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('renderCard', () => {
  it('shows an archived tweet with its author, text and date, and links to it', () => {
    const tweet = makeTweet('1501707808009506816', {
      url: 'https://x.com/WSWS_Updates/status/1501707808009506816',
      author: { handle: 'WSWS_Updates', name: 'World Socialist Web Site' },
      text: 'Line one <b>not bold</b>\nline two',
      createdAt: '2022-03-09T12:00:00Z',
      lang: 'en',
    });
    const { card } = render({ by: 'tweet', tweet, article: null, passage: null });
    const box = card.querySelector('blockquote.tweet') as HTMLElement;
    expect(box.querySelector('.author')?.textContent).toBe('World Socialist Web Site (@WSWS_Updates)');
    expect(box.querySelector('.text')?.textContent).toBe('Line one <b>not bold</b>\nline two');
    expect(box.querySelector('b')).toBeNull();
    expect(box.querySelector('time')?.getAttribute('datetime')).toBe('2022-03-09T12:00:00Z');
    expect(box.lang).toBe('en');
    expect(card.getAttribute('aria-label')).toBe('Archived copy of a broken tweet embed: World Socialist Web Site');
    const link = card.querySelector('blockquote.tweet .date a') as HTMLAnchorElement;
    expect(link.textContent).toBe('Open the original post');
    expect(link.getAttribute('href')).toBe('https://x.com/WSWS_Updates/status/1501707808009506816');
    expect(link.target).toBe('_blank');
    // The permalink sits with the tweet, not twice.
    expect(card.querySelectorAll('a')).toHaveLength(1);
    // no article: no "gap" note and no full-text button
    expect(card.querySelector('.gap')).toBeNull();
    expect(card.querySelector('button')).toBeNull();
  });

  it('shows the article passage with a note where the tweet stood, and its provenance', () => {
    const article = seed();
    const { card } = render(
      {
        by: 'text',
        tweet: null,
        article: summarizeArticle(article),
        passage: { position: 3, before: [article.paragraphs[2]!], after: [article.paragraphs[3]!], embed: null },
      },
      'https://twitter.com/WSWS_Updates/status/1501707808009506816?ref_src=twsrc%5Etfw',
    );
    expect(card.querySelector('.badge')?.textContent).toBe('Archived copy');
    expect(card.querySelector('.title')?.textContent).toBe(SEED_TITLE);
    expect(card.querySelector('.provenance')?.textContent).toBe(
      'From World Socialist Web Site · text as a reader saw it on the page',
    );
    const passage = [...card.querySelectorAll('.passage > p')].map((p) => [p.className, p.textContent]);
    expect(passage).toEqual([
      ['paragraph', article.paragraphs[2]],
      ['gap', 'The embedded tweet stood here. The archive keeps the article around it, not the tweet itself.'],
      ['paragraph', article.paragraphs[3]],
    ]);
    // the page's link, canonicalised
    expect(card.querySelector('.links a')?.getAttribute('href')).toBe(
      'https://x.com/WSWS_Updates/status/1501707808009506816',
    );
    expect(card.querySelector('.footer')?.textContent).toBe('Shown by Tweet Mender from its offline archive.');
  });

  it('never links to anything but an https tweet permalink or an https article page', () => {
    const article = makeArticle(1, { urls: ['http://example.com/plain-http'] });
    const { card } = render(
      {
        by: 'tweet',
        tweet: makeTweet('123456', { url: 'javascript:alert(1)' }),
        article: summarizeArticle(article),
        passage: null,
      },
      'javascript:alert(2)',
    );
    expect(card.querySelectorAll('a')).toHaveLength(0);
    expect(safeArticleUrl('https://user:pw@example.com/a')).toBeNull();
    expect(safeArticleUrl('https://example.com/a')).toBe('https://example.com/a');
    expect(safeTweetUrl('https://evil.example/a/status/1')).toBeNull();
  });

  it('loads the full text on demand, says so when it fails, and tries again', async () => {
    const article = seed();
    const loadArticle = vi
      .fn<LoadArticle>()
      .mockRejectedValueOnce(new Error('background restarting'))
      .mockResolvedValueOnce(article);
    const { card } = render(
      { by: 'text', tweet: null, article: summarizeArticle(article), passage: null },
      null,
      loadArticle,
    );
    const button = card.querySelector('button.toggle') as HTMLButtonElement;
    const full = card.querySelector('.full-text') as HTMLElement;
    expect(button.getAttribute('aria-controls')).toBe(full.id);
    expect(full.hidden).toBe(true);

    button.click();
    expect(full.textContent).toBe('Loading the archived text…');
    await flush();
    expect(full.textContent).toBe('The archived text could not be loaded.');
    expect(loadArticle).toHaveBeenCalledWith(article.id);

    button.click(); // close
    expect(full.hidden).toBe(true);
    button.click(); // open again: tries again
    await flush();
    expect(loadArticle).toHaveBeenCalledTimes(2);
    expect(full.querySelectorAll('.paragraph')).toHaveLength(16);

    button.click();
    button.click(); // loaded once: no third load
    await flush();
    expect(loadArticle).toHaveBeenCalledTimes(2);
  });
});

describe('renderArticleBody and describeProvenance', () => {
  it('marks where each embed stood, with a link when the tweet is known', () => {
    const article = makeArticle(1, {
      embeds: [
        { position: 0, tweetId: '1501707808009506816', fallbackText: [] },
        { position: 3, tweetId: null, fallbackText: ['Loading Tweet ...'] },
      ],
    });
    const root = document.createElement('div');
    root.append(renderArticleBody(document, article));
    expect([...root.children].map((el) => el.className)).toEqual([
      'embed-marker',
      'paragraph',
      'paragraph',
      'paragraph',
      'embed-marker',
    ]);
    const first = root.children[0] as HTMLElement;
    expect(first.querySelector('a')?.getAttribute('href')).toBe('https://x.com/i/web/status/1501707808009506816');
    expect(first.textContent).toBe('Embedded tweet 1501707808009506816');
    expect(root.children[4]?.textContent).toBe('An embedded tweet stood here.');
  });

  it('names the site, or the host when the site name is unknown, and the capture date', () => {
    const format = (iso: string) => `<${iso}>`;
    expect(
      describeProvenance(
        { siteName: null, url: 'https://www.example.com/a', sourceNote: null, capturedAt: '2022-03-09' },
        format,
      ),
    ).toBe('From www.example.com · captured <2022-03-09>');
    expect(describeProvenance({ siteName: null, url: null, sourceNote: 'note', capturedAt: null }, format)).toBe(
      'From ? · note',
    );
  });
});

describe('the card wears the page theme, not the system one', () => {
  it.each([
    ['a white page', 'rgb(255, 255, 255)', 'light'],
    ['a dark page', 'rgb(20, 22, 25)', 'dark'],
    ['a page whose dark background is set on an ancestor', 'rgba(10, 10, 10, 0.9)', 'dark'],
  ])('on %s', (_what, background, theme) => {
    document.body.innerHTML = '<div id="wrap"><div id="slot"></div></div>';
    (document.getElementById('wrap') as HTMLElement).style.backgroundColor = background;
    const host = document.createElement('div');
    document.getElementById('slot')!.append(host);
    const container = host.attachShadow({ mode: 'closed' }).appendChild(document.createElement('div'));
    renderCard(container, {
      match: { by: 'text', tweet: null, article: null, passage: null },
      tweetUrl: null,
      loadArticle: async () => null,
    });
    expect(container.querySelector('.card')?.getAttribute('data-theme')).toBe(theme);
  });
});

describe("the card keeps what the embed's author asked for", () => {
  it('reads data-theme, data-width and data-align (or tw-align-center) from the blockquote', () => {
    document.body.innerHTML = `<figure><blockquote class="twitter-tweet tw-align-center" data-theme="dark" data-width="400"><a href="https://twitter.com/a/status/123456">x</a></blockquote></figure>`;
    expect(readEmbedOptions([document.querySelector('figure')!])).toEqual({
      theme: 'dark',
      width: 400,
      align: 'center',
    });
    document.body.innerHTML = `<blockquote class="twitter-tweet" data-theme="neon" data-width="9999" data-align="middle"></blockquote>`;
    expect(readEmbedOptions([document.querySelector('blockquote')!])).toEqual({
      theme: null,
      width: null,
      align: null,
    });
    document.body.innerHTML = `<div><p>Loading Tweet ...</p></div>`;
    expect(readEmbedOptions([document.querySelector('div')!])).toEqual({ theme: null, width: null, align: null });
  });

  it('wears the dark theme asked for on a light page, at the width and alignment asked for', () => {
    document.body.innerHTML = '<div id="slot"></div>';
    const host = document.createElement('div');
    document.getElementById('slot')!.append(host);
    const container = host.attachShadow({ mode: 'closed' }).appendChild(document.createElement('div'));
    renderCard(container, {
      match: { by: 'text', tweet: null, article: null, passage: null },
      tweetUrl: null,
      options: { theme: 'dark', width: 400, align: 'center' },
      loadArticle: async () => null,
    });
    const card = container.querySelector('.card') as HTMLElement;
    expect(card.getAttribute('data-theme')).toBe('dark');
    expect(card.style.maxWidth).toBe('400px');
    // On the card, inside the closed root: the page-visible host carries nothing of ours.
    expect(card.getAttribute('data-align')).toBe('center');
    expect(host.attributes).toHaveLength(0);
  });
});
