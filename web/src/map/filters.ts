import { tieTypeKey as modelTieTypeKey } from '../../../src/model/tie-types.ts';
import type { TieTypeCount } from '../api/types.ts';
import { dayOf, type DisplayNode, type MapData } from './map-data.ts';

/** The map's filters; an empty / zero value means "no filter". */
export interface FilterSpec {
  /** Node types to keep: a node's own type when it has one (e.g. `person`), else its built-in kind (see nodeTypeKey). */
  types: string[];
  /** Tie types to keep, the same way: a tie's own type (e.g. `advice`), else its kind. */
  tieTypes?: string[];
  region?: string;
  hub?: string;
  /** ISO date: keep ties active on that day and nodes that exist by then (growth replay). */
  date?: string;
  minDegree: number;
  kcore: number;
  ego?: string;
  egoDepth: number;
}

export interface Visibility {
  node: Uint8Array;
  edge: Uint8Array;
  /** Degree and core number within the filtered graph (what the sliders act on). */
  degree: Int32Array;
  core: Int32Array;
  nodeCount: number;
  edgeCount: number;
}

/**
 * Which nodes and edges the map shows. Order matters and matches what a user expects:
 * date and attribute filters first, then degree and k-core measured on what remains, then the
 * ego network around the chosen node within that.
 */
export function computeVisibility(d: MapData, f: FilterSpec): Visibility {
  const { n } = d;
  const m = d.src.length;
  const day = dayOf(f.date);
  const node = new Uint8Array(n);
  const types = f.types.length ? new Set(f.types) : null;
  const tieTypes = f.tieTypes?.length ? new Set(f.tieTypes) : null;
  for (let v = 0; v < n; v++) {
    const nd = d.nodes[v];
    if (types && !types.has(nodeTypeKey(nd))) continue;
    if (f.region && nd.region !== f.region) continue;
    // A hub filter keeps the hub itself and the organisations that belong to it.
    if (f.hub && nd.hub !== f.hub && nd.id !== f.hub) continue;
    if (!Number.isNaN(day) && d.firstSeen[v] > day) continue;
    node[v] = 1;
  }
  const edge = new Uint8Array(m);
  const activeEdge = (e: number) => {
    if (Number.isNaN(day)) return true;
    const s = d.start[e];
    const t = d.end[e];
    return !(s > day) && !(t < day);
  };
  for (let e = 0; e < m; e++) if (node[d.src[e]] && node[d.dst[e]] && activeEdge(e) && (!tieTypes || tieTypes.has(tieTypeKey(d, e)))) edge[e] = 1;

  const degree = degreesOf(d, node, edge);
  if (f.minDegree > 0) {
    for (let v = 0; v < n; v++) if (node[v] && degree[v] < f.minDegree) node[v] = 0;
    dropDanglingEdges(d, node, edge);
  }
  const core = coreNumbers(d, node, edge);
  if (f.kcore > 0) {
    for (let v = 0; v < n; v++) if (node[v] && core[v] < f.kcore) node[v] = 0;
    dropDanglingEdges(d, node, edge);
  }
  const centre = f.ego !== undefined ? d.index.get(f.ego) : undefined;
  if (centre !== undefined) {
    const keep = egoSet(d, node, edge, centre, Math.max(1, f.egoDepth));
    for (let v = 0; v < n; v++) if (!keep[v]) node[v] = 0;
    dropDanglingEdges(d, node, edge);
  }
  let nodeCount = 0;
  let edgeCount = 0;
  for (let v = 0; v < n; v++) nodeCount += node[v];
  for (let e = 0; e < m; e++) edgeCount += edge[e];
  return { node, edge, degree: degreesOf(d, node, edge), core, nodeCount, edgeCount };
}

/**
 * The type a node is filtered and listed by: the user's own type when the file gave one, else the
 * built-in kind. (An own type is never a built-in kind's name unless the type map remapped that name.)
 */
export function nodeTypeKey(nd: Pick<DisplayNode, 'type' | 'ownType'>): string {
  return nd.ownType || nd.type;
}
export function tieTypeKey(d: Pick<MapData, 'edgeType' | 'edgeOwnType'>, e: number): string {
  return modelTieTypeKey({ type: d.edgeType[e], ownType: d.edgeOwnType[e] });
}

/**
 * One entry of the type filters: a type as the user named it, the built-in kind it is read as, and
 * how many carry it — the graph API's tie-type entry, with `directed` (how many are) for ties only.
 */
export type TypeChoice = Omit<TieTypeCount, 'directed'> & Partial<Pick<TieTypeCount, 'directed'>>;

/** The node and tie types the map's filters offer, own types with their kind, ordered by name. */
export function typeChoices(d: MapData): { nodes: TypeChoice[]; ties: TypeChoice[] } {
  const nodes = new Map<string, TypeChoice>();
  for (const nd of d.nodes) {
    const key = nodeTypeKey(nd);
    const c = nodes.get(key);
    if (c) c.count++;
    else nodes.set(key, { key, kind: nd.type, own: !!nd.ownType, count: 1 });
  }
  const ties = new Map<string, TypeChoice>();
  for (let e = 0; e < d.src.length; e++) {
    const key = tieTypeKey(d, e);
    let c = ties.get(key);
    if (!c) ties.set(key, (c = { key, kind: d.edgeType[e], own: !!d.edgeOwnType[e], count: 0, directed: 0 }));
    c.count++;
    c.directed = (c.directed ?? 0) + d.edgeDirected[e];
  }
  const byKey = (a: TypeChoice, b: TypeChoice) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return { nodes: [...nodes.values()].sort(byKey), ties: [...ties.values()].sort(byKey) };
}

/** "person → other", "advice → mentoring, directed", "school", "collaboration, directed": an own type shows the kind the analyses read it as. */
export function typeChoiceLabel(c: TypeChoice): string {
  const dir = c.directed === undefined ? '' : c.directed === c.count ? ', directed' : c.directed > 0 ? ', partly directed' : '';
  return `${c.own ? `${c.key} → ${c.kind}` : c.key}${dir}`;
}

function dropDanglingEdges(d: MapData, node: Uint8Array, edge: Uint8Array): void {
  for (let e = 0; e < edge.length; e++) if (edge[e] && !(node[d.src[e]] && node[d.dst[e]])) edge[e] = 0;
}

/** Distinct neighbours per node over visible edges (parallel ties count once). */
function degreesOf(d: MapData, node: Uint8Array, edge: Uint8Array): Int32Array {
  const deg = new Int32Array(d.n);
  const seen = new Int32Array(d.n).fill(-1);
  for (let v = 0; v < d.n; v++) {
    if (!node[v]) continue;
    for (let i = d.offsets[v]; i < d.offsets[v + 1]; i++) {
      const e = d.incident[i];
      if (!edge[e]) continue;
      const u = d.src[e] === v ? d.dst[e] : d.src[e];
      if (seen[u] !== v) {
        seen[u] = v;
        deg[v]++;
      }
    }
  }
  return deg;
}

/** Core numbers by Batagelj–Zaversnik bucket peeling, O(n + m). */
export function coreNumbers(d: MapData, node: Uint8Array, edge: Uint8Array): Int32Array {
  const n = d.n;
  const deg = degreesOf(d, node, edge);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) if (deg[v] > maxDeg) maxDeg = deg[v];
  const bin = new Int32Array(maxDeg + 2);
  for (let v = 0; v < n; v++) if (node[v]) bin[deg[v]]++;
  let startPos = 0;
  for (let k = 0; k <= maxDeg; k++) {
    const c = bin[k];
    bin[k] = startPos;
    startPos += c;
  }
  const vert = new Int32Array(startPos);
  const pos = new Int32Array(n);
  for (let v = 0; v < n; v++)
    if (node[v]) {
      pos[v] = bin[deg[v]];
      vert[pos[v]] = v;
      bin[deg[v]]++;
    }
  for (let k = maxDeg; k > 0; k--) bin[k] = bin[k - 1];
  bin[0] = 0;
  const core = new Int32Array(n);
  const done = new Uint8Array(n);
  const counted = new Int32Array(n).fill(-1);
  for (let i = 0; i < vert.length; i++) {
    const v = vert[i];
    core[v] = deg[v];
    done[v] = 1;
    for (let j = d.offsets[v]; j < d.offsets[v + 1]; j++) {
      const e = d.incident[j];
      if (!edge[e]) continue;
      const u = d.src[e] === v ? d.dst[e] : d.src[e];
      if (done[u] || counted[u] === v) continue;
      counted[u] = v;
      if (deg[u] > deg[v]) {
        const du = deg[u];
        const pu = pos[u];
        const pw = bin[du];
        const w = vert[pw];
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]++;
        deg[u]--;
      }
    }
  }
  return core;
}

function egoSet(d: MapData, node: Uint8Array, edge: Uint8Array, centre: number, depth: number): Uint8Array {
  const keep = new Uint8Array(d.n);
  if (!node[centre]) return keep;
  keep[centre] = 1;
  let frontier = [centre];
  for (let k = 0; k < depth && frontier.length; k++) {
    const next: number[] = [];
    for (const v of frontier) {
      for (let i = d.offsets[v]; i < d.offsets[v + 1]; i++) {
        const e = d.incident[i];
        if (!edge[e]) continue;
        const u = d.src[e] === v ? d.dst[e] : d.src[e];
        if (!keep[u]) {
          keep[u] = 1;
          next.push(u);
        }
      }
    }
    frontier = next;
  }
  return keep;
}
