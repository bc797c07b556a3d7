import { canonicalJson } from '../store/cache.ts';

/** Where results outlive the process: the store's analysis cache, keyed by dataset version and parameters. */
export interface PersistentResultCache {
  get(versionId: number, kind: string, params: unknown): Promise<unknown | undefined>;
  set(versionId: number, kind: string, params: unknown, value: unknown): Promise<void>;
}

/** Stable cache key: the kind plus parameters as JSON with sorted keys (undefined dropped). */
export function cacheKey(kind: string, params: unknown): string {
  return `${kind}:${canonicalJson(params ?? {})}`;
}

/** Least-recently-used map with a fixed number of entries. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly max: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
  delete(key: K): void {
    this.map.delete(key);
  }
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

export interface CacheOptions {
  /** In-memory entries (default 64). */
  maxEntries?: number;
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
    this.memory = new Lru(options.maxEntries ?? 64);
    this.persistent = options.persistent;
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
    if (stored !== undefined) this.memory.set(k, stored);
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
      return { value, hit: false };
    })();
    const shared = p.then((r) => r.value);
    shared.catch(() => {}); // the caller below sees the failure; waiters see it through their own await
    this.inflight.set(k, shared);
    try {
      const r = await p;
      this.memory.set(k, r.value);
      return r;
    } finally {
      this.inflight.delete(k);
    }
  }
}
