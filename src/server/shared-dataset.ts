import type { Dataset } from '../model/index.ts';

/**
 * A dataset as UTF-8 JSON in shared memory: encoded once per version on the main thread, then handed
 * to every task without the per-message structured clone (which for tens of thousands of nodes and
 * edges would block the event loop for tens of milliseconds each time).
 */
export interface SharedDataset {
  key: string;
  json: Uint8Array;
  /** When `json` holds only `{nodes, edges}` (the store's packed copy, shared as read): the version's meta. */
  meta?: Dataset['meta'];
}

export function shareDataset(key: string, dataset: Dataset): SharedDataset {
  return shareJson(key, new TextEncoder().encode(JSON.stringify(dataset)));
}

/** UTF-8 JSON of a dataset (or of `{nodes, edges}` with `meta` beside it) into shared memory, without re-encoding. */
export function shareJson(key: string, bytes: Uint8Array, meta?: Dataset['meta']): SharedDataset {
  const json = new Uint8Array(new SharedArrayBuffer(Math.max(1, bytes.length)), 0, bytes.length);
  json.set(bytes);
  return meta === undefined ? { key, json } : { key, json, meta };
}

const decoded = new Map<string, Dataset>();
/** Worker side: the dataset back, parsed once per key (the last two kept). */
export function materialise(d: SharedDataset | Dataset): Dataset {
  if (!('json' in d)) return d;
  let ds = decoded.get(d.key);
  if (!ds) {
    // TextDecoder refuses views on shared memory: copy out first.
    ds = JSON.parse(new TextDecoder().decode(d.json.slice())) as Dataset;
    if (d.meta !== undefined) ds = { ...ds, meta: d.meta };
    decoded.set(d.key, ds);
    while (decoded.size > 2) decoded.delete(decoded.keys().next().value as string);
  }
  return ds;
}
