import type { DatasetBuilder } from './build.ts';

/* The tokens, values and shared wording of UCINET DL files (dl.ts one-mode, dl-two-mode.ts two-mode). */

export interface Token {
  text: string;
  quoted: boolean;
  line: number;
}

/** Tokens of `text` line by line: `"quoted"` strings, or runs of characters other than blanks, commas and `=`. */
export function tokenize(text: string): Token[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l, i) => [...l.matchAll(/"([^"]*)"|[^\s,=]+/g)].map((m) => ({ text: m[1] ?? m[0], quoted: m[1] !== undefined, line: i + 1 })));
}

/** "the data end in row 3 of matrix 2": one wording for every "too few values" problem. */
export function dataEnd(row: number, matrix: number, nm: number): string {
  return `the data end in row ${row}${nm > 1 ? ` of matrix ${matrix}` : ''}`;
}

/** A value: the tie's weight, `?` missing (undefined), null when it is not a number (reported). */
export function dlValue(b: DatasetBuilder, bad: (line: number, field: string, value: unknown, expected: string) => void, t: Token): number | null | undefined {
  if (t.text === '?') return undefined;
  const s = String(b.numberText(t.text));
  const x = Number(s);
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(s) || !Number.isFinite(x)) {
    bad(t.line, 'value', t.text, b.expectedNumber('a number (a tie weight; 0 for no tie, ? for missing)', t.text));
    return null;
  }
  return x;
}

/**
 * The lines of a list format's data (EDGELIST1/2, NODELIST1/2) with the relation each belongs to: a line
 * holding only an unquoted `!` separates the NM relations, blank lines are skipped. A separator past the
 * NM-th relation is reported and ends the list.
 */
export function* relationLines(
  data: readonly Token[][],
  nm: number,
  bad: (line: number, field: string, value: unknown, expected: string) => void,
): Generator<{ line: Token[]; m: number }> {
  let m = 0;
  for (const line of data) {
    if (!line.length) continue;
    if (line.length === 1 && line[0].text === '!' && !line[0].quoted) {
      if (++m >= nm) {
        bad(line[0].line, 'data', '!', `at most NM=${nm} relations (one ! between each two)`);
        return;
      }
      continue;
    }
    yield { line, m };
  }
}
