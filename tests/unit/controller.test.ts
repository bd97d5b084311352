/**
 * The content controller on the demo page, in happy-dom, with the real card
 * mounter (closed shadow roots, the embed hidden in place), a real in-memory archive built from the
 * seed, a manual clock and in-memory settings.
 *
 * @vitest-environment-options {"url": "https://www.wsws.org/en/articles/2022/03/10/russ-m10.html"}
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchivedArticle } from '../../src/archive/schema';
import { GRACE_PERIOD_MS } from '../../src/content/controller';
import { SEED_PARAGRAPHS, SEED_TITLE, seedRecords } from './helpers/archive';
import {
  DEMO_PAGE,
  fakeReadyState,
  loadPage,
  OFF,
  ON,
  isHiddenByUs,
  repairedHosts,
  rootOf,
  setReadyState,
  shownText,
  startController as start,
  stopController,
} from './helpers/controller-harness';

const WSWS_SHELL = readFileSync('tests/fixtures/embeds/wsws-article-shell.real.html', 'utf8');
const TWEET_ID = '1501707808009506816';
const P = (n: number) => SEED_PARAGRAPHS[n - 1] as string;

fakeReadyState();
afterEach(stopController);

const cardOf = (host: HTMLElement) => rootOf(host).querySelector('.card') as HTMLElement;
const paragraphsOnPage = () => [...document.querySelectorAll('.content > p')];

describe('content controller on the demo page', () => {
  it('waits for load plus the grace period, then hides the fallback block in place and puts one card beside it', async () => {
    const h = await start({ loaded: false });
    const original = document.querySelector('.tweet-embed') as HTMLElement;
    expect(original).not.toBeNull();

    // Not loaded yet: however long it takes, nothing is replaced.
    await h.advance(60_000);
    expect(repairedHosts()).toEqual([]);
    expect(h.lookups).toEqual([]);
    expect(h.controller.getReport().embeds.map((e) => e.status)).toEqual(['pending']);

    setReadyState('complete');
    window.dispatchEvent(new Event('load'));
    await h.settle();
    await h.advance(GRACE_PERIOD_MS - 1);
    expect(repairedHosts()).toEqual([]);
    expect(original.isConnected).toBe(true);

    await h.advance(1);
    const hosts = repairedHosts();
    expect(hosts).toHaveLength(1);
    const host = hosts[0] as HTMLElement;
    // The page's block stays where it was, the same node, hidden; the card stands right before it,
    // between the third and the fourth paragraph.
    expect(original.isConnected).toBe(true);
    expect(isHiddenByUs(original)).toBe(true);
    expect(host.previousElementSibling?.textContent).toBe(P(3));
    expect(host.nextElementSibling).toBe(original);
    expect(original.nextElementSibling?.textContent).toBe(P(4));
    // Closed to the page, and nothing of ours on the host: a bare div.
    expect(host.shadowRoot).toBeNull();
    expect(rootOf(host).mode).toBe('closed');
    expect(host.localName).toBe('div');
    expect(host.attributes).toHaveLength(0);
    expect(host.childNodes).toHaveLength(0);

    const text = cardOf(host).textContent ?? '';
    expect(text).toContain('Archived copy');
    expect(text).toContain(SEED_TITLE);
    expect(text).toContain(P(3));
    expect(text).toContain(P(4));
    expect(text).toContain('From World Socialist Web Site');
    expect(text).toContain('The embedded tweet stood here.');
    expect(cardOf(host).getAttribute('aria-label')).toBe(`Archived copy of a broken tweet embed: ${SEED_TITLE}`);
    expect(cardOf(host).lang).toBe('en');
    const link = cardOf(host).querySelector('.links a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(`https://x.com/WSWS_Updates/status/${TWEET_ID}`);
    expect(link.rel).toBe('noopener noreferrer');

    // The fallback texts no longer show (they are still in the page's DOM, hidden).
    expect(shownText()).not.toContain('Loading Tweet');
    expect(shownText()).not.toContain('Tweet not loading');
    expect(shownText()).toContain(P(4));
    expect(document.querySelector('.tweet-embed')).toBe(original);

    // Only keys went to the background, never page text.
    expect(h.lookups).toHaveLength(1);
    expect(JSON.stringify(h.lookups)).not.toContain('Kremlin');
    expect(h.lookups[0]?.embeds[0]?.tweetId).toBe(TWEET_ID);
  });

  it('reports one repaired embed with its tweet id, and tells the background', async () => {
    const h = await start();
    await h.advance(GRACE_PERIOD_MS);
    const article = seedRecords().articles[0] as ArchivedArticle;
    const report = h.controller.getReport();
    expect(report.url).toBe('https://www.wsws.org/en/articles/2022/03/10/russ-m10.html');
    expect(report.hostname).toBe('www.wsws.org');
    expect(report.enabled).toBe(true);
    expect(report.embeds).toEqual([
      {
        key: 1,
        kind: 'site-fallback',
        status: 'repaired',
        reason: 'fallback-shown',
        tweetId: TWEET_ID,
        tweetUrl: `https://x.com/WSWS_Updates/status/${TWEET_ID}`,
        match: { by: 'text', articleId: article.id, articleTitle: SEED_TITLE },
        // The archive has the article, not the tweet: no author or date is invented.
        tweet: null,
      },
    ]);
    expect(h.reports.at(-1)).toEqual({ repaired: 1, broken: 0, found: 1, enabled: true });
  });

  it('the card opens the full archived text on demand, as text', async () => {
    const h = await start();
    await h.advance(GRACE_PERIOD_MS);
    const card = cardOf(repairedHosts()[0] as HTMLElement);
    const button = card.querySelector('button.toggle') as HTMLButtonElement;
    expect(button.textContent).toBe('Read the full archived text (16 paragraphs)');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.click();
    await h.settle();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const full = card.querySelector('.full-text') as HTMLElement;
    expect(full.hidden).toBe(false);
    expect([...full.querySelectorAll('.paragraph')].map((p) => p.textContent)).toEqual(SEED_PARAGRAPHS);
    const marker = full.querySelector('.embed-marker') as HTMLElement;
    expect(marker.textContent).toBe('An embedded tweet stood here.');
    expect(marker.previousElementSibling?.textContent).toBe(P(3));
    button.click();
    expect(full.hidden).toBe(true);
    expect(button.textContent).toBe('Read the full archived text (16 paragraphs)');
  });

  it('switching the site off gives back the same nodes and the same markup; on again repairs at once', async () => {
    const h = await start();
    const originalNode = document.querySelector('.tweet-embed');
    const originalChildren = [...(originalNode?.childNodes ?? [])];
    const originalHtml = document.body.innerHTML;
    await h.advance(GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(1);
    expect(document.body.innerHTML).not.toBe(originalHtml);

    h.settings.set(OFF);
    await h.settle();
    expect(repairedHosts()).toEqual([]);
    expect(document.querySelector('.tweet-embed')).toBe(originalNode);
    expect([...(originalNode?.childNodes ?? [])]).toEqual(originalChildren);
    expect(document.body.innerHTML).toBe(originalHtml);
    expect(h.controller.getReport().enabled).toBe(false);
    expect(h.controller.getReport().embeds.map((e) => e.status)).toEqual(['broken']);
    expect(h.reports.at(-1)).toEqual({ repaired: 0, broken: 1, found: 1, enabled: false });

    // Time passing while off changes nothing.
    await h.advance(10 * GRACE_PERIOD_MS);
    expect(document.body.innerHTML).toBe(originalHtml);

    // On again: no new grace period, and no second lookup (the match is known).
    h.settings.set(ON);
    await h.settle();
    expect(repairedHosts()).toHaveLength(1);
    expect(document.querySelector('.tweet-embed')).toBe(originalNode);
    expect(isHiddenByUs(originalNode as Element)).toBe(true);
    expect(h.controller.getReport().embeds.map((e) => e.status)).toEqual(['repaired']);
    expect(h.lookups).toHaveLength(1);

    // And off again still gives the same node back.
    h.settings.set(OFF);
    await h.settle();
    expect(document.querySelector('.tweet-embed')).toBe(originalNode);
    expect(document.body.innerHTML).toBe(originalHtml);
  });

  it("a page rule for this page switches it off too; another site's rule does not", async () => {
    const h = await start();
    await h.advance(GRACE_PERIOD_MS);
    h.settings.set({ mode: 'everywhere-except', rules: ['example.com off'] });
    await h.settle();
    expect(repairedHosts()).toHaveLength(1);
    h.settings.set({
      mode: 'everywhere-except',
      rules: ['https://www.wsws.org/en/articles/2022/03/10/russ-m10.html off'],
    });
    await h.settle();
    expect(repairedHosts()).toHaveLength(0);
  });

  it('does nothing on a site that is switched off from the start', async () => {
    const h = await start({ settings: OFF });
    const html = document.body.innerHTML;
    await h.advance(5 * GRACE_PERIOD_MS);
    expect(document.body.innerHTML).toBe(html);
    expect(h.lookups).toEqual([]);
    expect(h.controller.getReport().enabled).toBe(false);
    // The popup still lists what is on the page.
    expect(h.controller.getReport().embeds.map((e) => [e.kind, e.tweetId])).toEqual([['site-fallback', TWEET_ID]]);
  });

  it('in only-listed mode, repairs only when the site is listed', async () => {
    const h = await start({ settings: { mode: 'only-listed', rules: [] } });
    await h.advance(GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(0);
    h.settings.set({ mode: 'only-listed', rules: ['wsws.org on'] });
    await h.settle();
    await h.advance(GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(1);
  });

  it('repairs a fallback block inserted after load once its own grace period has passed', async () => {
    const h = await start();
    await h.advance(GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(1);

    // The site renders a second placeholder client-side, after the tenth paragraph.
    const block = document.createElement('div');
    const loading = document.createElement('div');
    loading.textContent = 'Loading Tweet ...';
    const link = document.createElement('a');
    link.href = 'https://x.com/WSWS_Updates/status/1501707808009506999?ref_src=twsrc%5Etfw';
    link.textContent = 'Tweet not loading? See it directly on Twitter';
    block.append(loading, link);
    (paragraphsOnPage()[9] as Element).after(block);
    await h.settle();
    await h.advance(0);
    expect(h.controller.getReport().embeds.map((e) => e.status)).toEqual(['repaired', 'pending']);

    await h.advance(GRACE_PERIOD_MS - 1);
    expect(block.isConnected).toBe(true);
    expect(repairedHosts()).toHaveLength(1);

    await h.advance(1);
    expect(block.isConnected).toBe(true);
    expect(isHiddenByUs(block)).toBe(true);
    const hosts = repairedHosts();
    expect(hosts).toHaveLength(2);
    const second = hosts[1] as HTMLElement;
    expect(second.previousElementSibling?.textContent).toBe(P(10));
    expect(second.nextElementSibling).toBe(block);
    const text = cardOf(second).textContent ?? '';
    expect(text).toContain(P(10));
    expect(text).toContain(P(11));
    expect(h.controller.getReport().embeds.map((e) => [e.status, e.tweetId])).toEqual([
      ['repaired', TWEET_ID],
      ['repaired', '1501707808009506999'],
    ]);
    expect(h.reports.at(-1)).toEqual({ repaired: 2, broken: 0, found: 2, enabled: true });
  });

  it('a placeholder that the site replaces within the grace period is left alone', async () => {
    const h = await start();
    const block = document.querySelector('.tweet-embed') as HTMLElement;
    await h.advance(GRACE_PERIOD_MS / 2);
    // The site's own script swaps the placeholder for a rendered tweet.
    const rendered = document.createElement('div');
    rendered.className = 'twitter-tweet twitter-tweet-rendered';
    // (the legacy twitter-widget element: happy-dom cannot load an iframe)
    const widget = document.createElement('twitter-widget');
    widget.setAttribute('data-tweet-id', TWEET_ID);
    rendered.append(widget);
    block.replaceWith(rendered);
    await h.settle();
    await h.advance(2 * GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(0);
    expect(h.lookups).toEqual([]);
    expect(h.controller.getReport().embeds.map((e) => [e.kind, e.status])).toEqual([['rendered-widget', 'rendered']]);
  });

  it('repairs a placeholder split over two sibling paragraphs (variant B) with one card, and shows both again', async () => {
    loadPage(DEMO_PAGE);
    const block = document.querySelector('.tweet-embed') as HTMLElement;
    const loading = document.createElement('p');
    loading.textContent = 'Loading Tweet ...';
    const prompt = document.createElement('p');
    const link = document.createElement('a');
    link.href = `https://x.com/WSWS_Updates/status/${TWEET_ID}?ref_src=twsrc%5Etfw`;
    link.textContent = 'See it directly on Twitter';
    prompt.append('Tweet not loading? ', link);
    block.replaceWith(loading, prompt);
    const variantB = document.documentElement.outerHTML;

    const h = await start({ html: variantB });
    const [first, second] = [...document.querySelectorAll('.content > p')].slice(3, 5);
    expect(first?.textContent).toBe('Loading Tweet ...');
    const originalHtml = document.body.innerHTML;
    await h.advance(GRACE_PERIOD_MS);

    const hosts = repairedHosts();
    expect(hosts).toHaveLength(1);
    expect([first?.isConnected, second?.isConnected]).toEqual([true, true]);
    expect([isHiddenByUs(first as Element), isHiddenByUs(second as Element)]).toEqual([true, true]);
    expect(hosts[0]?.previousElementSibling?.textContent).toBe(P(3));
    expect(hosts[0]?.nextElementSibling).toBe(first);
    expect(second?.nextElementSibling?.textContent).toBe(P(4));
    expect(shownText()).not.toContain('Loading Tweet');
    expect(h.controller.getReport().embeds).toEqual([
      expect.objectContaining({ kind: 'site-fallback', status: 'repaired', tweetId: TWEET_ID }),
    ]);

    h.settings.set(OFF);
    await h.settle();
    const [firstBack, secondBack] = [...document.querySelectorAll('.content > p')].slice(3, 5);
    expect(firstBack).toBe(first);
    expect(secondBack).toBe(second);
    expect(document.body.innerHTML).toBe(originalHtml);
  });

  it('stop() gives every repaired embed back', async () => {
    const h = await start();
    const originalNode = document.querySelector('.tweet-embed');
    const originalHtml = document.body.innerHTML;
    await h.advance(GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(1);
    h.controller.stop();
    expect(document.querySelector('.tweet-embed')).toBe(originalNode);
    expect(document.body.innerHTML).toBe(originalHtml);
  });

  it('leaves a broken embed the archive does not know as it is, and reports it broken', async () => {
    const h = await start({ records: { articles: [], tweets: [] } });
    const html = document.body.innerHTML;
    await h.advance(GRACE_PERIOD_MS);
    expect(h.lookups).toHaveLength(1);
    expect(document.body.innerHTML).toBe(html);
    expect(h.controller.getReport().embeds).toEqual([
      expect.objectContaining({ status: 'broken', tweetId: TWEET_ID, match: null }),
    ]);
    expect(h.reports.at(-1)).toEqual({ repaired: 0, broken: 1, found: 1, enabled: true });
  });
});

describe('content controller: what is not an embed', () => {
  it('share intent links, profile links and twitter:site meta give no report rows and no change', async () => {
    const h = await start({ html: WSWS_SHELL });
    expect(document.querySelector('meta[name="twitter:site"]')).not.toBeNull();
    expect(document.querySelector('a[title="Share via Twitter"]')).not.toBeNull();
    expect(document.querySelector('footer a[href="https://twitter.com/WSWS_Updates"]')).not.toBeNull();
    const html = document.body.innerHTML;
    await h.advance(3 * GRACE_PERIOD_MS);
    expect(h.controller.getReport().embeds).toEqual([]);
    expect(h.lookups).toEqual([]);
    expect(document.body.innerHTML).toBe(html);
    expect(h.reports.at(-1) ?? { repaired: 0, broken: 0, found: 0, enabled: true }).toEqual({
      repaired: 0,
      broken: 0,
      found: 0,
      enabled: true,
    });
  });

  it("the demo page's share and profile links are not reported either", async () => {
    const h = await start();
    await h.advance(GRACE_PERIOD_MS);
    expect(h.controller.getReport().embeds).toHaveLength(1);
    expect(document.querySelector('a[title="Share via Twitter"]')?.isConnected).toBe(true);
    expect(document.querySelector('footer a')?.isConnected).toBe(true);
  });
});

describe('content controller: archive text goes in as text', () => {
  it('markup in an archived paragraph or title is shown, never parsed', async () => {
    const records = seedRecords();
    const article = records.articles[0] as ArchivedArticle;
    const evil = '<img src=x onerror=alert(1)>';
    article.paragraphs[3] = `${evil} ${article.paragraphs[3]}`;
    article.title = `${article.title} <script>alert(2)</script>`;
    const h = await start({ records });
    await h.advance(GRACE_PERIOD_MS);
    const host = repairedHosts()[0] as HTMLElement;
    expect(host).toBeDefined();
    const shadow = rootOf(host);
    expect(cardOf(host).textContent).toContain(`${evil} ${P(4)}`);
    expect(cardOf(host).textContent).toContain('<script>alert(2)</script>');
    expect(shadow.querySelector('img')).toBeNull();
    expect(shadow.querySelector('script')).toBeNull();
    expect(document.querySelector('img')).toBeNull();

    (cardOf(host).querySelector('button.toggle') as HTMLButtonElement).click();
    await h.settle();
    expect(cardOf(host).querySelectorAll('.full-text .paragraph')).toHaveLength(16);
    expect(shadow.querySelector('img')).toBeNull();
  });
});
