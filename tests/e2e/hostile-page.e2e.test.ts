/**
 * Hostile pages (docs/security.md; issue 10, table rows 3, 6, 7 and 8), in
 * both browsers. Each page is the seed demo page with something added, made
 * here at test time:
 * - row 6: a page that listens to every event type it can name on window and
 *   document (the old WXT announcement under the extension's public id
 *   included) and to every DOM mutation, through load, repair, switch off,
 *   switch on and "show on page": nothing it receives names the extension;
 *   and the built content scripts hold nothing that could announce it;
 * - row 7: a page that repeats the old announcement, posts messages, fires
 *   lifecycle events and patches the DOM prototypes in its own world: the
 *   card stays and the site switch still works;
 * - row 3: 600 unarchived blockquotes below the article (a comment thread):
 *   the seed is still repaired, and every embed is listed;
 * - row 8: a status link whose handle has 16 characters is an embed, listed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIRS, type BrowserName, type TestPage } from './harness/browsers';
import { findTabId, openPopupFor, readReport } from './harness/extension';
import { inShadowRoots, readCards, waitForCards } from './harness/shadow-roots';
import { PAGES_DIR } from './harness/server';
import { useBrowser } from './harness/suite';

const DEMO = readFileSync(resolve(PAGES_DIR, 'demo-page.html'), 'utf8');
const SEED_TWEET = '1501707808009506816';
const GECKO_ID = 'tweet-mender@tweet-mender.org';
const LONG_HANDLE_TWEET = '1810000000000000016';

/** The demo page with a script at the start of <head> (before any content script) and markup after the article. */
function demo(headScript: string, afterArticle = ''): string {
  return DEMO.replace('<head>', `<head>\n<script>${headScript}</script>`).replace(
    '</article>',
    `</article>\n${afterArticle}`,
  );
}

/**
 * The listening page's script: every event type the page can name (each `on…` property of
 * window, document and the element prototypes, plus the WXT announcement and location-change
 * types under the ids given), captured on window and document, and every mutation of the DOM.
 */
function listen(ids: string[]) {
  const seen: { where: string; type: string; data: string; target: string }[] = [];
  (window as unknown as { seen: typeof seen }).seen = seen;
  const describe = (value: unknown) => {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  };
  const types = new Set<string>(['message', 'messageerror']);
  for (const target of [window, document, HTMLElement.prototype, Element.prototype, Document.prototype]) {
    for (const key in target) if (key.startsWith('on')) types.add(key.slice(2));
  }
  for (const id of ids) {
    for (const script of ['content', 'content-script']) {
      for (const name of ['content-script-started', 'locationchange']) types.add(`${id}:${script}:wxt:${name}`);
    }
  }
  for (const type of types) {
    for (const [where, target] of [
      ['window', window],
      ['document', document],
    ] as const) {
      target.addEventListener(
        type,
        (event) => {
          const e = event as Event & { data?: unknown; detail?: unknown };
          seen.push({
            where,
            type: e.type,
            data: describe(e.data ?? e.detail ?? null),
            target: (e.target as Node | null)?.nodeName ?? '',
          });
        },
        true,
      );
    }
  }
  // From the moment the content script may run (document_idle comes after DOMContentLoaded): the
  // parser's own insertions before that are the page's.
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      const nodes = [...r.addedNodes, ...r.removedNodes].map((n) =>
        n.nodeType === 1 ? `${n.nodeName}[${[...(n as Element).attributes].map((a) => `${a.name}=${a.value}`)}]` : '#',
      );
      seen.push({
        where: 'mutation',
        type: r.type,
        data:
          r.type === 'attributes'
            ? `${r.attributeName}=${(r.target as Element).getAttribute(r.attributeName!)}`
            : nodes.join(','),
        target: `${r.target.nodeName}${(r.target as Element).className ? `.${(r.target as Element).className}` : ''}`,
      });
    }
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true }),
  );
}

/**
 * The page that tries to stop or confuse the content script: the DOM prototypes patched in its own
 * world before any content script runs, then (when the test says) the old WXT announcement under
 * every id and name, messages, and lifecycle events, again and again.
 */
function stopper(ids: string[]) {
  Element.prototype.attachShadow = () => {
    throw new Error('no shadow roots here');
  };
  Node.prototype.insertBefore = function () {
    throw new Error('no insertions here');
  } as never;
  window.requestIdleCallback = (() => 0) as never;
  (window as unknown as { MutationObserver: unknown }).MutationObserver = class {
    observe() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  };
  (window as unknown as { attack: () => void }).attack = () => {
    for (const id of ['', ...ids]) {
      for (const script of ['content', 'content-script']) {
        const type = `${id}:${script}:wxt:content-script-started`;
        const detail = { contentScriptName: script, messageId: 'hostile' };
        document.dispatchEvent(new CustomEvent(type, { detail }));
        window.dispatchEvent(new CustomEvent(type, { detail }));
        window.postMessage({ type, ...detail }, '*');
        window.dispatchEvent(new Event(`${id}:${script}:wxt:locationchange`));
      }
    }
    window.postMessage('stop', '*');
    window.postMessage({ type: 'tweet-mender:stop' }, '*');
    for (const type of [
      'popstate',
      'hashchange',
      'pageshow',
      'pagehide',
      'focus',
      'blur',
      'load',
      'visibilitychange',
    ]) {
      window.dispatchEvent(new Event(type));
      document.dispatchEvent(new Event(type));
    }
    history.pushState(null, '', location.href);
  };
}

/** Words that would name the extension to a page. */
function namesExtension(text: string, ids: string[]): boolean {
  const lower = text.toLowerCase();
  return (
    ids.some((id) => lower.includes(id.toLowerCase())) ||
    ['wxt', 'tweet-mender', 'tweet mender', 'tweetmender', 'chrome-extension:', 'moz-extension:'].some((word) =>
      lower.includes(word),
    )
  );
}

describe('the built content scripts', () => {
  it.each(Object.entries(EXTENSION_DIRS))('%s: announce nothing (no postMessage, event or name)', (_name, dir) => {
    const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as {
      content_scripts: { js: string[] }[];
    };
    const declared = manifest.content_scripts.flatMap((script) => script.js);
    // The first stage is declared; the engine it brings in, the learner beside it and the cards are injected by the background.
    expect(declared).toEqual(['content-script.js']);
    const files = [...declared, 'content-engine.js', 'content-learner.js', 'content-cards.js'];
    for (const file of files) {
      const code = readFileSync(resolve(dir, file), 'utf8');
      for (const word of [
        'content-script-started',
        'postMessage',
        'dispatchEvent',
        'CustomEvent',
        'wxt',
        'tweet-mender',
      ]) {
        expect(code.includes(word), `${file} holds "${word}"`).toBe(false);
      }
    }
  });
});

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (browserName) => {
  let ids: string[] = [];
  const fixture = useBrowser(browserName, {
    extraFiles: {
      // The ids are filled in per request: Chromium's is known once the browser runs.
      '/listening.html': () => demo(`(${listen.toString()})(${JSON.stringify(ids)});`),
      '/stopping.html': () => demo(`(${stopper.toString()})(${JSON.stringify(ids)});`),
      // Page styles that try to show the hidden block and hide, shrink or move the card.
      '/restyling.html': () =>
        demo('').replace(
          '</head>',
          `<style>
.tweet-embed, .content > div { display: block !important; visibility: visible !important; }
.content > div:not(.tweet-embed), div:empty { display: none !important; visibility: hidden !important;
  height: 0 !important; overflow: hidden !important; position: absolute !important; left: -9999px !important; opacity: 0 !important; }
</style></head>`,
        ),
      '/comment-thread.html': () =>
        demo(
          '',
          `<section id="comments"><h3>Comments</h3>${Array.from(
            { length: 600 },
            (_, n) =>
              `<blockquote class="twitter-tweet"><p>Comment ${n} quoting a post.</p>&mdash; Reader ${n} <a href="https://twitter.com/reader${n}/status/${1_700_000_000_000_000_000n + BigInt(n)}">March 9, 2022</a></blockquote>`,
          ).join('\n')}</section>`,
        ),
      '/long-handle.html': () =>
        demo(
          '',
          `<section id="related"><p>Elsewhere this week: the weather stayed mild and the ferry timetable changed again.</p>
<blockquote class="twitter-tweet twitter-tweet-error"><p>A post by an account with a long name.</p>&mdash; Long (@this_handle_is_16) <a href="https://twitter.com/this_handle_is_16/status/${LONG_HANDLE_TWEET}">March 9, 2022</a></blockquote>
<p>The library opens late on Thursdays, and the market moves to the square by the old station.</p></section>`,
        ),
    },
  });
  const extensionIds = () => {
    const origin = fixture.session.extensionOrigin;
    return [origin.replace(/^[a-z-]+:\/\//, ''), browserName === 'firefox' ? GECKO_ID : ''].filter(Boolean);
  };

  async function switchSite(page: TestPage) {
    const { popup } = await openPopupFor(fixture.session, page.url());
    await popup.click('#site-switch');
    await popup.close();
  }

  it('row 6: a page listening on window and document hears nothing that names the extension, from load to switch off and on', async () => {
    ids = extensionIds();
    const page = await fixture.openPage('listening.html');
    await waitForCards(page, 1);
    await switchSite(page);
    await waitForCards(page, 0);
    await switchSite(page);
    await waitForCards(page, 1);
    // "Show on page": the outline is an element of ours, added and removed.
    const { popup } = await openPopupFor(fixture.session, page.url());
    await popup.click('.show-on-page');
    await page.waitFor(() =>
      (window as unknown as { seen: { target: string; data: string }[] }).seen.some(
        (s) => s.target === 'HTML' && s.data === 'DIV[]',
      ),
    );
    await page.evaluate(() => history.pushState(null, '', '?moved'));
    await new Promise((done) => setTimeout(done, 2500));

    const seen = await page.evaluate(
      () => (window as unknown as { seen: { where: string; type: string; data: string; target: string }[] }).seen,
    );
    expect(seen.length).toBeGreaterThan(0);
    const naming = seen.filter((s) => namesExtension(`${s.type} ${s.data} ${s.target}`, ids));
    expect(naming).toEqual([]);
    // No message at all reached the page.
    expect(seen.filter((s) => s.type === 'message')).toEqual([]);
    // What the DOM showed of us: bare divs (the card, the outline) and the block's style, nothing else.
    const mutations = seen.filter((s) => s.where === 'mutation');
    const attributes = mutations.filter((s) => s.type === 'attributes');
    expect(new Set(attributes.map((s) => `${s.target} ${s.data.split('=')[0]}`))).toEqual(
      new Set(['DIV.tweet-embed style']),
    );
    const added = mutations.filter((s) => s.type === 'childList').flatMap((s) => s.data.split(','));
    expect(new Set(added)).toEqual(new Set(['DIV[]']));
    // And the page's own script cannot reach into the card.
    expect(
      await page.evaluate(
        () => (document.querySelector('.tweet-embed')!.previousElementSibling as HTMLElement).shadowRoot,
      ),
    ).toBeNull();
    expect((await readCards(page)).map((c) => c.mode)).toEqual(['closed']);
    await popup.close();
    await page.close();
  });

  it('row 7: a page that repeats the old announcement, posts messages and patches its DOM cannot stop the content script', async () => {
    ids = extensionIds();
    const page = await fixture.openPage('stopping.html');
    await waitForCards(page, 1);
    for (let round = 0; round < 3; round++) {
      await page.evaluate(() => (window as unknown as { attack: () => void }).attack());
      await new Promise((done) => setTimeout(done, 300));
    }
    await new Promise((done) => setTimeout(done, 2000));
    // The card stays, one, beside the hidden block.
    const cards = await inShadowRoots(page, (root, host) =>
      root.querySelector('.card') ? host.nextElementSibling?.classList.contains('tweet-embed') : null,
    );
    expect(cards.filter((c) => c !== null)).toEqual([true]);
    // The site switch still works on this page: off, and on again.
    await switchSite(page);
    await waitForCards(page, 0);
    expect(await page.evaluate(() => document.body.innerText.includes('Tweet not loading'))).toBe(true);
    await switchSite(page);
    await waitForCards(page, 1);
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const report = await readReport(helper, await findTabId(helper, page.url()));
    expect(report.embeds.map((e) => [e.tweetId, e.status])).toEqual([[SEED_TWEET, 'repaired']]);
    await helper.close();
    await page.close();
  });

  it("the page's own styles can neither show the hidden block again nor hide, shrink or move the card", async () => {
    const page = await fixture.openPage('restyling.html');
    await waitForCards(page, 1);
    const [card] = await inShadowRoots(page, (_root, host) => {
      const style = getComputedStyle(host);
      const box = host.getBoundingClientRect();
      return {
        display: style.display,
        visibility: style.visibility,
        opacity: style.opacity,
        position: style.position,
        tall: box.height > 100,
        onScreen: box.left >= 0,
        blockDisplay: getComputedStyle(host.nextElementSibling!).display,
      };
    });
    expect(card).toEqual({
      display: 'block',
      visibility: 'visible',
      opacity: '1',
      position: 'static',
      tall: true,
      onScreen: true,
      blockDisplay: 'none',
    });
    expect(await page.evaluate(() => document.body.innerText.includes('Tweet not loading'))).toBe(false);
    await page.close();
  });

  it('row 3: the seed page with 600 unarchived blockquotes below the article: the seed is repaired, all 601 are listed', async () => {
    const page = await fixture.openPage('comment-thread.html');
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const tabId = await findTabId(helper, page.url());
    await expect
      .poll(async () => (await readReport(helper, tabId)).embeds.find((e) => e.tweetId === SEED_TWEET)?.status, {
        timeout: 30_000,
      })
      .toBe('repaired');
    await expect
      .poll(async () => (await readReport(helper, tabId)).embeds.filter((e) => e.status === 'pending').length, {
        timeout: 30_000,
      })
      .toBe(0);
    const report = await readReport(helper, tabId);
    expect(report.embeds).toHaveLength(601);
    // Every repair the archive allows: a card for each embed it matched, the rest listed broken.
    const repaired = report.embeds.filter((e) => e.status === 'repaired');
    expect(report.embeds.every((e) => e.status === 'repaired' || e.status === 'broken')).toBe(true);
    expect((await readCards(page)).length).toBe(repaired.length);
    // The seed's card stands where its block was, between the third and fourth paragraphs.
    const beside = await inShadowRoots(
      page,
      (root, host) => root.querySelector('.card') && host.nextElementSibling?.classList.contains('tweet-embed'),
    );
    expect(beside.filter(Boolean)).toHaveLength(1);
    await helper.close();
    await page.close();
  });

  it('row 8: a status link with a 16-character handle is an embed, and listed in the report', async () => {
    const page = await fixture.openPage('long-handle.html');
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const tabId = await findTabId(helper, page.url());
    // Listed, and judged (broken; or repaired, when the archive matches the text around it: the
    // seed article's title is the page's).
    await expect
      .poll(
        async () => (await readReport(helper, tabId)).embeds.map((e) => [e.kind, e.tweetId, e.status !== 'pending']),
        {
          timeout: 15_000,
        },
      )
      .toEqual([
        ['site-fallback', SEED_TWEET, true],
        ['widgets-blockquote', LONG_HANDLE_TWEET, true],
      ]);
    const row = (await readReport(helper, tabId)).embeds[1];
    expect(row?.tweetUrl).toBe(`https://x.com/i/web/status/${LONG_HANDLE_TWEET}`);
    // And the popup lists it, with its link.
    await helper.goto(`${fixture.session.extensionOrigin}/popup.html?tab=${tabId}`);
    await helper.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    const links = await helper.evaluate(() =>
      [...document.querySelectorAll('li[data-embed-status] a[href]')].map((a) => (a as HTMLAnchorElement).href),
    );
    expect(links.some((href) => href.includes(LONG_HANDLE_TWEET))).toBe(true);
    await helper.close();
    await page.close();
  });
});
