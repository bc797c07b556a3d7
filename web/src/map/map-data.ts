/**
 * The graph as the browser holds it: dense indices for every node (ids live only in `ids` and the
 * `index` Map, so ids such as `__proto__` are harmless), typed arrays for edges and a CSR
 * adjacency for filters (degree, k-core, ego) computed without graphology.
 */
export interface DisplayNode {
  id: string;
  type: string;
  /** The user's own type (e.g. `person`), mapped to `type` for the analyses. */
  ownType?: string | null;
  label?: string;
  region?: string;
  country?: string;
  hub?: string;
  x?: number;
  y?: number;
  community?: number | string | null;
  /** Per-node analysis metrics (degree, betweenness, …), filled by loadMetrics from the analysis table (the graph payload has none). */
  metrics?: Record<string, number | null>;
  attrs?: Record<string, unknown>;
  [extra: string]: unknown;
}
export interface DisplayEdge {
  source: string;
  target: string;
  type?: string;
  /** The user's own tie type (e.g. `advice`), mapped to `type` for the analyses. */
  ownType?: string | null;
  directed?: boolean;
  weight?: number;
  start?: string;
  end?: string;
}

export interface MapData {
  n: number;
  ids: string[];
  index: Map<string, number>;
  nodes: DisplayNode[];
  x: Float32Array;
  y: Float32Array;
  /** Edge endpoints as node indices; edges whose endpoints are unknown are dropped and counted. */
  src: Int32Array;
  dst: Int32Array;
  edgeType: string[];
  /** Each edge's own type, or null when it has none (then `edgeType` is what the file said). */
  edgeOwnType: (string | null)[];
  /** 1 where the payload says the tie is directed. */
  edgeDirected: Uint8Array;
  weight: Float32Array;
  /** Start / end as day numbers (NaN when absent) so the time filter is a numeric compare. */
  start: Float64Array;
  end: Float64Array;
  /** First day a node has a tie; NaN when it has an undated tie (always present) or none. */
  firstSeen: Float64Array;
  offsets: Int32Array;
  /** Edge indices per node, row by row. */
  incident: Int32Array;
  droppedEdges: number;
  dateRange: [number, number] | null;
}

export const DAY_MS = 86_400_000;
export function dayOf(iso: string | undefined | null): number {
  if (!iso) return NaN;
  const t = Date.parse(iso.slice(0, 10));
  return Number.isNaN(t) ? NaN : Math.floor(t / DAY_MS);
}
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function buildMapData(nodes: DisplayNode[], edges: DisplayEdge[]): MapData {
  const n = nodes.length;
  const ids = nodes.map((v) => v.id);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  nodes.forEach((v, i) => {
    // Deterministic spiral when the API has no layout for a node, so the map never stacks them.
    const hasXY = Number.isFinite(v.x) && Number.isFinite(v.y);
    const a = i * 2.399963;
    const r = Math.sqrt(i + 1);
    x[i] = hasXY ? (v.x as number) : r * Math.cos(a);
    y[i] = hasXY ? (v.y as number) : r * Math.sin(a);
  });
  const src: number[] = [];
  const dst: number[] = [];
  const edgeType: string[] = [];
  const edgeOwnType: (string | null)[] = [];
  const edgeDirected: number[] = [];
  const w: number[] = [];
  const st: number[] = [];
  const en: number[] = [];
  let dropped = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) {
      dropped++;
      continue;
    }
    src.push(s);
    dst.push(t);
    edgeType.push(e.type ?? 'collaboration');
    edgeOwnType.push(e.ownType ?? null);
    edgeDirected.push(e.directed ? 1 : 0);
    w.push(e.weight ?? 1);
    const a = dayOf(e.start);
    const b = dayOf(e.end);
    st.push(a);
    en.push(b);
    for (const d of [a, b])
      if (!Number.isNaN(d)) {
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
  }
  const m = src.length;
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    deg[src[e] + 1]++;
    deg[dst[e] + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const offsets = deg;
  const fill = offsets.slice(0, n);
  const incident = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    incident[fill[src[e]]++] = e;
    incident[fill[dst[e]]++] = e;
  }
  const start = Float64Array.from(st);
  const firstSeen = new Float64Array(n).fill(NaN);
  for (let v = 0; v < n; v++) {
    let first = Infinity;
    for (let i = offsets[v]; i < offsets[v + 1]; i++) {
      const d = start[incident[i]];
      if (Number.isNaN(d)) {
        first = NaN;
        break;
      }
      first = Math.min(first, d);
    }
    firstSeen[v] = Number.isFinite(first) ? first : NaN;
  }
  return {
    n,
    ids,
    index,
    nodes,
    x,
    y,
    src: Int32Array.from(src),
    dst: Int32Array.from(dst),
    edgeType,
    edgeOwnType,
    edgeDirected: Uint8Array.from(edgeDirected),
    weight: Float32Array.from(w),
    start,
    end: Float64Array.from(en),
    firstSeen,
    offsets,
    incident,
    droppedEdges: dropped,
    dateRange: Number.isFinite(lo) ? [lo, hi] : null,
  };
}

/** Attribute used for colouring / filtering: known fields first, then extra attributes. */
export function nodeAttr(v: DisplayNode, key: string): unknown {
  if (Object.hasOwn(v, key) && key !== 'attrs' && key !== 'metrics') return v[key];
  if (v.metrics && Object.hasOwn(v.metrics, key)) return v.metrics[key];
  return v.attrs && Object.hasOwn(v.attrs, key) ? v.attrs[key] : undefined;
}
