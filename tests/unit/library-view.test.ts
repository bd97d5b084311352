/**
 * The library view: browsing, searching as you type, paging, and safe
 * highlighting, against a background that answers like the real one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { highlight, PAGE_SIZE, renderLibraryView } from '../../src/library/library-view';
import type { LibraryItem, LibraryPage } from '../../src/library/types';

const items: LibraryItem[] = Array.from({ length: 45 }, (_, i) => ({
  kind: i === 0 ? 'article' : 'tweet',
  id: i === 0 ? 'a1fc2f706b8e751' : String(1500000000000000000n + BigInt(i)),
  title: i === 0 ? 'A discussion with a Russian socialist opponent of the war in Ukraine' : `Name ${i} (@handle${i})`,
  snippet:
    i === 0 ? 'describes the mood within Russia as deeply conflicted' : `tweet number ${i} about <b>bold</b> things`,
  siteName: i === 0 ? 'World Socialist Web Site' : null,
  date: i === 0 ? null : '2022-03-09T12:00:00.000Z',
  source: i % 2 ? 'user' : 'packaged',
}));

function fakeSearch() {
  return vi.fn(async (query: string, offset: number, limit: number): Promise<LibraryPage> => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const found = items.filter((item) => words.every((w) => `${item.title} ${item.snippet}`.toLowerCase().includes(w)));
    return { total: found.length, items: found.slice(offset, offset + limit) };
  });
}

describe('library view', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('browses everything, a page at a time, and shows more on request', async () => {
    const search = fakeSearch();
    const view = renderLibraryView(document, search);
    document.body.replaceChildren(view);
    await vi.waitFor(() => expect(view.querySelectorAll('.library-item')).toHaveLength(PAGE_SIZE));
    expect(view.querySelector('.library-status')?.textContent).toBe('Entries in the archive: 45.');
    const first = view.querySelector('.library-item a') as HTMLAnchorElement;
    expect(first.getAttribute('href')).toBe('reader.html?article=a1fc2f706b8e751');
    expect(view.querySelector('.library-item .item-meta')?.textContent).toBe(
      'Article · World Socialist Web Site · shipped with Tweet Mender',
    );
    (view.querySelector('#library-more') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(view.querySelectorAll('.library-item')).toHaveLength(40));
    (view.querySelector('#library-more') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(view.querySelectorAll('.library-item')).toHaveLength(45));
    expect((view.querySelector('#library-more') as HTMLButtonElement).hidden).toBe(true);
    expect(search).toHaveBeenLastCalledWith('', 40, PAGE_SIZE);
  });

  it('searches as you type, once typing pauses, and the latest query wins', async () => {
    const search = fakeSearch();
    const view = renderLibraryView(document, search);
    document.body.replaceChildren(view);
    await vi.waitFor(() => expect(search).toHaveBeenCalledTimes(1));
    const input = view.querySelector('#library-search') as HTMLInputElement;
    for (const value of ['r', 'ru', 'russia']) {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    await vi.advanceTimersByTimeAsync(200);
    expect(search).toHaveBeenCalledTimes(2);
    expect(search).toHaveBeenLastCalledWith('russia', 0, PAGE_SIZE);
    await vi.waitFor(() => expect(view.querySelectorAll('.library-item')).toHaveLength(1));
    expect(view.querySelector('.library-status')?.textContent).toBe('Found: 1.');
    const marks = [...view.querySelectorAll('.library-item mark')].map((m) => m.textContent);
    expect(marks).toEqual(['Russia', 'Russia']);

    input.value = 'nothing like this';
    input.dispatchEvent(new Event('input'));
    await vi.advanceTimersByTimeAsync(200);
    await vi.waitFor(() =>
      expect(view.querySelector('.library-status')?.textContent).toBe(
        'Nothing in the archive matches “nothing like this”.',
      ),
    );
    expect(view.querySelectorAll('.library-item')).toHaveLength(0);
  });

  it('says so when the search fails, and keeps the page usable', async () => {
    const view = renderLibraryView(document, async () => Promise.reject(new Error('background restarting')));
    document.body.replaceChildren(view);
    await vi.waitFor(() =>
      expect(view.querySelector('.library-status')?.textContent).toBe('The archive could not be searched. Try again.'),
    );
  });

  it('highlights matches as text, never as HTML', () => {
    const nodes = highlight(document, 'tweet about <b>bold</b> things', 'bold');
    const p = document.createElement('p');
    p.append(...nodes);
    expect(p.querySelector('b')).toBeNull();
    expect([...p.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['bold']);
    expect(p.textContent).toBe('tweet about <b>bold</b> things');
    expect(highlight(document, 'a (b) c', '(b)').length).toBeGreaterThan(1);
    expect(highlight(document, 'text', '').map((n) => n.textContent)).toEqual(['text']);
  });
});
