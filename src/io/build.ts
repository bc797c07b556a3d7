import type { Dataset, EdgeType, HubEdge, HubNode, NodeType } from '../model/index.ts';
import { DatasetMetaSchema, EDGE_TYPES, NODE_TYPES } from '../model/index.ts';
import { IssueCollector } from './errors.ts';
import { IdIndex } from './id-index.ts';
import {
  Bad, endsBefore, NODE_FIELDS, toDate, toEdgeType, toId, toNodeType, toWeight,
} from './fields.ts';

type AttrValue = string | number | boolean | null;
export type Attrs = Record<string, AttrValue>;

/** Where a record came from: `line` for text formats, `prefix` (a JSON path such as `nodes[3].`) otherwise. */
export interface Loc {
  file: string;
  line?: number;
  prefix?: string;
  /** Full field name for ids / endpoints when they sit apart from the attributes (graphology JSON: `nodes[3].key`). */
  idPrefix?: string;
  idField?: string;
}

/** What an import did, for the user: counts, merged parallel edges, warnings. */
export interface ImportReport {
  format: 'csv' | 'edgelist' | 'json' | 'gexf' | 'graphml';
  files: string[];
  nodes: number;
  edges: number;
  /** Edge records read before merging parallel ones. */
  inputEdges: number;
  /** How many edge records were folded into an earlier one (same pair, type and dates; weights summed). */
  mergedEdges: number;
  /** First merged groups, for the report. */
  merged: { source: string; target: string; type: EdgeType; start?: string; end?: string; records: number; weight: number }[];
  nodeTypes: Partial<Record<NodeType, number>>;
  edgeTypes: Partial<Record<EdgeType, number>>;
  /** Columns / attributes not in the model, kept under `attrs`. */
  extraNodeAttributes: string[];
  extraEdgeAttributes: string[];
  warnings: string[];
}

export interface BuilderOptions {
  /** Create nodes of type `other` for edge endpoints not declared (bare edge lists). Default false. */
  implicitNodes?: boolean;
  maxIssues?: number;
}

const MERGE_EXAMPLES = 20;
const EDGE_TYPE_CODE = new Map<EdgeType, number>(EDGE_TYPES.map((t, i) => [t, i]));

/** Empty attribute bag: a plain object literal (null-prototype objects are dictionary-mode and slow). */
export function newAttrs(): Attrs {
  return {};
}

/** Read an own attribute (never an inherited one such as `__proto__` of a plain object). */
export function getAttr(attrs: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(attrs, key) ? attrs[key] : undefined;
}

/**
 * Shared, frozen attribute bag for imported edges without extra attributes: half a million empty
 * objects were a large share of the import's garbage-collection work. Frozen so that code which
 * wants to add an attribute fails loudly instead of changing every edge; copy it first
 * (`edge.attrs = {...edge.attrs, x}`).
 */
export const NO_ATTRS: Attrs = Object.freeze({}) as Attrs;

/** Set an attribute; a key named `__proto__` becomes an ordinary own property, not the prototype. */
export function setAttr(attrs: Attrs, key: string, value: AttrValue): void {
  if (key === '__proto__') Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
  else attrs[key] = value;
}

/**
 * Accumulates nodes and edges from any format, validating as it goes and collecting every
 * problem; `finish()` either returns the whole dataset or throws one ImportError (all-or-nothing).
 */
export class DatasetBuilder {
  readonly issues: IssueCollector;
  readonly nodes: HubNode[] = [];
  readonly edges: HubEdge[] = [];
  /** Node index by id (see IdIndex: a Map's lookups were a large share of the import). */
  readonly ids = new IdIndex();
  /** Where each node was defined, by node index: a line number, or a JSON path / file name. */
  private readonly nodeWhere: (number | string)[] = [];
  /**
   * Accepted edge records, column by column (endpoint indices, type code, weight, dates, extra
   * attributes): half a million edge objects built row by row were most of the import's time and
   * garbage-collection work. Parallel edges are merged over these columns and the edge objects are
   * created once, in finish().
   */
  private edgeCount = 0;
  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private typeCode = new Uint8Array(1024);
  private weights = new Float64Array(1024);
  /** Start / end date by edge, as an index into `dates` (-1 = none). */
  private startCode = new Int32Array(1024);
  private endCode = new Int32Array(1024);
  private readonly dates: string[] = [];
  private readonly dateCodes = new Map<string, number>();
  /** Extra attributes by edge; null while every edge so far has none (NO_ATTRS). */
  private extras: Attrs[] | null = null;
  private edgeRecords: Int32Array = new Int32Array(0);
  /** Kept edges by type code, counted as the edge objects are built. */
  private edgeTypeCounts = new Int32Array(EDGE_TYPES.length);
  private inputEdges = 0;
  private mergedEdges = 0;
  private readonly extraNode = new Set<string>();
  private readonly extraEdge = new Set<string>();
  readonly warnings: string[] = [];
  meta: Dataset['meta'] = {};

  constructor(private readonly options: BuilderOptions = {}) {
    this.issues = new IssueCollector(options.maxIssues);
  }

  private field(loc: Loc, name: string): string {
    return loc.prefix ? loc.prefix + name : name;
  }

  bad(loc: Loc, field: string, value: unknown, expected: string): void {
    this.issues.add(loc.file, loc.line, this.field(loc, field), value, expected);
  }

  /** Issue on an id / endpoint field, which JSON keeps outside the attributes. */
  badId(loc: Loc, field: string, value: unknown, expected: string): void {
    const name = field === 'id' && loc.idField ? loc.idField : field;
    this.issues.add(loc.file, loc.line, (loc.idPrefix ?? loc.prefix ?? '') + name, value, expected);
  }

  /** Where a record is, for "already defined at …": its line, else its path without the trailing dot. */
  private where(loc: Loc): number | string {
    return loc.line !== undefined ? loc.line : (loc.idPrefix ?? loc.prefix ?? loc.file).replace(/\.$/, '');
  }

  /**
   * Add a node from raw (field, value) pairs. Known fields are coerced; everything else is kept in
   * attrs as given. Missing type → `defaultType` when given, else an issue.
   */
  addNode(rawId: unknown, rawType: unknown, fields: Iterable<[string, unknown]>, loc: Loc, defaultType?: NodeType): void {
    const id = toId(rawId);
    if (id instanceof Bad) { this.badId(loc, 'id', rawId, id.expected); return; }
    let type: NodeType | Bad;
    if ((rawType === undefined || rawType === '' || rawType === null) && defaultType) type = defaultType;
    else type = toNodeType(rawType);
    if (type instanceof Bad) this.bad(loc, 'type', rawType ?? '', type.expected);
    const node = { id, type: type instanceof Bad ? 'other' : type, attrs: newAttrs() } as HubNode;
    const known = node as unknown as Record<string, unknown>;
    for (const [name, value] of fields) {
      if (value === undefined || value === '' ) continue;
      const coerce = NODE_FIELDS.get(name);
      if (coerce) {
        const v = coerce(value);
        if (v instanceof Bad) this.bad(loc, name, value, v.expected);
        else known[name] = v;
      } else {
        this.extraNode.add(name);
        setAttr(node.attrs, name, value as AttrValue);
      }
    }
    const firstIndex = this.ids.get(id);
    if (firstIndex >= 0) {
      const first = this.nodeWhere[firstIndex];
      this.badId(loc, 'id', id, `a unique node id (already defined at ${typeof first === 'number' ? `line ${first}` : first})`);
      return;
    }
    this.addNodeRecord(node, loc);
  }

  private addNodeRecord(node: HubNode, loc: Loc): number {
    this.nodeWhere.push(this.where(loc));
    this.nodes.push(node);
    return this.ids.add(node.id);
  }

  /**
   * Add an edge from raw values (undefined / '' = absent). Parallel edges — same unordered pair,
   * same type and same dates — merge into the first, weights summed.
   */
  addEdge(
    rawSource: unknown, rawTarget: unknown, rawType: unknown, rawWeight: unknown,
    rawStart: unknown, rawEnd: unknown, extras: Attrs | undefined, loc: Loc,
  ): void {
    this.inputEdges++;
    const before = this.issues.total;
    const source = toId(rawSource);
    const target = toId(rawTarget);
    if (source instanceof Bad) this.badId(loc, 'source', rawSource ?? '', 'a node id');
    if (target instanceof Bad) this.badId(loc, 'target', rawTarget ?? '', 'a node id');
    let si = -1, ti = -1;
    if (!(source instanceof Bad)) si = this.endpoint(source, 'source', loc);
    if (!(target instanceof Bad)) ti = this.endpoint(target, 'target', loc);
    if (si >= 0 && si === ti) this.badId(loc, 'target', target, 'a node other than the source (self-loops are not allowed)');
    let type: EdgeType = 'collaboration';
    if (rawType !== undefined && rawType !== '' && rawType !== null) {
      const t = toEdgeType(rawType);
      if (t instanceof Bad) this.bad(loc, 'type', rawType, t.expected); else type = t;
    }
    let weight = 1;
    if (rawWeight !== undefined && rawWeight !== '' && rawWeight !== null) {
      const w = toWeight(rawWeight);
      if (w instanceof Bad) this.bad(loc, 'weight', rawWeight, w.expected); else weight = w;
    }
    let start: string | undefined, end: string | undefined;
    if (rawStart !== undefined && rawStart !== '' && rawStart !== null) {
      const d = toDate(rawStart);
      if (d instanceof Bad) this.bad(loc, 'start', rawStart, d.expected); else start = d;
    }
    if (rawEnd !== undefined && rawEnd !== '' && rawEnd !== null) {
      const d = toDate(rawEnd);
      if (d instanceof Bad) this.bad(loc, 'end', rawEnd, d.expected); else end = d;
    }
    if (start !== undefined && end !== undefined && endsBefore(start, end)) {
      this.bad(loc, 'end', end, `a date on or after start (${start})`);
    }
    if (this.issues.total !== before) return;
    if (extras) for (const k in extras) this.extraEdge.add(k);
    this.storeEdge(si, ti, EDGE_TYPE_CODE.get(type)!, weight, this.dateCode(start), this.dateCode(end), extras ?? NO_ATTRS);
  }

  /** Code of a date as returned by toDate (an index into `dates`), -1 for none. */
  dateCode(date: string | undefined): number {
    if (date === undefined) return -1;
    let c = this.dateCodes.get(date);
    if (c === undefined) {
      c = this.dates.length;
      this.dates.push(date);
      this.dateCodes.set(date, c);
    }
    return c;
  }

  /** The date with code `c` (see dateCode). */
  dateOf(c: number): string | undefined {
    return c < 0 ? undefined : this.dates[c];
  }

  /**
   * Add an edge that a reader has already checked the way addEdge would and found valid: endpoint
   * indices of existing, different nodes; type as its index in EDGE_TYPES; weight ≥ 0; dates as
   * codes (dateCode) of what toDate returned, end not before start; no extra attributes. (The CSV
   * fast path.)
   */
  acceptEdge(si: number, ti: number, typeCode: number, weight: number, start: number, end: number): void {
    this.inputEdges++;
    this.storeEdge(si, ti, typeCode, weight, start, end, NO_ATTRS);
  }

  private storeEdge(si: number, ti: number, typeCode: number, weight: number, start: number, end: number, attrs: Attrs): void {
    const k = this.edgeCount++;
    if (k === this.src.length) this.growEdges();
    this.src[k] = si; this.dst[k] = ti;
    this.typeCode[k] = typeCode;
    this.weights[k] = weight;
    this.startCode[k] = start;
    this.endCode[k] = end;
    if (this.extras !== null) this.extras.push(attrs);
    else if (attrs !== NO_ATTRS) {
      this.extras = new Array<Attrs>(k).fill(NO_ATTRS);
      this.extras.push(attrs);
    }
  }

  private growEdges(): void {
    const n = this.src.length * 2;
    const src = new Int32Array(n); src.set(this.src); this.src = src;
    const dst = new Int32Array(n); dst.set(this.dst); this.dst = dst;
    const typeCode = new Uint8Array(n); typeCode.set(this.typeCode); this.typeCode = typeCode;
    const weights = new Float64Array(n); weights.set(this.weights); this.weights = weights;
    const startCode = new Int32Array(n); startCode.set(this.startCode); this.startCode = startCode;
    const endCode = new Int32Array(n); endCode.set(this.endCode); this.endCode = endCode;
  }

  /**
   * The edge objects, in input order, from the columns (after merging). Same shape and property
   * order as before the columnar storage: `start` / `end` only when present. Each edge keeps the
   * node's own id string, so the row's copies can be collected young.
   */
  private buildEdges(keep: Uint8Array | null): void {
    const { nodes, src, dst, typeCode, weights, startCode, endCode, dates, extras, edges } = this;
    const E = this.edgeCount;
    // Sized once (no regrowing a half-million-slot array); every slot is filled below.
    edges.length = E - this.mergedEdges;
    let w = 0;
    const counts = (this.edgeTypeCounts = new Int32Array(EDGE_TYPES.length));
    for (let i = 0; i < E; i++) {
      if (keep !== null && keep[i] === 0) continue;
      counts[typeCode[i]]++;
      const source = nodes[src[i]].id, target = nodes[dst[i]].id, type = EDGE_TYPES[typeCode[i]], weight = weights[i];
      const attrs = extras === null ? NO_ATTRS : extras[i];
      const start = startCode[i] < 0 ? undefined : dates[startCode[i]], end = endCode[i] < 0 ? undefined : dates[endCode[i]];
      let edge: HubEdge;
      if (start === undefined) {
        edge = end === undefined ? { source, target, type, weight, attrs } : { source, target, type, weight, attrs, end };
      } else {
        edge = end === undefined ? { source, target, type, weight, attrs, start } : { source, target, type, weight, attrs, start, end };
      }
      edges[w++] = edge;
    }
  }

  private endpoint(id: string, field: 'source' | 'target', loc: Loc): number {
    const i = this.ids.get(id);
    if (i >= 0) return i;
    if (this.options.implicitNodes) return this.addNodeRecord({ id, type: 'other', attrs: newAttrs() } as HubNode, loc);
    this.badId(loc, field, id, 'the id of a node defined in the nodes file');
    return -1;
  }

  /**
   * Fold parallel edges — same unordered pair, type and dates — into the first one, summing
   * weights in input order. Edges are ordered by (smaller endpoint, larger endpoint, input order)
   * with two stable counting sorts over typed arrays; only runs of the same pair are compared.
   * Order of the kept edges is the input order.
   */
  private mergeParallel(): void {
    const E = this.edgeCount, n = this.nodes.length;
    const { src, dst, typeCode, weights, startCode, endCode } = this;
    const lo = new Int32Array(E), hi = new Int32Array(E);
    for (let i = 0; i < E; i++) {
      const a = src[i], b = dst[i];
      if (a < b) { lo[i] = a; hi[i] = b; } else { lo[i] = b; hi[i] = a; }
    }
    const count = new Int32Array(n + 1);
    const byHi = new Int32Array(E);
    for (let i = 0; i < E; i++) count[hi[i] + 1]++;
    for (let v = 0; v < n; v++) count[v + 1] += count[v];
    for (let i = 0; i < E; i++) byHi[count[hi[i]]++] = i;
    count.fill(0);
    const order = new Int32Array(E);
    for (let i = 0; i < E; i++) count[lo[i] + 1]++;
    for (let v = 0; v < n; v++) count[v + 1] += count[v];
    for (let j = 0; j < E; j++) { const i = byHi[j]; order[count[lo[i]]++] = i; }
    const records = new Int32Array(E).fill(1);
    const keep = new Uint8Array(E).fill(1);
    let merged = 0;
    for (let g = 0; g < E; ) {
      const first = order[g];
      let h = g + 1;
      while (h < E && lo[order[h]] === lo[first] && hi[order[h]] === hi[first]) h++;
      if (h - g > 1) {
        const firstOf = new Map<string, number>();
        for (let j = g; j < h; j++) {
          const i = order[j];
          // Date codes are equal exactly when the dates are (one code per distinct date).
          const key = `${typeCode[i]} ${startCode[i]} ${endCode[i]}`;
          const f = firstOf.get(key);
          if (f === undefined) { firstOf.set(key, i); continue; }
          weights[f] += weights[i];
          records[f]++;
          keep[i] = 0;
          merged++;
        }
      }
      g = h;
    }
    this.mergedEdges = merged;
    if (merged === 0) { this.edgeRecords = records; this.buildEdges(null); return; }
    let w = 0;
    const kept = new Int32Array(E - merged);
    for (let i = 0; i < E; i++) if (keep[i]) kept[w++] = records[i];
    this.edgeRecords = kept;
    this.buildEdges(keep);
  }

  setMeta(raw: unknown, loc: Loc): void {
    const r = DatasetMetaSchema.safeParse(raw);
    if (r.success) this.meta = r.data;
    else for (const i of r.error.issues) this.bad(loc, i.path.join('.') || 'meta', undefined, i.message);
  }

  /** The dataset and report, or throws ImportError with every problem found. */
  finish(format: ImportReport['format'], files: string[]): { dataset: Dataset; report: ImportReport } {
    this.issues.throwIfAny();
    this.mergeParallel();
    for (const n of this.nodes) {
      if (n.hub !== undefined && this.ids.get(n.hub) < 0 && this.warnings.length < 20) {
        this.warnings.push(`node "${n.id}" names hub "${n.hub}", which is not a node in the dataset`);
      }
    }
    const nodeTypes: ImportReport['nodeTypes'] = {};
    for (const t of NODE_TYPES) nodeTypes[t] = 0;
    for (const n of this.nodes) nodeTypes[n.type]! += 1;
    const edgeTypes: ImportReport['edgeTypes'] = {};
    EDGE_TYPES.forEach((t, c) => { edgeTypes[t] = this.edgeTypeCounts[c]; });
    const merged: ImportReport['merged'] = [];
    if (this.mergedEdges > 0) {
      for (let i = 0; i < this.edges.length && merged.length < MERGE_EXAMPLES; i++) {
        if (this.edgeRecords[i] > 1) {
          const e = this.edges[i];
          merged.push({ source: e.source, target: e.target, type: e.type, start: e.start, end: e.end, records: this.edgeRecords[i], weight: e.weight });
        }
      }
      this.warnings.push(
        `${this.mergedEdges} parallel edge record${this.mergedEdges === 1 ? ' was' : 's were'} merged into an earlier edge with the same endpoints, type and dates (weights summed)`,
      );
    }
    return {
      dataset: { meta: this.meta, nodes: this.nodes, edges: this.edges },
      report: {
        format, files,
        nodes: this.nodes.length, edges: this.edges.length,
        inputEdges: this.inputEdges, mergedEdges: this.mergedEdges, merged,
        nodeTypes, edgeTypes,
        extraNodeAttributes: [...this.extraNode], extraEdgeAttributes: [...this.extraEdge],
        warnings: this.warnings,
      },
    };
  }
}
