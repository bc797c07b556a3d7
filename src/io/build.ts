import type { Dataset, EdgeType, HubEdge, HubNode, NodeType } from '../model/index.ts';
import { DatasetMetaSchema, EDGE_TYPES, NODE_TYPES } from '../model/index.ts';
import { IssueCollector } from './errors.ts';
import {
  Bad, NODE_FIELDS, toDate, toEdgeType, toId, toNodeType, toWeight,
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
  private readonly nodeIndex = new Map<string, number>();
  private readonly nodeWhere = new Map<string, string>();
  /** Endpoint indices by edge, for merging parallel edges at the end. */
  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private edgeRecords: Int32Array = new Int32Array(0);
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

  private where(loc: Loc): string {
    return loc.line !== undefined ? `line ${loc.line}` : (loc.idPrefix ?? loc.prefix ?? loc.file).replace(/\.$/, '');
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
    const first = this.nodeWhere.get(id);
    if (first !== undefined) {
      this.badId(loc, 'id', id, `a unique node id (already defined at ${first})`);
      return;
    }
    this.nodeWhere.set(id, this.where(loc));
    this.nodeIndex.set(id, this.nodes.length);
    this.nodes.push(node);
  }

  hasNode(id: string): boolean {
    return this.nodeIndex.has(id);
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
    if (start !== undefined && end !== undefined && (end.length === 10 && start.length === 10 ? end < start : end.slice(0, 10) < start.slice(0, 10))) {
      this.bad(loc, 'end', end, `a date on or after start (${start})`);
    }
    if (this.issues.total !== before) return;
    if (extras) for (const k in extras) this.extraEdge.add(k);
    // Parallel edges are merged in finish(), from these typed arrays: no per-edge map entry.
    const k = this.edges.length;
    if (k === this.src.length) {
      const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      this.src = grow(this.src); this.dst = grow(this.dst);
    }
    this.src[k] = si; this.dst[k] = ti;
    // Keep the node's own id string, so the row's copy can be collected young.
    const edge = { source: this.nodes[si].id, target: this.nodes[ti].id, type, weight, attrs: extras ?? NO_ATTRS } as HubEdge;
    if (start !== undefined) edge.start = start;
    if (end !== undefined) edge.end = end;
    this.edges.push(edge);
  }

  private lastId = '';
  private lastIndex = -1;

  private endpoint(id: string, field: 'source' | 'target', loc: Loc): number {
    // Edge lists are often sorted by source: skip the map lookup for a repeated id.
    if (id === this.lastId && this.lastIndex >= 0) return this.lastIndex;
    const i = this.nodeIndex.get(id);
    if (i !== undefined && field === 'source') { this.lastId = id; this.lastIndex = i; }
    if (i !== undefined) return i;
    if (this.options.implicitNodes) {
      this.nodeIndex.set(id, this.nodes.length);
      this.nodeWhere.set(id, this.where(loc));
      this.nodes.push({ id, type: 'other', attrs: newAttrs() } as HubNode);
      return this.nodes.length - 1;
    }
    this.badId(loc, field, id, 'the id of a node defined in the nodes file');
    return -1;
  }

  /**
   * Fold parallel edges — same unordered pair, type and dates — into the first one, summing
   * weights. Edges are bucketed by their smaller endpoint (counting sort over typed arrays), then
   * compared within each bucket; order of the kept edges is the input order.
   */
  private mergeParallel(): void {
    const E = this.edges.length, n = this.nodes.length;
    const records = new Int32Array(E).fill(1);
    const head = new Int32Array(n + 1);
    for (let i = 0; i < E; i++) head[Math.min(this.src[i], this.dst[i]) + 1]++;
    for (let v = 0; v < n; v++) head[v + 1] += head[v];
    const fill = head.slice(0, n);
    const order = new Int32Array(E);
    for (let i = 0; i < E; i++) order[fill[Math.min(this.src[i], this.dst[i])]++] = i;
    const keep = new Uint8Array(E).fill(1);
    const other = (i: number) => Math.max(this.src[i], this.dst[i]);
    let merged = 0;
    for (let v = 0; v < n; v++) {
      const a = head[v], b = head[v + 1];
      if (b - a < 2) continue;
      // Group the bucket by the other endpoint (stable: input order within a group).
      const bucket = Array.from(order.subarray(a, b)).sort((x, y) => other(x) - other(y) || x - y);
      for (let g = 0; g < bucket.length; ) {
        let h = g + 1;
        while (h < bucket.length && other(bucket[h]) === other(bucket[g])) h++;
        if (h - g > 1) {
          const firstOf = new Map<string, number>();
          for (let j = g; j < h; j++) {
            const i = bucket[j], e = this.edges[i];
            const key = `${e.type}\u0000${e.start ?? ''}\u0000${e.end ?? ''}`;
            const f = firstOf.get(key);
            if (f === undefined) { firstOf.set(key, i); continue; }
            this.edges[f].weight += e.weight;
            records[f]++;
            keep[i] = 0;
            merged++;
          }
        }
        g = h;
      }
    }
    this.mergedEdges = merged;
    if (merged === 0) { this.edgeRecords = records; return; }
    let w = 0;
    const kept = new Int32Array(E - merged);
    for (let i = 0; i < E; i++) {
      if (!keep[i]) continue;
      this.edges[w] = this.edges[i];
      kept[w++] = records[i];
    }
    this.edges.length = w;
    this.edgeRecords = kept;
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
      if (n.hub !== undefined && !this.nodeIndex.has(n.hub) && this.warnings.length < 20) {
        this.warnings.push(`node "${n.id}" names hub "${n.hub}", which is not a node in the dataset`);
      }
    }
    const nodeTypes: ImportReport['nodeTypes'] = {};
    for (const t of NODE_TYPES) nodeTypes[t] = 0;
    for (const n of this.nodes) nodeTypes[n.type]! += 1;
    const edgeTypes: ImportReport['edgeTypes'] = {};
    for (const t of EDGE_TYPES) edgeTypes[t] = 0;
    for (const e of this.edges) edgeTypes[e.type]! += 1;
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
