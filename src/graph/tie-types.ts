import type { Dataset } from '../model/index.ts';
import { entryOf, type Snapshot } from './snapshot.ts';

/**
 * The tie types between each node and each neighbour, per CSR entry of a snapshot: `entry[i]` is an id into
 * `sets`, the distinct sorted type lists of the version (id 0 is the empty list). A 400k-tie version has a few
 * dozen distinct lists, so this is one Uint32 per adjacency entry instead of a Map of Map of Set.
 */
export interface TieTypes {
  entry: Uint32Array;
  sets: string[][];
}

/**
 * Builds the index over all of `edges` (every type, self-loops skipped, as the snapshot does), for a snapshot
 * built from the same dataset with all edge types. `shared` allocates `entry` on a SharedArrayBuffer.
 */
export function tieTypeIndex(s: Pick<Snapshot, 'n' | 'offsets' | 'targets' | 'index'>, edges: Dataset['edges'], shared = false): TieTypes {
  const len = s.offsets[s.n];
  const bytes = Math.max(1, len) * 4;
  const entry = new Uint32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)).subarray(0, len);
  const sets: string[][] = [[]];
  const byKey = new Map<string, number>([['', 0]]);
  // (set id, type) → set id with that type added: each step is one Map lookup once seen.
  const step = new Map<string, number>();
  const add = (id: number, type: string): number => {
    const k = `${id}\u0000${type}`;
    let next = step.get(k);
    if (next === undefined) {
      const cur = sets[id];
      if (cur.includes(type)) next = id;
      else {
        const list = [...cur, type].sort();
        const key = list.join('\u0000');
        next = byKey.get(key);
        if (next === undefined) {
          next = sets.length;
          sets.push(list);
          byKey.set(key, next);
        }
      }
      step.set(k, next);
    }
    return next;
  };
  for (const e of edges) {
    const a = s.index.get(e.source);
    const b = s.index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    const i = entryOf(s, a, b);
    const j = entryOf(s, b, a);
    if (i < 0 || j < 0) continue; // not in this snapshot (built with a type filter)
    entry[i] = add(entry[i], e.type);
    entry[j] = add(entry[j], e.type);
  }
  return { entry, sets };
}
