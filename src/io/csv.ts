import { DatasetBuilder, getAttr, KIND_FIELD, newAttrs, setAttr, type Attrs, type Loc } from './build.ts';
import { toDirection } from './fields.ts';
import { fastEdgeRows, fastEdgeRowsApply } from './csv-fast.ts';
import { CsvSyntaxError, eachCsvRecord, sniffDelimiter, stripBom } from './csv-parse.ts';
import { Bad, EDGE_FIELD_NAMES, NODE_FIELDS, toBoolean, toNumber } from './fields.ts';
import { unescapeCell } from './formula.ts';
import { ColumnGuess } from './infer-columns.ts';

/**
 * Column headers may carry a type for columns the model does not know: `enrolment:number`,
 * `active:boolean` (written that way by our CSV export so typed attributes survive round trips).
 * Untyped unknown columns are typed by their values (src/io/infer-columns.ts: numbers only when
 * every value is a plain decimal, so "007" stays text), unless `inferTypes` is off.
 */
type ColumnType = 'string' | 'number' | 'boolean';
/** A column: `name` is the model field it feeds (after aliases and --columns), `header` what the file calls it. */
interface Column {
  name: string;
  header: string;
  type: ColumnType;
  /** Whether the header gave the type (`:number` …); else it is inferred from the values. */
  declared: boolean;
  index: number;
}

function parseHeader(cells: string[]): Column[] {
  return cells.map((raw, index) => {
    const cell = unescapeCell(raw.trim());
    const m = /^(.*):(number|boolean|string)$/i.exec(cell);
    const name = m ? m[1] : cell;
    const lower = name.toLowerCase();
    return { name: KNOWN_LOWER.has(lower) ? lower : name, header: name, type: (m ? m[2].toLowerCase() : 'string') as ColumnType, declared: m !== null, index };
  });
}

/** Model column names, matched case-insensitively. */
const KNOWN_LOWER = new Set(['id', 'type', ...NODE_FIELDS.keys(), 'source', 'target', ...EDGE_FIELD_NAMES, KIND_FIELD]);

/**
 * Other names for the model's columns, as Gephi's data laboratory, Kumu, Polinode and spreadsheets
 * write them (matched ignoring case, spaces, `_` and `-`). An alias is used only when the file has
 * no column of the model's own name.
 */
export const COLUMN_ALIASES: { readonly nodes: Record<string, string[]>; readonly edges: Record<string, string[]> } = {
  nodes: {
    id: ['id', 'key', 'name', 'label', 'node', 'node id'],
    type: ['type', 'node type', 'kind', 'category'],
  },
  edges: {
    source: ['source', 'from', 'src', 'source id', 'source node'],
    target: ['target', 'to', 'dst', 'target id', 'target node'],
    type: ['type', 'edge type', 'tie type', 'relation', 'relationship', 'kind'],
    weight: ['weight', 'strength'],
    start: ['start', 'start date', 'begin', 'since', 'from date'],
    end: ['end', 'end date', 'until', 'to date'],
    directed: ['directed', 'direction', 'is directed'],
  },
};

/** Fields `--columns` may name, by file. */
export const MAPPABLE_COLUMNS = {
  nodes: ['id', 'type', ...NODE_FIELDS.keys()],
  edges: ['source', 'target', 'type', 'weight', 'start', 'end', 'directed'],
} as const;

const fold = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/**
 * Which column feeds which model field: `--columns` first (`field=Header`, or `nodes.field=` /
 * `edges.field=` for one file), then the model's own names, then the aliases; records the
 * --columns keys it used in `b.columnsUsed`. Returns the columns renamed.
 */
function mapColumns(b: DatasetBuilder, _file: string, cols: Column[], what: 'nodes' | 'edges', columns: Record<string, string> | undefined): Column[] {
  const out = cols.map((c) => ({ ...c }));
  const taken = new Set<string>();
  const assign = (field: string, c: Column) => {
    for (const o of out) if (o !== c && o.name === field) o.name = o.header === field ? `${o.header} (column ${o.index + 1})` : o.header;
    c.name = field;
    taken.add(field);
  };
  for (const [key, header] of Object.entries(columns ?? {})) {
    const dot = key.indexOf('.');
    const scope = dot >= 0 ? key.slice(0, dot) : undefined;
    const field = dot >= 0 ? key.slice(dot + 1) : key;
    if (scope !== undefined && scope !== what) continue;
    if (!(MAPPABLE_COLUMNS[what] as readonly string[]).includes(field)) continue;
    const c = out.find((o) => fold(o.header) === fold(header));
    // Keys that no file used are reported by the loader (an unscoped `type` may be the other file's).
    if (!c) continue;
    b.columnsUsed.add(key);
    assign(field, c);
  }
  for (const [field, aliases] of Object.entries(COLUMN_ALIASES[what])) {
    if (taken.has(field) || out.some((o) => o.name === field)) continue;
    for (const alias of aliases) {
      // A column already read as another field is not taken, except a Label as the id (Kumu keys elements by Label).
      const c = out.find(
        (o) =>
          fold(o.header) === alias &&
          !taken.has(o.name) &&
          (!(MAPPABLE_COLUMNS[what] as readonly string[]).includes(o.name) || (field === 'id' && o.name === 'label')),
      );
      if (c) {
        assign(field, c);
        break;
      }
    }
  }
  return out;
}

/**
 * Which header feeds which model field for a nodes or edges file, as the import would map it
 * (aliases, then `columns`): for an upload's column-mapping step.
 */
export function mappedColumns(header: string[], what: 'nodes' | 'edges', columns?: Record<string, string>): Record<string, string> {
  const cols = mapColumns(new DatasetBuilder(), '', parseHeader(header), what, columns);
  const out: Record<string, string> = {};
  for (const c of cols) if ((MAPPABLE_COLUMNS[what] as readonly string[]).includes(c.name) || c.name === KIND_FIELD) out[c.name] = c.header;
  return out;
}

function typed(b: DatasetBuilder, loc: Loc, col: Column, value: string): unknown {
  if (col.type === 'string') return value;
  const v = col.type === 'number' ? toNumber(b.numberText(value)) : toBoolean(value);
  if (v instanceof Bad) {
    b.bad(loc, col.name, value, col.type === 'number' ? b.expectedNumber(v.expected, value) : v.expected);
    return undefined;
  }
  return v;
}

/**
 * Stream a CSV file: `onHeader` gets the first record (return false to stop), `onRow` the rest.
 * Reports an empty file or a broken quote as an issue. When the header is accepted and `takeRest`
 * returns true for where the rows start (offset in the text without BOM, line), the tokenizer
 * stops there and `takeRest` has read the rows itself.
 */
function streamCsv(
  b: DatasetBuilder,
  text: string,
  file: string,
  need: string[],
  onHeader: (header: string[], delimiter: string) => boolean,
  onRow: (row: string[], line: number) => void,
  takeRest?: (from: number, line: number, delimiter: string) => boolean,
): void {
  let state: 'header' | 'rows' | 'stop' = 'header';
  const delimiter = sniffDelimiter(stripBom(text));
  try {
    eachCsvRecord(
      text,
      (row, line, next, nextLine) => {
        if (state === 'rows') onRow(row, line);
        else if (state === 'header') {
          state = onHeader(row.slice(), delimiter) ? 'rows' : 'stop';
          if (state === 'rows' && takeRest) return takeRest(next, nextLine, delimiter);
        }
      },
      delimiter,
    );
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      b.bad({ file, line: e.line }, 'quote', undefined, `a closing quote (${e.message})`);
      return;
    }
    throw e;
  }
  if (state === 'header') b.bad({ file, line: 1 }, 'header', '', `a header line with at least ${need.join(',')} (the file is empty)`);
}

function missing(b: DatasetBuilder, file: string, header: string[], cols: Column[], need: string[], what: 'nodes' | 'edges'): boolean {
  const have = new Set(cols.map((c) => c.name));
  let bad = false;
  for (const n of need) {
    if (!have.has(n)) {
      const aliases = COLUMN_ALIASES[what][n]?.filter((a) => a !== n) ?? [];
      b.bad(
        { file, line: 1 },
        n,
        header.join(','),
        `a header with the required column "${n}" (required: ${need.join(', ')}${aliases.length ? `; also read as ${n}: ${aliases.join(', ')}` : ''}; or name it with --columns ${n}=YOUR_COLUMN)`,
      );
      bad = true;
    }
  }
  const seen = new Set<string>();
  for (const c of cols) {
    if (seen.has(c.name)) {
      b.bad({ file, line: 1 }, c.name, c.name, 'each column name once');
      bad = true;
    }
    seen.add(c.name);
  }
  return bad;
}

function tooMany(b: DatasetBuilder, loc: Loc, row: string[], width: number): boolean {
  if (row.length <= width) return false;
  b.bad(loc, `column ${width + 1}`, row[width], `at most ${width} fields, like the header (quote fields that contain the delimiter)`);
  return true;
}

/**
 * Guesses for the attribute columns among `cols` (null where the header typed it or inference is
 * off); the columns' readings are recorded by `settleColumns` once every row is read.
 */
function guessColumns(b: DatasetBuilder, cols: Column[]): (ColumnGuess | null)[] {
  return cols.map((c) => (!c.declared && b.inferTypes ? new ColumnGuess(c.header, b.decimalComma) : null));
}

/**
 * Records how each attribute column was read and converts the values of the columns read as
 * numbers / booleans in `bags` (the attribute objects this file's rows filled, in place).
 */
function settleColumns(b: DatasetBuilder, file: string, cols: Column[], guesses: (ColumnGuess | null)[], bags: Iterable<Record<string, unknown>>): void {
  const convert: [string, ColumnGuess, 'number' | 'boolean'][] = [];
  cols.forEach((c, i) => {
    const g = guesses[i];
    if (g === null) {
      const read = c.type === 'string' ? 'text' : c.type;
      b.columnReadings.push({ file, column: c.header, read, why: c.declared ? 'declared' : 'not inferred' });
      return;
    }
    const r = g.verdict(file);
    b.columnReadings.push(r);
    if (r.read !== 'text') convert.push([c.name, g, r.read]);
  });
  if (!convert.length) return;
  for (const bag of bags) {
    for (const [name, g, read] of convert) {
      const v = getAttr(bag, name);
      if (typeof v === 'string') setAttr(bag as Attrs, name, g.convert(v, read));
    }
  }
}

/**
 * nodes.csv: a header with an id column (`id`, or Id / Name / Label / Key, or named with --columns),
 * optionally `type` (else every node is `other`). A node whose id came from a Name or Label column
 * gets it as its label too.
 */
export function readNodesCsv(b: DatasetBuilder, text: string, file: string, columns?: Record<string, string>): void {
  const need = ['id'];
  let idCol = 0,
    typeCol = -1,
    width = 0,
    labelFromId = false;
  let rest: Column[] = [];
  /** The attribute columns (not model fields) and their guesses, by position in `rest`. */
  let attrCols: Column[] = [];
  let attrGuesses: (ColumnGuess | null)[] = [];
  /** The guess feeding on each column of `rest` (null for model fields and typed headers). */
  let guessAt: (ColumnGuess | null)[] = [];
  const firstNode = b.nodes.length;
  const loc: Loc = { file, line: 1 };
  streamCsv(
    b,
    text,
    file,
    need,
    (header) => {
      const before = b.issues.total;
      const cols = mapColumns(b, file, parseHeader(header), 'nodes', columns);
      if (missing(b, file, header, cols, need, 'nodes') || b.issues.total !== before) return false;
      const id = cols.find((c) => c.name === 'id')!;
      idCol = id.index;
      typeCol = cols.find((c) => c.name === 'type')?.index ?? -1;
      labelFromId = ['name', 'label'].includes(fold(id.header)) && !cols.some((c) => c.name === 'label');
      rest = cols.filter((c) => c.index !== idCol && c.index !== typeCol);
      attrCols = rest.filter(isNodeAttr);
      attrGuesses = guessColumns(b, attrCols);
      guessAt = rest.map((c) => (isNodeAttr(c) ? attrGuesses[attrCols.indexOf(c)] : null));
      width = cols.length;
      return true;
    },
    (row, line) => {
      // One location object, updated per row: issues copy what they need.
      loc.line = line;
      if (tooMany(b, loc, row, width)) return;
      const fields: [string, unknown][] = [];
      for (let i = 0; i < rest.length; i++) {
        const c = rest[i];
        const cell = row[c.index];
        if (cell === undefined || cell === '') continue;
        const v = typed(b, loc, c, unescapeCell(cell));
        if (v === undefined) continue;
        fields.push([c.name, v]);
        guessAt[i]?.see(v as string);
      }
      const id = unescapeCell(row[idCol] ?? '');
      if (labelFromId && id.trim() !== '') fields.push(['label', id]);
      b.addNode(id, typeCol >= 0 ? (row[typeCol]?.trim() ?? '') : '', fields, loc);
    },
  );
  if (attrCols.length)
    settleColumns(
      b,
      file,
      attrCols,
      attrGuesses,
      (function* () {
        for (let i = firstNode; i < b.nodes.length; i++) yield b.nodes[i].attrs;
      })(),
    );
}

/** A nodes.csv column kept under the node's attrs (not a model field). */
const isNodeAttr = (c: Column) => !NODE_FIELDS.has(c.name) && c.name !== KIND_FIELD;

const EDGE_COLUMNS = new Set(['source', 'target', ...EDGE_FIELD_NAMES, KIND_FIELD]);

/**
 * Gephi's `timeset` cell: an interval `[start, end]`, several `<[a, b]; [c, d]>`, or timestamps
 * `2016-02-03` / `<2016-02-03; 2016-02-05>`, as the tie's first start and last end (`±Infinity`
 * = open). `several` says when more than one interval or timestamp was folded into one.
 */
export function gephiTimeset(cell: string): { start?: string; end?: string; several: boolean } {
  const body = cell.trim().replace(/^<|>$/g, '').trim();
  if (body === '') return { several: false };
  const parts =
    body.includes('[') || body.includes('(') ? [...body.matchAll(/[[(]([^\])]*)[\])]/g)].map((m) => m[1].split(',')) : body.split(';').map((t) => [t, t]);
  let start: string | undefined;
  let end: string | undefined;
  let openStart = false;
  let openEnd = false;
  for (const [a = '', z = a] of parts) {
    const lo = a.trim(),
      hi = z.trim();
    if (/^-?infinity$/i.test(lo) || lo === '') openStart = true;
    else if (start === undefined || lo < start) start = lo;
    if (/^\+?infinity$/i.test(hi) || hi === '') openEnd = true;
    else if (end === undefined || hi > end) end = hi;
  }
  return { start: openStart ? undefined : start, end: openEnd ? undefined : end, several: parts.length > 1 };
}

/**
 * edges.csv (header with source,target — or From/To, Source/Target… see COLUMN_ALIASES) or a bare
 * edge list. A bare list may have no header: then its columns are source, target[, weight].
 * `fastPath` false reads every row the general way (tests compare the two). When a file has both
 * `Type` and `Kind` columns (Gephi's edge table), a Type of Directed / Undirected is the tie's
 * direction and Kind its type.
 */
export function readEdgesCsv(b: DatasetBuilder, text: string, file: string, bare = false, fastPath = true, columns?: Record<string, string>): void {
  const need = ['source', 'target'];
  let sC = 0,
    tC = 1,
    yC = -1,
    wC = -1,
    aC = -1,
    zC = -1,
    dC = -1,
    kC = -1,
    gC = -1,
    tsC = -1,
    width = 0;
  let severalTimes = 0;
  let extra: Column[] = [];
  let guesses: (ColumnGuess | null)[] = [];
  /** Attribute objects of this file's rows, converted once the columns are settled (only while some column is guessed). */
  const bags: Attrs[] = [];
  let keepBags = false;
  const loc: Loc = { file, line: 1 };
  const onRow = (row: string[], line: number) => {
    loc.line = line;
    if (row.length > width && tooMany(b, loc, row, width)) return;
    let attrs: Attrs | undefined;
    if (extra.length) {
      for (let i = 0; i < extra.length; i++) {
        const c = extra[i];
        const cell = row[c.index];
        if (cell === undefined || cell === '') continue;
        const v = typed(b, loc, c, unescapeCell(cell));
        if (v === undefined) continue;
        attrs ??= newAttrs();
        setAttr(attrs, c.name, v as string | number | boolean);
        guesses[i]?.see(v as string);
      }
      if (attrs && keepBags) bags.push(attrs);
    }
    const s = row[sC],
      tg = row[tC];
    let type: string | undefined = yC >= 0 ? row[yC] : undefined;
    let directed: string | undefined = dC >= 0 ? row[dC] : undefined;
    if (gC >= 0) {
      // Gephi: Type = direction, Kind = the tie's type.
      const t = type?.trim() ?? '';
      if (t === '' || !(toDirection(t, true) instanceof Bad)) {
        if (t !== '') directed ??= t;
        type = row[gC];
      } else if (row[gC]) {
        attrs ??= newAttrs();
        setAttr(attrs, 'Kind', unescapeCell(row[gC]));
      }
    }
    let start = aC >= 0 ? row[aC] : undefined,
      end = zC >= 0 ? row[zC] : undefined;
    if (tsC >= 0 && row[tsC]) {
      const t = gephiTimeset(unescapeCell(row[tsC]));
      start = t.start;
      end = t.end;
      if (t.several) severalTimes++;
    }
    b.addEdge(
      s && s.charCodeAt(0) === 39 ? unescapeCell(s) : s,
      tg && tg.charCodeAt(0) === 39 ? unescapeCell(tg) : tg,
      type !== undefined ? unescapeCell(type) : undefined,
      wC >= 0 ? row[wC] : undefined,
      start,
      end,
      attrs,
      loc,
      directed,
      kC >= 0 ? row[kC] : undefined,
    );
  };
  streamCsv(
    b,
    text,
    file,
    need,
    (header, delimiter) => {
      const before = b.issues.total;
      let cols = parseHeader(header);
      const named = new Set(cols.map((c) => c.name));
      let headerless = false;
      if (bare && !named.has('source') && !named.has('target') && !columns && !cols.some((c) => COLUMN_ALIASES.edges.source.includes(fold(c.header)))) {
        if (header.length > 3) {
          b.bad({ file, line: 1 }, 'header', header.join(delimiter), 'a header with source,target (a headerless edge list has only source, target and weight)');
          return false;
        }
        cols = ['source', 'target', 'weight'].map((name, index) => ({ name, header: name, type: 'string' as const, declared: false, index }));
        headerless = true;
      } else {
        cols = mapColumns(b, file, cols, 'edges', columns);
      }
      if (missing(b, file, header, cols, need, 'edges') || b.issues.total !== before) return false;
      const at = (name: string) => cols.find((c) => c.name === name)?.index ?? -1;
      sC = at('source');
      tC = at('target');
      yC = at('type');
      wC = at('weight');
      aC = at('start');
      zC = at('end');
      dC = at('directed');
      kC = at(KIND_FIELD);
      // Gephi's edge table: Type (direction) and Kind (the tie's type) side by side.
      const kind = cols.find((c) => fold(c.header) === 'kind' && c.name !== 'type');
      gC = yC >= 0 && kind ? kind.index : -1;
      // Gephi's spreadsheet `timeset` column gives the dates when there are no start / end columns.
      const timeset = aC < 0 && zC < 0 ? cols.find((c) => fold(c.header) === 'timeset' && !EDGE_COLUMNS.has(c.name)) : undefined;
      tsC = timeset ? timeset.index : -1;
      extra = cols.filter((c) => !EDGE_COLUMNS.has(c.name) && c.index !== gC && c.index !== tsC);
      guesses = guessColumns(b, extra);
      keepBags = guesses.some((g) => g !== null);
      width = headerless ? 3 : cols.length;
      if (headerless) onRow(header, 1);
      return true;
    },
    onRow,
    (from, line, delimiter) => {
      // Standard columns only and no quotes in the rows: the fast path (same results, see csv-fast.ts).
      if (!fastPath || extra.length > 0 || dC >= 0 || kC >= 0 || gC >= 0 || tsC >= 0 || b.decimalComma) return false;
      const body = stripBom(text);
      if (!fastEdgeRowsApply(body, from)) return false;
      fastEdgeRows(b, body, from, line, delimiter, { source: sC, target: tC, type: yC, weight: wC, start: aC, end: zC, width }, onRow);
      return true;
    },
  );
  if (extra.length) settleColumns(b, file, extra, guesses, bags);
  if (severalTimes > 0)
    b.warnings.push(
      `${file}: ${severalTimes} tie${severalTimes === 1 ? '' : 's'} with several intervals in timeset: each kept from its first start to its last end`,
    );
}
