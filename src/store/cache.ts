import { createHash } from 'node:crypto';
import { nowIso } from './clock.ts';
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

export function paramsHash(kind: string, params: unknown): string {
  return createHash('sha256')
    .update(kind)
    .update('\0')
    .update(canonicalJson(params ?? null))
    .digest('hex');
}

/**
 * A cached analysis result for (version, kind, params), or undefined. Results are keyed by the version's
 * id, so a new version never sees an older version's results: invalidation by construction.
 */
export async function getCachedResult<T = unknown>(store: Store, versionId: number, kind: string, params: unknown): Promise<T | undefined> {
  const rows = await store.db.query<{ result: T }>('SELECT result FROM analysis_cache WHERE version_id = $1 AND params_hash = $2', [
    versionId,
    paramsHash(kind, params),
  ]);
  return rows.length ? rows[0].result : undefined;
}

export async function putCachedResult(store: Store, versionId: number, kind: string, params: unknown, result: unknown): Promise<void> {
  await store.db.query(
    `INSERT INTO analysis_cache (version_id, params_hash, kind, params, result, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (version_id, params_hash) DO UPDATE SET result = EXCLUDED.result, created_at = EXCLUDED.created_at`,
    [versionId, paramsHash(kind, params), kind, canonicalJson(params ?? null), JSON.stringify(result), nowIso()],
  );
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
