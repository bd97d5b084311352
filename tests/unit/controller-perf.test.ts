/**
 * What the content script's work costs, as counts of work rather than time
 * (docs/performance.md): an infinite feed is looked at once per added element,
 * not rescanned from the top on every batch; a change in a big container
 * scans the change; a full scan of a page of many embeds compares each
 * detection with the embeds around it; the page's clues are read once per
 * address; the badge hears about counts at most once per interval; and
 * nothing runs before the page's load event. In happy-dom, with the real card
 * mounter, a manual clock and in-memory settings.
 *
 * @vitest-environment-options {"url": "https://www.wsws.org/en/articles/2022/03/10/russ-m10.html"}
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { COALESCE_MS, GRACE_PERIOD_MS, MAX_COALESCE_MS, MIN_BATCH_INTERVAL_MS } from '../../src/content/controller';
import { REPORT_INTERVAL_MS, throttleReports } from '../../src/content/report-throttle';
import type { ReportSummary } from '../../src/messages/report';
import { startContentScript, type ContentScript } from '../../src/content/start';
import { DETECTORS } from '../../src/embeds/registry';
import type { Detector } from '../../src/embeds/types';
import type { WebExtension } from '../../src/messages/web-extension';
import { cardRenderers } from '../../src/repair/card-renderers';
import { createCardMounter } from '../../src/repair/mount-card';
import {
  DEMO_PAGE,
  loadPage,
  ManualClock,
  startController,
  stopController,
  type StartOptions,
} from './helpers/controller-harness';
import { countWork, startCountingWork, stopCountingWork } from './helpers/work-count';

// Before the controller first runs: its functions are then counted block by block (work-count.ts).
beforeAll(startCountingWork);
afterAll(stopCountingWork);
afterEach(stopController);

/** The archive knows none of the embeds here: no card, the page stays as it is. */
const start = (options: Pick<StartOptions, 'html' | 'detectors'> = {}) =>
  startController({ ...options, records: null });

/** The detectors, counting how often each element is handed to one. */
function countingDetectors() {
  const perElement = new Map<Element, number>();
  const detectors: Detector[] = DETECTORS.map((d) => ({
    ...d,
    detect: (el: Element, ctx: Parameters<Detector['detect']>[1]) => {
      perElement.set(el, (perElement.get(el) ?? 0) + 1);
      return d.detect.call(d, el, ctx);
    },
  }));
  const total = () => [...perElement.values()].reduce((a, b) => a + b, 0);
  return { perElement, detectors, total };
}

/** One item of an infinite feed: ten elements, the first of each batch holding an embed in one of three forms. */
function feedItem(n: number, withEmbed: boolean): HTMLElement {
  const item = document.createElement('article');
  item.className = 'item';
  const header = item.appendChild(document.createElement('header'));
  const who = header.appendChild(document.createElement('a'));
  who.href = `/user/${n}`;
  who.append(`user ${n}`);
  if (!withEmbed) {
    const p = item.appendChild(document.createElement('p'));
    p.append('the council workers strike union government report ');
    p.appendChild(document.createElement('em')).append('budget');
    return item;
  }
  const id = String(1_500_000_000_000_000_000n + BigInt(n));
  if (n % 3 === 0) {
    const quote = item.appendChild(document.createElement('blockquote'));
    quote.className = 'twitter-tweet';
    quote.appendChild(document.createElement('p')).append('Text of the tweet');
    const link = quote.appendChild(document.createElement('a'));
    link.href = `https://twitter.com/someone/status/${id}`;
    link.append('March 9, 2022');
  } else if (n % 3 === 1) {
    const rendered = item.appendChild(document.createElement('div'));
    rendered.className = 'twitter-tweet twitter-tweet-rendered';
    rendered.appendChild(document.createElement('twitter-widget')).setAttribute('data-tweet-id', id);
  } else {
    const block = item.appendChild(document.createElement('div'));
    block.appendChild(document.createElement('div')).append('Loading Tweet ...');
    const link = block.appendChild(document.createElement('a'));
    link.href = `https://twitter.com/someone/status/${id}`;
    link.append('Tweet not loading? See it directly on Twitter');
  }
  return item;
}

describe('an infinite feed', () => {
  it('looks at each added element once (and once more when its grace period ends), however long the feed', async () => {
    const { perElement, detectors, total } = countingDetectors();
    const h = await start({ detectors });
    const feed = document.createElement('div');
    document.querySelector('.content')?.after(feed);
    await h.changed();
    const before = total();
    const batches = 30;
    for (let b = 0; b < batches; b++) {
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < 10; i++) fragment.append(feedItem(b * 10 + i, i === 0));
      feed.append(fragment);
      await h.changed();
    }
    await h.clock.advance(2 * GRACE_PERIOD_MS, h.settle);
    // The demo page's own block was not looked at again for each batch.
    const demoLink = document.querySelector('.tweet-embed a') as Element;
    expect(perElement.get(demoLink)).toBeLessThanOrEqual(2);
    expect(Math.max(...perElement.values())).toBeLessThanOrEqual(2);
    // One embed per batch: a detector call for it, and one more for those that wait out a grace period.
    expect(total() - before).toBeLessThanOrEqual(2 * batches);
    expect(
      h.controller
        .getReport()
        .embeds.filter((e) => e.tweetId?.startsWith('15000'))
        .map((e) => e.status),
    ).toHaveLength(batches);
  });

  it('its broken embeds are looked up a few at a time, not one message per batch; a lone one at once', async () => {
    const h = await start({ html: '<html><body><main><div id="feed"></div></main></body></html>' });
    const feed = document.getElementById('feed') as Element;
    const batches = 30;
    for (let b = 0; b < batches; b++) {
      // Every third item: a blockquote on a page with no widgets.js, broken at once.
      feed.append(feedItem(b * 3, true));
      await h.changed();
    }
    await h.clock.advance(2 * GRACE_PERIOD_MS, h.settle);
    const looked = h.lookups.flatMap((l) => l.embeds.map((e) => e.tweetId));
    expect(new Set(looked).size).toBe(batches);
    expect(looked).toHaveLength(batches);
    // One batch every MIN_BATCH_INTERVAL_MS: a lookup at most every COALESCE_MS.
    expect(h.lookups.length).toBeLessThanOrEqual(Math.ceil((batches * MIN_BATCH_INTERVAL_MS) / COALESCE_MS) + 1);
    // Much later, a lone broken embed: looked up in its own batch.
    await h.clock.advance(10 * COALESCE_MS, h.settle);
    const before = h.lookups.length;
    feed.append(feedItem(999, true));
    await h.changed();
    expect(h.lookups).toHaveLength(before + 1);
  });

  it('a feed that brings broken embeds for seconds on end is looked up less and less often, each within a second', async () => {
    const h = await start({ html: '<html><body><main><div id="feed"></div></main></body></html>' });
    const feed = document.getElementById('feed') as Element;
    const batches = 100;
    /** When each embed was added, and when the lookup that carried it went. */
    const addedAt = new Map<string, number>();
    const lookedUpAt = new Map<string, number>();
    const noteLookups = () => {
      for (const lookup of h.lookups)
        for (const e of lookup.embeds) if (!lookedUpAt.has(e.tweetId!)) lookedUpAt.set(e.tweetId!, h.clock.now());
    };
    for (let b = 0; b < batches; b++) {
      // A blockquote on a page with no widgets.js: broken at once, one per batch.
      feed.append(feedItem(b * 3, true));
      addedAt.set(String(1_500_000_000_000_000_000n + BigInt(b * 3)), h.clock.now());
      await h.changed();
      noteLookups();
    }
    await h.clock.advance(2 * MAX_COALESCE_MS, h.settle, noteLookups);
    noteLookups();
    const looked = h.lookups.flatMap((l) => l.embeds.map((e) => e.tweetId));
    expect(new Set(looked).size).toBe(batches);
    expect(looked).toHaveLength(batches);
    // Over 5 s of batches: COALESCE_MS apart, then twice that, … up to MAX_COALESCE_MS apart; at a
    // steady COALESCE_MS it would be 20 messages.
    const duration = batches * MIN_BATCH_INTERVAL_MS;
    const doublings = Math.log2(MAX_COALESCE_MS / COALESCE_MS);
    expect(h.lookups.length).toBeLessThanOrEqual(Math.ceil(duration / MAX_COALESCE_MS) + doublings + 2);
    // None waited much longer than the longest interval.
    for (const [id, at] of addedAt)
      expect(lookedUpAt.get(id)! - at).toBeLessThanOrEqual(MAX_COALESCE_MS + 2 * MIN_BATCH_INTERVAL_MS);
  });

  it('a page with nothing to show sends the badge nothing; one with an embed to count does', async () => {
    const h = await start({ html: '<html><body><main><p>An article with no embed.</p></main></body></html>' });
    await h.clock.advance(2 * GRACE_PERIOD_MS, h.settle);
    expect(h.reports).toEqual([]);
    document.querySelector('main')?.append(feedItem(0, true));
    await h.changed();
    expect(h.reports.at(-1)).toEqual({ repaired: 0, broken: 1, found: 1, enabled: true });
  });
});

describe('grace periods that end together', () => {
  /** `count` stories, each holding a site's "Tweet not loading?" block: pending until the grace period ends. */
  const stories = (count: number) =>
    `<html><body><main>${Array.from(
      { length: count },
      (_, i) =>
        `<article><h2>Story ${i}</h2><div><div>Loading Tweet ...</div>` +
        `<a href="https://twitter.com/someone/status/${1_500_000_000_000_000_000n + BigInt(i)}">` +
        `Tweet not loading? See it directly on Twitter</a></div></article>`,
    ).join('')}</main></body></html>`;

  it('are settled with one look at their surroundings, not one look (and one pass over every embed) each', async () => {
    /** The work of the moment the grace periods of `count` embeds, first seen together, end. */
    const graceWork = async (count: number) => {
      const h = await start({ html: stories(count) });
      const pending = () => h.controller.getReport().embeds.filter((e) => e.status === 'pending').length;
      expect(pending()).toBe(count);
      // The work of src/content/tracked-embeds.ts, where each scan goes over the embeds tracked.
      const work = await countWork(
        () => h.clock.advance(GRACE_PERIOD_MS + COALESCE_MS, h.settle),
        /\/src\/content\/tracked-embeds\.ts$/,
      );
      // Each was looked at again and is broken now.
      expect(h.controller.getReport().embeds.filter((e) => e.status === 'broken')).toHaveLength(count);
      stopController();
      return work;
    };
    await graceWork(20); // compiles what runs then, so that the counts below compare like with like
    const [w100, w200, w400] = [await graceWork(100), await graceWork(200), await graceWork(400)];
    // Linear work (a + b·n): the next 200 embeds cost twice the 100 before, a ratio of 2. A scan per
    // embed, each going over every embed tracked (the index, the live tweets, what it covered), makes it 4.
    const growth = (w400 - w200) / (w200 - w100);
    expect(w100).toBeGreaterThan(100 * 10);
    expect(growth).toBeGreaterThan(1.5);
    expect(growth).toBeLessThan(2.3);
  }, 60_000);
});

describe('changes in a big container', () => {
  it('an element added to a long article is scanned alone, not with the whole article', async () => {
    const { perElement, detectors, total } = countingDetectors();
    const h = await start({ detectors });
    const before = total();
    // A paragraph with a status link in its text ("as she wrote"): a candidate, so the scan of it shows.
    const p = document.createElement('p');
    p.append('A paragraph the site adds at the end of the article, ');
    const link = p.appendChild(document.createElement('a'));
    link.href = 'https://twitter.com/a/status/1111111111';
    link.textContent = 'as she wrote';
    document.querySelector('.content')?.append(p);
    await h.changed();
    // The new link was looked at, once; nothing else in the article was looked at again.
    expect(perElement.get(link)).toBe(1);
    expect(total() - before).toBe(1);
  });

  it('a fallback line added next to a blockquote is still judged with it: one embed, both blocks', async () => {
    const h = await start({ html: DEMO_PAGE.replace('class="tweet-embed"', 'class="tweet-embed" hidden') });
    const content = document.querySelector('.content') as Element;
    const quote = document.createElement('blockquote');
    quote.className = 'twitter-tweet';
    const link = quote.appendChild(document.createElement('a'));
    link.href = 'https://twitter.com/a/status/1111111111';
    link.textContent = 'March 9, 2022';
    content.children[5]?.after(quote);
    await h.changed();
    const line = document.createElement('p');
    line.append('Tweet not loading? ');
    const see = line.appendChild(document.createElement('a'));
    see.href = 'https://twitter.com/a/status/1111111111';
    see.textContent = 'View it on Twitter';
    quote.after(line);
    await h.changed();
    const rows = h.controller.getReport().embeds.filter((e) => e.tweetId === '1111111111');
    expect(rows.map((e) => e.kind)).toEqual(['widgets-blockquote']);
  });
});

describe('a page of many embeds', () => {
  const page = (count: number) =>
    `<html><body><main>${Array.from(
      { length: count },
      (_, i) =>
        `<section><p>Story ${i}, with words around its embed.</p><blockquote class="twitter-tweet twitter-tweet-error"><a href="https://twitter.com/a/status/${1_000_000 + i}">date</a></blockquote></section>`,
    ).join('')}</main></body></html>`;

  it('checking the page again compares each detection with the embeds around it, not with every embed', async () => {
    /** The work of one rescan of a page of `count` embeds, after one rescan that warms caches up. */
    const rescanWork = async (count: number) => {
      const h = await start({ html: page(count) });
      const keys = h.controller.getReport().embeds.map((e) => e.key);
      expect(keys).toHaveLength(count);
      h.controller.rescan();
      await h.settle();
      const work = await countWork(async () => {
        h.controller.rescan();
        await h.settle();
      });
      // The same embeds, under the same keys: the rescan recognised each one.
      expect(h.controller.getReport().embeds.map((e) => e.key)).toEqual(keys);
      stopController();
      return work;
    };
    const [w100, w200, w400] = [await rescanWork(100), await rescanWork(200), await rescanWork(400)];
    // Linear work (a + b·n) adds as much for the next 200 embeds as twice the 100 before: a ratio of 2.
    // Comparing every detection with every embed (n²), by any path, makes it 4.
    const growth = (w400 - w200) / (w200 - w100);
    expect(w100).toBeGreaterThan(100 * 10);
    expect(growth).toBeGreaterThan(1.5);
    expect(growth).toBeLessThan(2.3);
  }, 30_000);

  it("reads the page's URLs and title once per address, however many lookups", async () => {
    const h = await start({ html: page(3) });
    const main = document.querySelector('main') as Element;
    main.insertAdjacentHTML(
      'beforeend',
      '<blockquote class="twitter-tweet twitter-tweet-error"><a href="https://twitter.com/a/status/2222222222">d</a></blockquote>',
    );
    await h.changed();
    await h.clock.advance(COALESCE_MS, h.settle);
    expect(h.lookups.length).toBeGreaterThanOrEqual(2);
    expect(new Set(h.lookups.map((l) => l.page)).size).toBe(1);
    // Another address (a single-page site's navigation): read again.
    history.pushState(null, '', '/en/articles/2022/03/11/next.html');
    main.insertAdjacentHTML(
      'beforeend',
      '<blockquote class="twitter-tweet twitter-tweet-error"><a href="https://twitter.com/a/status/3333333333">d</a></blockquote>',
    );
    h.controller.rescan();
    // Lookups that follow one another wait longer each time, up to MAX_COALESCE_MS.
    await h.clock.advance(MAX_COALESCE_MS, h.settle);
    const last = h.lookups.at(-1)?.page;
    expect(last).not.toBe(h.lookups[0]?.page);
    expect(last?.urls).toContain('https://www.wsws.org/en/articles/2022/03/11/next.html');
  });
});

describe('throttleReports', () => {
  function timers() {
    const clock = new ManualClock();
    return clock;
  }
  const summary = (found: number, repaired = 0, enabled = true): ReportSummary => ({
    repaired,
    broken: found - repaired,
    found,
    enabled,
  });

  it('a feed that changes the counts on every batch sends at most one message per interval, the last counts last', async () => {
    const clock = timers();
    const sent: ReportSummary[] = [];
    const report = throttleReports((s) => sent.push(s), clock);
    const batches = 100;
    for (let b = 1; b <= batches; b++) {
      report(summary(b));
      await clock.advance(16, async () => undefined);
    }
    await clock.advance(REPORT_INTERVAL_MS, async () => undefined);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil((batches * 16) / REPORT_INTERVAL_MS) + 2);
    expect(sent.at(-1)).toEqual(summary(batches));
  });

  it('what the badge shows (a repair, switching off) is sent at once', () => {
    const clock = timers();
    const sent: ReportSummary[] = [];
    const report = throttleReports((s) => sent.push(s), clock);
    report(summary(1));
    report(summary(2));
    expect(sent).toHaveLength(1);
    report(summary(2, 1));
    expect(sent.at(-1)).toEqual(summary(2, 1));
    report(summary(2, 1, false));
    expect(sent.at(-1)).toEqual(summary(2, 1, false));
    expect(sent).toHaveLength(3);
  });
});

describe('startContentScript: nothing before the page has loaded', () => {
  const browser = fakeBrowser as unknown as WebExtension;
  let readyState: DocumentReadyState = 'complete';

  it('starts after the load event, in an idle moment; a popup asking earlier starts it at once', async () => {
    loadPage(DEMO_PAGE);
    readyState = 'interactive';
    const state = Object.getOwnPropertyDescriptor(Document.prototype, 'readyState');
    Object.defineProperty(document, 'readyState', { configurable: true, get: () => readyState });
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const started: ContentScript[] = [];
    try {
      started.push(startContentScript(browser, document, window, {}));
      // Injected before load: no storage read, no watch, no scan yet.
      expect(get).not.toHaveBeenCalled();
      expect(idle).toHaveLength(0);
      readyState = 'complete';
      window.dispatchEvent(new Event('load'));
      expect(idle).toHaveLength(1);
      expect(get).not.toHaveBeenCalled();
      idle.shift()?.();
      expect(get).toHaveBeenCalledTimes(1);

      // Another page, where the popup asks before the page has loaded.
      readyState = 'interactive';
      started.push(startContentScript(browser, document, window, {}));
      // The engine answers through sendResponse, as Chrome needs (listenForMessages).
      const reply = await new Promise<unknown>((sendResponse) => {
        // fakeBrowser's trigger hands its arguments to the listener; its type leaves sendResponse out.
        const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown>;
        void trigger(
          { type: 'get-report' },
          { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') },
          sendResponse,
        );
      });
      expect((reply as { ok: boolean }).ok).toBe(true);
      expect(get).toHaveBeenCalledTimes(2);
    } finally {
      for (const script of started) script.stop();
      if (state) Object.defineProperty(document, 'readyState', state);
      else delete (document as { readyState?: unknown }).readyState;
      vi.unstubAllGlobals();
    }
  });
});

describe('startContentScript: frames no scan looks into are never opened', () => {
  // Opening a same-origin frame's document (here srcdoc, as a saved page keeps a widget's frame) from a content script sets up the extension's world in
  // that frame: on the benchmark's heavy page (83 rendered widgets' address-less frames) that was
  // most of the engine's main-thread time (docs/performance.md, "Frames are not opened").
  const browser = fakeBrowser as unknown as WebExtension;
  const marker = fakeBrowser.runtime.getURL('/');
  const roots = new WeakMap<Element, ShadowRoot>();

  it("reads no rendered widget's frame, and still clears an earlier copy's card in a frame it scans", async () => {
    const widgets = Array.from(
      { length: 4 },
      (_, i) =>
        `<div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="14000000000000000${i}" title="X Post" srcdoc="<p>The tweet, as widgets.js drew it.</p>"></iframe></div>`,
    ).join('');
    loadPage(DEMO_PAGE.replace('</article>', `${widgets}<iframe id="scanned"></iframe></article>`));
    const scanned = document.getElementById('scanned') as HTMLIFrameElement;
    scanned.srcdoc = '<p>Before.</p><div class="leftover">Loading Tweet ...</div><p>After.</p>';
    await new Promise((resolve) => setTimeout(resolve, 30));
    const inner = scanned.contentDocument as Document;
    const block = inner.querySelector('.leftover') as Element;
    const before = inner.body.innerHTML;

    // An earlier copy's card in the frame, readable the way Firefox lets content scripts read closed roots.
    Object.defineProperty(Element.prototype, 'openOrClosedShadowRoot', {
      configurable: true,
      get(this: Element) {
        return roots.get(this) ?? this.shadowRoot;
      },
    });
    const card = await createCardMounter(marker, async () => cardRenderers())(
      [block],
      (c) => (c.textContent = 'card'),
      {
        quietly: (change) => change(),
        onDisturbed: () => undefined,
      },
    );
    roots.set(card!.host, card!.root);
    expect(inner.body.innerHTML).not.toBe(before);

    const opened = new Map<Element, number>();
    const descriptor = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentDocument')!;
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentDocument', {
      configurable: true,
      get(this: HTMLIFrameElement) {
        opened.set(this, (opened.get(this) ?? 0) + 1);
        return descriptor.get!.call(this);
      },
    });
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    const script = startContentScript(browser, document, window, {});
    try {
      idle.shift()?.();
      // The scan runs once the settings are read.
      for (let i = 0; i < 10 && !opened.has(scanned); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const widgetFrames = [...document.querySelectorAll('.twitter-tweet-rendered iframe')];
      expect(widgetFrames).toHaveLength(4);
      expect(widgetFrames.map((frame) => opened.get(frame) ?? 0)).toEqual([0, 0, 0, 0]);
      expect(opened.get(scanned)).toBeGreaterThan(0);
      // The frame the scan looked into got its node back, exactly as it was.
      expect(inner.body.innerHTML).toBe(before);
    } finally {
      script.stop();
      Object.defineProperty(HTMLIFrameElement.prototype, 'contentDocument', descriptor);
      delete (Element.prototype as { openOrClosedShadowRoot?: unknown }).openOrClosedShadowRoot;
      vi.unstubAllGlobals();
    }
  });
});
