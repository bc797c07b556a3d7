import { isDirected, type Dataset } from '../model/index.ts';
import { attributeColumns, columnValue, EDGE_KNOWN_NAMES, NODE_KNOWN_NAMES, type AttrColumn, type AttrKind } from './attributes.ts';
import { getAttr } from './build.ts';

/*
 * GDF (GUESS), as Gephi's exporter writes it (ExporterGDF.java) and its importer (ImporterGDF.java)
 * and ours (src/io/gdf.ts) read it back with the same meaning:
 * - `nodedef>name VARCHAR,label VARCHAR,type VARCHAR,…`: the first column is the node id, every
 *   column typed by its values (VARCHAR, DOUBLE, INTEGER — 32 bits, as Gephi reads it; a whole
 *   number beyond that is DOUBLE, GDF has no long —, BOOLEAN); lists are one `;`-joined VARCHAR.
 * - `edgedef>node1 VARCHAR,node2 VARCHAR,weight DOUBLE,directed BOOLEAN,…`: `directed` on every tie,
 *   as Gephi writes it (a tie without one is undirected in Gephi), then type, dates and attributes.
 * - Text in double quotes, as Gephi writes it; single quotes when the text holds `",` (a double quote
 *   before a comma would end the value); ids bare unless they need quotes. Whole numbers as `1`.
 * - The drawn position `viz_x` / `viz_y` as Gephi's `x` / `y` and `viz_color` `#rrggbb` as its
 *   'r,g,b' colour, when our reader maps them back exactly; else under their own names.
 * GDF cannot hold: the dataset's meta (no graph-level data), a line break in a value (written as a
 * space), a value that is empty or `null` (read as absent), text holding both `",` and `',`
 * (that `'` written `’`), a column name holding a comma (`_`), an attribute whose name is one of
 * GUESS's drawing columns (`visible`, `width`, `style`, …, and a tie's `color`: written with `_2`);
 * Gephi also lower-cases column names.
 */

const GDF_TYPE: Record<AttrKind, string> = { string: 'VARCHAR', double: 'DOUBLE', integer: 'INTEGER', long: 'DOUBLE', boolean: 'BOOLEAN', list: 'VARCHAR' };

/**
 * Attribute names a GDF reader takes for something else (Gephi's ImporterGDF and ours, both ignoring
 * case): the drawing properties, a node's position and colour, a tie's dates and kind. Such an
 * attribute is written with `_2`. (`type`, `weight` and `directed` need not be: their own columns
 * always come first and are the ones read.)
 */
export const GDF_RESERVED = {
  nodes: ['x', 'y', 'color', 'visible', 'labelvisible', 'width', 'height', 'style', 'fixed'],
  edges: ['hubgraph_type', 'start', 'end', 'color', 'visible', 'labelvisible'],
};

/** One line per record: no line breaks inside values. */
const oneLine = (s: string) => s.replace(/\r\n|\r|\n/g, ' ');

/** A text value in quotes our reader and Gephi's both end where this one ends. */
function text(s: string): string {
  const v = oneLine(s);
  // A quote ends a quoted value when a comma (after blanks) or the line's end follows it; Gephi's
  // importer also keeps a quote after a backslash inside the value.
  const closes = (q: string) => new RegExp(`${q}\\s*,`).test(v) || v.endsWith('\\');
  if (!closes('"')) return `"${v}"`;
  if (!closes("'")) return `'${v}'`;
  return `'${v.replace(/'(\s*,)/g, '\u2019$1').replace(/\\$/, '\\ ')}'`;
}

/** An id as Gephi writes it (bare) unless a comma, a leading quote or blanks at either end need quotes. */
function id(s: string): string {
  return /^[^,'"\s\r\n](?:[^,\r\n]*[^,\s])?$/.test(s) && s.toLowerCase() !== 'null' ? s : text(s);
}

function value(col: AttrColumn, v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return String(v);
  return text(col.kind === 'list' && Array.isArray(v) ? v.join(';') : String(v));
}

/** A column name in a header: the last word of `name TYPE` is the type, commas separate columns. */
const columnName = (s: string) => oneLine(s).replace(/,/g, '_').trim() || '_';

/** Names for the extra attribute columns, `_2` (`_3`, …) after one a reader would take as something else. */
function names(cols: AttrColumn[], reserved: string[]): Map<string, string> {
  const taken = new Set(reserved);
  const used = new Set(cols.map((c) => columnName(c.name)));
  const out = new Map<string, string>();
  for (const c of cols) {
    const base = columnName(c.name);
    let k = base;
    if (taken.has(base.toLowerCase())) for (let i = 2; used.has(k) || taken.has(k.toLowerCase()); i++) k = `${base}_${i}`;
    used.add(k);
    out.set(c.name, k);
  }
  return out;
}

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/;

export function writeGdf(dataset: Dataset): string {
  // Gephi's x, y, color, when every node has both coordinates or neither, and color reads back as written.
  const attr = (n: Dataset['nodes'][number], k: string) => getAttr(n.attrs, k);
  const drawn = dataset.nodes.every(
    (n) =>
      (typeof attr(n, 'viz_x') === 'number') === (typeof attr(n, 'viz_y') === 'number') &&
      (attr(n, 'viz_x') === undefined || typeof attr(n, 'viz_x') === 'number'),
  );
  const own = (k: string) => dataset.nodes.some((n) => attr(n, k) !== undefined);
  const xy = drawn && !own('x') && !own('y') && own('viz_x');
  const colour =
    !own('color') &&
    own('viz_color') &&
    dataset.nodes.every((n) => attr(n, 'viz_color') === undefined || (typeof attr(n, 'viz_color') === 'string' && HEX.test(attr(n, 'viz_color') as string)));
  const mapped = new Map<string, string>([
    ...(xy
      ? ([
          ['viz_x', 'x'],
          ['viz_y', 'y'],
        ] as const)
      : []),
    ...(colour ? ([['viz_color', 'color']] as const) : []),
  ]);

  const all = attributeColumns(dataset, 'node');
  const hasLabel = all.some((c) => c.name === 'label');
  const nodeCols = [...(hasLabel ? [{ name: 'label', kind: 'string' as const }] : []), ...all.filter((c) => c.name !== 'label')];
  const known = new Set(['label', ...NODE_KNOWN_NAMES]);
  const nodeNames = names(
    nodeCols.filter((c) => !known.has(c.name) && !mapped.has(c.name)),
    GDF_RESERVED.nodes,
  );
  const nodeHead = nodeCols.map((c) => `${mapped.get(c.name) ?? nodeNames.get(c.name) ?? c.name} ${GDF_TYPE[c.kind]}`);

  const edgeCols = attributeColumns(dataset, 'edge').filter((c) => c.name !== 'weight');
  const edgeKnown = new Set(EDGE_KNOWN_NAMES);
  const edgeNames = names(
    edgeCols.filter((c) => !edgeKnown.has(c.name)),
    GDF_RESERVED.edges,
  );
  const edgeHead = edgeCols.map((c) => `${edgeNames.get(c.name) ?? c.name} ${GDF_TYPE[c.kind]}`);

  const out: string[] = [['nodedef>name VARCHAR', ...nodeHead].join(',')];
  for (const n of dataset.nodes) {
    const cells = [id(n.id)];
    for (const c of nodeCols) {
      const v = columnValue(n, c.name, known);
      if (v === undefined || v === null) cells.push('');
      else if (c.name === 'viz_color' && colour) {
        const m = HEX.exec(v as string)!;
        cells.push(
          `'${m
            .slice(1)
            .map((h) => Number.parseInt(h, 16))
            .join(',')}'`,
        );
      } else cells.push(value(c, v));
    }
    out.push(trimEnd(cells));
  }
  out.push(['edgedef>node1 VARCHAR,node2 VARCHAR,weight DOUBLE,directed BOOLEAN', ...edgeHead].join(','));
  for (const e of dataset.edges) {
    const cells = [id(e.source), id(e.target), String(e.weight), String(isDirected(e))];
    for (const c of edgeCols) {
      const v = columnValue(e, c.name, edgeKnown);
      cells.push(v === undefined || v === null ? '' : value(c, v));
    }
    out.push(trimEnd(cells));
  }
  return out.join('\n') + '\n';
}

/** Trailing empty values left out (both readers take missing values as absent), keeping lines short. */
function trimEnd(cells: string[]): string {
  let n = cells.length;
  while (n > 1 && cells[n - 1] === '') n--;
  return cells.slice(0, n).join(',');
}
