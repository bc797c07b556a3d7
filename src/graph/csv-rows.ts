import { APOSTROPHE, AT, CR, EQUALS, HYPHEN, LF, PLUS, SPACE, TAB } from '../io/char-codes.ts';
import { hashStep } from '../io/id-index.ts';

/**
 * The row scanner of the typed-array fast readers (edge-list-csr.ts, folder-csr.ts): cells split by
 * one delimiter, each hashed while scanned (for IdIndex lookups without slicing), no quotes — the
 * readers refuse files with a quote character before they scan.
 */

/** First characters the general loader treats specially (formula escapes, blanks). */
const SPECIAL_FIRST = new Set([APOSTROPHE, EQUALS, PLUS, HYPHEN, AT, SPACE, TAB]);

/** Whether text[a, b) is a cell the general loader reads as it is: non-empty, no formula prefix, no surrounding blanks. */
export function plainCell(text: string, a: number, b: number): boolean {
  if (a === b || SPECIAL_FIRST.has(text.charCodeAt(a))) return false;
  const last = text.charCodeAt(b - 1);
  return last !== SPACE && last !== TAB;
}

/**
 * Calls `row` with each data line's cell bounds and the hash of each cell (seeded as the IdIndex
 * hashes), from offset `from` on. A blank line is skipped, as the general reader does. False when a
 * line has another number of cells than `width`, or `row` refuses it.
 */
export function scanRows(
  text: string,
  from: number,
  width: number,
  delimiter: number,
  seed: number,
  row: (start: Int32Array, end: Int32Array, hash: Int32Array) => boolean,
): boolean {
  const start = new Int32Array(width),
    end = new Int32Array(width),
    hash = new Int32Array(width);
  const len = text.length;
  let pos = from;
  while (pos < len) {
    let cell = 0,
      a = pos,
      h = seed,
      i = pos;
    for (; ; i++) {
      const c = i < len ? text.charCodeAt(i) : LF;
      if (c === delimiter || c === LF) {
        let b = i;
        if (c === LF && b > a && text.charCodeAt(b - 1) === CR) {
          b--;
          // The CR is not part of the last cell: rehash without it.
          h = seed;
          for (let j = a; j < b; j++) h = hashStep(h, text.charCodeAt(j));
        }
        if (cell >= width) return false;
        start[cell] = a;
        end[cell] = b;
        hash[cell++] = h;
        if (c === LF) break;
        a = i + 1;
        h = seed;
      } else h = hashStep(h, c);
    }
    pos = i + 1;
    if (cell === 1 && end[0] === start[0]) continue;
    if (cell !== width) return false;
    if (!row(start, end, hash)) return false;
  }
  return true;
}
