import type { HubEdge, HubNode } from '../model/index.ts';
import { EDGE_TYPES, NODE_TYPES } from '../model/index.ts';
import { COMMA } from '../io/char-codes.ts';
import { IdIndex } from '../io/id-index.ts';
import { plainCell, scanRows } from './csv-rows.ts';
import { decimal } from './edge-list-csr.ts';
import { EdgeBuffer } from './edge-buffer.ts';
import { csrFromEdges, type Snapshot } from './snapshot.ts';

/**
 * A plain nodes.csv + edges.csv folder read straight into a snapshot with node types, for the
 * large-network pipeline (load, PageRank, Louvain, sampled betweenness, isolation): node ids and
 * types into a typed-array index, endpoints and weights into typed arrays, no edge objects — only
 * the `affiliation` ties are kept as records, because the isolation scan reads them to know which
 * teachers belong to which school. Undated: isolation's "inactive" reason (which needs tie dates)
 * is not available from it.
 *
 * It only takes files it reads exactly as the general loader (src/io/load.ts) followed by
 * `buildSnapshot` would: comma-separated, no quote character, a nodes header of `id` and `type`
 * (plus any of `label`, `region`, `country`), an edges header of `source`, `target` (plus any of
 * `weight`, `type`), types spelled exactly as the built-in kinds, every cell non-empty, plain and
 * without surrounding blanks or formula prefixes, weights plain decimals, unique node ids, every tie
 * naming a listed node. Anything else returns null and the caller loads the folder the general way,
 * which maps own types and reports bad input with file, line and field.
 */

const NODE_COLUMNS = ['id', 'type', 'label', 'region', 'country'] as const;
const EDGE_COLUMNS = ['source', 'target', 'weight', 'type'] as const;

export interface FolderSnapshot {
  snapshot: Snapshot;
  /** The folder's `affiliation` ties as records (what `scanIsolation` reads as its `dataset`). */
  affiliations: HubEdge[];
}

export interface FolderSnapshotOptions {
  /** Typed arrays on SharedArrayBuffer for worker threads (default false). */
  shared?: boolean;
}

/** Column names of a header line when every one is allowed and none repeats, else null. */
function header(text: string, allowed: readonly string[]): { cols: string[]; end: number } | null {
  let end = text.indexOf('\n');
  if (end < 0) end = text.length;
  const line = text.slice(0, end).replace(/\r$/, '');
  if (/[;\t ]/.test(line)) return null;
  const cols = line.split(',');
  if (cols.some((c) => !allowed.includes(c)) || new Set(cols).size !== cols.length) return null;
  return { cols, end };
}

/** `scanRows` with every cell plain (the folder reader takes nothing the general loader would read differently). */
function scanPlainRows(
  text: string,
  from: number,
  width: number,
  seed: number,
  row: (start: Int32Array, end: Int32Array, hash: Int32Array) => boolean,
): boolean {
  return scanRows(text, from, width, COMMA, seed, (start, end, hash) => {
    for (let c = 0; c < width; c++) if (!plainCell(text, start[c], end[c])) return false;
    return row(start, end, hash);
  });
}

/** The snapshot of a folder's nodes.csv and edges.csv texts, or null when this reader does not take them. */
export function snapshotFromFolder(nodesText: string, edgesText: string, options: FolderSnapshotOptions = {}): FolderSnapshot | null {
  // Quotes need the general tokenizer; NUL and surrogates its storability check (PostgreSQL text).
  const unusual = /["\u0000\uD800-\uDFFF]/;
  for (const t of [nodesText, edgesText]) if (t.charCodeAt(0) === 0xfeff || unusual.test(t)) return null;
  const nh = header(nodesText, NODE_COLUMNS),
    eh = header(edgesText, EDGE_COLUMNS);
  if (!nh || !eh || !nh.cols.includes('type') || !eh.cols.includes('source') || !eh.cols.includes('target')) return null;

  // Nodes: ids interned, types as codes, the optional text fields as on the general path's records.
  const ids = new IdIndex();
  const names: string[] = [];
  const nodes: HubNode[] = [];
  let typeCode = new Uint8Array(1024);
  const nodeType = new Map<string, number>(NODE_TYPES.map((t, i) => [t, i]));
  const idCol = nh.cols.indexOf('id'),
    typeCol = nh.cols.indexOf('type');
  const fields = nh.cols.map((c, i) => [c, i] as const).filter(([c]) => c !== 'id' && c !== 'type');
  const nodesOk = scanPlainRows(nodesText, nh.end + 1, nh.cols.length, ids.seed, (start, end, hash) => {
    if (ids.find(nodesText, start[idCol], end[idCol], hash[idCol]) >= 0) return false;
    const type = nodesText.slice(start[typeCol], end[typeCol]);
    const code = nodeType.get(type);
    if (code === undefined) return false;
    const id = nodesText.slice(start[idCol], end[idCol]);
    const v = ids.add(id);
    if (v === typeCode.length) {
      const grown = new Uint8Array(2 * v);
      grown.set(typeCode);
      typeCode = grown;
    }
    typeCode[v] = code;
    names.push(id);
    const node = { id, type } as HubNode;
    for (const [name, col] of fields) (node as Record<string, unknown>)[name] = nodesText.slice(start[col], end[col]);
    node.attrs = {};
    nodes.push(node);
    return true;
  });
  if (!nodesOk) return null;
  const n = names.length;

  // Edges: endpoints and weights into typed arrays (grown by doubling); affiliation ties kept as records.
  const srcCol = eh.cols.indexOf('source'),
    dstCol = eh.cols.indexOf('target'),
    weightCol = eh.cols.indexOf('weight'),
    etypeCol = eh.cols.indexOf('type');
  const edgeType = new Set<string>(EDGE_TYPES);
  const edges = new EdgeBuffer();
  const deg = new Uint32Array(n + 1);
  const affiliations: HubEdge[] = [];
  const edgesOk = scanPlainRows(edgesText, eh.end + 1, eh.cols.length, ids.seed, (start, end, hash) => {
    const s = ids.find(edgesText, start[srcCol], end[srcCol], hash[srcCol]),
      t = ids.find(edgesText, start[dstCol], end[dstCol], hash[dstCol]);
    if (s < 0 || t < 0) return false;
    let weight = 1;
    if (weightCol >= 0) {
      weight = decimal(edgesText, start[weightCol], end[weightCol]);
      if (!Number.isFinite(weight)) return false;
    }
    let type = 'collaboration';
    if (etypeCol >= 0) {
      type = edgesText.slice(start[etypeCol], end[etypeCol]);
      if (!edgeType.has(type)) return false;
    }
    if (type === 'affiliation') affiliations.push({ source: names[s], target: names[t], type, weight, attrs: {} } as HubEdge);
    // Self-loops are kept by the loader and left out of the snapshot.
    if (s === t) return true;
    edges.push(s, t, weight);
    deg[s]++;
    deg[t]++;
    return true;
  });
  if (!edgesOk) return null;

  const csr = csrFromEdges(n, edges.src, edges.dst, edges.w, edges.count, deg, options.shared ?? false);
  const index = new Map<string, number>();
  for (let v = 0; v < n; v++) index.set(names[v], v);
  const snapshot: Snapshot = { n, m: csr.offsets[n] / 2, ids: names, index, nodes, typeCode: typeCode.slice(0, n), ...csr, weighted: true };
  return { snapshot, affiliations };
}
