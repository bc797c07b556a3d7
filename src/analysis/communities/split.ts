import type { Snapshot } from '../../graph/snapshot.ts';

/**
 * Splits every community that is not internally connected (Louvain's known defect, Traag et al. 2019)
 * into its connected parts. Returns the new labels (arbitrary order) and how many communities were split.
 * Splitting never lowers modularity: no tie runs between the parts, and the penalty term shrinks.
 */
export function splitDisconnected(s: Snapshot, membership: ArrayLike<number>): { membership: Int32Array; split: number } {
  const n = s.n;
  const out = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const pieces = new Map<number, number>();
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (out[start] !== -1) continue;
    const c = membership[start];
    pieces.set(c, (pieces.get(c) ?? 0) + 1);
    const label = next++;
    let head = 0,
      tail = 0;
    queue[tail++] = start;
    out[start] = label;
    while (head < tail) {
      const u = queue[head++];
      for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
        const v = s.targets[i];
        if (out[v] === -1 && membership[v] === c) {
          out[v] = label;
          queue[tail++] = v;
        }
      }
    }
  }
  let split = 0;
  for (const count of pieces.values()) if (count > 1) split++;
  return { membership: out, split };
}

/** Relabels communities 0…k−1 by size, largest first; ties by their lowest-indexed member. */
export function renumberBySize(membership: ArrayLike<number>): { membership: Int32Array; sizes: number[] } {
  const n = membership.length;
  const size = new Map<number, number>();
  const first = new Map<number, number>();
  for (let v = 0; v < n; v++) {
    const c = membership[v];
    size.set(c, (size.get(c) ?? 0) + 1);
    if (!first.has(c)) first.set(c, v);
  }
  const order = [...size.keys()].sort((a, b) => size.get(b)! - size.get(a)! || first.get(a)! - first.get(b)!);
  const rename = new Map(order.map((c, i) => [c, i]));
  const out = new Int32Array(n);
  for (let v = 0; v < n; v++) out[v] = rename.get(membership[v])!;
  return { membership: out, sizes: order.map((c) => size.get(c)!) };
}
