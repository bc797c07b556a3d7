import { MultiDirectedGraph, UndirectedGraph } from 'graphology';
import type { Dataset, HubEdge, HubNode } from '../model/index.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * CAUTION: graphology corrupts its adjacency for a node keyed `__proto__`; callers that must accept
 * any id (exports, the web) should not rely on this for ids they do not control.
 *
 * The dataset as a graphology multi-graph (the model and interchange form): edges keep their
 * direction as recorded (mentoring: mentor → mentee; affiliation: person → organisation), type,
 * weight and dates. Node attributes are flat: known fields plus the extra attributes.
 */
export function datasetToGraph(dataset: Pick<Dataset, 'nodes' | 'edges'>): MultiDirectedGraph {
  const g = new MultiDirectedGraph({ allowSelfLoops: false });
  for (const node of dataset.nodes) {
    const { id, attrs, ...known } = node;
    g.addNode(id, { ...attrs, ...known });
  }
  for (const edge of dataset.edges) {
    const { source, target, attrs, ...known } = edge;
    g.addEdge(source, target, { ...attrs, ...known });
  }
  return g;
}

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

export type { HubEdge, HubNode };
