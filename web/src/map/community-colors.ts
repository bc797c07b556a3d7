/**
 * Palette slots for communities that persist across dataset versions. Louvain numbers its
 * communities afresh in every version, so colouring by number reshuffles colours; instead the
 * oldest version's communities take slots by size, and each later version's communities inherit
 * the slot of the community they overlap most (one-to-one, as the temporal diff matches them),
 * new ones taking the free slots.
 */
import { matchCommunities } from '../../../src/analysis/temporal/match-communities.ts';

/** One version's partition: community per node id. */
export type Partition = ReadonlyMap<string, number | string>;

/** Slot per community (as the string the map colours by) of the last partition, oldest partition first. */
export function communitySlots(partitions: readonly Partition[]): Map<string, number> {
  let prev: { partition: Partition; slots: Map<string, number> } | null = null;
  for (const partition of partitions) {
    const slots = new Map<string, number>();
    const sizes = sizesOf(partition);
    if (prev) {
      const { forward } = matchPartitions(prev.partition, partition);
      for (const [from, to] of forward) {
        const slot = prev.slots.get(from);
        if (slot !== undefined) slots.set(to, slot);
      }
    }
    const used = new Set(slots.values());
    let free = 0;
    for (const [c] of [...sizes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en', { numeric: true }))) {
      if (slots.has(c)) continue;
      while (used.has(free)) free++;
      slots.set(c, free);
      used.add(free);
    }
    prev = { partition, slots };
  }
  return prev?.slots ?? new Map();
}

function sizesOf(p: Partition): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const c of p.values()) sizes.set(String(c), (sizes.get(String(c)) ?? 0) + 1);
  return sizes;
}

/** matchCommunities over the nodes both partitions have, with communities renumbered densely. */
function matchPartitions(a: Partition, b: Partition): { forward: Map<string, string> } {
  const dense = (p: Partition) => {
    const ids = [...new Set([...p.values()].map(String))];
    const index = new Map(ids.map((c, i) => [c, i]));
    const sizes = new Array<number>(ids.length).fill(0);
    for (const c of p.values()) sizes[index.get(String(c))!]++;
    return { ids, index, sizes };
  };
  const da = dense(a);
  const db = dense(b);
  const before: number[] = [];
  const after: number[] = [];
  for (const [id, c] of a) {
    const cb = b.get(id);
    if (cb === undefined) continue;
    before.push(da.index.get(String(c))!);
    after.push(db.index.get(String(cb))!);
  }
  const { forward } = matchCommunities(before, after, da.sizes, db.sizes);
  return { forward: new Map([...forward].map(([f, t]) => [da.ids[f], db.ids[t]])) };
}
