import { describe, expect, it } from 'vitest';
import { BoundedCache, cachePromise } from '../../../src/util/bounded-cache';

describe('BoundedCache', () => {
  it('keeps at most maxEntries, dropping the least recently used; get counts as a use, peek does not', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 3 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // order now b, c, a
    expect(cache.peek('b')).toBe(2); // still b, c, a
    cache.set('d', 4); // b goes
    expect(cache.keys()).toEqual(['c', 'a', 'd']);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(3);
  });

  it('keeps at most maxWeight, never dropping the entry just set or grown', () => {
    const cache = new BoundedCache<string, string>({ maxWeight: 10 });
    cache.set('a', 'A', 4);
    cache.set('b', 'B', 4);
    expect(cache.weight).toBe(8);
    cache.addWeight('a', 3); // 11 > 10: b, the least recently used but a, goes
    expect(cache.keys()).toEqual(['a']);
    expect(cache.weight).toBe(7);
    cache.set('big', 'X', 50); // over the budget alone: everything else goes, it stays
    expect(cache.keys()).toEqual(['big']);
    expect(cache.weight).toBe(50);
    cache.addWeight('gone', 5); // no such entry: nothing changes
    expect(cache.weight).toBe(50);
  });

  it('setting a key again replaces its value and weight; delete and clear forget', () => {
    const cache = new BoundedCache<string, number>({});
    cache.set('a', 1, 5);
    cache.set('a', 2, 1);
    expect([cache.get('a'), cache.weight, cache.size]).toEqual([2, 1, 1]);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    cache.set('b', 1, 2);
    cache.clear();
    expect([cache.size, cache.weight, cache.keys()]).toEqual([0, 0, []]);
  });
});

describe('cachePromise', () => {
  it('loads once and gives the same promise while it is kept', async () => {
    const cache = new BoundedCache<string, Promise<number>>({ maxEntries: 2 });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    const first = cachePromise(cache, 'k', load);
    expect(cachePromise(cache, 'k', load)).toBe(first);
    expect(await first).toBe(1);
    expect(loads).toBe(1);
  });

  it('drops a promise that fails, so that the next call loads again', async () => {
    const cache = new BoundedCache<string, Promise<number>>({ maxEntries: 2 });
    const failed = cachePromise(cache, 'k', () => Promise.reject(new Error('disk')));
    await expect(failed).rejects.toThrow('disk');
    expect(cache.size).toBe(0);
    expect(await cachePromise(cache, 'k', () => Promise.resolve(2))).toBe(2);
  });

  it('a promise that fails after its entry was replaced leaves the new one', async () => {
    const cache = new BoundedCache<string, Promise<number>>({});
    let fail!: (error: Error) => void;
    const old = cachePromise(cache, 'k', () => new Promise<number>((_, reject) => (fail = reject)));
    const fresh = Promise.resolve(3);
    cache.set('k', fresh);
    fail(new Error('late'));
    await expect(old).rejects.toThrow('late');
    expect(cache.peek('k')).toBe(fresh);
  });

  it('weighs the value once it is there, and drops others to stay within maxWeight', async () => {
    const cache = new BoundedCache<string, Promise<string>>({ maxWeight: 10 });
    await cachePromise(
      cache,
      'a',
      () => Promise.resolve('aaaaaa'),
      (s) => s.length,
    );
    expect(cache.weight).toBe(6);
    await cachePromise(
      cache,
      'b',
      () => Promise.resolve('bbbbbb'),
      (s) => s.length,
    );
    expect(cache.keys()).toEqual(['b']);
    expect(cache.weight).toBe(6);
  });
});
