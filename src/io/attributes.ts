import { getAttr } from './build.ts';
import type { Dataset } from '../model/index.ts';

/** Value kinds an attribute column can be declared with in GEXF / GraphML / CSV headers. */
export type AttrKind = 'string' | 'double' | 'integer' | 'boolean' | 'list';

export interface AttrColumn { name: string; kind: AttrKind }

const NODE_KNOWN: [string, AttrKind][] = [
  ['type', 'string'], ['label', 'string'], ['region', 'string'], ['country', 'string'], ['hub', 'string'],
  ['lat', 'double'], ['lon', 'double'], ['levels', 'list'], ['subjects', 'list'], ['themes', 'list'],
  ['languages', 'list'], ['maturity', 'double'], ['capacity', 'integer'], ['size', 'double'],
];
const EDGE_KNOWN: [string, AttrKind][] = [['type', 'string'], ['weight', 'double'], ['start', 'string'], ['end', 'string']];

function kindOfValues(values: Iterable<unknown>): AttrKind {
  let kind: AttrKind | null = null;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const k: AttrKind = typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'boolean' : 'string';
    if (kind === null) kind = k; else if (kind !== k) return 'string';
  }
  return kind ?? 'string';
}

/**
 * Columns to declare for nodes / edges: the known fields that occur, then extra attributes in
 * first-seen order, each typed number / boolean when every value is, else text.
 */
export function attributeColumns(dataset: Pick<Dataset, 'nodes' | 'edges'>, what: 'node' | 'edge'): AttrColumn[] {
  const records: { attrs: Record<string, unknown> }[] = what === 'node' ? dataset.nodes : dataset.edges;
  const known = what === 'node' ? NODE_KNOWN : EDGE_KNOWN;
  const present = new Set<string>();
  const extraValues = new Map<string, unknown[]>();
  for (const r of records) {
    const rec = r as unknown as Record<string, unknown>;
    for (const [k] of known) if (rec[k] !== undefined) present.add(k);
    for (const k of Object.keys(r.attrs)) {
      let list = extraValues.get(k);
      if (!list) extraValues.set(k, (list = []));
      list.push(getAttr(r.attrs, k));
    }
  }
  const cols: AttrColumn[] = known.filter(([k]) => present.has(k) || (what === 'node' && k === 'type')).map(([name, kind]) => ({ name, kind }));
  for (const [name, values] of extraValues) cols.push({ name, kind: kindOfValues(values) });
  return cols;
}

/** Names of the model fields that attributeColumns declares for nodes / edges (not id, source, target). */
export const NODE_KNOWN_NAMES: ReadonlySet<string> = new Set(NODE_KNOWN.map(([k]) => k));
export const EDGE_KNOWN_NAMES: ReadonlySet<string> = new Set(EDGE_KNOWN.map(([k]) => k));

/** A record's value for column `name`: the model field when `known` has the name, else the extra attribute. */
export function columnValue(record: { attrs: Record<string, unknown> }, name: string, known: ReadonlySet<string>): unknown {
  return known.has(name) ? (record as unknown as Record<string, unknown>)[name] : getAttr(record.attrs, name);
}
