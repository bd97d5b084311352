/**
 * A cache that keeps at most so many entries, or so much weight (bytes, say),
 * dropping the least recently used first: a long-lived reader keeps what its
 * recent work touched, never everything it ever read.
 *
 * Entries are kept in a Map, whose order is insertion order
 * (https://tc39.es/ecma262/#sec-map-objects): an entry used again is moved to
 * the end, so the first entry is always the least recently used.
 */
export interface CacheLimits {
  /** Entries kept at most (no limit when absent). */
  maxEntries?: number;
  /** Total weight kept at most (no limit when absent); an entry's weight may be learnt after it is set. */
  maxWeight?: number;
}

interface Entry<V> {
  value: V;
  weight: number;
}

export class BoundedCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #maxEntries: number;
  readonly #maxWeight: number;
  #weight = 0;

  constructor(limits: CacheLimits) {
    this.#maxEntries = limits.maxEntries ?? Number.POSITIVE_INFINITY;
    this.#maxWeight = limits.maxWeight ?? Number.POSITIVE_INFINITY;
  }

  /** The value kept for `key`, now the most recently used; undefined when none is kept. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** The value kept for `key`, leaving the order as it is. */
  peek(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Keeps `value` for `key` as the most recently used, then drops others until within the limits. */
  set(key: K, value: V, weight = 0): void {
    this.delete(key);
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    this.#evict(key);
  }

  /** Adds to the weight of `key`'s entry (its size became known, or it grew), then drops others as needed. */
  addWeight(key: K, weight: number): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    entry.weight += weight;
    this.#weight += weight;
    this.#evict(key);
  }

  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }

  /** The keys kept, least recently used first. */
  keys(): K[] {
    return [...this.#entries.keys()];
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The total weight kept. */
  get weight(): number {
    return this.#weight;
  }

  /** Drops the least recently used entries but `keep` (the one just used) until within the limits. */
  #evict(keep: K): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#weight <= this.#maxWeight) return;
      if (key === keep) continue;
      this.#entries.delete(key);
      this.#weight -= entry.weight;
    }
  }
}

/**
 * The promise `cache` keeps for `key` (now the most recently used), or
 * `load()`'s, kept from now on. A promise that fails is dropped, so that the
 * next call loads again; with `weigh`, the entry weighs what `weigh` says of
 * the value once it is there. A promise that settles after its entry was
 * replaced changes nothing.
 */
export function cachePromise<K, V>(
  cache: BoundedCache<K, Promise<V>>,
  key: K,
  load: () => Promise<V>,
  weigh?: (value: V) => number,
): Promise<V> {
  const kept = cache.get(key);
  if (kept) return kept;
  const promise = load();
  cache.set(key, promise);
  promise.then(
    (value) => {
      if (weigh && cache.peek(key) === promise) cache.addWeight(key, weigh(value));
    },
    () => {
      if (cache.peek(key) === promise) cache.delete(key);
    },
  );
  return promise;
}
