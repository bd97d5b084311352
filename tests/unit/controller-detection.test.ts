/**
 * The content controller on pages that change (docs/detection.md): live
 * embeds that show up after a repair, single-page navigation, frames, pages
 * that move, remove, re-render or take back their embeds (the card follows,
 * docs/security.md "Framework safety"), pages that never stop mutating, and the
 * statuses the report shows over time. In happy-dom, with the real card
 * mounter, a real in-memory archive built from the seed, a manual clock and
 * in-memory settings.
 *
 * @vitest-environment-options {"url": "https://www.wsws.org/en/articles/2022/03/10/russ-m10.html"}
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  COALESCE_MS,
  GRACE_PERIOD_MS,
  MAX_ROOTS_PER_BATCH,
  MAX_TAKE_BACKS,
  MIN_BATCH_INTERVAL_MS,
} from '../../src/content/controller';
import { DETECTORS } from '../../src/embeds/registry';
import type { Detector } from '../../src/embeds/types';
import { SEED_PARAGRAPHS } from './helpers/archive';
import {
  DEMO_PAGE,
  isHiddenByUs,
  loadPage,
  OFF,
  ON,
  repairedHosts,
  rootOf,
  startController as start,
  stopController,
} from './helpers/controller-harness';

const TWEET_ID = '1501707808009506816';
const P = (n: number) => SEED_PARAGRAPHS[n - 1] as string;

afterEach(stopController);

/** The demo page with its fallback block replaced by `html` (the same place in the seed article). */
function demoWith(html: string): string {
  const doc = new DOMParser().parseFromString(DEMO_PAGE, 'text/html');
  const block = doc.querySelector('.tweet-embed') as Element;
  const holder = doc.createElement('div');
  holder.innerHTML = html;
  block.replaceWith(...holder.childNodes);
  return doc.documentElement.outerHTML;
}

function renderedWidget(id: string): HTMLElement {
  const rendered = document.createElement('div');
  rendered.className = 'twitter-tweet twitter-tweet-rendered';
  // The legacy twitter-widget element: happy-dom cannot load a cross-origin tweet iframe.
  const widget = document.createElement('twitter-widget');
  widget.setAttribute('data-tweet-id', id);
  rendered.append(widget);
  return rendered;
}

describe('live one wins', () => {
  it('a live embed of the repaired tweet appears: the card goes, the page is as it was, the report shows it rendered', async () => {
    const h = await start();
    const block = document.querySelector('.tweet-embed') as HTMLElement;
    const before = document.body.innerHTML;
    await h.advance(GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(1);
    expect(h.report()).toEqual([['site-fallback', TWEET_ID, 'repaired']]);

    // The site's own loader renders the tweet after all, at the end of the article.
    const live = renderedWidget(TWEET_ID);
    document.querySelector('.content')?.append(live);
    await h.changed();

    expect(repairedHosts()).toEqual([]);
    expect(block.isConnected).toBe(true);
    live.remove();
    expect(document.body.innerHTML).toBe(before);
    document.querySelector('.content')?.append(live);
    await h.changed();
    // Only the live one is listed: its stand-in is the same embed.
    expect(h.report()).toEqual([['rendered-widget', TWEET_ID, 'rendered']]);
    // And the restored block is not repaired again, however long the page stays.
    await h.advance(5 * GRACE_PERIOD_MS);
    expect(repairedHosts()).toEqual([]);
  });

  it('widgets.js renders a blockquote within the grace period: nothing is replaced, the report shows it rendered', async () => {
    const h = await start({
      html: demoWith(
        `<blockquote class="twitter-tweet"><p>Text</p>&mdash; WSWS (@WSWS_Updates) <a href="https://twitter.com/WSWS_Updates/status/${TWEET_ID}">March 9, 2022</a></blockquote><script src="https://platform.twitter.com/widgets.js"></script>`,
      ),
    });
    expect(h.report()).toEqual([['widgets-blockquote', TWEET_ID, 'pending']]);
    const keyBefore = h.controller.getReport().embeds[0]?.key;
    await h.advance(GRACE_PERIOD_MS / 2);
    // widgets.js: the rendered frame goes in before the blockquote, then the blockquote goes.
    const blockquote = document.querySelector('blockquote') as HTMLElement;
    blockquote.before(renderedWidget(TWEET_ID));
    blockquote.setAttribute('data-twitter-extracted-i1501707808009506816', 'true');
    await h.changed();
    blockquote.remove();
    await h.changed();
    await h.advance(2 * GRACE_PERIOD_MS);
    expect(repairedHosts()).toEqual([]);
    expect(h.lookups).toEqual([]);
    expect(h.report()).toEqual([['rendered-widget', TWEET_ID, 'rendered']]);
    expect(h.controller.getReport().embeds[0]?.key).toBe(keyBefore);
  });
});

describe('statuses over time', () => {
  it('pending becomes broken after the grace period with the same report key; an error is broken at once', async () => {
    const h = await start({
      html: demoWith(
        `<blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/1111111111">x</a></blockquote><p>Gap paragraph in the middle of the page.</p><blockquote class="twitter-tweet twitter-tweet-error"><a href="https://twitter.com/a/status/2222222222">y</a></blockquote><script src="https://platform.twitter.com/widgets.js"></script>`,
      ),
      records: { articles: [], tweets: [] },
    });
    const keys = h.controller.getReport().embeds.map((e) => e.key);
    expect(h.report()).toEqual([
      ['widgets-blockquote', '1111111111', 'pending'],
      ['widgets-blockquote', '2222222222', 'broken'],
    ]);
    expect(h.lookups.flatMap((l) => l.embeds.map((e) => e.tweetId))).toEqual(['2222222222']);
    await h.advance(GRACE_PERIOD_MS);
    expect(h.report()).toEqual([
      ['widgets-blockquote', '1111111111', 'broken'],
      ['widgets-blockquote', '2222222222', 'broken'],
    ]);
    expect(h.controller.getReport().embeds.map((e) => e.key)).toEqual(keys);
    // Once broken, a blockquote that is still there does not go back to waiting.
    document.querySelector('blockquote')?.setAttribute('class', 'twitter-tweet tw-align-center');
    await h.changed();
    expect(h.report()[0]?.[2]).toBe('broken');
  });

  it("a site's tombstone is unavailable at once, and repaired from the archive when the archive has the article", async () => {
    const h = await start({
      html: demoWith(
        `<div class="embed"><p>This Post is unavailable.</p><a href="https://x.com/WSWS_Updates/status/${TWEET_ID}">View on X</a></div>`,
      ),
    });
    await h.settle();
    expect(repairedHosts()).toHaveLength(1);
    expect(repairedHosts()[0]?.previousElementSibling?.textContent).toBe(P(3));
    expect(h.controller.getReport().embeds).toEqual([
      expect.objectContaining({ kind: 'tombstone', status: 'repaired', tweetId: TWEET_ID }),
    ]);
  });

  it('a collapsed tweet frame is flagged broken but never replaced', async () => {
    const h = await start({
      html: demoWith(
        `<div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="${TWEET_ID}" style="visibility: hidden; height: 0px"></iframe></div>`,
      ),
    });
    expect(h.report()).toEqual([['rendered-widget', TWEET_ID, 'pending']]);
    await h.advance(3 * GRACE_PERIOD_MS);
    expect(h.report()).toEqual([['rendered-widget', TWEET_ID, 'broken']]);
    expect(h.controller.getReport().embeds[0]?.reason).toBe('collapsed');
    // Looked up, so that the popup can show the archived text, but the page is not touched.
    expect(h.controller.getReport().embeds[0]?.match).not.toBeNull();
    expect(repairedHosts()).toEqual([]);
  });
});

describe('single-page sites', () => {
  it('history navigation that swaps the article: new embeds are found, the old ones dropped', async () => {
    const h = await start({
      html: demoWith(
        `<blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/1111111111">x</a></blockquote>`,
      ),
      records: { articles: [], tweets: [] },
    });
    await h.advance(GRACE_PERIOD_MS);
    expect(h.report()).toEqual([['widgets-blockquote', '1111111111', 'broken']]);

    // The site's router: a new URL, a new article in place of the old one.
    history.pushState(null, '', '/en/articles/2022/03/11/next.html');
    const article = document.createElement('article');
    const p = document.createElement('p');
    p.textContent = 'The next article, with other embeds.';
    article.append(p, renderedWidget('3333333333'));
    const fallback = document.createElement('div');
    fallback.innerHTML =
      'Loading Tweet ... <a href="https://twitter.com/b/status/4444444444">Tweet not loading? View it on X</a>';
    article.append(fallback);
    document.querySelector('#article')?.replaceWith(article);
    // WXT's content-script context reports the location change; start.ts calls rescan().
    h.controller.rescan();
    await h.settle();
    const report = h.controller.getReport();
    expect(report.url).toContain('/2022/03/11/next.html');
    expect(h.report()).toEqual([
      ['rendered-widget', '3333333333', 'rendered'],
      ['site-fallback', '4444444444', 'pending'],
    ]);
  });

  it('a repaired embed whose article the site removes is forgotten, and its card cleaned up', async () => {
    const h = await start();
    await h.advance(GRACE_PERIOD_MS);
    const host = repairedHosts()[0] as HTMLElement;
    expect(host).toBeDefined();
    document.querySelector('#article')?.remove();
    await h.changed();
    expect(h.controller.getReport().embeds).toEqual([]);
    expect(host.isConnected).toBe(false);
  });
});

describe('a card follows its embed (the page owns the nodes)', () => {
  /** The one card and the block it stands for, checked in place: card right before the hidden block. */
  function expectOneCardBefore(block: Element) {
    const hosts = repairedHosts();
    expect(hosts).toHaveLength(1);
    expect(hosts[0]?.nextElementSibling).toBe(block);
    expect(isHiddenByUs(block)).toBe(true);
  }

  it('the page moves the embed: the card moves with it, the same card, the same hidden node', async () => {
    const h = await start();
    const block = document.querySelector('.tweet-embed') as HTMLElement;
    await h.advance(GRACE_PERIOD_MS);
    const [host] = repairedHosts();
    const paragraphs = document.querySelectorAll('.content > p');
    // A framework reordering its children: the block goes after the tenth paragraph.
    (paragraphs[9] as Element).after(block);
    await h.changed();
    expectOneCardBefore(block);
    expect(repairedHosts()[0]).toBe(host);
    expect(host?.previousElementSibling).toBe(paragraphs[9]);
    // And the page inserting a node of its own between card and block: the card goes back beside it.
    const note = document.createElement('aside');
    block.before(note);
    await h.changed();
    expectOneCardBefore(block);
    expect(note.nextElementSibling).toBe(repairedHosts()[0]);
    expect(h.report()).toEqual([['site-fallback', TWEET_ID, 'repaired']]);
  });

  it('the page removes the embed: the card goes with it; nothing is kept for it', async () => {
    const h = await start();
    const block = document.querySelector('.tweet-embed') as HTMLElement;
    await h.advance(GRACE_PERIOD_MS);
    const [host] = repairedHosts();
    block.remove();
    await h.changed();
    expect(repairedHosts()).toEqual([]);
    expect(host?.isConnected).toBe(false);
    expect(h.report()).toEqual([]);
    expect(h.controller.counts()).toEqual({ tracked: 0, cards: 0, pending: 0, remembered: 1 });
    // The node the page took away carries nothing of ours any more.
    expect(block.hasAttribute('style')).toBe(false);
  });

  it('the page re-renders the embed (a new node, the same tweet): one card again, at once, beside the new node', async () => {
    const h = await start();
    const block = document.querySelector('.tweet-embed') as HTMLElement;
    await h.advance(GRACE_PERIOD_MS);
    const fresh = block.cloneNode(true) as HTMLElement;
    fresh.removeAttribute('style');
    block.replaceWith(fresh);
    await h.changed();
    await h.advance(COALESCE_MS);
    // No second grace period for a tweet already repaired here, and never two cards.
    expectOneCardBefore(fresh);
    expect(block.hasAttribute('style')).toBe(false);
    expect(h.report()).toEqual([['site-fallback', TWEET_ID, 'repaired']]);
  });

  it('the page takes its embed back (removes our card, or shows the embed again): after a few rounds it keeps it', async () => {
    const h = await start();
    const block = document.querySelector('.tweet-embed') as HTMLElement;
    const originalHtml = document.body.innerHTML;
    const takeBacks = [
      () => repairedHosts()[0]?.remove(),
      () => (block as HTMLElement).style.removeProperty('display'),
      () => repairedHosts()[0]?.remove(),
      () => block.setAttribute('style', 'color: red'),
    ];
    let rounds = 0;
    for (; rounds < takeBacks.length; rounds++) {
      await h.advance(GRACE_PERIOD_MS);
      if (!repairedHosts().length) break;
      expectOneCardBefore(block);
      takeBacks[rounds]?.();
      await h.changed();
      expect(repairedHosts()).toEqual([]);
      expect(block.isConnected).toBe(true);
      expect(isHiddenByUs(block)).toBe(false);
    }
    expect(rounds).toBe(MAX_TAKE_BACKS);
    await h.advance(10 * GRACE_PERIOD_MS);
    expect(repairedHosts()).toEqual([]);
    expect(h.report()).toEqual([['site-fallback', TWEET_ID, 'broken']]);
    // The page has its block as it left it: our declaration taken back, nothing else touched.
    block.removeAttribute('style');
    expect(document.body.innerHTML).toBe(originalHtml);
  });

  it("switching off after the page changed the hidden node's style gives back the page's own style, not ours", async () => {
    const h = await start();
    const block = document.querySelector('.tweet-embed') as HTMLElement;
    block.setAttribute('style', 'display: flex; color: blue');
    await h.advance(GRACE_PERIOD_MS);
    expectOneCardBefore(block);
    block.style.setProperty('margin-top', '3px');
    await h.changed();
    expectOneCardBefore(block);
    h.settings.set(OFF);
    await h.settle();
    expect(repairedHosts()).toEqual([]);
    expect(block.style.getPropertyValue('display')).toBe('flex');
    expect(block.style.getPropertyPriority('display')).toBe('');
    expect(block.style.getPropertyValue('color')).toBe('blue');
    expect(block.style.getPropertyValue('margin-top')).toBe('3px');
  });
});

describe('bounded observation', () => {
  function countingDetectors() {
    const counts = { detect: 0 };
    const detectors = DETECTORS.map((d) => ({
      ...d,
      detect: (el: Element, ctx: Parameters<Detector['detect']>[1]) => {
        counts.detect++;
        return d.detect.call(d, el, ctx);
      },
    }));
    return { counts, detectors };
  }

  it("the extension's own changes never come back as page changes", async () => {
    const { counts, detectors } = countingDetectors();
    const h = await start({ detectors });
    await h.advance(GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(1);
    const afterRepair = counts.detect;
    const batches = h.batches();
    // Opening the card's full text and switching off and on again: all our own DOM work.
    const shadow = rootOf(repairedHosts()[0] as HTMLElement);
    (shadow.querySelector('button.toggle') as HTMLButtonElement).click();
    await h.advance(10 * GRACE_PERIOD_MS);
    h.settings.set(OFF);
    await h.settle();
    h.settings.set(ON);
    await h.settle();
    await h.advance(10 * GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(1);
    // Switching on again scans the page once (a full look, on purpose); nothing else ran.
    const scansOnSwitch = counts.detect - afterRepair;
    expect(scansOnSwitch).toBeLessThanOrEqual(2);
    expect(h.batches()).toBe(batches);
  });

  it(
    'a page that mutates all the time gets batches no closer than the minimum interval, each bounded',
    { timeout: 30_000 },
    async () => {
      const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
      const { counts, detectors } = countingDetectors();
      const h = await start({ detectors, records: { articles: [], tweets: [] } });
      const ticker = document.createElement('div');
      document.querySelector('.content')?.append(ticker);
      const batchesBefore = h.batches();
      const detectBefore = counts.detect;
      let mutations = 0;
      // Every 10 ms of page time the page rewrites its ticker 10 times: 10 000 mutations in 10 s, five
      // bursts for every batch interval.
      const duration = 10_000;
      for (let t = 0; t < duration; t += 10) {
        for (let i = 0; i < 10; i++, mutations++) ticker.textContent = `tick ${mutations}`;
        // Let the observer deliver, then move the clock on; no lookup is under way to wait for.
        await tick();
        await h.clock.advance(10, tick);
      }
      const batches = h.batches() - batchesBefore;
      expect(mutations).toBe(10_000);
      expect(batches).toBeGreaterThan(0);
      // One batch per interval at most (plus the two ends), however many mutations: 1 000 bursts, ~200 batches.
      expect(batches).toBeLessThanOrEqual(duration / MIN_BATCH_INTERVAL_MS + 2);
      // The ticker holds no embed: a batch looks at the ticker's parent, where one block sits (looked at
      // once more when its grace period ends).
      expect(counts.detect - detectBefore).toBeLessThanOrEqual(batches + 1);
    },
  );

  it('a flood of added elements is worked through in bounded batches', async () => {
    const h = await start({ records: { articles: [], tweets: [] } });
    const batchesBefore = h.batches();
    const host = document.querySelector('.content') as HTMLElement;
    const spans: HTMLElement[] = [];
    for (let i = 0; i < 3 * MAX_ROOTS_PER_BATCH; i++) {
      const wrapper = document.createElement('section');
      wrapper.append(document.createElement('span'));
      host.append(wrapper);
      spans.push(wrapper);
    }
    // The last one added holds an embed: it must still be found, in a later batch.
    spans.at(-1)?.replaceChildren(renderedWidget('5555555555'));
    await h.settle();
    await h.advance(10 * MIN_BATCH_INTERVAL_MS);
    expect(h.report()).toContainEqual(['rendered-widget', '5555555555', 'rendered']);
    // 1,500 changed elements, at most MAX_ROOTS_PER_BATCH a batch: three batches at least.
    expect(h.batches() - batchesBefore).toBeGreaterThanOrEqual(3);
  });

  it('switched off, the page is not watched at all', async () => {
    const { counts, detectors } = countingDetectors();
    const h = await start({ detectors, settings: OFF });
    const before = counts.detect;
    document.querySelector('.content')?.append(renderedWidget('6666666666'));
    await h.advance(5 * GRACE_PERIOD_MS);
    expect(counts.detect).toBe(before);
    // Asked for its report, it looks then, without touching the page; the grace period starts then.
    const html = document.body.innerHTML;
    expect(h.report()).toEqual([
      ['site-fallback', TWEET_ID, 'pending'],
      ['rendered-widget', '6666666666', 'rendered'],
    ]);
    await h.advance(GRACE_PERIOD_MS);
    expect(h.report()).toEqual([
      ['site-fallback', TWEET_ID, 'broken'],
      ['rendered-widget', '6666666666', 'rendered'],
    ]);
    expect(document.body.innerHTML).toBe(html);
  });
});

describe('frames', () => {
  const frameLoad = () => new Promise((resolve) => setTimeout(resolve, 30));

  it('an embed in a srcdoc frame is found, repaired inside the frame from the context around it, and given back', async () => {
    const srcdoc = `<div class="tweet-embed"><div>Loading Tweet ...</div><a href="https://twitter.com/WSWS_Updates/status/${TWEET_ID}">Tweet not loading? See it directly on Twitter</a></div>`;
    const html = demoWith(`<iframe id="frame" style="height: 420px"></iframe>`);
    loadPage(html);
    (document.getElementById('frame') as HTMLIFrameElement).srcdoc = srcdoc;
    await frameLoad();
    const page = document.documentElement.outerHTML;
    const h = await start({ html: page });
    const frame = document.getElementById('frame') as HTMLIFrameElement;
    frame.srcdoc = srcdoc;
    await frameLoad();
    h.controller.rescan();
    await h.settle();
    const inner = frame.contentDocument as Document;
    const block = inner.querySelector('.tweet-embed');
    expect(h.report()).toEqual([['site-fallback', TWEET_ID, 'pending']]);

    await h.advance(GRACE_PERIOD_MS);
    // The frame holds nothing but the block: the paragraphs around the frame tell where it stood.
    expect(h.lookups.at(-1)?.embeds[0]?.before).toHaveLength(3);
    expect(repairedHosts(inner)).toHaveLength(1);
    expect(repairedHosts(document)).toEqual([]);
    expect(block?.isConnected).toBe(true);
    expect(isHiddenByUs(block as Element)).toBe(true);
    const card = rootOf(repairedHosts(inner)[0] as HTMLElement).textContent ?? '';
    expect(card).toContain(P(3));
    expect(h.report()).toEqual([['site-fallback', TWEET_ID, 'repaired']]);

    h.settings.set(OFF);
    await h.settle();
    expect(repairedHosts(inner)).toEqual([]);
    expect(inner.querySelector('.tweet-embed')).toBe(block);
  });

  it('an embed added to a frame later is noticed (the frame document is watched too)', async () => {
    const h = await start({
      html: demoWith(`<iframe id="frame" srcdoc="<p>Empty for now.</p>"></iframe>`),
      records: { articles: [], tweets: [] },
    });
    await frameLoad();
    h.controller.rescan();
    await h.settle();
    const inner = (document.getElementById('frame') as HTMLIFrameElement).contentDocument as Document;
    expect(h.report()).toEqual([]);
    const blockquote = inner.createElement('blockquote');
    blockquote.className = 'twitter-tweet twitter-tweet-error';
    const link = inner.createElement('a');
    link.href = 'https://twitter.com/a/status/7777777777';
    blockquote.append(link);
    inner.body.append(blockquote);
    await h.changed();
    expect(h.report()).toEqual([['widgets-blockquote', '7777777777', 'broken']]);
    // The frame goes: so does its embed.
    document.getElementById('frame')?.remove();
    await h.changed();
    expect(h.report()).toEqual([]);
  });
});
