/**
 * The content script's first stage (src/content/first-stage.ts): it asks the background for the
 * engine exactly when the page may hold a tweet embed, now or later, and never otherwise; it
 * asks once; a site switched off is asked about again when the settings change; and its
 * selector is the detectors' signs (src/embeds/first-stage-signs.ts), so the two never drift apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_STAGE_SELECTOR } from '../../src/content/first-stage-selector';
import { startFirstStage, type FirstStage } from '../../src/content/first-stage';
import { firstStageSelector } from '../../src/embeds/first-stage-signs';
import { DETECTORS } from '../../src/embeds/registry';
import { selectorParts } from '../../src/embeds/scan';

const FIXTURES = 'tests/fixtures/embeds';
/** The embeds each fixture holds, labelled by hand (tests/fixtures/embeds/README.md). */
const verdicts = JSON.parse(readFileSync(`${FIXTURES}/verdicts.json`, 'utf8')) as Record<string, unknown[]>;
const withEmbeds = readdirSync(FIXTURES).filter((name) => name.endsWith('.html') && verdicts[name]?.length);

type Listener = (changes: Record<string, unknown>, area: string) => void;

/** A page in happy-dom, with the browser's idle callbacks run when the test says, and a fake extension API. */
function openPage(html = '', { loaded = true, reply = 'started' as 'started' | 'off' | Error } = {}) {
  const window = new Window({ url: 'https://news.example/story' });
  const idle: (() => void)[] = [];
  Object.assign(window, {
    requestIdleCallback: (callback: () => void) => idle.push(callback),
    cancelIdleCallback: () => {},
  });
  const document = window.document as unknown as Document;
  document.body.innerHTML = html;
  if (loaded) Object.defineProperty(document, 'readyState', { value: 'complete', configurable: true });
  const listeners = new Set<Listener>();
  let answer = reply;
  const sendMessage = vi.fn<(message: unknown) => Promise<unknown>>(async () => {
    if (answer instanceof Error) throw answer;
    return { ok: true, value: answer };
  });
  const browser = {
    runtime: { sendMessage },
    storage: {
      onChanged: {
        addListener: (listener: Listener) => void listeners.add(listener),
        removeListener: (listener: Listener) => void listeners.delete(listener),
      },
    },
  };
  const stage = startFirstStage({
    document,
    window: window as unknown as Window & typeof globalThis as never,
    browser,
    selector: FIRST_STAGE_SELECTOR,
    settings: { area: 'local', key: 'settings' },
  });
  stages.push(stage);
  windows.push(window);
  return {
    window,
    document,
    sendMessage,
    listeners,
    setReply: (value: typeof reply) => void (answer = value),
    /** Runs the idle callbacks due, then lets promises and mutation observers deliver. */
    settle: async () => {
      for (const callback of idle.splice(0)) callback();
      await new Promise((resolve) => setTimeout(resolve, 0));
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

const stages: FirstStage[] = [];
const windows: Window[] = [];
afterEach(async () => {
  for (const stage of stages.splice(0)) stage.stop();
  for (const window of windows.splice(0)) await window.happyDOM.close();
});

const body = (name: string) => {
  const html = readFileSync(`${FIXTURES}/${name}`, 'utf8');
  return /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
};

describe('the first stage', () => {
  it('carries the detectors’ signs (update src/content/first-stage-selector.ts when this fails)', () => {
    expect(FIRST_STAGE_SELECTOR, `FIRST_STAGE_SELECTOR must be:\n'${firstStageSelector()}'`).toBe(firstStageSelector());
    // One sign or more from every detector (first-stage-signs.test.ts checks what they find).
    const parts = selectorParts(FIRST_STAGE_SELECTOR);
    expect(
      DETECTORS.filter((d) => !selectorParts(d.signs).every((sign) => parts.includes(sign))).map((d) => d.kind),
    ).toEqual([]);
  });

  it.each(withEmbeds)('asks for the engine on a page that holds embeds: %s', async (name) => {
    const page = openPage(body(name));
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
    expect(page.sendMessage.mock.calls[0]?.[0]).toEqual({
      type: 'start-engine',
      document: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it.each(withEmbeds)('asks for the engine when the page inserts them later: %s', async (name) => {
    const page = openPage('<main><p>Loading…</p></main>');
    await page.settle();
    expect(page.sendMessage).not.toHaveBeenCalled();
    // A client-rendered page puts the article in, as one subtree.
    const article = page.document.createElement('article');
    article.innerHTML = body(name);
    page.document.querySelector('main')!.append(article);
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
  });

  it('stays quiet on a page without embeds, however it changes, and never reads its text', async () => {
    const page = openPage(
      '<header><nav><a href="/">Home</a> <a href="https://x.com/someone">@someone on X</a></nav></header>' +
        '<main><h1>Story</h1><p>Tweet not loading? View it on Twitter</p><img src="a.png" alt=""><ul><li>one</li></ul></main>',
    );
    await page.settle();
    const main = page.document.querySelector('main')!;
    for (let i = 0; i < 20; i++) {
      const p = page.document.createElement('p');
      p.innerHTML = `Paragraph ${i} with <a href="https://example.com/${i}">a link</a> and <em>words</em>`;
      main.append(p);
      main.firstElementChild!.textContent = `Story ${i}`;
    }
    await page.settle();
    expect(page.sendMessage).not.toHaveBeenCalled();
  });

  it('stays quiet on an ordinary article (figures, a quotation, video and ad frames, share buttons), as it grows', async () => {
    const article = /<body[^>]*>([\s\S]*)<\/body>/i.exec(
      readFileSync('tests/pages/negative-article.html', 'utf8'),
    )?.[1];
    const page = openPage(article);
    await page.settle();
    // The feed adds more of the same.
    page.document.querySelector('main')!.insertAdjacentHTML('beforeend', article ?? '');
    await page.settle();
    expect(page.sendMessage).not.toHaveBeenCalled();
    // And a frame of the page's own origin, which the engine would read, is enough.
    page.document.querySelector('main')!.insertAdjacentHTML('beforeend', '<iframe src="/live/1"></iframe>');
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
  });

  it('asks once, however many embeds follow', async () => {
    const page = openPage('<main></main>');
    await page.settle();
    const main = page.document.querySelector('main')!;
    for (let i = 0; i < 5; i++) {
      main.insertAdjacentHTML(
        'beforeend',
        `<blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/${i + 1}">link</a></blockquote>`,
      );
      await page.settle();
    }
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
  });

  it('looks only after the page has loaded', async () => {
    const page = openPage('<blockquote class="twitter-tweet"></blockquote>', { loaded: false });
    await page.settle();
    expect(page.sendMessage).not.toHaveBeenCalled();
    page.window.dispatchEvent(new page.window.Event('load'));
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
  });

  it('on a site switched off, asks again when the settings change, and only then', async () => {
    const page = openPage('<blockquote class="twitter-tweet"></blockquote>', { reply: 'off' });
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
    const changed = (changes: Record<string, unknown>, area: string) =>
      [...page.listeners].forEach((listener) => listener(changes, area));
    changed({ other: {} }, 'local');
    changed({ settings: {} }, 'sync');
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
    page.setReply('started');
    changed({ settings: { newValue: {} } }, 'local');
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(2);
    // Started: nothing listens any more.
    expect(page.listeners.size).toBe(0);
  });

  it('stops when its extension is gone (the message fails)', async () => {
    const page = openPage('<main></main>', { reply: new Error('Extension context invalidated.') });
    await page.settle();
    page.document.querySelector('main')!.innerHTML = '<blockquote class="twitter-tweet"></blockquote>';
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
    page.document.querySelector('main')!.innerHTML += '<iframe></iframe>';
    await page.settle();
    expect(page.sendMessage).toHaveBeenCalledTimes(1);
  });
});
