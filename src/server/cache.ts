import { canonicalJson } from '../store/cache.ts';
import { approxBytes } from './sizeof.ts';
import { forgetJson } from '../util/serialised-json.ts';

/** Where results outlive the process: the store's analysis cache, keyed by dataset version and parameters. */
export interface PersistentResultCache {
  get(versionId: number, kind: string, params: unknown): Promise<unknown | undefined>;
  set(versionId: number, kind: string, params: unknown, value: unknown): Promise<void>;
}

/** Stable cache key: the kind plus parameters as JSON with sorted keys (undefined dropped). */
export function cacheKey(kind: string, params: unknown): string {
  return `${kind}:${canonicalJson(params ?? {})}`;
}

/** Least-recently-used map bounded by entries and, when entries are given a size, by total bytes. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private readonly sizes = new Map<K, number>();
  private total = 0;
  /** Entries evicted to keep within the bounds (for tests and stats). */
  evictions = 0;
  constructor(
    readonly max: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  /** `bytes`: the entry's size; an entry larger than maxBytes is not kept at all. */
  set(key: K, value: V, bytes = 0): void {
    this.delete(key);
    this.map.set(key, value);
    this.sizes.set(key, bytes);
    this.total += bytes;
    while (this.map.size > this.max || this.total > this.maxBytes) {
      this.delete(this.map.keys().next().value as K);
      this.evictions++;
    }
  }
  delete(key: K): void {
    if (!this.map.has(key)) return;
    this.map.delete(key);
    this.total -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
  clear(): void {
    this.map.clear();
    this.sizes.clear();
    this.total = 0;
  }
  get size(): number {
    return this.map.size;
  }
  /** Sum of the entries' sizes. */
  get bytes(): number {
    return this.total;
  }
}

export interface CacheOptions {
  /** In-memory entries (default 64). */
  maxEntries?: number;
  /** In-memory bytes, as estimated by approxBytes (default 256 MiB); least recently used results go first. */
  maxBytes?: number;
  persistent?: PersistentResultCache;
}

/**
 * Results by (dataset version, parameters): memory LRU first, then the store, else computed once —
 * concurrent requests for the same key share one computation.
 */
export class ResultCache {
  private readonly memory: Lru<string, unknown>;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly persistent?: PersistentResultCache;

  constructor(options: CacheOptions = {}) {
    this.memory = new Lru(options.maxEntries ?? 64, options.maxBytes ?? 256 * 2 ** 20);
    this.persistent = options.persistent;
  }

  /** What memory holds: entries, estimated bytes, evictions so far. */
  stats(): { entries: number; bytes: number; evictions: number } {
    return { entries: this.memory.size, bytes: this.memory.bytes, evictions: this.memory.evictions };
  }

  /** Drops every in-memory result (versions were removed by another path than this server's routes). */
  forgetAll(): void {
    this.memory.clear();
  }

  /** Drops in-memory results of these versions (after an erasure or a workspace delete). */
  forgetVersions(versionIds: Iterable<number>): void {
    const prefixes = [...versionIds].map((id) => `${id}\u0000`);
    for (const k of [...this.memory.keys()]) if (prefixes.some((p) => k.startsWith(p))) this.memory.delete(k);
  }

  /** The in-memory result if there is one (no store read, no computation). */
  peek<T>(versionId: number, kind: string, params: unknown): T | undefined {
    return this.memory.get(`${versionId}\u0000${cacheKey(kind, params)}`) as T | undefined;
  }

  /** A result already computed, from memory or the store; never computes (node detail's cheap path). */
  async lookup<T>(versionId: number, kind: string, params: unknown): Promise<T | undefined> {
    const k = `${versionId}\u0000${cacheKey(kind, params)}`;
    const mem = this.memory.get(k);
    if (mem !== undefined) return mem as T;
    if (this.inflight.has(k)) return undefined; // being computed
    const stored = await this.persistent?.get(versionId, kind, params).catch(() => undefined);
    if (stored !== undefined) this.memory.set(k, stored, approxBytes(stored));
    return stored as T | undefined;
  }

  /**
   * `persist: false` keeps a newly computed result in memory only: callers who may not write (viewers)
   * must not grow the stored cache with every seed or resolution they try.
   */
  async get<T>(
    versionId: number,
    kind: string,
    params: unknown,
    compute: () => Promise<T>,
    options: { persist?: boolean } = {},
  ): Promise<{ value: T; hit: boolean }> {
    const k = `${versionId}\u0000${cacheKey(kind, params)}`;
    const mem = this.memory.get(k);
    if (mem !== undefined) return { value: mem as T, hit: true };
    const running = this.inflight.get(k);
    if (running) return { value: (await running) as T, hit: true };
    const p = (async () => {
      const stored = await this.persistent?.get(versionId, kind, params).catch(() => undefined);
      if (stored !== undefined) return { value: stored as T, hit: true };
      const value = await compute();
      if (options.persist ?? true) await this.persistent?.set(versionId, kind, params, value).catch(() => undefined);
      else forgetJson(value);
      return { value, hit: false };
    })();
    const shared = p.then((r) => r.value);
    shared.catch(() => {}); // the caller below sees the failure; waiters see it through their own await
    this.inflight.set(k, shared);
    try {
      const r = await p;
      this.memory.set(k, r.value, approxBytes(r.value));
      return r;
    } finally {
      this.inflight.delete(k);
    }
  }
}
