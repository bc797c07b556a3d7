import { CsvSyntaxError, parseCsv } from '../io/csv-parse.ts';
import { IssueCollector } from '../io/errors.ts';
import { unescapeCell } from '../io/formula.ts';
import type { AssignmentPair } from './solver.ts';

/**
 * Parsers for the matching CSV inputs (scores, capacities, ranked preferences). Every problem is
 * collected in one pass and thrown as an ImportError naming file, line and field.
 */

interface Table {
  rows: string[][];
  lines: number[];
  col: Map<string, number>;
}

function table(text: string, file: string, required: string[], issues: IssueCollector): Table | null {
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      issues.add(file, e.line, undefined, undefined, 'well-formed CSV (' + e.message + ')');
      return null;
    }
    throw e;
  }
  const [header, ...rows] = parsed.records;
  if (!header) {
    issues.add(file, 1, undefined, undefined, `a header with columns ${required.join(',')}`);
    return null;
  }
  const col = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase();
    if (!col.has(k)) col.set(k, i);
  });
  const missing = required.filter((r) => !col.has(r));
  if (missing.length) {
    issues.add(file, parsed.lines[0], missing.join(','), header.join(','), `a header with columns ${required.join(',')}`);
    return null;
  }
  return { rows, lines: parsed.lines.slice(1), col };
}

const cell = (t: Table, row: string[], name: string): string => unescapeCell((row[t.col.get(name)!] ?? '').trim());

/** A number as written in a CSV cell: plain decimal or exponent notation only (no "", "NaN", "Infinity", "0x10"). */
function parseNumber(s: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

/** `left,right,score` rows. Scores must be finite numbers; each pair at most once. */
export function parseScoresCsv(text: string, file: string, maxIssues = 50): AssignmentPair[] {
  const issues = new IssueCollector(maxIssues);
  const t = table(text, file, ['left', 'right', 'score'], issues);
  const pairs: AssignmentPair[] = [];
  if (t) {
    const seen = new Map<string, Map<string, number>>();
    t.rows.forEach((row, r) => {
      const line = t.lines[r];
      const left = cell(t, row, 'left'),
        right = cell(t, row, 'right'),
        raw = cell(t, row, 'score');
      if (!left) issues.add(file, line, 'left', left, 'a non-empty id');
      if (!right) issues.add(file, line, 'right', right, 'a non-empty id');
      const score = parseNumber(raw);
      if (score === null) issues.add(file, line, 'score', raw, 'a finite number such as 0.75');
      if (!left || !right || score === null) return;
      let byRight = seen.get(left);
      if (!byRight) seen.set(left, (byRight = new Map()));
      const first = byRight.get(right);
      if (first !== undefined) {
        issues.add(file, line, 'right', right, `each left,right pair once (already on line ${first})`);
        return;
      }
      byRight.set(right, line);
      pairs.push({ left, right, score });
    });
  }
  issues.throwIfAny();
  return pairs;
}

/**
 * `id,capacity` rows: non-negative integers, each id once. With `known`, ids that appear in no pair
 * (usually a typo) are errors too.
 */
export function parseCapacitiesCsv(text: string, file: string, known?: (id: string) => boolean, maxIssues = 50): Map<string, number> {
  const issues = new IssueCollector(maxIssues);
  const t = table(text, file, ['id', 'capacity'], issues);
  const out = new Map<string, number>();
  const lineOf = new Map<string, number>();
  if (t) {
    t.rows.forEach((row, r) => {
      const line = t.lines[r];
      const id = cell(t, row, 'id'),
        raw = cell(t, row, 'capacity');
      if (!id) {
        issues.add(file, line, 'id', id, 'a non-empty id');
        return;
      }
      const c = /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(c)) issues.add(file, line, 'capacity', raw, 'a whole number ≥ 0');
      if (lineOf.has(id)) issues.add(file, line, 'id', id, `each id once (already on line ${lineOf.get(id)})`);
      else if (known && !known(id)) issues.add(file, line, 'id', id, 'an id that appears in the scores');
      lineOf.set(id, line);
      if (Number.isSafeInteger(c)) out.set(id, c);
    });
  }
  issues.throwIfAny();
  return out;
}

export interface RankedPreference {
  from: string;
  to: string;
  rank: number;
  line: number;
}

/** Ranked lists by `from` id (best first), remembering the file and the line of each choice for error messages. */
export class Preferences extends Map<string, string[]> {
  readonly file: string;
  private readonly lines = new Map<string, number>();
  constructor(file: string) {
    super();
    this.file = file;
  }
  setLine(from: string, to: string | undefined, line: number): void {
    const k = JSON.stringify([from, to ?? null]);
    if (!this.lines.has(k)) this.lines.set(k, line);
  }
  /** Line of the row where `from` ranks `to` (or of `from`'s first row). */
  lineOf(from: string, to?: string): number | undefined {
    return this.lines.get(JSON.stringify([from, to ?? null]));
  }
}

/**
 * Ranked preferences for stable matching, one row per choice: `from,to,rank` — `from` (a mentee or a
 * mentor) ranks `to` at `rank` (1 = first choice). Lists may be partial; ranks need not be
 * contiguous but must be distinct per `from`.
 */
export function parsePreferencesCsv(text: string, file: string, maxIssues = 50): Preferences {
  const issues = new IssueCollector(maxIssues);
  const t = table(text, file, ['from', 'to', 'rank'], issues);
  const rows = new Map<string, RankedPreference[]>();
  if (t) {
    const seenPair = new Map<string, number>();
    const seenRank = new Map<string, number>();
    t.rows.forEach((row, r) => {
      const line = t.lines[r];
      const from = cell(t, row, 'from'),
        to = cell(t, row, 'to'),
        raw = cell(t, row, 'rank');
      if (!from) issues.add(file, line, 'from', from, 'a non-empty id');
      if (!to) issues.add(file, line, 'to', to, 'a non-empty id');
      const rank = /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!(rank >= 1) || !Number.isSafeInteger(rank)) issues.add(file, line, 'rank', raw, 'a whole number ≥ 1 (1 = first choice)');
      if (!from || !to || !(rank >= 1)) return;
      const pk = JSON.stringify([from, to]);
      const rk = JSON.stringify([from, rank]);
      if (seenPair.has(pk)) {
        issues.add(file, line, 'to', to, `each from,to pair once (already on line ${seenPair.get(pk)})`);
        return;
      }
      if (seenRank.has(rk)) {
        issues.add(file, line, 'rank', raw, `distinct ranks per from (rank ${rank} already on line ${seenRank.get(rk)})`);
        return;
      }
      seenPair.set(pk, line);
      seenRank.set(rk, line);
      let list = rows.get(from);
      if (!list) rows.set(from, (list = []));
      list.push({ from, to, rank, line });
    });
  }
  issues.throwIfAny();
  const out = new Preferences(file);
  for (const [from, list] of rows) {
    list.sort((a, b) => a.rank - b.rank);
    out.set(
      from,
      list.map((p) => p.to),
    );
    for (const p of list) {
      out.setLine(from, p.to, p.line);
      out.setLine(from, undefined, p.line);
    }
  }
  return out;
}
