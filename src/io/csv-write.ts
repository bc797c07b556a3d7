import { stringify } from 'csv-stringify/sync';
import type { Dataset } from '../model/index.ts';
import { getAttr } from './build.ts';
import { attributeColumns, columnValue, EDGE_KNOWN_NAMES, NODE_KNOWN_NAMES, type AttrColumn } from './attributes.ts';
import { escapeCell } from './formula.ts';
import { wouldInfer } from './infer-columns.ts';

// With the id / endpoint columns, so that an extra attribute of that name is read and headed as theirs.
const NODE_KNOWN: ReadonlySet<string> = new Set(['id', ...NODE_KNOWN_NAMES]);
const EDGE_KNOWN: ReadonlySet<string> = new Set(['source', 'target', ...EDGE_KNOWN_NAMES]);

/**
 * Header for an extra column: typed ones carry `:number` / `:boolean` so they read back typed, and
 * text ones `:string` when the import's type inference would otherwise read them as numbers or
 * booleans (codes such as "1", "2" kept as text), so a re-import is identical.
 */
function headerOf(col: AttrColumn, known: boolean, records: readonly { attrs: Record<string, unknown> }[]): string {
  const name = escapeCell(col.name);
  if (known) return name;
  if (col.kind === 'double' || col.kind === 'integer' || col.kind === 'long') return `${name}:number`;
  if (col.kind === 'boolean') return `${name}:boolean`;
  // A text column whose name looks typed must not be read back as typed.
  if (/:(number|boolean|string)$/i.test(col.name)) return `${name}:string`;
  return wouldInfer(col.name, textValues(records, col.name)) ? `${name}:string` : name;
}

function* textValues(records: readonly { attrs: Record<string, unknown> }[], name: string): Generator<unknown> {
  for (const r of records) yield getAttr(r.attrs, name);
}

function cellOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return escapeCell(v.join(';'));
  return escapeCell(String(v));
}

/**
 * Every CSV hubgraph writes goes through here. csv-stringify quotes cells holding the delimiter, a
 * quote or the record delimiter (LF), but not a lone CR: a spreadsheet or Python's csv then reads a
 * new row from the middle of the cell (e.g. `=1+1`, past the formula guard). So CR is quoted too.
 */
export function toCsv(rows: readonly (readonly unknown[])[], options: { delimiter?: string } = {}): string {
  return stringify(rows as unknown[][], { record_delimiter: '\n', delimiter: options.delimiter ?? ',', quoted_match: /[\r\n]/ });
}

/** nodes.csv: id, type, known fields that occur, then extra attributes; text cells formula-guarded. */
export function writeNodesCsv(dataset: Pick<Dataset, 'nodes' | 'edges'>): string {
  const cols = attributeColumns(dataset, 'node');
  const header = ['id', ...cols.map((c) => headerOf(c, NODE_KNOWN.has(c.name), dataset.nodes))];
  const rows: string[][] = [header];
  for (const n of dataset.nodes) {
    rows.push([cellOf(n.id), ...cols.map((c) => cellOf(columnValue(n, c.name, NODE_KNOWN)))]);
  }
  return toCsv(rows);
}

export function writeEdgesCsv(dataset: Pick<Dataset, 'nodes' | 'edges'>): string {
  const cols = attributeColumns(dataset, 'edge', { directed: 'explicit' });
  const header = ['source', 'target', ...cols.map((c) => headerOf(c, EDGE_KNOWN.has(c.name), dataset.edges))];
  const rows: string[][] = [header];
  for (const e of dataset.edges) {
    rows.push([cellOf(e.source), cellOf(e.target), ...cols.map((c) => cellOf(columnValue(e, c.name, EDGE_KNOWN)))]);
  }
  return toCsv(rows);
}
