import { EDGE_TYPES, LIST_FIELDS, NODE_TYPES, type EdgeType, type NodeType } from '../model/index.ts';

/**
 * Field coercion shared by every format. Each coercer takes the raw value (a string from CSV, or
 * a typed value from JSON / GEXF / GraphML) and returns the model value, or a `Bad` naming what
 * was expected. These mirror `NodeSchema` / `EdgeSchema` (which stay the source of truth and are
 * checked against them in tests) but avoid zod's per-cell cost on 500k-row imports.
 */
export class Bad {
  constructor(readonly expected: string) {}
}

const NODE_TYPE_SET = new Map<string, NodeType>(NODE_TYPES.map((t) => [t, t]));
const EDGE_TYPE_SET = new Map<string, EdgeType>(EDGE_TYPES.map((t) => [t, t]));
export const NODE_TYPE_EXPECTED = `one of ${NODE_TYPES.join(', ')}`;
export const EDGE_TYPE_EXPECTED = `one of ${EDGE_TYPES.join(', ')}`;

export function toText(v: unknown): string | Bad {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return new Bad('text');
}

export function toId(v: unknown): string | Bad {
  const s = toText(v);
  if (s instanceof Bad || s === '') return new Bad('a non-empty id');
  return s;
}

export function toNodeType(v: unknown): NodeType | Bad {
  if (typeof v === 'string') {
    const t = NODE_TYPE_SET.get(v) ?? NODE_TYPE_SET.get(v.trim().toLowerCase());
    if (t) return t;
  }
  return new Bad(NODE_TYPE_EXPECTED);
}

export function toEdgeType(v: unknown): EdgeType | Bad {
  if (typeof v === 'string') {
    const t = EDGE_TYPE_SET.get(v) ?? EDGE_TYPE_SET.get(v.trim().toLowerCase());
    if (t) return t;
  }
  return new Bad(EDGE_TYPE_EXPECTED);
}

/** A finite number within [min, max]; strings must look like numbers (no "", no "1e", no "NaN"). */
export function toNumber(v: unknown, min = -Infinity, max = Infinity, what = 'a number'): number | Bad {
  let x: number;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'string' && v.trim() !== '') x = Number(v);
  else return new Bad(what);
  if (!Number.isFinite(x) || x < min || x > max) return new Bad(what);
  return x;
}

export function toWeight(v: unknown): number | Bad {
  // Gephi's spreadsheet importer reads dynamic weights `<[start, end, value]; …>`; say so rather than only "not a number".
  if (typeof v === 'string' && /^\s*<\s*\[/.test(v))
    return new Bad(
      "a finite number ≥ 0 (Gephi's dynamic weights <[start, end, weight]; …> are not read: give one weight per row, with start and end columns for the dates)",
    );
  return toNumber(v, 0, Infinity, 'a finite number ≥ 0');
}

export function toInteger(v: unknown, min: number, what: string): number | Bad {
  const x = toNumber(v, min, Infinity, what);
  if (x instanceof Bad || !Number.isInteger(x)) return new Bad(what);
  return x;
}

export function toBoolean(v: unknown): boolean | Bad {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return new Bad('true or false');
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
// Dates repeat a lot in real edge lists; remember verdicts (bounded so a hostile file cannot grow it).
// The canonical string is kept so that 500k edges share a few hundred date strings.
const dateVerdicts = new Map<string, string | null>();

/** The date string itself (a shared copy) when it is a valid ISO date, else null. */
function checkDate(s: string): string | null {
  const known = dateVerdicts.get(s);
  if (known !== undefined) return known;
  let ok = DATE_RE.test(s) && !Number.isNaN(Date.parse(s));
  if (ok) {
    const y = Number(s.slice(0, 4)),
      m = Number(s.slice(5, 7)),
      d = Number(s.slice(8, 10));
    const dt = new Date(Date.UTC(y, m - 1, d));
    ok = dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }
  if (dateVerdicts.size < 100_000) dateVerdicts.set(s, ok ? s : null);
  return ok ? s : null;
}

export const DATE_EXPECTED = 'an ISO 8601 date such as 2024-09-01';

export function toDate(v: unknown): string | Bad {
  if (typeof v === 'string') {
    const d = checkDate(v) ?? checkDate(v.trim());
    if (d !== null) return d;
  }
  return new Bad(DATE_EXPECTED);
}

/** Whether `end` falls on an earlier day than `start` (both as toDate returns them). */
export function endsBefore(start: string, end: string): boolean {
  return end.length === 10 && start.length === 10 ? end < start : end.slice(0, 10) < start.slice(0, 10);
}

/** Lists: arrays of strings, or `;`-separated text (blank items dropped). */
export function toList(v: unknown): string[] | Bad {
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const x of v) {
      const s = toText(x);
      if (s instanceof Bad) return new Bad('a list of text values');
      const t = s.trim();
      if (t) out.push(t);
    }
    return out;
  }
  if (typeof v === 'string') {
    // Usually no item is blank: keep map()'s exactly-sized array (filter() grows its result to 17
    // slots, and 100k nodes keep these arrays).
    const items = v.split(';').map((s) => s.trim());
    return items.includes('') ? items.filter((s) => s !== '') : items;
  }
  return new Bad('a list of text values separated by ;');
}

type Coercer = (v: unknown) => unknown;

/** Known node fields other than id/type, with their coercers. */
export const NODE_FIELDS = new Map<string, Coercer>([
  ['label', toText],
  ['region', toText],
  ['country', toText],
  ['hub', toText],
  ['lat', (v) => toNumber(v, -90, 90, 'a latitude between -90 and 90')],
  ['lon', (v) => toNumber(v, -180, 180, 'a longitude between -180 and 180')],
  ['maturity', (v) => toNumber(v, 1, 5, 'a digital-maturity score from 1 to 5')],
  ['capacity', (v) => toInteger(v, 0, 'a whole number ≥ 0')],
  ['size', (v) => toNumber(v, 0, Infinity, 'a number ≥ 0')],
  ...LIST_FIELDS.map((f) => [f, toList] as [string, Coercer]),
]);

/** Node fields that are numbers (decimal commas are read there with `--decimal-comma`). */
export const NUMERIC_NODE_FIELDS: ReadonlySet<string> = new Set(['lat', 'lon', 'maturity', 'capacity', 'size']);

/** Known edge fields other than source/target. */
export const EDGE_FIELD_NAMES = new Set(['type', 'weight', 'start', 'end', 'directed']);

const DECIMAL_COMMA = /^\s*[+-]?\d*,\d+\s*$/;

/** `0,5` → `0.5` (a number written with a decimal comma); anything else unchanged. */
export function commaDecimal(v: unknown): unknown {
  return typeof v === 'string' && DECIMAL_COMMA.test(v) ? v.replace(',', '.') : v;
}

/** `expected`, with a hint when the value was a number written with a decimal comma. */
export function decimalCommaHint(expected: string, value: unknown): string {
  return typeof value === 'string' && DECIMAL_COMMA.test(value) ? `${expected} (${value.trim()}: use a dot, or --decimal-comma)` : expected;
}

const DIRECTION_WORDS = new Map<string, boolean>([
  ['directed', true],
  ['undirected', false],
  ['mutual', false],
]);
const DIRECTION_VALUES = new Map<string, boolean>([
  ...DIRECTION_WORDS,
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
]);

/**
 * A tie's direction: true / false, or the words `directed`, `undirected` and `mutual` (Gephi's and
 * Kumu's spelling; mutual ties are undirected). `wordsOnly` accepts only the words (for a `type`
 * column, where true/false would be odd type names).
 */
export function toDirection(v: unknown, wordsOnly = false): boolean | Bad {
  if (typeof v === 'boolean' && !wordsOnly) return v;
  if (typeof v === 'string') {
    const d = (wordsOnly ? DIRECTION_WORDS : DIRECTION_VALUES).get(v.trim().toLowerCase());
    if (d !== undefined) return d;
  }
  return new Bad('true or false (or directed / undirected)');
}
