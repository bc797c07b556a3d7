export interface CommunityMatch {
  from: number;
  to: number;
  /** Members in both. */
  overlap: number;
  /** overlap / size of the union. */
  jaccard: number;
}

/**
 * One-to-one matching of two partitions of the same nodes by overlap: pairs are taken greedily by shared
 * members (then Jaccard, then community numbers), each community used once. Singleton communities
 * (nodes without ties) are not matched: their "membership" carries no information.
 */
export function matchCommunities(
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  sizesBefore: number[],
  sizesAfter: number[],
): { matches: CommunityMatch[]; forward: Map<number, number>; appeared: number[]; vanished: number[] } {
  const overlap = new Map<number, number>();
  const K = sizesAfter.length;
  for (let v = 0; v < before.length; v++) {
    const a = before[v],
      b = after[v];
    if (sizesBefore[a] < 2 || sizesAfter[b] < 2) continue;
    const key = a * K + b;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const pairs = [...overlap]
    .map(([key, count]) => {
      const from = Math.floor(key / K),
        to = key % K;
      return { from, to, overlap: count, jaccard: count / (sizesBefore[from] + sizesAfter[to] - count) };
    })
    .sort((x, y) => y.overlap - x.overlap || y.jaccard - x.jaccard || x.from - y.from || x.to - y.to);
  const usedA = new Set<number>(),
    usedB = new Set<number>();
  const matches: CommunityMatch[] = [];
  const forward = new Map<number, number>();
  for (const p of pairs) {
    if (usedA.has(p.from) || usedB.has(p.to)) continue;
    usedA.add(p.from);
    usedB.add(p.to);
    matches.push(p);
    forward.set(p.from, p.to);
  }
  matches.sort((x, y) => x.from - y.from);
  const appeared = sizesAfter.map((_size, c) => c).filter((c) => sizesAfter[c] >= 2 && !usedB.has(c));
  const vanished = sizesBefore.map((_size, c) => c).filter((c) => sizesBefore[c] >= 2 && !usedA.has(c));
  return { matches, forward, appeared, vanished };
}
