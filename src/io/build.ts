import type { ColumnReading, Dataset, EdgeType, HubEdge, HubNode, NodeType, TwoModeRead, TypeMap } from '../model/index.ts';
import { columnSummary } from './infer-columns.ts';
import { DatasetMetaSchema, DIRECTED_BY_DEFAULT, EDGE_TYPES, NODE_TYPES } from '../model/index.ts';
import { IssueCollector } from './errors.ts';
import type { ImportFormat } from './load.ts';
import { IdIndex } from './id-index.ts';
import { Bad, commaDecimal, decimalCommaHint, endsBefore, NODE_FIELDS, NUMERIC_NODE_FIELDS, toDate, toDirection, toId, toWeight } from './fields.ts';
import { TypeResolver, type OwnTypeUse } from './types.ts';
import { envHint, fieldLengthError, nodeCapError, tieCapError, type RaiseHint, type ShapeLimits } from './shape-limits.ts';

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
  format: ImportFormat;
  files: string[];
  nodes: number;
  edges: number;
  /** Edge records read before merging parallel ones. */
  inputEdges: number;
  /** How many edge records were folded into an earlier one (same pair, type and dates; weights summed). */
  mergedEdges: number;
  /** First merged groups, for the report. */
  merged: { source: string; target: string; type: EdgeType; ownType?: string; start?: string; end?: string; records: number; weight: number }[];
  nodeTypes: Partial<Record<NodeType, number>>;
  edgeTypes: Partial<Record<EdgeType, number>>;
  /** Edges that are directed (per tie: its own direction, else its kind's default). */
  directedEdges: number;
  /** Self-loops (an edge from a node to itself): kept in the dataset (analyses ignore them), or dropped with `selfLoops: 'drop'`. */
  selfLoops: number;
  droppedSelfLoops: number;
  /** Node and tie types of the user's own and the built-in kinds they were mapped to. */
  ownTypes: { nodes: OwnTypeUse[]; edges: OwnTypeUse[] };
  /** One line saying how own types were mapped, e.g. "3 node types and 1 tie type of your own, mapped as …"; null when there were none. */
  typeSummary: string | null;
  /**
   * When the file itself makes ties directed (GraphML edgedefault / directed, GEXF defaultedgetype /
   * type, GML `directed 1`, Pajek `*Arcs`, a direction column): one line saying that the direction is
   * kept and that the analyses read the ties as undirected; null otherwise.
   */
  directionSummary: string | null;
  /** Columns / attributes not in the model, kept under `attrs`. */
  extraNodeAttributes: string[];
  extraEdgeAttributes: string[];
  /** CSV attribute columns: read as numbers, booleans or text, and why (see src/io/infer-columns.ts). */
  columns: ColumnReading[];
  /** That as one line per file ("nodes.csv: read as numbers: n_projects; as text: cordis_id (identifier-like)"). */
  columnSummary: string[];
  /** Two-mode data (two-mode DL, Pajek `*Vertices n n1`): the sides, their kinds, the ties; absent for one-mode data. */
  twoMode?: TwoModeRead;
  warnings: string[];
}

export interface BuilderOptions {
  /**
   * Create nodes of type `other` for edge endpoints not declared: `true` for bare edge lists (where
   * that is the format), `'warn'` for documents whose readers do the same (Gephi and NetworkX create
   * them for GEXF and GraphML), reported with a warning. Default false: an unknown endpoint is an error.
   */
  implicitNodes?: boolean | 'warn';
  maxIssues?: number;
  /** Own node / tie types → built-in kinds (and tie direction). Unmapped own types go to `other` / `collaboration`. */
  typeMap?: TypeMap;
  /** `keep` (default): self-loops stay in the dataset and are counted in the report; `drop`: left out, with a warning. */
  selfLoops?: 'keep' | 'drop';
  /** Read `0,5` as 0.5 in number fields (files from spreadsheets set to a comma locale). */
  decimalComma?: boolean;
  /** Read CSV attribute columns without a `:type` header as numbers / booleans when every value is one (default true). */
  inferTypes?: boolean;
  /**
   * Caps on nodes, tie records and field length (src/io/shape-limits.ts), checked as each record arrives:
   * the first record over one throws a ShapeLimitError, so the reader stops there. Default: none.
   */
  caps?: { limits: ShapeLimits; hint?: RaiseHint };
}

const MERGE_EXAMPLES = 20;
const EDGE_TYPE_CODE = new Map<EdgeType, number>(EDGE_TYPES.map((t, i) => [t, i]));
const COLLABORATION = EDGE_TYPE_CODE.get('collaboration')!;
/** 1 where the kind with that code is directed by default. */
const DEFAULT_DIR_CODE = Uint8Array.from(EDGE_TYPES, (t) => (DIRECTED_BY_DEFAULT[t] ? 1 : 0));
/** Field our exports write next to an own type: the built-in kind it maps to. */
export const KIND_FIELD = 'hubgraph_type';

/** The import report's line for a file with directed ties (see ImportReport.directionSummary). */
export function directionLine(directed: number, edges: number): string {
  const which = directed === edges ? (edges === 1 ? 'the tie is' : `all ${edges} ties are`) : `${directed} of the ${edges} ties are`;
  return `Direction: ${which} directed in this file. hubgraph keeps each tie's direction (in the stored dataset, the graph API and every export), but its analyses (centralities, communities, brokerage, isolation, matching) read every tie as undirected, as NetworkX's G.to_undirected() does.`;
}

const present = (v: unknown): boolean => v !== undefined && v !== '' && v !== null;

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
  /** 1 when the edge is directed, by edge (its own direction or its kind's default). */
  private dirCode = new Uint8Array(1024);
  /** The edge's own type, as an index into `ownEdgeTypes` (-1 = none). */
  private ownCode = new Int32Array(1024);
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
  private directedEdges = 0;
  /** Edge records made directed by the file itself (not by their kind or the type map). */
  private fileDirectedTies = 0;
  private mergedEdges = 0;
  private selfLoops = 0;
  private droppedSelfLoops = 0;
  private firstSelfLoop: string | null = null;
  /** Nodes created for undeclared endpoints under `implicitNodes: 'warn'`, and the first one. */
  private undeclaredNodes = 0;
  private firstUndeclared: string | null = null;
  readonly types: TypeResolver;
  /**
   * Direction the file gives all its ties (GraphML `edgedefault`, GEXF `defaultedgetype`, a
   * directed graphology graph); undefined = none, each tie's kind decides. Set by readers.
   */
  fileDirected: boolean | undefined;
  /** `--columns` keys a reader applied (the loader reports the others). */
  readonly columnsUsed = new Set<string>();
  private readonly extraNode = new Set<string>();
  private readonly extraEdge = new Set<string>();
  readonly warnings: string[] = [];
  /** Set by a reader of two-mode data (dl-two-mode.ts, pajek.ts), for the report. */
  twoMode: TwoModeRead | undefined;
  /** How CSV readers read their attribute columns, for the report. */
  readonly columnReadings: ColumnReading[] = [];
  meta: Dataset['meta'] = {};

  private readonly maxNodes: number;
  private readonly maxTies: number;
  private readonly maxField: number;

  constructor(private readonly options: BuilderOptions = {}) {
    this.issues = new IssueCollector(options.maxIssues);
    this.types = new TypeResolver(options.typeMap);
    const caps = options.caps?.limits;
    this.maxNodes = caps?.nodes ?? Number.POSITIVE_INFINITY;
    this.maxTies = caps?.ties ?? Number.POSITIVE_INFINITY;
    this.maxField = caps?.fieldLength ?? Number.POSITIVE_INFINITY;
  }

  /** Throws the field-length cap's error for a value of `length` characters in `field` (an id field when `id`). */
  private tooLong(loc: Loc, field: string, length: number, id = false): never {
    const name = id ? (loc.idPrefix ?? loc.prefix ?? '') + (field === 'id' && loc.idField ? loc.idField : field) : this.field(loc, field);
    throw fieldLengthError(loc.file, loc.line, this.options.caps!.limits, this.options.caps!.hint ?? envHint, name, length);
  }

  /** The record's path for a cap error when it has no line (JSON): `nodes[3]`. */
  private static path(loc: Loc): string | undefined {
    return loc.line === undefined && (loc.idPrefix ?? loc.prefix) ? (loc.idPrefix ?? loc.prefix)!.replace(/\.$/, '') : undefined;
  }

  /** Whether `0,5` reads as 0.5 (option `decimalComma`). */
  get decimalComma(): boolean {
    return this.options.decimalComma === true;
  }

  /** Whether CSV attribute columns without a `:type` header are typed by their values (option `inferTypes`, default true). */
  get inferTypes(): boolean {
    return this.options.inferTypes !== false;
  }

  /** A number field's value with the decimal comma read as a dot when the option is on. */
  numberText(v: unknown): unknown {
    return this.options.decimalComma ? commaDecimal(v) : v;
  }

  /** What was expected, with a hint when `value` has a decimal comma and the option is off. */
  expectedNumber(expected: string, value: unknown): string {
    return this.options.decimalComma ? expected : decimalCommaHint(expected, value);
  }

  private field(loc: Loc, name: string): string {
    return loc.prefix ? loc.prefix + name : name;
  }

  bad(loc: Loc, field: string, value: unknown, expected: string): void {
    this.issues.add(loc.file, loc.line, this.field(loc, field), value, expected);
  }

  /** A type the resolver refused: the type itself, or the `hubgraph_type` beside it. */
  private badType(loc: Loc, rawType: unknown, kind: unknown, t: Bad): void {
    if (t.expected.startsWith(`${KIND_FIELD}: `)) this.bad(loc, KIND_FIELD, kind, t.expected.slice(KIND_FIELD.length + 2));
    else this.bad(loc, 'type', rawType, t.expected);
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
   * attrs as given. The type is a built-in kind, or a type of the user's own kept as `ownType` and
   * mapped to a kind (type map, else `other`). Missing type → `defaultType` when given, else `other`.
   * A `hubgraph_type` field (written by our exports next to an own type) names the kind.
   */
  addNode(rawId: unknown, rawType: unknown, fields: Iterable<[string, unknown]>, loc: Loc, defaultType: NodeType = 'other'): void {
    const id = toId(rawId);
    if (id instanceof Bad) {
      this.badId(loc, 'id', rawId, id.expected);
      return;
    }
    if (id.length > this.maxField) this.tooLong(loc, 'id', id.length, true);
    if (typeof rawType === 'string' && rawType.length > this.maxField) this.tooLong(loc, 'type', rawType.length);
    const node = { id, type: defaultType, attrs: newAttrs() } as HubNode;
    const known = node as unknown as Record<string, unknown>;
    let kind: unknown;
    for (const [name, value] of fields) {
      if (value === undefined || value === '') continue;
      if (typeof value === 'string' && value.length > this.maxField) this.tooLong(loc, name, value.length);
      if (name === KIND_FIELD) {
        kind = value;
        continue;
      }
      const coerce = NODE_FIELDS.get(name);
      if (coerce) {
        const numeric = NUMERIC_NODE_FIELDS.has(name);
        const v = coerce(numeric ? this.numberText(value) : value);
        if (v instanceof Bad) this.bad(loc, name, value, numeric ? this.expectedNumber(v.expected, value) : v.expected);
        else known[name] = v;
      } else {
        this.extraNode.add(name);
        setAttr(node.attrs, name, value as AttrValue);
      }
    }
    if (!(rawType === undefined || rawType === null || (typeof rawType === 'string' && rawType.trim() === ''))) {
      const t = this.types.node(rawType, kind);
      if (t instanceof Bad) this.badType(loc, rawType, kind, t);
      else {
        node.type = t.kind;
        if (t.own !== undefined) node.ownType = t.own;
      }
    }
    const firstIndex = this.ids.get(id);
    if (firstIndex >= 0) {
      const first = this.nodeWhere[firstIndex];
      this.badId(loc, 'id', id, `a unique node id (already defined at ${typeof first === 'number' ? `line ${first}` : first})`);
      return;
    }
    this.types.countNode(node.type, node.ownType);
    this.addNodeRecord(node, loc);
  }

  private addNodeRecord(node: HubNode, loc: Loc): number {
    if (this.nodes.length >= this.maxNodes)
      throw nodeCapError(loc.file, loc.line, this.options.caps!.limits, this.options.caps!.hint ?? envHint, DatasetBuilder.path(loc));
    this.nodeWhere.push(this.where(loc));
    this.nodes.push(node);
    return this.ids.add(node.id);
  }

  /**
   * Add an edge from raw values (undefined / '' = absent). `rawType` is a built-in kind, a type of
   * the user's own (kept as `ownType`, mapped by the type map, else `collaboration`) or a direction
   * word (`Directed`, `Undirected`, `Mutual`: Gephi's edge tables); `rawDirected` the tie's own
   * direction (true/false, or those words); `rawKind` the built-in kind when `rawType` is an own type
   * (our exports' `hubgraph_type`). Parallel edges — same pair (ordered when directed), type, own
   * type, direction and dates — merge into the first, weights summed.
   */
  addEdge(
    rawSource: unknown,
    rawTarget: unknown,
    rawType: unknown,
    rawWeight: unknown,
    rawStart: unknown,
    rawEnd: unknown,
    extras: Attrs | undefined,
    loc: Loc,
    rawDirected?: unknown,
    rawKind?: unknown,
  ): void {
    if (this.inputEdges >= this.maxTies)
      throw tieCapError(loc.file, loc.line, this.options.caps!.limits, this.options.caps!.hint ?? envHint, DatasetBuilder.path(loc));
    if (this.maxField !== Number.POSITIVE_INFINITY) this.checkEdgeLengths(rawSource, rawTarget, rawType, extras, loc);
    this.inputEdges++;
    const before = this.issues.total;
    const source = toId(rawSource);
    const target = toId(rawTarget);
    if (source instanceof Bad) this.badId(loc, 'source', rawSource ?? '', 'a node id');
    if (target instanceof Bad) this.badId(loc, 'target', rawTarget ?? '', 'a node id');
    let si = -1,
      ti = -1;
    if (!(source instanceof Bad)) si = this.endpoint(source, 'source', loc);
    if (!(target instanceof Bad)) ti = this.endpoint(target, 'target', loc);
    let directed: boolean | undefined;
    if (present(rawDirected)) {
      const d = toDirection(rawDirected);
      if (d instanceof Bad) this.bad(loc, 'directed', rawDirected, d.expected);
      else directed = d;
    }
    let typeCode = COLLABORATION,
      own = -1,
      mapDirected: boolean | undefined;
    if (present(rawType)) {
      const word = typeof rawType === 'string' ? toDirection(rawType, true) : new Bad('');
      if (!(word instanceof Bad)) {
        // Gephi's `Type` column: the tie's direction, not its kind.
        directed ??= word;
        if (present(rawKind)) {
          const t = this.types.edge(rawKind);
          if (t instanceof Bad) this.bad(loc, KIND_FIELD, rawKind, t.expected);
          else typeCode = EDGE_TYPE_CODE.get(t.kind)!;
        }
      } else {
        const t = this.types.edge(rawType, rawKind);
        if (t instanceof Bad) this.badType(loc, rawType, rawKind, t);
        else {
          typeCode = EDGE_TYPE_CODE.get(t.kind)!;
          if (t.own !== undefined) own = this.types.ownEdgeCode(t.own);
          mapDirected = t.directed;
        }
      }
    }
    let weight = 1;
    if (present(rawWeight)) {
      const w = toWeight(this.numberText(rawWeight));
      if (w instanceof Bad) this.bad(loc, 'weight', rawWeight, this.expectedNumber(w.expected, rawWeight));
      else weight = w;
    }
    let start: string | undefined, end: string | undefined;
    if (present(rawStart)) {
      const d = toDate(rawStart);
      if (d instanceof Bad) this.bad(loc, 'start', rawStart, d.expected);
      else start = d;
    }
    if (present(rawEnd)) {
      const d = toDate(rawEnd);
      if (d instanceof Bad) this.bad(loc, 'end', rawEnd, d.expected);
      else end = d;
    }
    if (start !== undefined && end !== undefined && endsBefore(start, end)) {
      this.bad(loc, 'end', end, `a date on or after start (${start})`);
    }
    if (this.issues.total !== before) return;
    if (si === ti) {
      if (this.options.selfLoops === 'drop') {
        this.droppedSelfLoops++;
        return;
      }
      this.selfLoops++;
      this.firstSelfLoop ??= `${loc.file}${loc.line !== undefined ? `:${loc.line}` : loc.prefix ? ` ${loc.prefix.replace(/\.$/, '')}` : ''} (${source as string})`;
    }
    if (extras) for (const k in extras) this.extraEdge.add(k);
    const dir = directed ?? mapDirected ?? this.fileDirected ?? DIRECTED_BY_DEFAULT[EDGE_TYPES[typeCode]];
    if (dir && (directed === true || (directed === undefined && mapDirected === undefined && this.fileDirected === true))) this.fileDirectedTies++;
    this.storeEdge(si, ti, typeCode, weight, this.dateCode(start), this.dateCode(end), extras ?? NO_ATTRS, dir ? 1 : 0, own);
  }

  /** The field-length cap over a tie's endpoints, type and extra attributes. */
  private checkEdgeLengths(rawSource: unknown, rawTarget: unknown, rawType: unknown, extras: Attrs | undefined, loc: Loc): void {
    const max = this.maxField;
    if (typeof rawSource === 'string' && rawSource.length > max) this.tooLong(loc, 'source', rawSource.length, true);
    if (typeof rawTarget === 'string' && rawTarget.length > max) this.tooLong(loc, 'target', rawTarget.length, true);
    if (typeof rawType === 'string' && rawType.length > max) this.tooLong(loc, 'type', rawType.length);
    if (extras)
      for (const k in extras) {
        const v = extras[k];
        if (typeof v === 'string' && v.length > max) this.tooLong(loc, k, v.length);
      }
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
   * fast path.) False, with nothing stored, when the tie cap is reached: the caller hands the row to
   * addEdge, which throws the cap's error naming the row's line.
   */
  acceptEdge(si: number, ti: number, typeCode: number, weight: number, start: number, end: number): boolean {
    if (this.inputEdges >= this.maxTies) return false;
    this.inputEdges++;
    this.storeEdge(si, ti, typeCode, weight, start, end, NO_ATTRS, DEFAULT_DIR_CODE[typeCode], -1);
    return true;
  }

  private storeEdge(si: number, ti: number, typeCode: number, weight: number, start: number, end: number, attrs: Attrs, dir: number, own: number): void {
    const k = this.edgeCount++;
    if (k === this.src.length) this.growEdges();
    this.src[k] = si;
    this.dst[k] = ti;
    this.typeCode[k] = typeCode;
    this.weights[k] = weight;
    this.dirCode[k] = dir;
    this.ownCode[k] = own;
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
    const src = new Int32Array(n);
    src.set(this.src);
    this.src = src;
    const dst = new Int32Array(n);
    dst.set(this.dst);
    this.dst = dst;
    const typeCode = new Uint8Array(n);
    typeCode.set(this.typeCode);
    this.typeCode = typeCode;
    const weights = new Float64Array(n);
    weights.set(this.weights);
    this.weights = weights;
    const dirCode = new Uint8Array(n);
    dirCode.set(this.dirCode);
    this.dirCode = dirCode;
    const ownCode = new Int32Array(n);
    ownCode.set(this.ownCode);
    this.ownCode = ownCode;
    const startCode = new Int32Array(n);
    startCode.set(this.startCode);
    this.startCode = startCode;
    const endCode = new Int32Array(n);
    endCode.set(this.endCode);
    this.endCode = endCode;
  }

  /**
   * The edge objects, in input order, from the columns (after merging). Same shape and property
   * order as before the columnar storage: `start` / `end` only when present. Each edge keeps the
   * node's own id string, so the row's copies can be collected young.
   */
  private buildEdges(keep: Uint8Array | null): void {
    const { nodes, src, dst, typeCode, weights, startCode, endCode, dates, extras, edges, dirCode, ownCode } = this;
    const ownNames = this.types.ownEdgeNames;
    const E = this.edgeCount;
    // Sized once (no regrowing a half-million-slot array); every slot is filled below.
    edges.length = E - this.mergedEdges;
    let w = 0;
    const counts = (this.edgeTypeCounts = new Int32Array(EDGE_TYPES.length));
    let directed = 0;
    for (let i = 0; i < E; i++) {
      if (keep !== null && keep[i] === 0) continue;
      counts[typeCode[i]]++;
      directed += dirCode[i];
      const source = nodes[src[i]].id,
        target = nodes[dst[i]].id,
        type = EDGE_TYPES[typeCode[i]],
        weight = weights[i];
      const attrs = extras === null ? NO_ATTRS : extras[i];
      const start = startCode[i] < 0 ? undefined : dates[startCode[i]],
        end = endCode[i] < 0 ? undefined : dates[endCode[i]];
      let edge: HubEdge;
      if (start === undefined) {
        edge = end === undefined ? { source, target, type, weight, attrs } : { source, target, type, weight, attrs, end };
      } else {
        edge = end === undefined ? { source, target, type, weight, attrs, start } : { source, target, type, weight, attrs, start, end };
      }
      if (ownCode[i] >= 0) edge.ownType = ownNames[ownCode[i]];
      if (dirCode[i] !== DEFAULT_DIR_CODE[typeCode[i]]) edge.directed = dirCode[i] === 1;
      edges[w++] = edge;
    }
    this.directedEdges = directed;
  }

  private endpoint(id: string, field: 'source' | 'target', loc: Loc): number {
    const i = this.ids.get(id);
    if (i >= 0) return i;
    if (this.options.implicitNodes) {
      if (this.options.implicitNodes === 'warn') {
        this.undeclaredNodes++;
        this.firstUndeclared ??= `"${id}" at ${loc.file}${loc.line !== undefined ? `:${loc.line}` : ''}`;
      }
      return this.addNodeRecord({ id, type: 'other', attrs: newAttrs() } as HubNode, loc);
    }
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
    const E = this.edgeCount,
      n = this.nodes.length;
    const { src, dst, typeCode, weights, startCode, endCode, dirCode, ownCode } = this;
    const lo = new Int32Array(E),
      hi = new Int32Array(E);
    for (let i = 0; i < E; i++) {
      const a = src[i],
        b = dst[i];
      if (a < b) {
        lo[i] = a;
        hi[i] = b;
      } else {
        lo[i] = b;
        hi[i] = a;
      }
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
    for (let j = 0; j < E; j++) {
      const i = byHi[j];
      order[count[lo[i]]++] = i;
    }
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
          // Date codes are equal exactly when the dates are (one code per distinct date). Directed
          // ties keep their orientation: a→b and b→a stay two ties.
          const orient = dirCode[i] === 0 ? 'u' : src[i] <= dst[i] ? 'f' : 'b';
          const key = `${typeCode[i]} ${startCode[i]} ${endCode[i]} ${ownCode[i]} ${orient}`;
          const f = firstOf.get(key);
          if (f === undefined) {
            firstOf.set(key, i);
            continue;
          }
          weights[f] += weights[i];
          records[f]++;
          keep[i] = 0;
          merged++;
        }
      }
      g = h;
    }
    this.mergedEdges = merged;
    if (merged === 0) {
      this.edgeRecords = records;
      this.buildEdges(null);
      return;
    }
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
    EDGE_TYPES.forEach((t, c) => {
      edgeTypes[t] = this.edgeTypeCounts[c];
    });
    const merged: ImportReport['merged'] = [];
    if (this.mergedEdges > 0) {
      for (let i = 0; i < this.edges.length && merged.length < MERGE_EXAMPLES; i++) {
        if (this.edgeRecords[i] > 1) {
          const e = this.edges[i];
          merged.push({
            source: e.source,
            target: e.target,
            type: e.type,
            ...(e.ownType !== undefined ? { ownType: e.ownType } : {}),
            start: e.start,
            end: e.end,
            records: this.edgeRecords[i],
            weight: e.weight,
          });
        }
      }
      this.warnings.push(
        `${this.mergedEdges} parallel edge record${this.mergedEdges === 1 ? ' was' : 's were'} merged into an earlier edge with the same endpoints, type and dates (weights summed)`,
      );
    }
    if (this.selfLoops > 0) {
      this.warnings.push(
        `${this.selfLoops} self-loop${this.selfLoops === 1 ? '' : 's'} (a tie from a node to itself, first at ${this.firstSelfLoop}) kept in the dataset; the analyses leave self-loops out (use --self-loops drop to drop them on import)`,
      );
    }
    if (this.undeclaredNodes > 0) {
      this.warnings.push(
        `${this.undeclaredNodes} node${this.undeclaredNodes === 1 ? '' : 's'} that ties name but the file does not declare (first ${this.firstUndeclared}) ${this.undeclaredNodes === 1 ? 'was' : 'were'} created as type other, as Gephi and NetworkX do`,
      );
    }
    if (this.droppedSelfLoops > 0) {
      this.warnings.push(`${this.droppedSelfLoops} self-loop${this.droppedSelfLoops === 1 ? ' was' : 's were'} dropped (--self-loops drop)`);
    }
    const ownTypes = this.types.uses(this.edges);
    const typeSummary = this.types.summary(ownTypes);
    const directionSummary = this.fileDirectedTies > 0 ? directionLine(this.directedEdges, this.edges.length) : null;
    return {
      dataset: { meta: this.meta, nodes: this.nodes, edges: this.edges },
      report: {
        format,
        files,
        nodes: this.nodes.length,
        edges: this.edges.length,
        inputEdges: this.inputEdges,
        mergedEdges: this.mergedEdges,
        merged,
        nodeTypes,
        edgeTypes,
        directedEdges: this.directedEdges,
        selfLoops: this.selfLoops,
        droppedSelfLoops: this.droppedSelfLoops,
        ownTypes,
        typeSummary,
        directionSummary,
        extraNodeAttributes: [...this.extraNode],
        extraEdgeAttributes: [...this.extraEdge],
        columns: this.columnReadings,
        columnSummary: columnSummary(this.columnReadings),
        ...(this.twoMode ? { twoMode: this.twoMode } : {}),
        warnings: this.warnings,
      },
    };
  }
}
