/**
 * A version's snapshot built off the event loop (issue 20, defect 4). A pool worker builds the CSR arrays and
 * the tie-type index from the version's shared packed copy into SharedArrayBuffers, which reach the main
 * thread without a copy; the main thread adds only what it holds anyway: the node records (parsed in slices)
 * and the id → index map (built in slices).
 */
import type { Dataset, HubEdge, HubNode } from '../model/index.ts';
import { buildSnapshot, type Snapshot } from '../graph/snapshot.ts';
import { tieTypeIndex, type TieTypes } from '../graph/tie-types.ts';

/** What the worker sends back: plain data over shared memory (structured clone shares SharedArrayBuffers). */
export interface SnapshotArrays {
  n: number;
  m: number;
  typeCode: Uint8Array;
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
  ties: TieTypes;
  /** The version's own tie-type names (`ownType`), sorted: the graph route checks `edgeTypes` against them. */
  ownTypes: string[];
}

/** The version's own tie-type names (`ownType`), sorted. */
export function ownTypesOf(edges: readonly HubEdge[]): string[] {
  const own = new Set<string>();
  for (const e of edges) if (e.ownType) own.add(e.ownType);
  return [...own].sort();
}

/** Worker side: the snapshot's arrays and the tie-type index of a decoded dataset, on shared memory. */
export function snapshotArrays(dataset: Pick<Dataset, 'nodes' | 'edges'>): SnapshotArrays {
  const s = buildSnapshot(dataset, { shared: true });
  const typeCode = new Uint8Array(new SharedArrayBuffer(Math.max(1, s.n)), 0, s.n);
  typeCode.set(s.typeCode);
  return {
    n: s.n,
    m: s.m,
    typeCode,
    offsets: s.offsets,
    targets: s.targets,
    weights: s.weights,
    ties: tieTypeIndex(s, dataset.edges, true),
    ownTypes: ownTypesOf(dataset.edges),
  };
}

/** Rows per turn of the event loop when indexing node ids. */
const INDEX_SLICE = 5000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Ids and the id → index map of `nodes`, built in slices with a turn of the event loop between them. */
export async function indexNodes(nodes: readonly HubNode[]): Promise<{ ids: string[]; index: Map<string, number> }> {
  const ids = new Array<string>(nodes.length);
  const index = new Map<string, number>();
  for (let from = 0; from < nodes.length; from += INDEX_SLICE) {
    const to = Math.min(nodes.length, from + INDEX_SLICE);
    for (let i = from; i < to; i++) {
      ids[i] = nodes[i].id;
      index.set(nodes[i].id, i);
    }
    if (to < nodes.length) await nextTurn();
  }
  return { ids, index };
}

/** Main side: the Snapshot the routes read, from the worker's arrays and this thread's node records. */
export function assembleSnapshot(nodes: HubNode[], ix: { ids: string[]; index: Map<string, number> }, a: SnapshotArrays): Snapshot {
  if (a.n !== nodes.length) throw new Error(`the worker's snapshot has ${a.n} nodes, this thread's copy ${nodes.length}`);
  return {
    n: a.n,
    m: a.m,
    ids: ix.ids,
    index: ix.index,
    nodes,
    typeCode: a.typeCode,
    offsets: a.offsets,
    targets: a.targets,
    weights: a.weights,
    weighted: true,
  };
}
