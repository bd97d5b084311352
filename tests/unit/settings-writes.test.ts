/**
 * Settings writes from the popup, the options page, the reader and the
 * keyboard shortcut never lose each other's changes; the options page's
 * rules editor keeps unsaved edits when a setting changes elsewhere; a rules
 * import of 100,000 lines is done in chunks with linear work; a binary file
 * offered as rules is refused (docs/security.md, "Hostile file").
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { toggleSiteOfTab } from '../../src/background/commands';
import { startBackground } from '../../src/background/start';
import type { ArchiveReader } from '../../src/archive/packaged-archive';
import type { PackagedIndexFiles, UserIndexFiles } from '../../src/library/library';
import type { WebExtension } from '../../src/messages/web-extension';
import { MAX_LISTED_RULES, renderSiteRulesSection } from '../../src/options/site-rules';
import { addRuleLines, readRulesFile, RULES_FILE_LIMITS } from '../../src/sites/rules-file';
import { changeSettings, mergeLines, readSettings, saveSettings, updateSettings } from '../../src/sites/settings';

const browser = fakeBrowser as unknown as WebExtension;
/** An empty archive, packaged and the user's: no records and no search index. */
const nothing: ArchiveReader & PackagedIndexFiles & UserIndexFiles & { hasRecords(): Promise<boolean> } = {
  hasRecords: async () => false,
  getTweet: async () => null,
  getArticle: async () => null,
  findArticlesByUrl: async () => [],
  findText: async () => [],
  readFile: async () => undefined,
  readSearchFile: async () => undefined,
  changeCount: () => 0,
};

/** The background, answering the extension's pages as the browser delivers their messages (from a page URL). */
function startTheBackground() {
  startBackground(browser, nothing, nothing);
  const page = {
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL('/popup.html'),
  } as Browser.runtime.MessageSender;
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) =>
    (await fakeBrowser.runtime.onMessage.trigger(message, page)).find((reply: unknown) => reply !== undefined),
  );
}

/** A tab whose content script reports the given page, for the shortcut. */
function withTab(url: string, enabled: boolean) {
  Object.assign(fakeBrowser.tabs, {
    sendMessage: vi.fn(async () => ({
      ok: true,
      value: { url, hostname: new URL(url).hostname, enabled, embeds: [] },
    })),
  });
}

describe('settings writes from several places at once', () => {
  beforeEach(startTheBackground);

  it('the popup, the options page, the reader and the shortcut, all at once: every change is kept', async () => {
    await changeSettings((s) => ({ ...s, rules: ['old.example off'] }));
    withTab('https://www.news.example/story', true);
    // Each starts from the same stored value, as pages open at the same moment do.
    await Promise.all([
      updateSettings((s) => ({ ...s, rules: [...s.rules, 'added.example off'] })), // options: add a rule
      updateSettings((s) => ({ ...s, readerTextSize: 130 })), // popup or reader: text size
      updateSettings((s) => ({ ...s, rules: s.rules.filter((r) => r !== 'old.example off') })), // options: remove
      updateSettings((s) => ({ ...s, mode: 'everywhere-except', rules: [...s.rules, 'https://a.example/p on'] })),
      toggleSiteOfTab(browser, 4), // the shortcut, in the background
    ]);
    const settings = await readSettings();
    expect(settings.readerTextSize).toBe(130);
    expect(new Set(settings.rules)).toEqual(
      new Set(['added.example off', 'https://a.example/p on', 'news.example off']),
    );
  });

  it('a save from a page that read an older value keeps what changed since', async () => {
    const before = await readSettings();
    await updateSettings((s) => ({ ...s, rules: ['one.example off', 'two.example off'] }));
    const seen = await readSettings(); // what an options page shows
    await updateSettings((s) => ({ ...s, rules: [...s.rules, 'three.example off'], readerTextSize: 90 })); // the popup
    // The options page, from what it saw: removes one, adds one. Nothing else it saw is written back.
    await saveSettings(seen, { ...seen, rules: ['two.example off', 'four.example off'] });
    expect(await readSettings()).toEqual({
      ...before,
      readerTextSize: 90,
      rules: ['two.example off', 'four.example off', 'three.example off'],
    });
  });
});

describe('mergeLines', () => {
  const lines = fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 });

  it('keeps a line both sides have, or that one side added; drops one a side removed', () => {
    fc.assert(
      fc.property(lines, lines, lines, (base, next, current) => {
        const merged = mergeLines(base, next, current);
        for (const line of ['a', 'b', 'c', 'd', 'e', 'f']) {
          const [b, n, c] = [base.includes(line), next.includes(line), current.includes(line)];
          const expected = (n && c) || (n && !b) || (c && !b);
          expect(merged.includes(line), `${line} in ${base}|${next}|${current}`).toBe(expected);
        }
        expect(new Set(merged).size).toBe(merged.length);
        if (next.join() === base.join()) expect(merged).toEqual(current);
        if (current.join() === base.join()) expect(merged).toEqual(next);
      }),
    );
  });
});

describe('the options page rules section', () => {
  const downloads: string[] = [];
  let pauses = 0;
  const mount = async () => {
    const section = await renderSiteRulesSection({
      document,
      browser,
      download: (_name, text) => void downloads.push(text),
      pause: async () => void pauses++,
    });
    document.body.append(section);
    return section;
  };
  const $ = <T extends Element>(selector: string) => document.querySelector(selector) as T;
  const status = () => $('.site-rules [role="status"]').textContent;
  const chooseRules = (file: File) => {
    const input = $<HTMLInputElement>('#import-rules');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  };
  beforeEach(() => {
    startTheBackground();
    pauses = 0;
  });
  afterEach(() => document.body.replaceChildren());

  it('adds a rule from the form: a typo is refused with the reason tied to the field, then the rule saved', async () => {
    await mount();
    const pattern = $<HTMLInputElement>('#rule-pattern');
    const form = $<HTMLFormElement>('form.add-rule');
    pattern.value = 'not a site';
    form.requestSubmit();
    expect($('#rule-error').textContent).not.toBe('');
    expect(pattern.getAttribute('aria-invalid')).toBe('true');
    expect(pattern.getAttribute('aria-describedby')).toBe('rule-error');
    expect((await readSettings()).rules).toEqual([]);

    pattern.value = 'News.Example';
    $<HTMLSelectElement>('#rule-state').value = 'on';
    form.requestSubmit();
    await vi.waitFor(async () => expect((await readSettings()).rules).toEqual(['news.example on']));
    expect(pattern.hasAttribute('aria-invalid')).toBe(false);
    expect($('#rule-error').textContent).toBe('');
  });

  it('keeps unsaved edits in the text editor when a setting changes elsewhere, and saving keeps both', async () => {
    await changeSettings((s) => ({ ...s, rules: ['one.example off'] }));
    await mount();
    const details = $<HTMLDetailsElement>('.text-editor');
    details.open = true;
    const textarea = $<HTMLTextAreaElement>('#rules-text');
    textarea.value = 'one.example off\nmine.example off';
    textarea.focus();
    // The popup switches a site off meanwhile.
    await changeSettings((s) => ({ ...s, rules: [...s.rules, 'popup.example off'] }));
    await vi.waitFor(() => expect($('[data-rule="popup.example off"]')).not.toBeNull());
    expect($<HTMLTextAreaElement>('#rules-text')).toBe(textarea);
    expect(textarea.value).toBe('one.example off\nmine.example off');
    expect(details.open).toBe(true);
    expect(document.activeElement).toBe(textarea);
    expect($<HTMLElement>('.changed-elsewhere').hidden).toBe(false);

    $<HTMLButtonElement>('.save-text').click();
    await vi.waitFor(() => expect(status()).toBe('Saved.'));
    expect((await readSettings()).rules).toEqual(['one.example off', 'mine.example off', 'popup.example off']);
    expect(textarea.value).toBe('one.example off\nmine.example off\npopup.example off');
    expect($<HTMLElement>('.changed-elsewhere').hidden).toBe(true);

    // With nothing unsaved, the editor follows changes made elsewhere.
    await changeSettings((s) => ({ ...s, rules: s.rules.filter((r) => r !== 'one.example off') }));
    await vi.waitFor(() => expect(textarea.value).toBe('mine.example off\npopup.example off'));
  });

  it('imports 100,000 lines in chunks, with linear work, and lists the first thousand', async () => {
    await changeSettings((s) => ({ ...s, rules: ['kept.example off', 'site-8.example off'] }));
    await mount();
    const text = Array.from({ length: 100_000 }, (_, i) => `site-${i}.example ${i % 2 ? 'on' : 'off'}`).join('\n');
    chooseRules(new File([`${text}\nnot a rule\n`], 'many.txt'));
    await vi.waitFor(() => expect(status()).toContain('Imported 100001 line(s) from many.txt'), { timeout: 20_000 });
    expect(status()).toContain('1 of them are not understood');
    // One pause per 5,000 lines checked: the page is never busy for more than a chunk.
    expect(pauses).toBe(Math.ceil(100_002 / RULES_FILE_LIMITS.chunk) - 1);
    const rules = (await readSettings()).rules;
    expect(rules).toHaveLength(100_002); // site-8 was there already; "kept" stays first
    expect(rules[0]).toBe('kept.example off');
    expect(document.querySelectorAll('.rule')).toHaveLength(MAX_LISTED_RULES);
    expect($('.more-rules').textContent).toBe(
      'The first 1000 of 100002 rules are listed; edit them all as text below.',
    );
  });

  it('merges imported lines with one look-up each (no quadratic scan)', () => {
    let reads = 0;
    const counted = (list: string[]) =>
      new Proxy(list, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    const current = Array.from({ length: 20_000 }, (_, i) => `a${i}.example off`);
    const added = Array.from({ length: 20_000 }, (_, i) => `b${i}.example off`);
    const merged = addRuleLines(counted(current), counted(added));
    expect(merged).toHaveLength(40_000);
    expect(reads).toBeLessThanOrEqual(3 * (current.length + added.length));
  });

  it.each([
    ['NUL bytes', new Uint8Array([0x65, 0x78, 0x2e, 0x63, 0x6f, 0x6d, 0x20, 0x6f, 0x66, 0x66, 0x0a, 0x00, 0x01, 0x02])],
    ['bytes that are not UTF-8', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x80])],
    ['control characters', new TextEncoder().encode('a.example off\n\u001b[2Jb.example off\n')],
  ])('refuses a file with %s, naming it; the rules stay as they were', async (_what, bytes) => {
    await changeSettings((s) => ({ ...s, rules: ['kept.example off'] }));
    await mount();
    chooseRules(new File([bytes], 'picture.png'));
    await vi.waitFor(() => expect(status()).toContain('picture.png was not imported'));
    expect(status()).toBe(
      'picture.png was not imported: it is not a text file of rules (it holds NUL bytes or control characters, or is not UTF-8 text). Your rules are as they were.',
    );
    expect((await readSettings()).rules).toEqual(['kept.example off']);
  });

  it('refuses a line no rule could be, and a file larger than rules ever are, naming the limit', async () => {
    await mount();
    chooseRules(new File([`a.example off\n${'x'.repeat(10_000)} off\n`], 'long.txt'));
    await vi.waitFor(() => expect(status()).toContain('long.txt was not imported'));
    expect(status()).toBe(
      'long.txt was not imported: line 2 has 10004 characters, over the 4096 limit for one rule. Your rules are as they were.',
    );
    const big = new File([new Uint8Array(RULES_FILE_LIMITS.bytes + 1024 * 1024)], 'huge.txt');
    chooseRules(big);
    await vi.waitFor(() => expect(status()).toContain('huge.txt was not imported'));
    expect(status()).toBe(
      'huge.txt was not imported: it is 17 MiB, over the 16 MiB limit for a rules file. Your rules are as they were.',
    );
    expect((await readSettings()).rules).toEqual([]);
  });

  it('reads a rules file in chunks of lines, reporting its progress', async () => {
    const progress: number[] = [];
    let paused = 0;
    const bytes = new TextEncoder().encode(Array.from({ length: 12_345 }, (_, i) => `s${i}.example off`).join('\r\n'));
    const read = await readRulesFile(bytes, {
      pause: async () => void paused++,
      onProgress: (done) => progress.push(done),
    });
    expect('lines' in read && read.lines.length).toBe(12_345);
    expect(progress).toEqual([5000, 10_000, 12_345]);
    expect(paused).toBe(2);
  });
});
