import { newAttrs, setAttr, type Attrs, type DatasetBuilder, type Loc } from './build.ts';
import { DEFAULT_TWO_MODE_KINDS, type TwoModeKinds } from './dl-two-mode.ts';
import { twoModeLine } from './two-mode.ts';
import type { TwoModeRead } from '../model/index.ts';

/*
 * Pajek .net / .paj as Pajek, NetworkX (`write_pajek`) and igraph (`write_pajek`) write it:
 * `*Network title`, `*Vertices n [n1]` then `number "label" [x y [z]] [shape] [key value …]`,
 * `*Arcs` (directed) / `*Edges` (undirected) then `from to [weight] [key value …]`, `*Arcslist` /
 * `*Edgeslist` (`from to to …`), `*Matrix` (n rows of n weights, directed); `%` comments; lines
 * may end in CR only (old Pajek files). A relation label (`*Arcs :2 "advice"`) is the ties' own
 * type. Node ids are the labels when every vertex has a different one (as NetworkX reads the
 * file), else the vertex numbers (labels kept as labels). Coordinates → `viz_x`, `viz_y` (y flipped:
 * Pajek draws y downwards); `type` / `kind` → own type; other `key value` pairs (NetworkX writes
 * attributes so) → attributes. Of Pajek's drawing parameters, a vertex's colours and size (`ic`, `bc`,
 * `x_fact`, `y_fact`) and a line's colour, width and label (`c`, `w`, `l`) are attributes under the
 * names igraph's Read_Pajek gives them (PAJEK_VERTEX_ATTRS, PAJEK_LINE_ATTRS; pajek-write.ts writes
 * them back); the others (curvature, arrows, fonts, …) are not read (a warning names them). The
 * shape is `viz_shape`, except `ellipse`, Pajek's default (NetworkX writes it on every vertex). A project file's partitions, vectors and later networks are not read (a warning says so).
 * Two-mode networks (`*Vertices n n1`: vertices 1…n1 are the rows, the others the columns), as
 * igraph writes them (its `type` attribute) and pajek-write.ts does: each vertex keeps `mode` 1 / 2
 * and, unless it has a `type` of its own, its side's type (LoadOptions.twoModeKinds, else the
 * kinds our writer's `% two-mode (hubgraph): rows "…", columns "…"` comment names, else `actor` /
 * `event`, as two-mode DL); ties without a relation name are `participation`, an undirected tie
 * written column first is turned row → column; the report's `twoMode` says how it was read.
 */

/** The comment pajek-write.ts puts before a two-mode network's `*Vertices`: each side's one type (a side of several types is left out). */
export const TWO_MODE_COMMENT = /^%\s*two-mode \(hubgraph\):(?:\s*rows "([^"]+)")?,?(?:\s*columns "([^"]+)")?\s*$/;

/** Options of the Pajek reader (LoadOptions.twoModeKinds). */
export interface PajekOptions {
  /** Types of a two-mode network's row and column vertices (default: the file's hubgraph comment, else `actor` and `event`). */
  twoModeKinds?: TwoModeKinds;
}

/** Pajek vertex parameters kept as attributes, by igraph's names (Read_Pajek): interior and border colour, width and height factor. */
export const PAJEK_VERTEX_ATTRS: Readonly<Record<string, string>> = { ic: 'color', bc: 'framecolor', x_fact: 'xfact', y_fact: 'yfact' };
/** Pajek line parameters kept as attributes: colour, width and label (igraph calls the width `edgewidth`). */
export const PAJEK_LINE_ATTRS: Readonly<Record<string, string>> = { c: 'color', w: 'width', l: 'label' };

/** Pajek's vertex and line drawing parameters (Pajek manual, "Drawing"), each followed by a value. */
const VERTEX_PARAMS = new Set(['x_fact', 'y_fact', 'phi', 'r', 'q', 'ic', 'bc', 'bw', 'lc', 'la', 'lr', 'lphi', 'fos', 'font']);
const LINE_PARAMS = new Set(['w', 'c', 'p', 's', 'a', 'ap', 'l', 'lp', 'lr', 'lphi', 'lc', 'la', 'fos', 'font', 'h1', 'h2', 'a1', 'k1', 'a2', 'k2']);
export const PAJEK_SHAPES = new Set(['ellipse', 'box', 'diamond', 'triangle', 'cross', 'empty']);
const SHAPES = PAJEK_SHAPES;

/** Splits a line the way NetworkX does (shell words): spaces separate, "…" quote, adjacent parts join. */
export function words(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= line.length) break;
    let w = '';
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
      if (line[i] === '"') {
        const end = line.indexOf('"', i + 1);
        if (end < 0) return null;
        w += line.slice(i + 1, end);
        i = end + 1;
      } else w += line[i++];
    }
    out.push(w);
  }
  return out;
}

const isNum = (s: string | undefined) => s !== undefined && s.trim() !== '' && Number.isFinite(Number(s));

type Section = 'none' | 'vertices' | 'arcs' | 'edges' | 'arcslist' | 'edgeslist' | 'matrix' | 'skip';

interface Vertex {
  n: number;
  label?: string;
  fields: [string, unknown][];
  type?: string;
  line: number;
}
interface Tie {
  from: string;
  to: string;
  weight?: string;
  directed: boolean;
  type?: string;
  start?: string;
  end?: string;
  extras?: Attrs;
  line: number;
}

export function readPajek(b: DatasetBuilder, text: string, file: string, options: PajekOptions = {}): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let count = -1;
  let twoMode = 0;
  const vertices = new Map<number, Vertex>();
  const ties: Tie[] = [];
  const ignoredParams = new Set<string>();
  const ignoredSections = new Set<string>();
  let section = 'none' as Section;
  let relation: string | undefined;
  let matrixRow = 0;
  let networks = 0;
  const named: Partial<TwoModeKinds> = {};
  const bad = (line: number, field: string, value: unknown, expected: string) => b.bad({ file, line }, field, value, expected);
  const pairs = (
    ws: string[],
    from: number,
    params: Set<string>,
    kept: Readonly<Record<string, string>>,
    line: number,
    put: (k: string, v: string) => void,
  ) => {
    for (let j = from; j < ws.length; j += 2) {
      const k = ws[j];
      if (j + 1 >= ws.length) {
        bad(line, k, undefined, `a value after "${k}" (attributes are key value pairs)`);
        return;
      }
      const key = k.toLowerCase();
      if (Object.hasOwn(kept, key)) put(kept[key], ws[j + 1]);
      else if (params.has(key)) ignoredParams.add(k);
      else put(k, ws[j + 1]);
    }
  };
  for (let li = 0; li < lines.length; li++) {
    const line = li + 1;
    const raw = lines[li].trim();
    if (raw.startsWith('%')) {
      const m = TWO_MODE_COMMENT.exec(raw);
      if (m) [named.rows, named.columns] = [m[1], m[2]];
      continue;
    }
    if (raw === '') continue;
    if (raw.startsWith('*')) {
      const ws = words(raw) ?? raw.split(/\s+/);
      const head = ws[0].toLowerCase();
      if (head === '*network') {
        networks++;
        if (networks > 1) {
          ignoredSections.add(`a second network (line ${line})`);
          break;
        }
        const title = raw.slice(ws[0].length).trim();
        if (title) b.setMeta({ name: title }, { file, line });
        section = 'none';
      } else if (head === '*vertices') {
        if (count >= 0) {
          ignoredSections.add(`a second *Vertices (line ${line})`);
          break;
        }
        if (!isNum(ws[1]) || !Number.isInteger(Number(ws[1])) || Number(ws[1]) < 0) {
          bad(line, '*Vertices', ws[1], 'the number of vertices (*Vertices n)');
          return;
        }
        count = Number(ws[1]);
        twoMode = isNum(ws[2]) ? Number(ws[2]) : 0;
        if (!Number.isInteger(twoMode) || twoMode < 0 || twoMode > count) {
          bad(line, '*Vertices', ws[2], `the number of row vertices of a two-mode network, from 0 to ${count} (*Vertices ${count} n1)`);
          return;
        }
        section = 'vertices';
      } else if (['*arcs', '*edges', '*arcslist', '*edgeslist', '*matrix'].includes(head)) {
        if (count < 0) {
          bad(line, head, undefined, 'a *Vertices n line before the ties');
          return;
        }
        section = head.slice(1) as Section;
        // `*Arcs :2 "advice"`: relation number 2, named advice. `*Arcs 9` (igraph's and SocNetV's files): a count of ties, not a name.
        const named = ws.slice(1).filter((w, k) => !w.startsWith(':') && !(k === 0 && ws.length === 2 && /^\d+$/.test(w)));
        relation = named.length ? named.join(' ') : undefined;
        matrixRow = 0;
      } else {
        ignoredSections.add(ws[0]);
        section = 'skip';
      }
      continue;
    }
    const ws = words(raw);
    if (!ws) {
      bad(line, 'label', raw, 'a closing " for the quoted text on this line');
      continue;
    }
    switch (section) {
      case 'vertices': {
        const n = Number(ws[0]);
        if (!Number.isInteger(n) || n < 1 || n > count) {
          bad(line, 'vertex', ws[0], `a vertex number from 1 to ${count} (*Vertices ${count})`);
          continue;
        }
        if (vertices.has(n)) {
          bad(line, 'vertex', ws[0], `a vertex number not listed before (already at line ${vertices.get(n)!.line})`);
          continue;
        }
        const v: Vertex = { n, label: ws[1], fields: [], line };
        let j = 2;
        // SocNetV writes drawing parameters before the position (`1 "HOLLY" ic RGBF1F5D5 0.63 0.57 circle`).
        const early: string[] = [];
        while (j + 1 < ws.length && VERTEX_PARAMS.has(ws[j].toLowerCase())) {
          early.push(ws[j], ws[j + 1]);
          j += 2;
        }
        const xyz = [];
        while (j < ws.length && xyz.length < 3 && isNum(ws[j])) xyz.push(Number(ws[j++]));
        if (xyz.length >= 2) {
          v.fields.push(['viz_x', xyz[0]], ['viz_y', xyz[1] === 0 ? 0 : -xyz[1]]);
          if (xyz.length === 3) v.fields.push(['viz_z', xyz[2]]);
        }
        // The shape: a Pajek one, or (after a position, as NetworkX reads it) any word before the key value pairs, as SocNetV's `circle`.
        const word = ws[j]?.toLowerCase();
        if (word !== undefined && (SHAPES.has(word) || (xyz.length >= 2 && (ws.length - j) % 2 === 1 && !VERTEX_PARAMS.has(word) && !isNum(word)))) {
          // `ellipse` is Pajek's default shape (NetworkX and our writer put it on every vertex): no shape of its own.
          if (word !== 'ellipse') v.fields.push(['viz_shape', ws[j]]);
          j++;
        }
        pairs([...early, ...ws.slice(j)], 0, VERTEX_PARAMS, PAJEK_VERTEX_ATTRS, line, (k, val) => {
          if (k === 'type' || k === 'kind') v.type ??= val;
          else v.fields.push([k, isNum(val) ? Number(val) : val]);
        });
        if (twoMode) v.fields.push(['mode', n <= twoMode ? 1 : 2]);
        vertices.set(n, v);
        break;
      }
      case 'arcs':
      case 'edges': {
        if (ws.length < 2) {
          bad(line, 'target', undefined, 'a tie: from to [weight]');
          continue;
        }
        const t: Tie = { from: ws[0], to: ws[1], directed: section === 'arcs', type: relation, line };
        let j = 2;
        if (isNum(ws[2])) {
          t.weight = ws[2];
          j = 3;
        }
        pairs(ws, j, LINE_PARAMS, PAJEK_LINE_ATTRS, line, (k, val) => {
          if ((k === 'type' || k === 'kind') && t.type === undefined) t.type = val;
          else if (k === 'start' || k === 'end') t[k] = val;
          else {
            t.extras ??= newAttrs();
            setAttr(t.extras, k, isNum(val) ? Number(val) : val);
          }
        });
        ties.push(t);
        break;
      }
      case 'arcslist':
      case 'edgeslist':
        for (const to of ws.slice(1)) ties.push({ from: ws[0], to, directed: section === 'arcslist', type: relation, line });
        break;
      case 'matrix': {
        matrixRow++;
        if (matrixRow > count) {
          bad(line, 'matrix', raw.slice(0, 40), `${count} rows (*Vertices ${count})`);
          continue;
        }
        if (ws.length !== count) bad(line, 'matrix', ws.length, `${count} weights on each row (*Vertices ${count})`);
        ws.forEach((w, c) => {
          if (w !== '0' && Number(w) !== 0) ties.push({ from: String(matrixRow), to: String(c + 1), weight: w, directed: true, type: relation, line });
        });
        break;
      }
      case 'skip':
        break;
      default:
        bad(line, 'line', raw.slice(0, 40), 'a Pajek section first (*Vertices n)');
        return;
    }
  }
  if (count < 0) {
    if (b.issues.ok) bad(1, '*Vertices', undefined, 'a Pajek network with a *Vertices n line');
    return;
  }
  // NetworkX writes `0.0 0.0` for every vertex when it has no layout: one point is no layout.
  const at = [...vertices.values()].map((v) => `${v.fields.find((f) => f[0] === 'viz_x')?.[1]},${v.fields.find((f) => f[0] === 'viz_y')?.[1]}`);
  if (at.length > 1 && at.every((p) => p === at[0]))
    for (const v of vertices.values()) v.fields = v.fields.filter((f) => f[0] !== 'viz_x' && f[0] !== 'viz_y' && f[0] !== 'viz_z');

  // Ids: the labels when every vertex has one and no two share it (NetworkX's reading), else the numbers.
  const labels = new Set<string>();
  let byLabel = vertices.size === count;
  for (const v of vertices.values()) {
    if (v.label === undefined || v.label === '' || labels.has(v.label)) byLabel = false;
    else labels.add(v.label);
  }
  const idOf = (n: number) => (byLabel ? vertices.get(n)!.label! : String(n));
  const kinds: TwoModeKinds = options.twoModeKinds ?? {
    rows: named.rows ?? DEFAULT_TWO_MODE_KINDS.rows,
    columns: named.columns ?? DEFAULT_TWO_MODE_KINDS.columns,
  };
  const row = (n: number) => n <= twoMode;
  let ownTyped = 0;
  for (let n = 1; n <= count; n++) {
    const v = vertices.get(n);
    if (twoMode && v?.type !== undefined) ownTyped++;
    const fields: [string, unknown][] = v ? [...v.fields] : twoMode ? [['mode', n <= twoMode ? 1 : 2]] : [];
    if (v?.label !== undefined && !byLabel) fields.push(['label', v.label]);
    if (byLabel) fields.push(['pajek_number', n]);
    const loc: Loc = { file, line: v?.line ?? 1 };
    b.addNode(idOf(n), v?.type ?? (twoMode ? (row(n) ? kinds.rows : kinds.columns) : undefined), fields, loc, 'other');
  }
  const tieTypes = new Set<string>();
  let sameMode = 0;
  for (const t of ties) {
    const loc: Loc = { file, line: t.line };
    const end = (s: string, field: 'source' | 'target') => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1 || n > count) {
        bad(t.line, field, s, `a vertex number from 1 to ${count} (*Vertices ${count})`);
        return undefined;
      }
      return idOf(n);
    };
    const from = end(t.from, 'source'),
      to = end(t.to, 'target');
    if (from === undefined || to === undefined) continue;
    if (!twoMode) {
      b.addEdge(from, to, t.type, t.weight, t.start, t.end, t.extras, loc, t.directed);
      continue;
    }
    // Two-mode: ties are between the modes (a tie within one is kept, and counted for a warning), read row → column.
    const [fromRow, toRow] = [row(Number(t.from)), row(Number(t.to))];
    if (fromRow === toRow) sameMode++;
    const flip = !t.directed && !fromRow && toRow;
    const type = t.type ?? 'participation';
    tieTypes.add(type);
    b.addEdge(flip ? to : from, flip ? from : to, type, t.weight, t.start, t.end, t.extras, loc, t.directed);
  }
  const warn = (s: string) => {
    if (b.warnings.length < 20) b.warnings.push(`${file}: ${s}`);
  };
  if (twoMode) {
    const read: Omit<TwoModeRead, 'summary'> = {
      file,
      format: 'pajek',
      rows: twoMode,
      columns: count - twoMode,
      kinds,
      tieTypes: [...tieTypes],
      ties: ties.length,
    };
    const rowsOwn = [...vertices.values()].filter((v) => row(v.n) && v.type !== undefined).length;
    const summary =
      twoModeLine(read, twoMode - rowsOwn, count - twoMode - (ownTyped - rowsOwn)) +
      (ownTyped ? `; ${ownTyped} ${ownTyped === 1 ? 'vertex keeps the type' : 'vertices keep the types'} the file gives` : '');
    b.twoMode = { ...read, summary };
    b.warnings.push(summary);
    if (sameMode)
      warn(
        `${sameMode} of the ${ties.length} ties join two vertices of the same mode (*Vertices ${count} ${twoMode}: vertices 1 to ${twoMode} are one mode, the others the other); they are kept`,
      );
  }
  warn(
    byLabel
      ? 'node ids are the Pajek vertex labels (each vertex number kept as "pajek_number")'
      : 'node ids are the Pajek vertex numbers (the labels are missing or repeat; each label kept as the label)',
  );
  if (ignoredParams.size) warn(`Pajek drawing parameters not read: ${[...ignoredParams].join(', ')}`);
  if (ignoredSections.size) warn(`not read: ${[...ignoredSections].join(', ')} (only the first network's vertices and ties are read)`);
}
