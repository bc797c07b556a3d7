/** Issue 20, defect 6: the stored and the in-memory result caches are bounded by bytes, least recently used first. */
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetSchema } from '../../src/model/index.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { createHash } from 'node:crypto';
import { canonicalJson, getCachedResult, putCachedResult, RESULTS_FORMAT, storedCacheSize } from '../../src/store/cache.ts';
import { Lru, ResultCache } from '../../src/server/cache.ts';
import { approxBytes } from '../../src/server/sizeof.ts';
import { forEachEngine, type TestStore } from './engines.ts';

/** A result whose JSON is about `kb` kilobytes. */
const result = (kb: number, tag: string) => ({ tag, nodes: Array.from({ length: kb * 10 }, (_, i) => ({ id: `n${i}`, score: i / 3, label: 'x'.repeat(60) })) });

forEachEngine('stored result cache bound', (engine) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('evicts the least recently used results beyond maxBytes and never stores one larger than the bound', async () => {
    t = await engine.fresh();
    const { store } = t;
    const v = await saveVersion(store, 'w', DatasetSchema.parse({ nodes: [{ id: 'a', type: 'school' }], edges: [] }), { author: 't', createWorkspace: true });
    const size = Buffer.byteLength(JSON.stringify(result(10, 'a')));
    const maxBytes = Math.floor(size * 2.5); // room for two
    await putCachedResult(store, v.id, 'analysis', { seed: 1 }, result(10, 'a'), { maxBytes });
    await new Promise((r) => setTimeout(r, 5));
    await putCachedResult(store, v.id, 'analysis', { seed: 2 }, result(10, 'b'), { maxBytes });
    await new Promise((r) => setTimeout(r, 5));
    // Reading seed 1 makes it the most recently used: seed 2 goes when a third arrives.
    expect(((await getCachedResult(store, v.id, 'analysis', { seed: 1 })) as { tag: string }).tag).toBe('a');
    await new Promise((r) => setTimeout(r, 5));
    await putCachedResult(store, v.id, 'analysis', { seed: 3 }, result(10, 'c'), { maxBytes });
    expect(await getCachedResult(store, v.id, 'analysis', { seed: 2 })).toBeUndefined();
    expect(((await getCachedResult(store, v.id, 'analysis', { seed: 1 })) as { tag: string }).tag).toBe('a');
    expect(((await getCachedResult(store, v.id, 'analysis', { seed: 3 })) as { tag: string }).tag).toBe('c');
    const s = await storedCacheSize(store);
    expect(s.entries).toBe(2);
    expect(s.bytes).toBeLessThanOrEqual(maxBytes);
    // Larger than the whole bound: not stored, nothing else evicted for it.
    await putCachedResult(store, v.id, 'analysis', { seed: 4 }, result(30, 'd'), { maxBytes });
    expect(await getCachedResult(store, v.id, 'analysis', { seed: 4 })).toBeUndefined();
    expect((await storedCacheSize(store)).entries).toBe(2);
  });
});

forEachEngine('stored results across an upgrade', (engine) => {
  it('a result stored by a release with another results format is computed again, not served', async () => {
    const t = await engine.fresh();
    try {
      const { store } = t;
      const v = await saveVersion(store, 'w', DatasetSchema.parse({ nodes: [{ id: 'a', type: 'school' }], edges: [] }), { author: 't', createWorkspace: true });
      // The row an earlier release wrote: its hash had no results format in it (format 1).
      const oldHash = createHash('sha256').update('partners').update('\0').update(canonicalJson({})).digest('hex');
      await store.db.query(
        `INSERT INTO analysis_cache (version_id, params_hash, kind, params, result, created_at, bytes, used_at) VALUES ($1, $2, 'partners', '{}', $3, $4, 20, $4)`,
        [v.id, oldHash, JSON.stringify({ scoring: { kind: 'weights' } }), new Date().toISOString()],
      );
      expect(RESULTS_FORMAT).toBeGreaterThan(1);
      expect(await getCachedResult(store, v.id, 'partners', {})).toBeUndefined();
      await putCachedResult(store, v.id, 'partners', {}, { scoring: { kind: 'weights', weights: { themes: 1 } } });
      expect(await getCachedResult(store, v.id, 'partners', {})).toEqual({ scoring: { kind: 'weights', weights: { themes: 1 } } });
    } finally {
      await t.dispose();
    }
  });
});

describe('in-memory result cache bound', () => {
  it('an LRU bounded by bytes evicts the least recently used entries, and drops an entry larger than the bound', () => {
    const l = new Lru<string, number>(100, 300);
    l.set('a', 1, 100);
    l.set('b', 2, 100);
    l.set('c', 3, 100);
    expect(l.get('a')).toBe(1); // a is now the most recent
    l.set('d', 4, 100);
    expect(l.get('b')).toBeUndefined();
    expect([...l.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(l.bytes).toBe(300);
    l.set('huge', 5, 1000);
    expect(l.get('huge')).toBeUndefined();
    expect(l.bytes).toBeLessThanOrEqual(300);
  });

  it('ResultCache keeps within maxBytes by the estimated size of each result', async () => {
    const one = approxBytes(result(100, 'x'));
    // The estimate is within a factor of two of the result's JSON.
    const json = Buffer.byteLength(JSON.stringify(result(100, 'x')));
    expect(one).toBeGreaterThan(json / 2);
    expect(one).toBeLessThan(json * 4);
    const cache = new ResultCache({ maxEntries: 100, maxBytes: Math.floor(one * 2.5) });
    for (const seed of [1, 2, 3]) await cache.get(1, 'analysis', { seed }, async () => result(100, String(seed)));
    expect(cache.peek(1, 'analysis', { seed: 1 })).toBeUndefined();
    expect(cache.peek(1, 'analysis', { seed: 3 })).toBeDefined();
    const st = cache.stats();
    expect(st.entries).toBe(2);
    expect(st.evictions).toBe(1);
    expect(st.bytes).toBeLessThanOrEqual(Math.floor(one * 2.5));
  });
});
