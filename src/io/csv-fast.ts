import { EDGE_TYPES } from '../model/index.ts';
import type { DatasetBuilder } from './build.ts';
import { Bad, endsBefore, toDate, toWeight } from './fields.ts';
import { APOSTROPHE, CR, HYPHEN, LF, NINE, ZERO } from './char-codes.ts';
import { hashStep } from './id-index.ts';

/** Column positions of an edge file; -1 = column absent. */
export interface EdgeColumns {
  source: number;
  target: number;
  type: number;
  weight: number;
  start: number;
  end: number;
  width: number;
}

/**
 * Whether the rows of an edge file from `from` on can take the fast path: no quote character
 * anywhere, so that every record is one line and its fields are the text between delimiters —
 * exactly what the general tokenizer would return for them. (Extra attribute columns are the
 * caller's to exclude.)
 */
export function fastEdgeRowsApply(text: string, from: number): boolean {
  return text.indexOf('"', from) < 0;
}

/**
 * Fast path for the rows of an edge file with only the standard columns and no quotes (see
 * `fastEdgeRowsApply`). Fields are scanned in place: endpoints are hashed as they are scanned and
 * looked up in the builder's id index straight from the text, the type is matched against the
 * vocabulary and whole-number weights are read, all without creating strings; other weights and
 * dates go through `toWeight` / `toDate` as in the general path (plain YYYY-MM-DD dates once per
 * distinct date).
 *
 * A row is accepted here only when it is plain and valid: no more fields than the header (missing
 * ones are absent values, as in the general path), known endpoints that are not `'`-escaped and
 * differ, an exact type name, a weight and dates that coerce, end not before start. Every other
 * row — errors, too many fields, a node to create (bare edge lists), a type to normalise — goes
 * to `slowRow` with the fields the tokenizer would have produced and its line, so it is handled
 * (and reported) exactly as before. Rows are processed in file order either way.
 *
 * `from` / `line`: where the first row starts in `text` (without BOM) and its line number;
 * blank lines are skipped and line breaks counted like the tokenizer (CRLF, LF or CR).
 */
export function fastEdgeRows(
  b: DatasetBuilder,
  text: string,
  from: number,
  line: number,
  delimiter: string,
  cols: EdgeColumns,
  slowRow: (row: string[], line: number) => void,
): void {
  const D = delimiter.charCodeAt(0);
  const n = text.length;
  const { width } = cols;
  const sC = cols.source,
    tC = cols.target,
    yC = cols.type,
    wC = cols.weight,
    aC = cols.start,
    zC = cols.end;
  const ids = b.ids;
  const seed = ids.seed;
  const fieldStart = new Int32Array(width),
    fieldEnd = new Int32Array(width);
  const collaboration = EDGE_TYPES.indexOf('collaboration');
  // Date code (or BAD_DATE) by YYYYMMDD for fields of the plain form YYYY-MM-DD, which is most of
  // them and repeats a lot: no string is made for those after the first.
  const plainDates = new Map<number, number>();
  /** Date code of the field text[start, end) as toDate reads it, or BAD_DATE. */
  const dateAt = (start: number, end: number): number => {
    const key = end - start === 10 ? plainDateKey(text, start) : -1;
    if (key >= 0) {
      const known = plainDates.get(key);
      if (known !== undefined) return known;
    }
    const d = toDate(text.slice(start, end));
    const code = d instanceof Bad ? BAD_DATE : b.dateCode(d);
    if (key >= 0) plainDates.set(key, code);
    return code;
  };
  let i = from;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      // Blank line.
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
      line++;
      continue;
    }
    const rowStart = i;
    let f = 0,
      hs = 0,
      ht = 0;
    for (;;) {
      const start = i;
      if (f === sC || f === tC) {
        let h = seed;
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === D || c === LF || c === CR) break;
          h = hashStep(h, c);
          i++;
        }
        if (f === sC) hs = h;
        else ht = h;
      } else {
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === D || c === LF || c === CR) break;
          i++;
        }
      }
      if (f < width) {
        fieldStart[f] = start;
        fieldEnd[f] = i;
      }
      f++;
      if (i >= n) break;
      c = text.charCodeAt(i);
      if (c !== D) break;
      i++;
    }
    const rowEnd = i;
    if (i < n) {
      if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
    }
    const rowLine = line++;
    // Missing trailing fields are absent values, as in the general path (a two-column headerless
    // edge list has rows shorter than its three columns).
    for (let g = f; g < width; g++) {
      fieldStart[g] = 0;
      fieldEnd[g] = 0;
    }
    // The row as an edge, if it is plain and valid; otherwise (nothing changed yet) the general path.
    accept: if (f <= width && sC < f && tC < f) {
      const s0 = fieldStart[sC],
        s1 = fieldEnd[sC],
        t0 = fieldStart[tC],
        t1 = fieldEnd[tC];
      if (s1 === s0 || t1 === t0 || text.charCodeAt(s0) === APOSTROPHE || text.charCodeAt(t0) === APOSTROPHE) break accept;
      const si = ids.find(text, s0, s1, hs);
      if (si < 0) break accept;
      const ti = ids.find(text, t0, t1, ht);
      if (ti < 0 || ti === si) break accept;
      let type = collaboration;
      if (yC >= 0 && fieldEnd[yC] > fieldStart[yC]) {
        type = edgeTypeAt(text, fieldStart[yC], fieldEnd[yC]);
        if (type < 0) break accept;
      }
      let weight = 1;
      if (wC >= 0 && fieldEnd[wC] > fieldStart[wC]) {
        weight = wholeNumberAt(text, fieldStart[wC], fieldEnd[wC]);
        if (weight < 0) {
          const w = toWeight(text.slice(fieldStart[wC], fieldEnd[wC]));
          if (w instanceof Bad) break accept;
          weight = w;
        }
      }
      let start = -1,
        end = -1;
      if (aC >= 0 && fieldEnd[aC] > fieldStart[aC]) {
        start = dateAt(fieldStart[aC], fieldEnd[aC]);
        if (start === BAD_DATE) break accept;
      }
      if (zC >= 0 && fieldEnd[zC] > fieldStart[zC]) {
        end = dateAt(fieldStart[zC], fieldEnd[zC]);
        if (end === BAD_DATE) break accept;
      }
      if (start >= 0 && end >= 0 && start !== end) {
        if (endsBefore(b.dateOf(start)!, b.dateOf(end)!)) break accept;
      }
      if (b.acceptEdge(si, ti, type, weight, start, end)) continue;
    }
    slowRow(text.slice(rowStart, rowEnd).split(delimiter), rowLine);
  }
}

const BAD_DATE = -2;

/** YYYYMMDD when text[start, start + 10) is digits in the form YYYY-MM-DD, else -1. */
function plainDateKey(text: string, start: number): number {
  let key = 0;
  for (let j = 0; j < 10; j++) {
    const c = text.charCodeAt(start + j);
    if (j === 4 || j === 7) {
      if (c !== HYPHEN) return -1;
      continue;
    }
    if (c < ZERO || c > NINE) return -1;
    key = key * 10 + (c - ZERO);
  }
  return key;
}

/** Index in EDGE_TYPES of the type spelled exactly as text[start, end), or -1. */
function edgeTypeAt(text: string, start: number, end: number): number {
  const len = end - start;
  for (let k = 0; k < EDGE_TYPES.length; k++) {
    const t = EDGE_TYPES[k];
    if (t.length !== len) continue;
    let j = 0;
    while (j < len && t.charCodeAt(j) === text.charCodeAt(start + j)) j++;
    if (j === len) return k;
  }
  return -1;
}

/** Value of a field of 1–15 ASCII digits (exact, as Number() would read it), or -1 for anything else. */
function wholeNumberAt(text: string, start: number, end: number): number {
  if (end - start > 15) return -1;
  let v = 0;
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c < ZERO || c > NINE) return -1;
    v = v * 10 + (c - ZERO);
  }
  return v;
}
