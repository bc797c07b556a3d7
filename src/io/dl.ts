import type { DatasetBuilder } from './build.ts';
import { readTwoMode, TWO_MODE_FORMATS, type TwoModeKinds } from './dl-two-mode.ts';
import { dataEnd, dlValue, relationLines, tokenize, type Token } from './dl-tokens.ts';

/*
 * UCINET DL (what UCINET, R's sna course material, igraph and Gephi read), one-mode networks:
 * `DL N=5 [NM=2] [FORMAT=FULLMATRIX|EDGELIST1|NODELIST1] [DIAGONAL=PRESENT|ABSENT] [TITLE="…"]`,
 * then `LABELS:` (or `ROW LABELS:` / `COLUMN LABELS:`) and the N labels, `LABELS EMBEDDED` (or `ROW` /
 * `COLUMN LABELS EMBEDDED`), `MATRIX LABELS:` and the NM relation names, and `DATA:`. Keywords in any
 * case, anywhere in the header, separated by blanks, commas or `=`; labels separated by blanks,
 * commas or line ends, `"quoted"` when they hold blanks, matched ignoring case (UCINET upper-cases
 * them; we keep the spelling first seen).
 * - FULLMATRIX (the default): N rows of N values per matrix (N-1 with DIAGONAL ABSENT), read as a
 *   stream of values as UCINET does, so a row may wrap; with labels embedded the column labels come
 *   first and each row starts with its label. A value is the tie's weight, 0 is no tie, `?` missing.
 *   A matrix equal to its transpose is an undirected network (one tie per pair, as UCINET treats
 *   symmetric data); otherwise each value is a directed tie row → column. LOWERHALF / UPPERHALF:
 *   row k holds columns 1…k / k…N (without k when DIAGONAL ABSENT) of a symmetric network.
 * - EDGELIST1: `from to [weight]` per line; NODELIST1: `from to to …` per line; directed ties (each
 *   line is an ordered pair), vertex numbers 1…N or, embedded, labels. With NM > 1 a line `!` starts
 *   the next relation (as UCINET writes it).
 * Nodes are the labels when there are any (else the numbers 1…N); NM > 1: each matrix is a tie type
 * of its own (its MATRIX LABELS name, else `matrix 1`, `matrix 2`, …).
 * Two-mode data (`DL NR=… NC=…`: FULLMATRIX of NR rows × NC values, EDGELIST2 `row column [weight]`,
 * NODELIST2 `row column column …`, ROW LABELS: / COLUMN LABELS:, either embedded) is a bipartite
 * dataset (dl-two-mode.ts). BLOCKMATRIX, NODELIST1B, EDGEARRAY and LINKEDLIST are refused by name:
 * no reference reader (igraph, NetworkX, R's network) reads them to check against.
 */

/** Options of the DL reader (LoadOptions.twoModeKinds). */
export interface DlOptions {
  /** Own node types of a two-mode file's row and column nodes (default `actor` and `event`). */
  twoModeKinds?: TwoModeKinds;
}

type Format = 'fullmatrix' | 'lowerhalf' | 'upperhalf' | 'edgelist1' | 'nodelist1';
const FORMATS: Record<string, Format> = {
  fullmatrix: 'fullmatrix',
  fm: 'fullmatrix',
  edgelist1: 'edgelist1',
  el1: 'edgelist1',
  nodelist1: 'nodelist1',
  nl1: 'nodelist1',
  lowerhalf: 'lowerhalf',
  lh: 'lowerhalf',
  upperhalf: 'upperhalf',
  uh: 'upperhalf',
};
const REFUSED = /^(?:nodelist1b|nl1b|blockmatrix|bm|edgearray|linkedlist)$/;
const WHAT = 'FULLMATRIX, LOWERHALF, UPPERHALF, EDGELIST1 or NODELIST1 (EDGELIST2 or NODELIST2 with NR= and NC=)';

export function readDl(b: DatasetBuilder, text: string, file: string, options: DlOptions = {}): void {
  const lines = tokenize(text);
  const flat: Token[] = [];
  let dataLine = -1;
  // The header: every token up to DATA:, whose line ends the header (data follow on the next lines, or on its own).
  outer: for (let li = 0; li < lines.length; li++) {
    for (let k = 0; k < lines[li].length; k++) {
      const t = lines[li][k];
      if (!t.quoted && /^data:?$/i.test(t.text) && (t.text.endsWith(':') || lines[li][k + 1]?.text === ':')) {
        dataLine = li;
        const rest = lines[li].slice(k + (t.text.endsWith(':') ? 1 : 2));
        lines[li] = rest;
        break outer;
      }
      flat.push(t);
    }
  }
  const bad = (line: number, field: string, value: unknown, expected: string) => b.bad({ file, line }, field, value, expected);
  if (!flat.length || flat[0].text.toLowerCase() !== 'dl') {
    bad(flat[0]?.line ?? 1, 'DL', flat[0]?.text, 'a UCINET DL file starting with DL');
    return;
  }
  if (dataLine < 0) {
    bad(flat.length > 1 ? flat[1].line + 1 : 1, 'DATA', undefined, 'DATA: before the data (after the header)');
    return;
  }
  let n = -1,
    nm = 1,
    nr = -1,
    nc = -1;
  let format: Format | (typeof TWO_MODE_FORMATS)[string] = 'fullmatrix';
  let formatLine = 1;
  let diagonal = true;
  let labels: Token[] | undefined;
  // Two-mode: the row and column labels.
  let rowLabels: Token[] | undefined, colLabels: Token[] | undefined;
  let matrixLabels: Token[] | undefined;
  let rowsEmbedded = false,
    colsEmbedded = false;
  let title: string | undefined;
  const word = (i: number) => flat[i]?.text.toLowerCase().replace(/:$/, '');
  const colon = (i: number) => flat[i]?.text.endsWith(':') || flat[i + 1]?.text === ':';
  const count = (i: number, key: string): number | null => {
    const t = flat[i];
    if (!t || !/^\d+$/.test(t.text)) {
      bad(t?.line ?? flat[i - 1].line, key, t?.text, `a whole number after ${key.toUpperCase()}=`);
      return null;
    }
    return Number(t.text);
  };
  /** `count` label tokens from i (they may span lines); null when a keyword or DATA: comes first. */
  const take = (i: number, want: number, what: string): Token[] | null => {
    const out = flat.slice(i, i + want);
    if (out.length < want) {
      bad(
        flat[i - 1].line,
        what,
        out.length,
        `${want} labels after ${what.toUpperCase()}: (${what === 'matrix labels' ? `NM=${nm}` : what === 'row labels' ? `NR=${nr}` : what === 'column labels' ? `NC=${nc}` : `N=${n}`}), before DATA:`,
      );
      return null;
    }
    return out;
  };
  let i = 1;
  while (i < flat.length) {
    const w = word(i);
    const line = flat[i].line;
    if (w === 'n' || w === 'nm' || w === 'nr' || w === 'nc') {
      const v = count(i + 1, w);
      if (v === null) return;
      if (w === 'n') n = v;
      else if (w === 'nr') nr = v;
      else if (w === 'nc') nc = v;
      else nm = Math.max(1, v);
      i += 2;
    } else if (w === 'format') {
      const f = word(i + 1) ?? '';
      formatLine = line;
      if (FORMATS[f]) format = FORMATS[f];
      else if (TWO_MODE_FORMATS[f]) format = TWO_MODE_FORMATS[f];
      else {
        bad(
          line,
          'FORMAT',
          flat[i + 1]?.text,
          `${WHAT}${REFUSED.test(f) ? ` (${f.toUpperCase()} is not read: export the data from UCINET as FULLMATRIX or EDGELIST1)` : ''}`,
        );
        return;
      }
      i += 2;
    } else if (w === 'diagonal') {
      const d = word(i + 1);
      if (d !== 'present' && d !== 'absent') {
        bad(line, 'DIAGONAL', flat[i + 1]?.text, 'PRESENT or ABSENT');
        return;
      }
      diagonal = d === 'present';
      i += 2;
    } else if (w === 'title') {
      title = flat[i + 1]?.text;
      i += 2;
    } else if ((w === 'row' || w === 'column' || w === 'col' || w === 'labels') && (w === 'labels' || word(i + 1) === 'labels')) {
      const at = w === 'labels' ? i : i + 1;
      if (word(at + 1) === 'embedded') {
        if (w !== 'column' && w !== 'col') rowsEmbedded = true;
        if (w !== 'row') colsEmbedded = true;
        i = at + 2;
      } else if (colon(at)) {
        const side = w === 'row' ? 'row' : w === 'labels' ? undefined : 'column';
        if (!side && (nr >= 0 || nc >= 0)) {
          bad(line, 'labels', undefined, 'ROW LABELS: (NR labels) and COLUMN LABELS: (NC labels): two-mode data has a label list for each side');
          return;
        }
        const want = side === 'row' && nr >= 0 ? nr : side === 'column' && nc >= 0 ? nc : n;
        if (want < 0) {
          bad(
            line,
            side ? `${side} labels` : 'labels',
            undefined,
            `${side === 'row' ? 'N= or NR=' : side ? 'N= or NC=' : 'N='}… before ${side ? `${side.toUpperCase()} ` : ''}LABELS: (the number of labels to read)`,
          );
          return;
        }
        const start = at + (flat[at].text.endsWith(':') ? 1 : 2);
        if (nr >= 0 || nc >= 0) {
          // Two-mode: each side has its own labels.
          const got = take(start, want, `${side} labels`);
          if (!got) return;
          if (side === 'row') rowLabels = got;
          else colLabels = got;
          i = start + want;
          continue;
        }
        const got = take(start, n, 'labels');
        if (!got) return;
        if (labels?.some((l, k) => l.text.toLowerCase() !== got[k].text.toLowerCase())) {
          bad(line, 'labels', got.map((t) => t.text).join(' '), 'the same labels as the ROW / COLUMN LABELS before (a one-mode network)');
          return;
        }
        labels = got;
        i = start + n;
      } else {
        bad(line, flat[i].text, flat[at + 1]?.text, 'LABELS: followed by the labels, or LABELS EMBEDDED');
        return;
      }
    } else if (w === 'matrix' && word(i + 1) === 'labels' && colon(i + 1)) {
      const start = i + 1 + (flat[i + 1].text.endsWith(':') ? 1 : 2);
      const got = take(start, nm, 'matrix labels');
      if (!got) return;
      matrixLabels = got;
      i = start + nm;
    } else {
      bad(line, 'header', flat[i].text, 'a DL keyword: N=, NR=, NC=, NM=, FORMAT=, DIAGONAL=, TITLE=, LABELS:, LABELS EMBEDDED, MATRIX LABELS: or DATA:');
      return;
    }
  }
  if (title) b.setMeta({ name: title }, { file, line: 1 });
  const twoModeFormat = format === 'edgelist2' || format === 'nodelist2';
  if (nr >= 0 || nc >= 0) {
    if (nr < 0 || nc < 0 || n >= 0) {
      bad(1, nr < 0 ? 'NR' : nc < 0 ? 'NC' : 'N', undefined, 'NR=… and NC=… (two-mode data: rows and columns), without N=');
      return;
    }
    if (format !== 'fullmatrix' && !twoModeFormat) {
      bad(formatLine, 'FORMAT', format.toUpperCase(), 'FULLMATRIX, EDGELIST2 or NODELIST2 (the formats of two-mode data, NR= and NC=)');
      return;
    }
    readTwoMode(b, file, lines.slice(dataLine), {
      rows: { count: nr, labels: rowLabels, embedded: rowsEmbedded },
      columns: { count: nc, labels: colLabels, embedded: colsEmbedded },
      nm,
      format: format === 'edgelist2' || format === 'nodelist2' ? format : 'fullmatrix',
      matrixLabels: matrixLabels?.map((t) => t.text),
      kinds: options.twoModeKinds,
    });
    return;
  }
  if (format === 'edgelist2' || format === 'nodelist2') {
    bad(formatLine, 'FORMAT', format.toUpperCase(), `${WHAT}: ${format.toUpperCase()} is two-mode data, which needs NR=… and NC=… instead of N=…`);
    return;
  }
  if (n < 0) {
    bad(1, 'N', undefined, 'N=… in the DL header (the number of nodes), or NR=… and NC=… for two-mode data');
    return;
  }

  // Nodes: the labels given, else (labels embedded) those met in the data, else 1…N.
  const ids: string[] = [];
  const byLabel = new Map<string, number>();
  const addLabel = (t: Token): number | null => {
    const key = t.text.toLowerCase();
    const known = byLabel.get(key);
    if (known !== undefined) return known;
    if (labels || ids.length >= n) {
      bad(t.line, 'label', t.text, labels ? `one of the ${n} labels of LABELS:` : `at most N=${n} different labels`);
      return null;
    }
    byLabel.set(key, ids.length);
    ids.push(t.text);
    return ids.length - 1;
  };
  if (labels) {
    for (const t of labels) {
      if (byLabel.has(t.text.toLowerCase())) {
        bad(t.line, 'labels', t.text, 'different labels, one per node (labels are matched ignoring case)');
        return;
      }
      byLabel.set(t.text.toLowerCase(), ids.length);
      ids.push(t.text);
    }
  }
  const numbered = !labels && !rowsEmbedded && !colsEmbedded;
  if (numbered) for (let k = 1; k <= n; k++) ids.push(String(k));
  const relation = (m: number) => (nm > 1 ? (matrixLabels?.[m].text ?? `matrix ${m + 1}`) : undefined);
  /** A node named in the data: a vertex number 1…N, or an embedded label. */
  const node = (t: Token): number | null => {
    if (labels && !rowsEmbedded && !colsEmbedded) {
      const v = /^\d+$/.test(t.text) ? Number(t.text) : Number.NaN;
      if (v >= 1 && v <= n) return v - 1;
      bad(t.line, 'vertex', t.text, `a vertex number from 1 to N=${n}`);
      return null;
    }
    if (numbered) {
      const v = /^\d+$/.test(t.text) ? Number(t.text) : Number.NaN;
      if (v >= 1 && v <= n) return v - 1;
      bad(t.line, 'vertex', t.text, `a vertex number from 1 to N=${n} (or LABELS EMBEDDED in the header, for labels)`);
      return null;
    }
    return addLabel(t);
  };
  const ties: { s: number; t: number; w: number; m: number; directed: boolean; line: number }[] = [];
  const value = (t: Token) => dlValue(b, bad, t);
  const data = lines.slice(dataLine);
  const before = b.issues.total;
  if (format === 'fullmatrix' || format === 'lowerhalf' || format === 'upperhalf') {
    const stream = data.flat();
    // Where the data end, for "too few values".
    const end = stream.at(-1)?.line ?? dataLine + 1;
    let p = 0;
    if (colsEmbedded) {
      for (let k = 0; k < n; k++) {
        const t = stream[p++];
        if (!t) {
          bad(end, 'labels', undefined, `${n} column labels first in the data (LABELS EMBEDDED)`);
          return;
        }
        if (addLabel(t) === null) return;
      }
    }
    const half = format !== 'fullmatrix';
    /** The columns row r holds: all (FULLMATRIX), up to r (LOWERHALF) or from r (UPPERHALF); without r when DIAGONAL ABSENT. */
    const columnsOf = (r: number) => {
      const from = format === 'upperhalf' ? r : 0,
        to = format === 'lowerhalf' ? r + 1 : n;
      const cs: number[] = [];
      for (let c = from; c < to; c++) if (diagonal || c !== r) cs.push(c);
      return cs;
    };
    for (let m = 0; m < nm; m++) {
      const cells: (number | undefined)[][] = [];
      // The line of each row's last value, for problems about its ties.
      const rowLine: number[] = [];
      for (let r = 0; r < n; r++) {
        if (rowsEmbedded) {
          const t = stream[p++];
          if (!t) {
            bad(
              end,
              'row',
              undefined,
              `${n} rows${nm > 1 ? ` in each of NM=${nm} matrices` : ''}, each starting with its label (${dataEnd(r + 1, m + 1, nm)})`,
            );
            return;
          }
          if (colsEmbedded || labels || m > 0) {
            if (t.text.toLowerCase() !== ids[r]?.toLowerCase()) {
              bad(
                t.line,
                'row label',
                t.text,
                `the label of row ${r + 1}: ${ids[r]} (rows in the order of the ${colsEmbedded || labels ? 'columns' : 'first matrix'})`,
              );
              return;
            }
          } else {
            // The first matrix's rows name the nodes, each once.
            const at = addLabel(t);
            if (at === null) return;
            if (at !== r) {
              bad(t.line, 'row label', t.text, `a label no earlier row has (row ${at + 1} is ${ids[at]}): one row per label`);
              return;
            }
          }
        }
        const row: (number | undefined)[] = new Array(n).fill(undefined);
        const cs = columnsOf(r);
        for (const c of cs) {
          const t = stream[p++];
          if (!t) {
            bad(
              end,
              'row',
              undefined,
              `${cs.length} values in row ${r + 1}${half ? ` (${format.toUpperCase()}: row k holds ${format === 'lowerhalf' ? 'columns 1 to k' : 'columns k to N'}${diagonal ? '' : ', without the diagonal'})` : ''} of ${n} rows${nm > 1 ? ` in each of NM=${nm} matrices` : ''} (${dataEnd(r + 1, m + 1, nm)})`,
            );
            return;
          }
          const v = value(t);
          row[c] = v === null ? undefined : v;
        }
        cells.push(row);
        rowLine.push(stream[p - 1]?.line ?? end);
      }
      // A half matrix holds one triangle of a symmetric network: mirror it.
      const at = (r: number, c: number) => (half ? (cells[Math.max(r, c)]?.[Math.min(r, c)] ?? cells[Math.min(r, c)]?.[Math.max(r, c)]) : cells[r]?.[c]) ?? 0;
      let symmetric = true;
      for (let r = 0; r < n && symmetric; r++) for (let c = r + 1; c < n; c++) if (at(r, c) !== at(c, r)) symmetric = false;
      const before = ties.length;
      for (let r = 0; r < n; r++)
        for (let c = symmetric ? r : 0; c < n; c++) {
          const w = at(r, c);
          if (w !== 0) ties.push({ s: r, t: c, w, m, directed: !symmetric, line: rowLine[r] });
        }
      if (symmetric && ties.length > before)
        b.warnings.push(
          `${file}: ${nm > 1 ? `matrix ${relation(m)}` : 'the matrix'} is symmetric: read as ${ties.length - before} undirected ties, one per pair`,
        );
    }
    if (p < stream.length)
      bad(
        stream[p].line,
        'data',
        stream[p].text,
        `the end of the data after ${nm > 1 ? `NM=${nm} matrices of ` : ''}${n} rows (${format.toUpperCase()}${diagonal ? '' : ', DIAGONAL ABSENT'})`,
      );
  } else {
    for (const { line: row, m } of relationLines(data, nm, bad)) {
      const line = row[0].line;
      if (format === 'edgelist1') {
        if (row.length < 2 || row.length > 3) {
          bad(line, 'row', row.map((t) => t.text).join(' '), 'FROM TO [WEIGHT] (an EDGELIST1 line)');
          continue;
        }
        const s = node(row[0]),
          t = node(row[1]);
        const w = row[2] ? value(row[2]) : 1;
        if (s === null || t === null || w === null || w === undefined) continue;
        if (w !== 0) ties.push({ s, t, w, m, directed: true, line });
      } else {
        const s = node(row[0]);
        for (const x of row.slice(1)) {
          const t = node(x);
          if (s !== null && t !== null) ties.push({ s, t, w: 1, m, directed: true, line });
        }
      }
    }
  }
  if (b.issues.total !== before) return;
  if (ids.length < n) {
    // Labels embedded in the data name fewer nodes than N: the others are isolates with no name.
    b.warnings.push(`${file}: N=${n} but the data name ${ids.length} labels; the ${n - ids.length} others are left out (no label to give them)`);
  }
  ids.forEach((id) => b.addNode(id, undefined, [], { file, line: 1 }, 'other'));
  for (const t of ties) b.addEdge(ids[t.s], ids[t.t], relation(t.m), t.w, undefined, undefined, undefined, { file, line: t.line }, t.directed);
}
