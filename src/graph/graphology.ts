import { UndirectedGraph } from 'graphology';
import type { Snapshot } from './snapshot.ts';

/**
 * Simple undirected weighted graphology graph from a snapshot, for graphology algorithms such as
 * Louvain. Nodes are keyed by their snapshot index as a string ("0", "1", …), not by id: graphology
 * keeps adjacency in plain objects, and an id such as `__proto__` corrupts them (see
 * test/graph/snapshot.test.ts). Map results back with `s.ids[Number(key)]`.
 */
export function snapshotToGraph(s: Snapshot): UndirectedGraph {
  const g = new UndirectedGraph();
  for (let v = 0; v < s.n; v++) g.addNode(String(v));
  for (let u = 0; u < s.n; u++) {
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
      const v = s.targets[i];
      if (u < v) g.addEdge(String(u), String(v), { weight: s.weights[i] });
    }
  }
  return g;
}
