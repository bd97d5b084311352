import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { fingerprintText, titleFingerprints } from '../../src/archive/keys';
import type { EmbedMatch } from '../../src/messages/lookup';
import { startBackground } from '../../src/background/start';
import {
  answerContentMessage,
  answerMessage,
  classifySender,
  isMessage,
  listenForMessages,
  sendToBackground,
  type Handlers,
} from '../../src/messages/protocol';
import type { WebExtension } from '../../src/messages/web-extension';
import { buildMemoryArchive, SEED_PARAGRAPHS, SEED_TITLE, seedRecords } from './helpers/archive';
import { readActionIcon } from './setup';

type Sender = Browser.runtime.MessageSender;

/** The files public/icon/ holds (drawn by scripts/build-icons.ts), as the toolbar takes them. */
const ON_ICON = { 16: '/icon/16.png', 32: '/icon/32.png' };
const OFF_ICON = { 16: '/icon/off-16.png', 32: '/icon/off-32.png' };

const runtime = {
  id: 'ext-id',
  getURL: (path: string) => `chrome-extension://ext-id/${path.replace(/^\//, '')}`,
} as unknown as Pick<WebExtension['runtime'], 'id' | 'getURL'>;

const contentSender: Sender = { id: 'ext-id', tab: { id: 5 } as Browser.tabs.Tab, url: 'https://example.com/a' };
const pageSender: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

describe('answerMessage', () => {
  const handlers = (): Handlers<'get-article' | 'get-report' | 'lookup'> => ({
    'get-article': vi.fn(async () => null),
    'get-report': vi.fn(() => ({ url: 'u', hostname: 'h', enabled: true, embeds: [] })),
    lookup: vi.fn(async () => []),
  });

  it('refuses messages of unknown type, or not messages at all', async () => {
    const h = handlers();
    for (const message of [
      { type: 'delete-everything' },
      { type: 'report-changed', summary: {} }, // known type, but no handler here
      { kind: 'lookup' },
      'lookup',
      null,
      undefined,
      42,
      { type: 'hasOwnProperty' },
      { type: '__proto__' },
    ]) {
      const reply = await answerMessage(h, message, contentSender, runtime);
      expect(reply, JSON.stringify(message)).toEqual({ ok: false, error: expect.stringMatching(/^unknown message/) });
    }
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });

  it('refuses a content-only message from an extension page', async () => {
    const h = handlers();
    const reply = await answerMessage(
      h,
      { type: 'lookup', page: { urls: [], titles: [] }, embeds: [] },
      pageSender,
      runtime,
    );
    expect(reply).toEqual({ ok: false, error: 'message "lookup" refused from this sender' });
    expect(h.lookup).not.toHaveBeenCalled();
  });

  it('refuses a page-only message from a content script', async () => {
    const h = handlers();
    const reply = await answerMessage(h, { type: 'get-report' }, contentSender, runtime);
    expect(reply).toEqual({ ok: false, error: 'message "get-report" refused from this sender' });
    expect(h['get-report']).not.toHaveBeenCalled();
  });

  it('refuses senders from another extension, or with no tab and no extension URL', async () => {
    const h = handlers();
    const others: Sender[] = [
      { ...contentSender, id: 'other-extension' },
      { ...pageSender, id: 'other-extension' },
      { id: 'ext-id' },
      { id: 'ext-id', url: 'https://example.com/' }, // no tab
      { id: 'ext-id', tab: { id: -1 } as Browser.tabs.Tab, url: 'https://example.com/' },
      { id: 'ext-id', tab: { id: 5 } as Browser.tabs.Tab, url: 'chrome://settings/' },
      { id: 'ext-id', url: 'chrome-extension://other-id/popup.html' },
    ];
    for (const sender of others) {
      expect(
        await answerMessage(h, { type: 'get-article', articleId: 'a1' }, sender, runtime),
        JSON.stringify(sender),
      ).toEqual({ ok: false, error: 'message "get-article" refused from this sender' });
    }
    expect(h['get-article']).not.toHaveBeenCalled();
  });

  it('runs the handler for an allowed sender and wraps its value', async () => {
    const h = handlers();
    const message = { type: 'get-article', articleId: 'a1fc2f706b8e751' };
    expect(await answerMessage(h, message, contentSender, runtime)).toEqual({ ok: true, value: null });
    expect(await answerMessage(h, message, pageSender, runtime)).toEqual({ ok: true, value: null });
    expect(h['get-article']).toHaveBeenCalledTimes(2);
    expect(h['get-article']).toHaveBeenCalledWith(message, contentSender);
    expect(await answerMessage(h, { type: 'get-report' }, pageSender, runtime)).toEqual({
      ok: true,
      value: { url: 'u', hostname: 'h', enabled: true, embeds: [] },
    });
  });

  it('turns handler exceptions and rejections into {ok:false,error}', async () => {
    const throwing: Handlers<'get-article' | 'lookup'> = {
      'get-article': () => {
        throw new Error('bad article id');
      },
      lookup: () => Promise.reject('background is busy'),
    };
    expect(await answerMessage(throwing, { type: 'get-article', articleId: 'x' }, contentSender, runtime)).toEqual({
      ok: false,
      error: 'bad article id',
    });
    expect(
      await answerMessage(
        throwing,
        { type: 'lookup', page: { urls: [], titles: [] }, embeds: [] },
        contentSender,
        runtime,
      ),
    ).toEqual({ ok: false, error: 'background is busy' });
  });

  it('classifySender tells content scripts from extension pages', () => {
    expect(classifySender(contentSender, runtime)).toBe('content');
    expect(classifySender({ ...contentSender, url: 'file:///home/me/page.html' }, runtime)).toBe('content');
    expect(classifySender(pageSender, runtime)).toBe('extension-page');
    expect(classifySender({ ...contentSender, id: 'x' }, runtime)).toBeNull();
    expect(isMessage({ type: 'lookup' })).toBe(true);
    expect(isMessage({ type: 'toString' })).toBe(false);
  });
});

describe('the content script answers the popup only (answerContentMessage, listenForMessages)', () => {
  const handlers = (): Handlers<'get-report' | 'rescan' | 'reveal-embed'> => ({
    'get-report': vi.fn(() => ({ url: 'u', hostname: 'h', enabled: true, embeds: [] })),
    rescan: vi.fn(() => ({ url: 'u', hostname: 'h', enabled: true, embeds: [] })),
    'reveal-embed': vi.fn(() => true),
  });

  it("answers the popup's three questions, checked, and nothing else", async () => {
    const h = handlers();
    expect(await answerContentMessage(h, { type: 'reveal-embed', key: 3, extra: 'x' }, pageSender, runtime)).toEqual({
      ok: true,
      value: true,
    });
    expect(h['reveal-embed']).toHaveBeenCalledWith({ type: 'reveal-embed', key: 3 }, pageSender);
    expect(await answerContentMessage(h, { type: 'reveal-embed', key: 'x' }, pageSender, runtime)).toEqual({
      ok: false,
      error: 'bad embed key',
    });
    // A content script (another frame's copy, or a compromised one) may not ask.
    expect(await answerContentMessage(h, { type: 'get-report' }, contentSender, runtime)).toEqual({
      ok: false,
      error: 'message "get-report" refused from this sender',
    });
    // The background's messages are unknown here, even with a handler of that name.
    for (const message of [{ type: 'lookup', page: {}, embeds: [] }, { type: 'update-settings' }, null, 'rescan']) {
      const withExtra = { ...h, lookup: vi.fn(), 'update-settings': vi.fn() } as typeof h;
      expect(await answerContentMessage(withExtra, message, pageSender, runtime)).toEqual({
        ok: false,
        error: expect.stringMatching(/^unknown message/),
      });
    }
    expect(h['get-report']).not.toHaveBeenCalled();
  });

  it('replies through sendResponse and keeps the channel open (Chrome ignores a returned promise)', async () => {
    let listener: ((message: unknown, sender: Sender, sendResponse: (r: unknown) => void) => unknown) | null = null;
    const onMessage = {
      addListener: vi.fn((l: typeof listener) => (listener = l)),
      removeListener: vi.fn((l: typeof listener) => {
        if (l === listener) listener = null;
      }),
    };
    const unlisten = listenForMessages({ onMessage } as never, async (message) => ({ ok: true, value: message }));
    const sendResponse = vi.fn();
    expect(listener!({ type: 'get-report' }, pageSender, sendResponse)).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true, value: { type: 'get-report' } }));
    // A popup that closed meanwhile: sendResponse throws, nothing breaks.
    const closed = vi.fn(() => {
      throw new Error('port closed');
    });
    listener!({ type: 'rescan' }, pageSender, closed);
    await vi.waitFor(() => expect(closed).toHaveBeenCalled());
    unlisten();
    expect(listener).toBeNull();
  });
});

describe('answerMessage: the payload checks of the protocol table', () => {
  it('hands the handler only the fields the check knows, each made sound', async () => {
    const seen: unknown[] = [];
    const h: Handlers<'lookup' | 'get-tweets' | 'update-settings'> = {
      lookup: (message) => {
        seen.push(message);
        return [];
      },
      'get-tweets': (message) => {
        seen.push(message);
        return [];
      },
      'update-settings': (message) => {
        seen.push(message);
        return message.next;
      },
    };
    await answerMessage(
      h,
      {
        type: 'lookup',
        page: { urls: ['https://example.com/a', 7], titles: 'x', extra: 1 },
        embeds: [{ tweetId: '20', before: ['k'], after: [null], html: '<b>' }],
        evil: true,
      },
      contentSender,
      runtime,
    );
    await answerMessage(h, { type: 'get-tweets', ids: ['20', '01', 'x', 20] }, pageSender, runtime);
    await answerMessage(
      h,
      { type: 'update-settings', base: null, next: { mode: 'only-listed', rules: ['a.example on', 3] } },
      pageSender,
      runtime,
    );
    expect(seen).toEqual([
      {
        type: 'lookup',
        page: { urls: ['https://example.com/a'], titles: [] },
        embeds: [{ tweetId: '20', before: ['k'], after: [] }],
      },
      { type: 'get-tweets', ids: ['20'] },
      {
        type: 'update-settings',
        base: {
          mode: 'everywhere-except',
          rules: [],
          readerTextSize: 100,
          userArchiveRules: [],
          learning: false,
          learningRules: [],
        },
        next: {
          mode: 'only-listed',
          rules: ['a.example on'],
          readerTextSize: 100,
          userArchiveRules: [],
          learning: false,
          learningRules: [],
        },
      },
    ]);
  });

  it('answers an error, and runs no handler, when a payload cannot be made sound', async () => {
    const h: Handlers<'report-changed' | 'reveal-embed' | 'get-tweets' | 'search-library'> = {
      'report-changed': vi.fn(() => null),
      'reveal-embed': vi.fn(() => true),
      'get-tweets': vi.fn(() => []),
      'search-library': vi.fn(() => ({ items: [], total: 0 }) as never),
    };
    const refused: [unknown, Sender, string][] = [
      [
        { type: 'report-changed', summary: { repaired: '<img>', broken: 0, found: 0, enabled: true } },
        contentSender,
        'bad report',
      ],
      [
        { type: 'report-changed', summary: { repaired: -1, broken: 0, found: 0, enabled: true } },
        contentSender,
        'bad report',
      ],
      [{ type: 'report-changed' }, contentSender, 'bad report'],
      [{ type: 'reveal-embed', key: '3' }, pageSender, 'bad embed key'],
      [{ type: 'reveal-embed', key: 1.5 }, pageSender, 'bad embed key'],
      [{ type: 'get-tweets', ids: 'all' }, pageSender, 'bad tweet ids'],
      [{ type: 'get-tweets', ids: Array.from({ length: 501 }, () => '1') }, pageSender, 'bad tweet ids'],
      [{ type: 'search-library', query: 'a', offset: 0, limit: 1000 }, pageSender, 'bad library query'],
    ];
    for (const [message, sender, error] of refused) {
      const reply = await answerMessage(h, message, sender, runtime);
      expect(reply, JSON.stringify(message)).toEqual({ ok: false, error: expect.stringContaining(error) });
    }
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });
});

describe('startBackground with fakeBrowser', () => {
  const browser = fakeBrowser as unknown as WebExtension;
  const sender = (): Sender => ({
    id: fakeBrowser.runtime.id,
    tab: { id: 5 } as Browser.tabs.Tab,
    url: 'https://example.com/',
  });
  const fp = (text: string) => fingerprintText(text) as string;

  function start() {
    const archive = buildMemoryArchive(seedRecords());
    startBackground(browser, archive.reader);
    return archive;
  }

  async function send(message: unknown, from: Sender = sender()) {
    const replies = await fakeBrowser.runtime.onMessage.trigger(message, from);
    expect(replies).toHaveLength(1);
    return replies[0];
  }

  it('answers a lookup from a content script with the archived match', async () => {
    start();
    const seed = seedRecords().articles[0]!;
    const reply = await send({
      type: 'lookup',
      page: { urls: ['https://example.com/'], titles: titleFingerprints(SEED_TITLE) },
      embeds: [
        { tweetId: '1501707808009506816', before: [fp(SEED_PARAGRAPHS[2]!)], after: [fp(SEED_PARAGRAPHS[3]!)] },
        { tweetId: null, before: [], after: [] },
      ],
    });
    expect(reply.ok).toBe(true);
    const [first, second] = reply.value as (EmbedMatch | null)[];
    expect(first?.article?.id).toBe(seed.id);
    expect(first?.by).toBe('text');
    expect(first?.passage?.position).toBe(3);
    expect(second).toBeNull();
  });

  it('answers get-article, and refuses a malformed article id', async () => {
    start();
    const seed = seedRecords().articles[0]!;
    expect(await send({ type: 'get-article', articleId: seed.id })).toEqual({ ok: true, value: seed });
    expect(await send({ type: 'get-article', articleId: '../manifest' })).toEqual({
      ok: false,
      error: 'bad article id',
    });
  });

  it('replies with an error to unknown messages and to refused senders', async () => {
    start();
    expect(await send({ type: 'format-disk' })).toEqual({
      ok: false,
      error: expect.stringContaining('unknown message'),
    });
    expect(await send({ type: 'get-report' })).toEqual({
      ok: false,
      error: expect.stringContaining('unknown message'),
    });
    expect(await send({ type: 'lookup', page: {}, embeds: [] }, { ...sender(), id: 'another-extension' })).toEqual({
      ok: false,
      error: 'message "lookup" refused from this sender',
    });
  });

  it('refuses an oversized or malformed lookup, and ignores bad keys', async () => {
    const archive = start();
    expect(await send({ type: 'lookup', page: {}, embeds: 'all' })).toEqual({ ok: false, error: 'bad lookup' });
    expect(await send({ type: 'lookup', page: {}, embeds: Array.from({ length: 501 }, () => ({})) })).toEqual({
      ok: false,
      error: 'bad lookup',
    });
    const reply = await send({
      type: 'lookup',
      page: { urls: [42, null, 'x'.repeat(5000)], titles: 'nope' },
      embeds: [null, { tweetId: 1501707808009506816, before: [{}], after: 'x' }],
    });
    expect(reply).toEqual({ ok: true, value: [null, null] });
    expect(archive.reads.every((p) => !p.includes('..'))).toBe(true);
  });

  it('report-changed sets the badge of the sender tab', async () => {
    start();
    expect(
      await send({ type: 'report-changed', summary: { repaired: 1, broken: 0, found: 1, enabled: true } }),
    ).toEqual({
      ok: true,
      value: null,
    });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('1');
    expect(await fakeBrowser.action.getTitle({ tabId: 5 })).toBe('Tweet Mender: 1 embed(s) repaired on this page');
    expect(readActionIcon(5)).toEqual(ON_ICON);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 6 })).toBe('');
    expect(readActionIcon(6)).toBeUndefined();

    await send({ type: 'report-changed', summary: { repaired: 0, broken: 1, found: 1, enabled: false } });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('off');
    expect(await fakeBrowser.action.getTitle({ tabId: 5 })).toBe('Tweet Mender is off on this site');
    // The greyed icon, on this tab only.
    expect(readActionIcon(5)).toEqual(OFF_ICON);
    expect(readActionIcon(6)).toBeUndefined();

    await send({ type: 'report-changed', summary: { repaired: 0, broken: 1, found: 1, enabled: true } });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('');
    expect(await fakeBrowser.action.getTitle({ tabId: 5 })).toBe('Tweet Mender');
    expect(readActionIcon(5)).toEqual(ON_ICON);
  });

  it('an extension page may not set a badge', async () => {
    start();
    const reply = await send(
      { type: 'report-changed', summary: { repaired: 3, broken: 0, found: 3, enabled: true } },
      { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') },
    );
    expect(reply.ok).toBe(false);
  });

  it('sendToBackground unwraps replies and throws the error of a refusal', async () => {
    start();
    // fakeBrowser.runtime.sendMessage delivers with an empty sender: the background must refuse it.
    await expect(sendToBackground(browser, { type: 'get-article', articleId: 'a1fc2f706b8e751' })).rejects.toThrow(
      'message "get-article" refused from this sender',
    );
  });
});
