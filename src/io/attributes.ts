import { getAttr, KIND_FIELD } from './build.ts';
import { isDirected, type Dataset, type HubEdge } from '../model/index.ts';

/**
 * Value kinds an attribute column can be declared with in GEXF / GraphML / GDF / CSV headers:
 * `integer` fits 32 bits (what Gephi's `int` / `integer` hold), `long` is a whole number beyond that.
 */
export type AttrKind = 'string' | 'double' | 'integer' | 'long' | 'boolean' | 'list';

const INT32 = 2 ** 31;

/** The declared kind of a number column: integer / long when every value is a whole number (exact in a double), else double. */
export function numberKind(values: Iterable<number>): 'integer' | 'long' | 'double' {
  let kind: 'integer' | 'long' = 'integer';
  for (const v of values) {
    if (!Number.isSafeInteger(v)) return 'double';
    if (v < -INT32 || v >= INT32) kind = 'long';
  }
  return kind;
}

export interface AttrColumn {
  name: string;
  kind: AttrKind;
}

const NODE_KNOWN: [string, AttrKind][] = [
  ['type', 'string'],
  [KIND_FIELD, 'string'],
  ['label', 'string'],
  ['region', 'string'],
  ['country', 'string'],
  ['hub', 'string'],
  ['lat', 'double'],
  ['lon', 'double'],
  ['levels', 'list'],
  ['subjects', 'list'],
  ['themes', 'list'],
  ['languages', 'list'],
  ['maturity', 'double'],
  ['capacity', 'integer'],
  ['size', 'double'],
];
const EDGE_KNOWN: [string, AttrKind][] = [
  ['type', 'string'],
  [KIND_FIELD, 'string'],
  ['directed', 'boolean'],
  ['weight', 'double'],
  ['start', 'string'],
  ['end', 'string'],
];

/** An extra attribute's kind: number (integer / long when every value is whole, so peers read ints back), boolean, else text. */
function kindOfValues(values: unknown[]): AttrKind {
  let kind: AttrKind | null = null;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const k: AttrKind = typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'boolean' : 'string';
    if (kind === null) kind = k;
    else if (kind !== k) return 'string';
  }
  if (kind === 'double') return numberKind(values.filter((v): v is number => typeof v === 'number'));
  return kind ?? 'string';
}

export interface ColumnOptions {
  /**
   * Edges only: declare a `directed` column. `explicit` (CSV): when some tie's direction differs
   * from its kind's default; `all`: always; `never` (default: formats that say direction their own way).
   */
  directed?: 'explicit' | 'all' | 'never';
}

/**
 * Columns to declare for nodes / edges: the known fields that occur, then extra attributes in
 * first-seen order, each typed number (integer / long when every value is a whole number, else
 * double) / boolean when every value is, else text. `type` holds a
 * record's own type when it has one (written back as the user gave it), and then `hubgraph_type`
 * the built-in kind it maps to.
 */
export function attributeColumns(dataset: Pick<Dataset, 'nodes' | 'edges'>, what: 'node' | 'edge', options: ColumnOptions = {}): AttrColumn[] {
  const records: { attrs: Record<string, unknown> }[] = what === 'node' ? dataset.nodes : dataset.edges;
  const known = what === 'node' ? NODE_KNOWN : EDGE_KNOWN;
  const present = new Set<string>();
  const extraValues = new Map<string, unknown[]>();
  for (const r of records) {
    const rec = r as unknown as Record<string, unknown>;
    for (const [k] of known) if (rec[k] !== undefined) present.add(k);
    if (rec.ownType !== undefined) present.add(KIND_FIELD);
    for (const k of Object.keys(r.attrs)) {
      let list = extraValues.get(k);
      if (!list) extraValues.set(k, (list = []));
      list.push(getAttr(r.attrs, k));
    }
  }
  const directed = options.directed ?? 'never';
  if (what === 'edge') {
    if (directed === 'never') present.delete('directed');
    else if (directed === 'all' && dataset.edges.length) present.add('directed');
  }
  const cols: AttrColumn[] = known.filter(([k]) => present.has(k) || (what === 'node' && k === 'type')).map(([name, kind]) => ({ name, kind }));
  for (const [name, values] of extraValues) cols.push({ name, kind: kindOfValues(values) });
  return cols;
}

/** Names of the model fields that attributeColumns declares for nodes / edges (not id, source, target). */
export const NODE_KNOWN_NAMES: ReadonlySet<string> = new Set(NODE_KNOWN.map(([k]) => k));
export const EDGE_KNOWN_NAMES: ReadonlySet<string> = new Set(EDGE_KNOWN.map(([k]) => k));

/**
 * A record's value for column `name`: the model field when `known` has the name, else the extra
 * attribute. `type` is the own type when there is one, `hubgraph_type` the built-in kind beside
 * it, `directed` the tie's direction (own or by kind).
 */
export function columnValue(record: { attrs: Record<string, unknown> }, name: string, known: ReadonlySet<string>): unknown {
  if (!known.has(name)) return getAttr(record.attrs, name);
  const r = record as unknown as Record<string, unknown>;
  if (name === 'type') return r.ownType ?? r.type;
  if (name === KIND_FIELD) return r.ownType !== undefined ? r.type : undefined;
  if (name === 'directed' && 'source' in r) return isDirected(r as unknown as HubEdge);
  return r[name];
}

/** How a dataset's ties are directed: all of them, none, or some (a mixed graph). */
export function directionOf(edges: readonly HubEdge[]): 'directed' | 'undirected' | 'mixed' {
  let d = 0;
  for (const e of edges) if (isDirected(e)) d++;
  return d === 0 ? 'undirected' : d === edges.length ? 'directed' : 'mixed';
}
