import type { HubNode } from '../model/index.ts';
import { NODE_TYPES } from '../model/index.ts';
import { BOM, DOT, NINE, ZERO } from '../io/char-codes.ts';
import { IdIndex } from '../io/id-index.ts';
import { plainCell, scanRows } from './csv-rows.ts';
import { EdgeBuffer } from './edge-buffer.ts';
import { csrFromEdges, type Snapshot } from './snapshot.ts';

/**
 * A bare edge list (one CSV/TSV file, header `source,target[,weight][,type]`, nothing else) read
 * straight into a snapshot: ids interned from the file text as it is scanned, endpoints and weights
 * into typed arrays, no edge objects and no dataset. It is what PageRank or community detection on
 * a large edge list needs and nothing more — about half of the general loader's time at 1M nodes.
 *
 * It only takes files it reads exactly as the general loader does (src/io/load.ts, format
 * `edgelist`: nodes implied by the ties, typed `other`, in order of first appearance; parallel ties
 * merged with weights summed, self-loops dropped). Anything else — a quote character, a BOM, a cell
 * with surrounding blanks or a formula prefix, an empty or odd cell, a weight that is not a plain
 * decimal, a row with too few or too many cells — returns null, and the caller loads the file the
 * general way, which reports bad input with file, line and field.
 */

export interface BareHeader {
  delimiter: number;
  width: number;
  source: number;
  target: number;
  /** -1 when absent (every tie weighs 1). */
  weight: number;
}

/** The columns of a bare edge-list header, or null when the file has any other column. */
export function bareEdgeListHeader(line: string): BareHeader | null {
  // The delimiter as the general reader sniffs it (csv-parse.ts): the more frequent of ',' and tab ('; ' is left to it).
  const commas = line.split(',').length - 1,
    tabs = line.split('\t').length - 1;
  if (line.includes(';') || commas === tabs) return null;
  const delimiter = commas > tabs ? ',' : '\t';
  const cols = line.split(delimiter);
  const allowed = ['source', 'target', 'weight', 'type'];
  if (cols.some((c) => !allowed.includes(c)) || new Set(cols).size !== cols.length) return null;
  const source = cols.indexOf('source'),
    target = cols.indexOf('target');
  if (source < 0 || target < 0) return null;
  return { delimiter: delimiter.charCodeAt(0), width: cols.length, source, target, weight: cols.indexOf('weight') };
}

export interface EdgeListSnapshotOptions {
  /** Typed arrays on SharedArrayBuffer for worker threads (default false). */
  shared?: boolean;
}

/** Plain decimal (digits with at most one dot) in text[a, b), or NaN. */
export function decimal(text: string, a: number, b: number): number {
  if (a === b) return Number.NaN;
  let dot = -1;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT && dot < 0) dot = i;
    else if (c < ZERO || c > NINE) return Number.NaN;
  }
  if (dot === a || dot === b - 1) return Number.NaN;
  if (dot < 0 && b - a < 10) {
    let x = 0;
    for (let i = a; i < b; i++) x = x * 10 + (text.charCodeAt(i) - ZERO);
    return x;
  }
  return Number(text.slice(a, b));
}

/**
 * The weighted snapshot of a bare edge-list file's text, or null when it is not one this reader
 * takes. (Unweighted snapshots are left to the general path: there, ties of the same pair and type
 * are folded into one before every weight is set to 1, which needs the type column.)
 */
export function snapshotFromEdgeList(text: string, options: EdgeListSnapshotOptions = {}): Snapshot | null {
  // Quotes need the general tokenizer; NUL and surrogates its storability check (PostgreSQL text).
  if (text.charCodeAt(0) === BOM || /["\u0000\uD800-\uDFFF]/.test(text)) return null;
  let eol = text.indexOf('\n');
  if (eol < 0) eol = text.length;
  const header = bareEdgeListHeader(text.slice(0, eol).replace(/\r$/, ''));
  if (!header) return null;
  const { delimiter, width } = header;
  const ids = new IdIndex();
  const names: string[] = [];
  const edges = new EdgeBuffer();
  const ok = scanRows(text, eol + 1, width, delimiter, ids.seed, (cellStart, cellEnd, cellHash) => {
    let ends = 0,
      s = 0,
      t = 0;
    for (const col of [header.source, header.target]) {
      const a = cellStart[col],
        b = cellEnd[col];
      if (!plainCell(text, a, b)) return false;
      let v = ids.find(text, a, b, cellHash[col]);
      if (v < 0) {
        const id = text.slice(a, b);
        v = ids.add(id);
        names.push(id);
      }
      if (ends++ === 0) s = v;
      else t = v;
    }
    let weight = 1;
    if (header.weight >= 0) {
      const x = decimal(text, cellStart[header.weight], cellEnd[header.weight]);
      if (!Number.isFinite(x)) return false;
      weight = x;
    }
    if (s === t) return true;
    edges.push(s, t, weight);
    return true;
  });
  if (!ok) return null;
  const n = names.length;
  const deg = new Uint32Array(n + 1);
  for (let e = 0; e < edges.count; e++) {
    deg[edges.src[e]]++;
    deg[edges.dst[e]]++;
  }
  const csr = csrFromEdges(n, edges.src, edges.dst, edges.w, edges.count, deg, options.shared ?? false);
  const other = NODE_TYPES.indexOf('other');
  const nodes = new Array<HubNode>(n);
  const index = new Map<string, number>();
  for (let v = 0; v < n; v++) {
    nodes[v] = { id: names[v], type: 'other', attrs: {} } as HubNode;
    index.set(names[v], v);
  }
  return { n, m: csr.offsets[n] / 2, ids: names, index, nodes, typeCode: new Uint8Array(n).fill(other), ...csr, weighted: true };
}
