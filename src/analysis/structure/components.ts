import type { Snapshot } from '../../graph/snapshot.ts';

/** Connected components of the (undirected) snapshot. */
export interface Components {
  count: number;
  /** Component number of each node (by snapshot index); 0 is the largest, numbered by size descending. */
  membership: Int32Array;
  /** Size of each component, by component number (so descending). */
  sizes: number[];
  /** Component number of the largest component (always 0 when count > 0, else -1). */
  largest: number;
}

/**
 * Connected components by iterative BFS over the CSR adjacency (no recursion, O(n + m)).
 * Components are renumbered by size, largest first; equal sizes keep the order of their
 * lowest-indexed node, so the numbering is deterministic.
 */
export function connectedComponents(s: Pick<Snapshot, 'n' | 'offsets' | 'targets'>): Components {
  const n = s.n;
  const raw = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const rawSizes: number[] = [];
  for (let start = 0; start < n; start++) {
    if (raw[start] !== -1) continue;
    const c = rawSizes.length;
    let head = 0,
      tail = 0;
    queue[tail++] = start;
    raw[start] = c;
    while (head < tail) {
      const u = queue[head++];
      for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
        const v = s.targets[i];
        if (raw[v] === -1) {
          raw[v] = c;
          queue[tail++] = v;
        }
      }
    }
    rawSizes.push(tail);
  }
  const order = rawSizes.map((_, i) => i).sort((a, b) => rawSizes[b] - rawSizes[a] || a - b);
  const rename = new Int32Array(order.length);
  order.forEach((raw, i) => {
    rename[raw] = i;
  });
  const membership = new Int32Array(n);
  for (let v = 0; v < n; v++) membership[v] = rename[raw[v]];
  return { count: order.length, membership, sizes: order.map((c) => rawSizes[c]), largest: order.length ? 0 : -1 };
}
