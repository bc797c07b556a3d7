import { DatasetBuilder, newAttrs, setAttr, type Attrs, type Loc } from './build.ts';
import { fastEdgeRows, fastEdgeRowsApply } from './csv-fast.ts';
import { CsvSyntaxError, eachCsvRecord, sniffDelimiter, stripBom } from './csv-parse.ts';
import { Bad, EDGE_FIELD_NAMES, NODE_FIELDS, toBoolean, toNumber } from './fields.ts';
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

/** Model column names, matched case-insensitively. */
const KNOWN_LOWER = new Set(['id', 'type', ...NODE_FIELDS.keys(), 'source', 'target', ...EDGE_FIELD_NAMES]);

function typed(b: DatasetBuilder, loc: Loc, col: Column, value: string): unknown {
  if (col.type === 'string') return value;
  const v = col.type === 'number' ? toNumber(value) : toBoolean(value);
  if (v instanceof Bad) { b.bad(loc, col.name, value, v.expected); return undefined; }
  return v;
}

/**
 * Stream a CSV file: `onHeader` gets the first record (return false to stop), `onRow` the rest.
 * Reports an empty file or a broken quote as an issue. When the header is accepted and `takeRest`
 * returns true for where the rows start (offset in the text without BOM, line), the tokenizer
 * stops there and `takeRest` has read the rows itself.
 */
function streamCsv(
  b: DatasetBuilder, text: string, file: string, need: string[],
  onHeader: (header: string[], delimiter: string) => boolean, onRow: (row: string[], line: number) => void,
  takeRest?: (from: number, line: number, delimiter: string) => boolean,
): void {
  let state: 'header' | 'rows' | 'stop' = 'header';
  const delimiter = sniffDelimiter(stripBom(text));
  try {
    eachCsvRecord(text, (row, line, next, nextLine) => {
      if (state === 'rows') onRow(row, line);
      else if (state === 'header') {
        state = onHeader(row.slice(), delimiter) ? 'rows' : 'stop';
        if (state === 'rows' && takeRest) return takeRest(next, nextLine, delimiter);
      }
    }, delimiter);
  } catch (e) {
    if (e instanceof CsvSyntaxError) { b.bad({ file, line: e.line }, 'quote', undefined, `a closing quote (${e.message})`); return; }
    throw e;
  }
  if (state === 'header') b.bad({ file, line: 1 }, 'header', '', `a header line with at least ${need.join(',')} (the file is empty)`);
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
  let idCol = 0, typeCol = 0, width = 0;
  let rest: Column[] = [];
  const loc: Loc = { file, line: 1 };
  streamCsv(b, text, file, need, (header) => {
    const cols = parseHeader(header);
    if (missing(b, file, header, cols, need)) return false;
    idCol = cols.find((c) => c.name === 'id')!.index;
    typeCol = cols.find((c) => c.name === 'type')!.index;
    rest = cols.filter((c) => c.index !== idCol && c.index !== typeCol);
    width = cols.length;
    return true;
  }, (row, line) => {
    // One location object, updated per row: issues copy what they need.
    loc.line = line;
    if (tooMany(b, loc, row, width)) return;
    const fields: [string, unknown][] = [];
    for (const c of rest) {
      const cell = row[c.index];
      if (cell === undefined || cell === '') continue;
      const v = typed(b, loc, c, unescapeCell(cell));
      if (v !== undefined) fields.push([c.name, v]);
    }
    b.addNode(unescapeCell(row[idCol] ?? ''), row[typeCol]?.trim() ?? '', fields, loc);
  });
}

const EDGE_COLUMNS = new Set(['source', 'target', ...EDGE_FIELD_NAMES]);

/**
 * edges.csv (header with at least source,target) or a bare edge list. A bare list may have no
 * header: then its columns are source, target[, weight]. `fastPath` false reads every row the
 * general way (tests compare the two).
 */
export function readEdgesCsv(b: DatasetBuilder, text: string, file: string, bare = false, fastPath = true): void {
  const need = ['source', 'target'];
  let sC = 0, tC = 1, yC = -1, wC = -1, aC = -1, zC = -1, width = 0;
  let extra: Column[] = [];
  const loc: Loc = { file, line: 1 };
  const onRow = (row: string[], line: number) => {
    loc.line = line;
    if (row.length > width && tooMany(b, loc, row, width)) return;
    let attrs: Attrs | undefined;
    if (extra.length) {
      for (const c of extra) {
        const cell = row[c.index];
        if (cell === undefined || cell === '') continue;
        const v = typed(b, loc, c, unescapeCell(cell));
        if (v === undefined) continue;
        attrs ??= newAttrs();
        setAttr(attrs, c.name, v as string | number | boolean);
      }
    }
    const s = row[sC], tg = row[tC];
    b.addEdge(
      s && s.charCodeAt(0) === 39 ? unescapeCell(s) : s,
      tg && tg.charCodeAt(0) === 39 ? unescapeCell(tg) : tg,
      yC >= 0 ? row[yC] : undefined, wC >= 0 ? row[wC] : undefined,
      aC >= 0 ? row[aC] : undefined, zC >= 0 ? row[zC] : undefined, attrs, loc,
    );
  };
  streamCsv(b, text, file, need, (header, delimiter) => {
    let cols = parseHeader(header);
    const named = new Set(cols.map((c) => c.name));
    let headerless = false;
    if (bare && !named.has('source') && !named.has('target')) {
      if (header.length > 3) {
        b.bad({ file, line: 1 }, 'header', header.join(delimiter), 'a header with source,target (a headerless edge list has only source, target and weight)');
        return false;
      }
      cols = ['source', 'target', 'weight'].map((name, index) => ({ name, type: 'string' as const, index }));
      headerless = true;
    }
    if (missing(b, file, header, cols, need)) return false;
    const at = (name: string) => cols.find((c) => c.name === name)?.index ?? -1;
    sC = at('source'); tC = at('target'); yC = at('type'); wC = at('weight'); aC = at('start'); zC = at('end');
    extra = cols.filter((c) => !EDGE_COLUMNS.has(c.name));
    width = headerless ? 3 : cols.length;
    if (headerless) onRow(header, 1);
    return true;
  }, onRow, (from, line, delimiter) => {
    // Standard columns only and no quotes in the rows: the fast path (same results, see csv-fast.ts).
    if (!fastPath || extra.length > 0) return false;
    const body = stripBom(text);
    if (!fastEdgeRowsApply(body, from)) return false;
    fastEdgeRows(b, body, from, line, delimiter, { source: sC, target: tC, type: yC, weight: wC, start: aC, end: zC, width }, onRow);
    return true;
  });
}
