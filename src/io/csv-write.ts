import { stringify } from 'csv-stringify/sync';
import type { Dataset } from '../model/index.ts';
import { attributeColumns, columnValue, EDGE_KNOWN_NAMES, NODE_KNOWN_NAMES, type AttrColumn } from './attributes.ts';
import { escapeCell } from './formula.ts';

// With the id / endpoint columns, so that an extra attribute of that name is read and headed as theirs.
const NODE_KNOWN: ReadonlySet<string> = new Set(['id', ...NODE_KNOWN_NAMES]);
const EDGE_KNOWN: ReadonlySet<string> = new Set(['source', 'target', ...EDGE_KNOWN_NAMES]);

/** Header for an extra column: typed ones carry `:number` / `:boolean` so they read back typed. */
function headerOf(col: AttrColumn, known: boolean): string {
  const name = escapeCell(col.name);
  if (known) return name;
  if (col.kind === 'double' || col.kind === 'integer') return `${name}:number`;
  if (col.kind === 'boolean') return `${name}:boolean`;
  // A text column whose name looks typed must not be read back as typed.
  return /:(number|boolean|string)$/i.test(col.name) ? `${name}:string` : name;
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
  const header = ['id', ...cols.map((c) => headerOf(c, NODE_KNOWN.has(c.name)))];
  const rows: string[][] = [header];
  for (const n of dataset.nodes) {
    rows.push([cellOf(n.id), ...cols.map((c) => cellOf(columnValue(n, c.name, NODE_KNOWN)))]);
  }
  return toCsv(rows);
}

export function writeEdgesCsv(dataset: Pick<Dataset, 'nodes' | 'edges'>): string {
  const cols = attributeColumns(dataset, 'edge', { directed: 'explicit' });
  const header = ['source', 'target', ...cols.map((c) => headerOf(c, EDGE_KNOWN.has(c.name)))];
  const rows: string[][] = [header];
  for (const e of dataset.edges) {
    rows.push([cellOf(e.source), cellOf(e.target), ...cols.map((c) => cellOf(columnValue(e, c.name, EDGE_KNOWN)))]);
  }
  return toCsv(rows);
}
