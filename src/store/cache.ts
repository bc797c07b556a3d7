import { createHash } from 'node:crypto';
import { nowIso } from './clock.ts';
import { jsonOf } from '../util/serialised-json.ts';
import type { Store } from './open.ts';

/** JSON with object keys sorted, so equal parameters hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/**
 * The shape of the results this release computes. Stored results outlive an upgrade: bump this when a
 * cached result changes shape or meaning (a field added that readers rely on, a figure computed
 * differently), so results computed by an older release are computed again rather than served
 * without it. Old rows are not read again and age out of the size-bounded cache.
 * 2: partner results' hand-set scoring lists its weights (ScoringInfo.weights).
 */
export const RESULTS_FORMAT = 2;

export function paramsHash(kind: string, params: unknown): string {
  return createHash('sha256')
    .update(`results ${RESULTS_FORMAT}`)
    .update('\0')
    .update(kind)
    .update('\0')
    .update(canonicalJson(params ?? null))
    .digest('hex');
}

/**
 * A cached analysis result for (version, kind, params), or undefined. Results are keyed by the version's
 * id, so a new version never sees an older version's results: invalidation by construction.
 */
export async function getCachedResult<T = unknown>(
  store: Store,
  versionId: number,
  kind: string,
  params: unknown,
  options: { parse?: (json: string) => Promise<unknown> } = {},
): Promise<T | undefined> {
  const hash = paramsHash(kind, params);
  // With `parse`, the row comes as text and the caller parses it (the server: in slices, off the loop's long stalls).
  const rows = await store.db.query<{ result: T | string }>(
    `SELECT ${options.parse ? 'result::text AS result' : 'result'} FROM analysis_cache WHERE version_id = $1 AND params_hash = $2`,
    [versionId, hash],
  );
  if (!rows.length) return undefined;
  // Recency for the size bound's eviction (a stored hit is read once per process, then served from memory).
  await store.db.query('UPDATE analysis_cache SET used_at = $3 WHERE version_id = $1 AND params_hash = $2', [versionId, hash, nowIso()]);
  return (options.parse ? await options.parse(rows[0].result as string) : rows[0].result) as T;
}

/** Default bound of the stored result cache: 1 GiB of result JSON. */
export const STORED_CACHE_BYTES = 2 ** 30;

/**
 * Stores a result, then evicts least recently used results until the cache holds at most `maxBytes`
 * of result JSON (default 1 GiB). A result larger than the whole bound is not stored.
 */
export async function putCachedResult(
  store: Store,
  versionId: number,
  kind: string,
  params: unknown,
  result: unknown,
  options: { maxBytes?: number } = {},
): Promise<void> {
  const maxBytes = options.maxBytes ?? STORED_CACHE_BYTES;
  const json = jsonOf(result); // a worker's result keeps the text it came as: no stringify on the loop
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes) return;
  const at = nowIso();
  await store.db.query(
    `INSERT INTO analysis_cache (version_id, params_hash, kind, params, result, created_at, bytes, used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6)
     ON CONFLICT (version_id, params_hash) DO UPDATE SET result = EXCLUDED.result, created_at = EXCLUDED.created_at, bytes = EXCLUDED.bytes, used_at = EXCLUDED.used_at`,
    [versionId, paramsHash(kind, params), kind, canonicalJson(params ?? null), json, at, bytes],
  );
  await evictStoredResults(store, maxBytes);
}

/** Deletes the least recently used results beyond `maxBytes` in total; returns how many went. */
export async function evictStoredResults(store: Store, maxBytes: number): Promise<number> {
  const rows = await store.db.query(
    `DELETE FROM analysis_cache c USING (
       SELECT version_id, params_hash, sum(bytes) OVER (ORDER BY used_at DESC NULLS LAST, created_at DESC, version_id, params_hash) AS upto
         FROM analysis_cache
     ) t
     WHERE c.version_id = t.version_id AND c.params_hash = t.params_hash AND t.upto > $1
     RETURNING 1`,
    [maxBytes],
  );
  return rows.length;
}

/** What the stored result cache holds: entries and bytes of result JSON. */
export async function storedCacheSize(store: Store): Promise<{ entries: number; bytes: number }> {
  const [r] = await store.db.query<{ entries: number; bytes: string | number | null }>(
    'SELECT count(*)::int AS entries, sum(bytes) AS bytes FROM analysis_cache',
  );
  return { entries: r.entries, bytes: Number(r.bytes ?? 0) };
}

/** Returns the cached result, or computes, stores and returns it. */
export async function cachedAnalysis<T>(
  store: Store,
  versionId: number,
  kind: string,
  params: unknown,
  compute: () => Promise<T> | T,
): Promise<{ result: T; cached: boolean }> {
  const hit = await getCachedResult<T>(store, versionId, kind, params);
  if (hit !== undefined) return { result: hit, cached: true };
  const result = await compute();
  await putCachedResult(store, versionId, kind, params, result);
  return { result, cached: false };
}
