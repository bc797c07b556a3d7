import { describe, expect, it } from 'vitest';
import { accumulatorScratch, aggregateCsr, relabel, sumByGroup, type CsrLevel } from '../../src/analysis/communities/aggregate-csr.ts';

/** CSR of an undirected weighted edge list (each tie in both directions, in edge order per node). */
function csr(n: number, edges: [number, number, number][]): CsrLevel {
  const adj: [number, number][][] = Array.from({ length: n }, () => []);
  for (const [a, b, w] of edges) {
    adj[a].push([b, w]);
    adj[b].push([a, w]);
  }
  const offsets = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + adj[v].length;
  return {
    n,
    offsets,
    targets: Uint32Array.from(adj.flat().map(([t]) => t)),
    weights: Float64Array.from(adj.flat().map(([, w]) => w)),
  };
}

/** Triangle 0-1-2 (weights 2, 1, 3), bridge 2-3 (4), pair 3-4 (5), bridge 1-5 (6), 5 alone in its group. */
const g = csr(6, [
  [0, 1, 2],
  [1, 2, 1],
  [0, 2, 3],
  [2, 3, 4],
  [3, 4, 5],
  [1, 5, 6],
]);

describe('aggregateCsr (the aggregation Louvain and Leiden share)', () => {
  it('sums ties between groups, keeps ties inside per group (both ends), and adds the carried self-loops', () => {
    const comm = Int32Array.from([0, 0, 0, 1, 1, 2]);
    const a = aggregateCsr(g, comm, 3, accumulatorScratch(6), { selfLoop: Float64Array.from([1, 0, 0, 0, 0.5, 0]) });
    expect(a.n).toBe(3);
    expect([...a.offsets]).toEqual([0, 2, 3, 4]);
    // Group 0 reaches 5's group first (through node 1), then group 1 (through node 2).
    expect([...a.targets]).toEqual([2, 1, 0, 0]);
    expect([...a.weights]).toEqual([6, 4, 4, 6]);
    expect([...a.inside]).toEqual([1 + 2 * (2 + 1 + 3), 0.5 + 2 * 5, 0]);
    expect([...sumByGroup(comm, Float64Array.from([1, 2, 3, 4, 5, 6]), 6, 3)]).toEqual([6, 9, 6]);
  });

  it('writes into the buffers it is given, with the same result as fresh arrays, and scratch survives reuse', () => {
    const sc = accumulatorScratch(6);
    const out = { targets: new Uint32Array(g.targets.length), weights: new Float64Array(g.targets.length) };
    const comm = Int32Array.from([0, 1, 1, 0, 2, 2]);
    const fresh = aggregateCsr(g, comm, 3, sc);
    const into = aggregateCsr(g, comm, 3, sc, { out });
    expect(into.targets.buffer).toBe(out.targets.buffer);
    expect([...into.targets]).toEqual([...fresh.targets]);
    expect([...into.weights]).toEqual([...fresh.weights]);
    // Groups {0, 3}, {1, 2}, {4, 5}: the tie 1-2 is the only one inside (2 from both ends).
    expect([...fresh.offsets]).toEqual([0, 2, 4, 6]);
    expect([...fresh.targets]).toEqual([1, 2, 0, 2, 0, 1]);
    expect([...fresh.weights]).toEqual([2 + 3 + 4, 5, 2 + 3 + 4, 6, 5, 6]);
    expect([...fresh.inside]).toEqual([0, 2, 0]);
  });

  it('relabel numbers groups (labels below the node count) 0…k−1 in order of first appearance', () => {
    const comm = Int32Array.from([4, 2, 4, 0, 2]);
    expect(relabel(comm)).toBe(3);
    expect([...comm]).toEqual([0, 1, 0, 2, 1]);
  });
});
