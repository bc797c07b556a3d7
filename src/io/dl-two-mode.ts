import type { TwoModeRead } from '../model/index.ts';
import type { DatasetBuilder } from './build.ts';
import { twoModeLine } from './two-mode.ts';
import { dataEnd, dlValue, relationLines, type Token } from './dl-tokens.ts';

/*
 * Two-mode UCINET DL (`DL NR=… NC=…`), as UCINET writes affiliation data (actors × events,
 * organisations × projects): a bipartite dataset whose row nodes and column nodes are two own node
 * types (default `actor` and `event`, LoadOptions.twoModeKinds; mapped by the type map, so
 * `company,project` gives built-in kinds), each nonzero cell a `participation` tie row → column
 * weighted by the value (NM > 1: each matrix a tie type of its own, read as participation).
 * - FULLMATRIX: NR rows of NC values per matrix, read as a stream (rows may wrap); with COLUMN
 *   LABELS EMBEDDED the NC column labels come first, with ROW LABELS EMBEDDED each row starts with its label.
 * - EDGELIST2: `row column [weight]` per line; NODELIST2: `row column column …`; row and column
 *   numbers 1…NR / 1…NC, or labels (given, or embedded); `!` between relations when NM > 1.
 * Ids are the labels (a column labelled like a row gets ` (kind)` after its label, with a warning),
 * else `actor 1` … and `event 1` …, so that the two sides never share an id.
 */

/** The types given to a two-mode file's row nodes and column nodes. */
export type TwoModeKinds = TwoModeRead['kinds'];
export const DEFAULT_TWO_MODE_KINDS: TwoModeKinds = { rows: 'actor', columns: 'event' };

export const TWO_MODE_FORMATS: Record<string, 'edgelist2' | 'nodelist2'> = {
  edgelist2: 'edgelist2',
  el2: 'edgelist2',
  nodelist2: 'nodelist2',
  nl2: 'nodelist2',
};

interface SideHeader {
  count: number;
  labels?: Token[];
  embedded: boolean;
}

export interface TwoModeHeader {
  rows: SideHeader;
  columns: SideHeader;
  nm: number;
  format: 'fullmatrix' | 'edgelist2' | 'nodelist2';
  matrixLabels?: string[];
  kinds?: TwoModeKinds;
}

type Bad = (line: number, field: string, value: unknown, expected: string) => void;

/** One side's nodes: the labels given, else those the data embed (up to count), else the numbers 1…count. */
class Side {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(
    readonly word: 'row' | 'column',
    readonly count: number,
    private readonly h: SideHeader,
    private readonly bad: Bad,
  ) {
    for (const t of h.labels ?? []) this.index.set(t.text.toLowerCase(), this.names.push(t.text) - 1);
  }
  get numbered(): boolean {
    return !this.h.labels && !this.h.embedded;
  }
  private get count_(): string {
    return `${this.word === 'row' ? 'NR' : 'NC'}=${this.count}`;
  }
  /** Problems in the given labels: two alike. */
  checkLabels(): boolean {
    const seen = new Set<string>();
    for (const t of this.h.labels ?? []) {
      if (seen.has(t.text.toLowerCase())) {
        this.bad(t.line, `${this.word} labels`, t.text, `different ${this.word} labels, one per ${this.word} (labels are matched ignoring case)`);
        return false;
      }
      seen.add(t.text.toLowerCase());
    }
    return true;
  }
  /** The node a data token names: a number 1…count, or an (embedded) label; null when it names none (reported). */
  at(t: Token): number | null {
    if (!this.h.embedded) {
      const v = /^\d+$/.test(t.text) ? Number(t.text) : Number.NaN;
      if (v >= 1 && v <= this.count) return v - 1;
      this.bad(
        t.line,
        this.word,
        t.text,
        `a ${this.word} number from 1 to ${this.count_}${this.h.labels ? '' : ` (or ${this.word.toUpperCase()} LABELS EMBEDDED in the header, for labels)`}`,
      );
      return null;
    }
    return this.label(t);
  }
  /** An embedded label: known, or a new one while fewer than count are known. */
  label(t: Token): number | null {
    const known = this.index.get(t.text.toLowerCase());
    if (known !== undefined) return known;
    if (this.h.labels || this.names.length >= this.count) {
      this.bad(
        t.line,
        `${this.word} label`,
        t.text,
        this.h.labels ? `one of the ${this.count} ${this.word.toUpperCase()} LABELS:` : `at most ${this.count_} different ${this.word} labels`,
      );
      return null;
    }
    this.index.set(t.text.toLowerCase(), this.names.push(t.text) - 1);
    return this.names.length - 1;
  }
}

export function readTwoMode(b: DatasetBuilder, file: string, data: Token[][], h: TwoModeHeader): void {
  const bad: Bad = (line, field, value, expected) => b.bad({ file, line }, field, value, expected);
  const kinds = h.kinds ?? DEFAULT_TWO_MODE_KINDS;
  const rows = new Side('row', h.rows.count, h.rows, bad);
  const cols = new Side('column', h.columns.count, h.columns, bad);
  if (!rows.checkLabels() || !cols.checkLabels()) return;
  const ties: { r: number; c: number; w: number; m: number; line: number }[] = [];
  const before = b.issues.total;
  const value = (t: Token) => dlValue(b, bad, t);
  const nm = h.nm;
  if (h.format === 'fullmatrix') {
    const stream = data.flat();
    const end = stream.at(-1)?.line ?? 1;
    let p = 0;
    if (h.columns.embedded) {
      for (let k = 0; k < cols.count; k++) {
        const t = stream[p++];
        if (!t) {
          bad(end, 'column labels', undefined, `${cols.count} column labels first in the data (COLUMN LABELS EMBEDDED, NC=${cols.count})`);
          return;
        }
        if (cols.label(t) === null) return;
      }
    }
    for (let m = 0; m < nm; m++) {
      for (let r = 0; r < rows.count; r++) {
        if (h.rows.embedded) {
          const t = stream[p++];
          if (!t) {
            bad(
              end,
              'row',
              undefined,
              `NR=${rows.count} rows${nm > 1 ? ` in each of NM=${nm} matrices` : ''}, each starting with its label (${dataEnd(r + 1, m + 1, nm)})`,
            );
            return;
          }
          const at = rows.label(t);
          if (at === null) return;
          // Rows come in one order (the labels' given, or the first matrix's), each label once.
          if (at !== r) {
            bad(
              t.line,
              'row label',
              t.text,
              m > 0 || h.rows.labels
                ? `the label of row ${r + 1}: ${rows.names[r]} (rows in the order of the ROW LABELS${m > 0 ? ' and the first matrix' : ''})`
                : `a label no earlier row has (row ${at + 1} is ${rows.names[at]}): one row per label`,
            );
            return;
          }
        }
        for (let c = 0; c < cols.count; c++) {
          const t = stream[p++];
          if (!t) {
            bad(
              end,
              'row',
              undefined,
              `NC=${cols.count} values in row ${r + 1} of NR=${rows.count} rows${nm > 1 ? ` in each of NM=${nm} matrices` : ''} (${dataEnd(r + 1, m + 1, nm)})`,
            );
            return;
          }
          const v = value(t);
          if (v) ties.push({ r, c, w: v, m, line: t.line });
        }
      }
    }
    if (p < stream.length)
      bad(
        stream[p].line,
        'data',
        stream[p].text,
        `the end of the data after ${nm > 1 ? `NM=${nm} matrices of ` : ''}NR=${rows.count} rows of NC=${cols.count} values (FULLMATRIX)`,
      );
  } else {
    for (const { line, m } of relationLines(data, nm, bad)) {
      const at = line[0].line;
      if (h.format === 'edgelist2' && (line.length < 2 || line.length > 3)) {
        bad(at, 'row', line.map((t) => t.text).join(' '), 'ROW COLUMN [WEIGHT] (an EDGELIST2 line: a row node, a column node, a weight)');
        continue;
      }
      const r = rows.at(line[0]);
      const targets = h.format === 'edgelist2' ? [line[1]] : line.slice(1);
      const w = h.format === 'edgelist2' && line[2] ? value(line[2]) : 1;
      for (const t of targets) {
        const c = cols.at(t);
        if (r !== null && c !== null && w) ties.push({ r, c, w, m, line: at });
      }
    }
  }
  if (b.issues.total !== before) return;

  const rowIds = rows.numbered ? Array.from({ length: rows.count }, (_, k) => `${kinds.rows} ${k + 1}`) : rows.names;
  const taken = new Set(rowIds);
  const renamed: string[] = [];
  const colIds = (cols.numbered ? Array.from({ length: cols.count }, (_, k) => `${kinds.columns} ${k + 1}`) : cols.names).map((id) => {
    if (!taken.has(id)) return id;
    renamed.push(id);
    return `${id} (${kinds.columns})`;
  });
  const warn = (s: string) => b.warnings.push(`${file}: ${s}`);
  for (const [side, ids] of [
    [rows, rowIds],
    [cols, colIds],
  ] as const)
    if (ids.length < side.count)
      warn(
        `NR=${rows.count}, NC=${cols.count} but the data name ${ids.length} ${side.word} labels; the ${side.count - ids.length} other ${side.word}s are left out (no label to give them)`,
      );
  rowIds.forEach((id) => b.addNode(id, kinds.rows, [], { file, line: 1 }, 'other'));
  colIds.forEach((id) => b.addNode(id, kinds.columns, [], { file, line: 1 }, 'other'));
  for (const t of ties) {
    const relation = nm > 1 ? (h.matrixLabels?.[t.m] ?? `matrix ${t.m + 1}`) : 'participation';
    b.addEdge(
      rowIds[t.r],
      colIds[t.c],
      relation,
      t.w,
      undefined,
      undefined,
      undefined,
      { file, line: t.line },
      undefined,
      nm > 1 ? 'participation' : undefined,
    );
  }
  const format = h.format === 'fullmatrix' ? 'dl-fullmatrix' : h.format === 'edgelist2' ? 'dl-edgelist2' : 'dl-nodelist2';
  const read: Omit<TwoModeRead, 'summary'> = {
    file,
    format,
    rows: rows.count,
    columns: cols.count,
    kinds: { rows: kinds.rows, columns: kinds.columns },
    tieTypes: nm > 1 ? [...new Set(ties.map((t) => h.matrixLabels?.[t.m] ?? `matrix ${t.m + 1}`))] : ['participation'],
    ties: ties.length,
  };
  const summary = twoModeLine(read, rowIds.length, colIds.length);
  b.twoMode = { ...read, summary };
  b.warnings.push(summary);
  if (renamed.length)
    warn(
      `${renamed.length} column label${renamed.length === 1 ? ' is' : 's are'} also a row label, so ${renamed.length === 1 ? "that column's id is" : "those columns' ids are"} ${renamed
        .slice(0, 5)
        .map((id) => `"${id} (${kinds.columns})"`)
        .join(', ')}${renamed.length > 5 ? ', …' : ''}`,
    );
}
