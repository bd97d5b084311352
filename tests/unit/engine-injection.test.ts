/**
 * The background's side of the two stages (src/background/engine-injection.ts, src/content/engine-once.ts,
 * src/messages/ask-tab.ts): only the extension's own content script may ask for the engine, and
 * only extension pages may have it injected into a tab; the engine goes into the asking frame,
 * at most once per document, only where the site is on, with each browser's own API; the cards'
 * file goes into the frame of the engine that asks for it (src/content/cards-on-demand.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { createEngineInjector, injectFilesWith } from '../../src/background/engine-injection';
import { loadCardsWith, offerCards } from '../../src/content/cards-on-demand';
import { claimDocument } from '../../src/content/engine-once';
import { askTab } from '../../src/messages/ask-tab';
import { answerMessage } from '../../src/messages/protocol';

const runtime = { id: 'ext-id', getURL: (path: string) => `chrome-extension://ext-id${path}` };
const contentSender = (tabId: number, frameId: number, extra: Record<string, unknown> = {}) => ({
  id: 'ext-id',
  url: 'https://news.example/story',
  tab: { id: tabId, url: 'https://news.example/story' } as never,
  frameId,
  ...extra,
});
const pageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

function makeInjector(on = true, learns = false) {
  const inject = vi.fn<(tabId: number, frameId: number, files: readonly string[]) => Promise<void>>(async () => {});
  const onOff = vi.fn();
  let siteOn = on;
  const injector = createEngineInjector({ inject, isOn: async () => siteOn, learnsOn: async () => learns, onOff });
  return { injector, inject, onOff, switchOn: () => void (siteOn = true) };
}

describe('who may ask', () => {
  const handlers = {
    'start-engine': vi.fn(async () => 'started' as const),
    'inject-engine': vi.fn(async () => true),
  };
  it('start-engine: the extension’s content scripts only', async () => {
    const message = { type: 'start-engine', document: 'a'.repeat(32) };
    expect(await answerMessage(handlers, message, contentSender(3, 0), runtime)).toEqual({
      ok: true,
      value: 'started',
    });
    // Another extension's content script, an extension page, a sender with no tab.
    for (const sender of [
      { ...contentSender(3, 0), id: 'other' },
      pageSender,
      { id: 'ext-id', url: 'https://a.example/' },
    ]) {
      expect(await answerMessage(handlers, message, sender, runtime)).toMatchObject({ ok: false });
    }
  });
  it('load-cards: the extension’s content scripts only; any other sender injects nothing', async () => {
    const { injector, inject } = makeInjector();
    const cardHandlers = {
      'load-cards': vi.fn((_message: unknown, sender: Parameters<typeof injector.cardsFor>[0]) =>
        injector.cardsFor(sender),
      ),
    };
    const message = { type: 'load-cards' };
    // A page's own script has no runtime.sendMessage to this extension (no externally_connectable);
    // what could reach the background is another extension, an extension page, or a sender with no tab.
    for (const sender of [
      { ...contentSender(3, 0), id: 'other' },
      { id: 'other', url: 'https://news.example/story' },
      pageSender,
      { id: 'ext-id', url: 'https://a.example/' },
      { id: 'ext-id', url: 'javascript:void 0', tab: { id: 3 } as never, frameId: 0 },
    ]) {
      expect(await answerMessage(cardHandlers, message, sender, runtime)).toMatchObject({ ok: false });
    }
    expect(cardHandlers['load-cards']).not.toHaveBeenCalled();
    expect(inject).not.toHaveBeenCalled();
    expect(await answerMessage(cardHandlers, message, contentSender(3, 4), runtime)).toEqual({ ok: true, value: true });
    expect(inject.mock.calls).toEqual([[3, 4, ['content-cards.js']]]);
  });
  it('inject-engine: the extension’s own pages only, never a content script', async () => {
    const message = { type: 'inject-engine', tabId: 4 };
    expect(await answerMessage(handlers, message, pageSender, runtime)).toEqual({ ok: true, value: true });
    expect(await answerMessage(handlers, message, contentSender(3, 0), runtime)).toMatchObject({ ok: false });
  });
});

describe('the engine injector', () => {
  it('injects into the asking frame, once per document (Chrome names the document)', async () => {
    const { injector, inject } = makeInjector();
    const sender = contentSender(7, 2, { documentId: 'DOC-1' });
    expect(await injector.startFor(sender, 'token-a')).toBe('started');
    expect(await injector.startFor(sender, 'token-b')).toBe('started');
    expect(inject.mock.calls).toEqual([[7, 2, ['content-engine.js']]]);
    // The frame's next document gets its own engine.
    await injector.startFor(contentSender(7, 2, { documentId: 'DOC-2' }), 'token-a');
    expect(inject.mock.calls).toEqual([
      [7, 2, ['content-engine.js']],
      [7, 2, ['content-engine.js']],
    ]);
  });

  it('where the browser names no document (Firefox), by the first stage’s token', async () => {
    const { injector, inject } = makeInjector();
    await Promise.all([
      injector.startFor(contentSender(7, 0), 'token-a'),
      injector.startFor(contentSender(7, 0), 'token-a'),
    ]);
    expect(inject).toHaveBeenCalledTimes(1);
    await injector.startFor(contentSender(7, 0), 'token-b');
    expect(inject).toHaveBeenCalledTimes(2);
    await expect(injector.startFor(contentSender(7, 0), 'x'.repeat(65))).rejects.toThrow();
    await expect(injector.startFor(contentSender(7, 0), 42)).rejects.toThrow();
  });

  it('injects nothing on a site switched off, says so, and injects once it is on', async () => {
    const { injector, inject, onOff, switchOn } = makeInjector(false);
    expect(await injector.startFor(contentSender(5, 0), 'token')).toBe('off');
    expect(inject).not.toHaveBeenCalled();
    expect(onOff).toHaveBeenCalledWith(5);
    switchOn();
    expect(await injector.startFor(contentSender(5, 0), 'token')).toBe('started');
    expect(inject).toHaveBeenCalledTimes(1);
  });

  it('tries again after an injection that failed', async () => {
    const { injector, inject } = makeInjector();
    inject.mockRejectedValueOnce(new Error('Cannot access contents of the page'));
    await expect(injector.startFor(contentSender(5, 0), 'token')).rejects.toThrow();
    expect(await injector.startFor(contentSender(5, 0), 'token')).toBe('started');
    expect(inject).toHaveBeenCalledTimes(2);
  });

  it('for an extension page, into the tab’s top frame, whether the site is on or not', async () => {
    const { injector, inject } = makeInjector(false);
    expect(await injector.injectInto(9)).toBe(true);
    expect(inject.mock.calls).toEqual([[9, 0, ['content-engine.js']]]);
    await expect(injector.injectInto('9')).rejects.toThrow();
  });

  it('brings the learner in with the engine where learning is on for the page, and only there', async () => {
    const learning = makeInjector(true, true);
    await learning.injector.startFor(contentSender(7, 2), 'token-a');
    expect(learning.inject.mock.calls).toEqual([[7, 2, ['content-engine.js', 'content-learner.js']]]);
    // Asked again for the same document: nothing more, the learner included.
    await learning.injector.startFor(contentSender(7, 2), 'token-a');
    expect(learning.inject).toHaveBeenCalledTimes(1);
    // The popup's injection is for the report only.
    await learning.injector.injectInto(7);
    expect(learning.inject.mock.calls[1]).toEqual([7, 0, ['content-engine.js']]);
    const off = makeInjector(false, true);
    expect(await off.injector.startFor(contentSender(7, 2), 'token-a')).toBe('off');
    expect(off.inject).not.toHaveBeenCalled();
  });

  it('uses scripting.executeScript in MV3 and tabs.executeScript in MV2, with the engine file', async () => {
    const executeScript = vi.fn(async () => []);
    const mv3 = injectFilesWith({
      runtime: { getManifest: () => ({ manifest_version: 3 }) },
      scripting: { executeScript },
      tabs: {},
    });
    await mv3(7, 2, ['content-engine.js']);
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [2] }, files: ['/content-engine.js'] });
    await mv3(7, 2, ['content-engine.js', 'content-learner.js']);
    expect(executeScript).toHaveBeenLastCalledWith({
      target: { tabId: 7, frameIds: [2] },
      files: ['/content-engine.js', '/content-learner.js'],
    });
    const tabsExecuteScript = vi.fn(async () => []);
    const mv2 = injectFilesWith({
      runtime: { getManifest: () => ({ manifest_version: 2 }) },
      tabs: { executeScript: tabsExecuteScript },
    });
    await mv2(7, 2, ['content-engine.js']);
    expect(tabsExecuteScript.mock.calls).toEqual([[7, { file: '/content-engine.js', frameId: 2 }]]);
    await mv2(7, 2, ['content-engine.js', 'content-learner.js']);
    expect(tabsExecuteScript.mock.calls.slice(1)).toEqual([
      [7, { file: '/content-engine.js', frameId: 2 }],
      [7, { file: '/content-learner.js', frameId: 2 }],
    ]);
  });
});

describe('the cards, brought in with the first card', () => {
  const renderers = (css: string) => ({ css, renderCard: vi.fn(), renderNeutralCard: vi.fn() });

  it('go into the frame of the engine that asks, and nowhere without a tab', async () => {
    const { injector, inject } = makeInjector(false);
    expect(await injector.cardsFor(contentSender(8, 5))).toBe(true);
    expect(inject.mock.calls).toEqual([[8, 5, ['content-cards.js']]]);
    await expect(injector.cardsFor({ id: 'ext-id', url: 'https://a.example/' })).rejects.toThrow();
    expect(inject).toHaveBeenCalledTimes(1);
  });

  it('are injected once per engine, taken from the global its file leaves them on, and asked again after a failure', async () => {
    const world = {};
    const fresh = renderers('fresh');
    // A copy an updated extension's engine left behind is not used: this engine has its own injected.
    offerCards(world, renderers('stale'));
    const inject = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new Error('Could not establish connection'))
      .mockImplementation(async () => offerCards(world, fresh));
    const load = loadCardsWith(world, inject);
    await expect(load()).rejects.toThrow('Could not establish connection');
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(fresh);
    expect(b).toBe(fresh);
    expect(await load()).toBe(fresh);
    expect(inject).toHaveBeenCalledTimes(2);
    expect(Object.getOwnPropertySymbols(world)).toEqual([]);
    expect(Object.keys(world)).toEqual([]);
  });

  it('fail, to be asked again, when the injection left nothing', async () => {
    const world = {};
    const inject = vi.fn(async () => {});
    const load = loadCardsWith(world, inject);
    await expect(load()).rejects.toThrow();
    inject.mockImplementation(async () => offerCards(world, renderers('late')));
    expect((await load()).css).toBe('late');
  });
});

describe('one engine per document', () => {
  it('a second copy does nothing while the first runs, and takes over from a copy whose extension went', () => {
    const world = {};
    let firstAlive = true;
    expect(claimDocument(world, () => firstAlive)).toBe(true);
    expect(claimDocument(world, () => true)).toBe(false);
    firstAlive = false;
    expect(claimDocument(world, () => true)).toBe(true);
    expect(Object.keys(world)).toEqual([]);
  });

  it('the learner claims the document apart from the engine', () => {
    const world = {};
    expect(claimDocument(world, () => true)).toBe(true);
    expect(claimDocument(world, () => true, 'learner')).toBe(true);
    expect(claimDocument(world, () => true, 'learner')).toBe(false);
    expect(claimDocument(world, () => true)).toBe(false);
  });
});

describe('asking a tab', () => {
  it('brings in the engine where none answers, then asks again', async () => {
    const report = { ok: true, value: { url: 'https://a.example/' } };
    const sendMessage = vi
      .fn()
      .mockRejectedValueOnce(new Error('Receiving end does not exist'))
      .mockResolvedValue(report);
    const inject = vi.fn(async () => true);
    expect(await askTab({ tabs: { sendMessage } } as never, 4, { type: 'get-report' }, inject)).toEqual(report.value);
    expect(inject).toHaveBeenCalledWith(4);
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });
  it('gives up with the first error where nothing can be injected (a browser page)', async () => {
    const sendMessage = vi.fn().mockRejectedValue(new Error('Receiving end does not exist'));
    await expect(
      askTab({ tabs: { sendMessage } } as never, 4, { type: 'get-report' }, async () => false),
    ).rejects.toThrow('Receiving end');
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });
});
