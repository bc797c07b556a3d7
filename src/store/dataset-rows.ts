/**
 * Dataset ⇄ table rows. Node id and type are columns; every other node field lives in `props` (jsonb).
 * Edges keep their fields as columns and unknown attributes in `attrs`. Pure, no I/O.
 */
import type { Dataset, HubEdge, HubNode } from '../model/index.ts';
import type { BulkColumn, BulkValue } from './adapter.ts';

export const NODE_COLUMNS: readonly BulkColumn[] = [
  { name: 'version_id', type: 'int' },
  { name: 'ord', type: 'int' },
  { name: 'id', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'props', type: 'jsonb' },
];

export const EDGE_COLUMNS: readonly BulkColumn[] = [
  { name: 'version_id', type: 'int' },
  { name: 'ord', type: 'int' },
  { name: 'source', type: 'text' },
  { name: 'target', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'weight', type: 'float8' },
  { name: 'start_date', type: 'text' },
  { name: 'end_date', type: 'text' },
  { name: 'attrs', type: 'jsonb' },
];

export function nodeColumns(versionId: number, nodes: readonly HubNode[]): BulkValue[][] {
  const n = nodes.length;
  const cols: BulkValue[][] = [new Array(n).fill(versionId), new Array(n), new Array(n), new Array(n), new Array(n)];
  for (let i = 0; i < n; i++) {
    const { id, type, ...props } = nodes[i];
    cols[1][i] = i;
    cols[2][i] = id;
    cols[3][i] = type;
    cols[4][i] = JSON.stringify(props);
  }
  return cols;
}

export function edgeColumns(versionId: number, edges: readonly HubEdge[]): BulkValue[][] {
  const n = edges.length;
  const cols: BulkValue[][] = [new Array(n).fill(versionId)];
  for (let c = 1; c < EDGE_COLUMNS.length; c++) cols.push(new Array(n));
  for (let i = 0; i < n; i++) {
    const e = edges[i];
    cols[1][i] = i;
    cols[2][i] = e.source;
    cols[3][i] = e.target;
    cols[4][i] = e.type;
    cols[5][i] = e.weight;
    cols[6][i] = e.start ?? null;
    cols[7][i] = e.end ?? null;
    cols[8][i] = JSON.stringify(e.attrs ?? {});
  }
  return cols;
}

const EMPTY = '{}';

/** Rows as text (selectText of id, type, props ordered by ord) back to nodes. */
export function nodesFromText(rows: (string | null)[][]): HubNode[] {
  const out = new Array<HubNode>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = { id: r[0]!, type: r[1] as HubNode['type'], ...(JSON.parse(r[2]!) as Omit<HubNode, 'id' | 'type'>) };
  }
  return out;
}

/** Rows as text (source, target, type, weight, start, end, attrs ordered by ord) back to edges. */
export function edgesFromText(rows: (string | null)[][]): HubEdge[] {
  const out = new Array<HubEdge>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const e: HubEdge = {
      source: r[0]!,
      target: r[1]!,
      type: r[2] as HubEdge['type'],
      weight: Number(r[3]),
      attrs: r[6] === EMPTY ? {} : JSON.parse(r[6]!),
    };
    if (r[4] !== null) e.start = r[4];
    if (r[5] !== null) e.end = r[5];
    out[i] = e;
  }
  return out;
}

export type { Dataset };
