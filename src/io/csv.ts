import { DatasetBuilder, newAttrs, type Attrs, type Loc } from './build.ts';
import { CsvSyntaxError, parseCsv } from './csv-parse.ts';
import { Bad, toBoolean, toNumber } from './fields.ts';
import { unescapeCell } from './formula.ts';

/**
 * Column headers may carry a type for columns the model does not know: `enrolment:number`,
 * `active:boolean` (written that way by our CSV export so typed attributes survive round trips).
 * Untyped unknown columns stay text: "007" must not become 7.
 */
type ColumnType = 'string' | 'number' | 'boolean';
interface Column { name: string; type: ColumnType; index: number }

function parseHeader(cells: string[]): Column[] {
  return cells.map((raw, index) => {
    const cell = unescapeCell(raw.trim());
    const m = /^(.*):(number|boolean|string)$/i.exec(cell);
    const name = m ? m[1] : cell;
    const lower = name.toLowerCase();
    return { name: KNOWN_LOWER.has(lower) ? lower : name, type: (m ? m[2].toLowerCase() : 'string') as ColumnType, index };
  });
}

const KNOWN_LOWER = new Set([
  'id', 'type', 'label', 'region', 'country', 'hub', 'lat', 'lon', 'levels', 'subjects', 'themes',
  'languages', 'maturity', 'capacity', 'size', 'source', 'target', 'weight', 'start', 'end',
]);

function typed(b: DatasetBuilder, loc: Loc, col: Column, value: string): unknown {
  if (col.type === 'string') return value;
  const v = col.type === 'number' ? toNumber(value) : toBoolean(value);
  if (v instanceof Bad) { b.bad(loc, col.name, value, v.expected); return undefined; }
  return v;
}

function table(b: DatasetBuilder, text: string, file: string, need: string[]) {
  let t;
  try {
    t = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) { b.bad({ file, line: e.line }, 'quote', undefined, `a closing quote (${e.message})`); return null; }
    throw e;
  }
  if (t.records.length === 0) {
    b.bad({ file, line: 1 }, 'header', '', `a header line with at least ${need.join(',')} (the file is empty)`);
    return null;
  }
  return t;
}

function missing(b: DatasetBuilder, file: string, header: string[], cols: Column[], need: string[]): boolean {
  const have = new Set(cols.map((c) => c.name));
  let bad = false;
  for (const n of need) {
    if (!have.has(n)) {
      b.bad({ file, line: 1 }, n, header.join(','), `a header with the required column "${n}" (required: ${need.join(', ')})`);
      bad = true;
    }
  }
  const seen = new Set<string>();
  for (const c of cols) {
    if (seen.has(c.name)) { b.bad({ file, line: 1 }, c.name, c.name, 'each column name once'); bad = true; }
    seen.add(c.name);
  }
  return bad;
}

function tooMany(b: DatasetBuilder, loc: Loc, row: string[], width: number): boolean {
  if (row.length <= width) return false;
  b.bad(loc, `column ${width + 1}`, row[width], `at most ${width} fields, like the header (quote fields that contain the delimiter)`);
  return true;
}

/** nodes.csv: header with at least id,type. */
export function readNodesCsv(b: DatasetBuilder, text: string, file: string): void {
  const need = ['id', 'type'];
  const t = table(b, text, file, need);
  if (!t) return;
  const cols = parseHeader(t.records[0]);
  if (missing(b, file, t.records[0], cols, need)) return;
  const idCol = cols.find((c) => c.name === 'id')!.index;
  const typeCol = cols.find((c) => c.name === 'type')!.index;
  const rest = cols.filter((c) => c.index !== idCol && c.index !== typeCol);
  const width = cols.length;
  for (let r = 1; r < t.records.length; r++) {
    const row = t.records[r];
    const loc: Loc = { file, line: t.lines[r] };
    if (tooMany(b, loc, row, width)) continue;
    const fields: [string, unknown][] = [];
    for (const c of rest) {
      const cell = row[c.index];
      if (cell === undefined || cell === '') continue;
      const v = typed(b, loc, c, unescapeCell(cell));
      if (v !== undefined) fields.push([c.name, v]);
    }
    b.addNode(unescapeCell(row[idCol] ?? ''), row[typeCol]?.trim() ?? '', fields, loc);
  }
}

/**
 * edges.csv (header with at least source,target) or a bare edge list. A bare list may have no
 * header: then its columns are source, target[, weight].
 */
export function readEdgesCsv(b: DatasetBuilder, text: string, file: string, bare = false): void {
  const need = ['source', 'target'];
  const t = table(b, text, file, need);
  if (!t) return;
  let cols = parseHeader(t.records[0]);
  let first = 1;
  const named = new Set(cols.map((c) => c.name));
  if (bare && !named.has('source') && !named.has('target')) {
    if (t.records[0].length > 3) {
      b.bad({ file, line: 1 }, 'header', t.records[0].join(t.delimiter), 'a header with source,target (a headerless edge list has only source, target and weight)');
      return;
    }
    cols = ['source', 'target', 'weight'].map((name, index) => ({ name, type: 'string', index }));
    first = 0;
  }
  if (missing(b, file, t.records[0], cols, need)) return;
  const at = (name: string) => cols.find((c) => c.name === name)?.index ?? -1;
  const sC = at('source'), tC = at('target'), yC = at('type'), wC = at('weight'), aC = at('start'), zC = at('end');
  const extra = cols.filter((c) => !['source', 'target', 'type', 'weight', 'start', 'end'].includes(c.name));
  const width = first === 0 ? 3 : cols.length;
  const records = t.records, lines = t.lines;
  for (let r = first; r < records.length; r++) {
    const row = records[r];
    const loc: Loc = { file, line: lines[r] };
    if (tooMany(b, loc, row, width)) continue;
    let attrs: Attrs | undefined;
    if (extra.length) {
      for (const c of extra) {
        const cell = row[c.index];
        if (cell === undefined || cell === '') continue;
        const v = typed(b, loc, c, unescapeCell(cell));
        if (v === undefined) continue;
        attrs ??= newAttrs();
        attrs[c.name] = v as string | number | boolean;
      }
    }
    const s = row[sC], tg = row[tC];
    b.addEdge(
      s && s.charCodeAt(0) === 39 ? unescapeCell(s) : s,
      tg && tg.charCodeAt(0) === 39 ? unescapeCell(tg) : tg,
      yC >= 0 ? row[yC] : undefined, wC >= 0 ? row[wC] : undefined,
      aC >= 0 ? row[aC] : undefined, zC >= 0 ? row[zC] : undefined, attrs, loc,
    );
  }
}
