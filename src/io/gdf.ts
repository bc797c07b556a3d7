import { KIND_FIELD, newAttrs, setAttr, type Attrs, type DatasetBuilder, type Loc } from './build.ts';

/*
 * GDF (GUESS; Gephi imports and exports it): a `nodedef>name VARCHAR,label VARCHAR,…` header and node
 * rows, then an `edgedef>node1 VARCHAR,node2 VARCHAR,directed BOOLEAN,weight DOUBLE,…` header and
 * edge rows; values separated by commas, quoted with ' or " when they hold commas (Gephi quotes
 * every text). Columns are typed by their declaration (VARCHAR, INT, DOUBLE, BOOLEAN, …; none =
 * text). The first column (GUESS's `name`) is the node id, the first two (`node1`, `node2`) a tie's ends; `label`, `type` / `kind` (own
 * type), `weight`, `directed`, `start` / `end` and the model's fields are read as such; `x`, `y`
 * and `color` ('r,g,b') are the drawing's position and colour (`viz_x`, `viz_y`, `viz_color`);
 * the drawing columns Gephi reads as properties (visible, labelvisible, and a node's width, height,
 * style, fixed; a tie's color) are not read; every other column is an attribute, as in Gephi (GUESS's
 * strokecolor, image, …). Ties are undirected unless a `directed` column says otherwise (as Gephi reads GDF).
 */

interface Column {
  name: string;
  type: 'text' | 'integer' | 'number' | 'boolean';
  declared: string;
  dflt?: string;
}

/** Gephi's importer reads these as drawing properties, not attributes (besides x, y, color and label); so do we, and read none of them. */
const DRAWING = {
  nodes: new Set(['visible', 'labelvisible', 'width', 'height', 'style', 'fixed']),
  edges: new Set(['visible', 'labelvisible']),
};
const INTEGER = /^(?:int|integer|tinyint|smallint|bigint|long)$/i;
const NUMBER = /^(?:double|float|real|decimal|numeric)$/i;
const TYPE_WORD = /^(?:varchar|char|text|string|bool|boolean|int|integer|tinyint|smallint|bigint|long|double|float|real|decimal|numeric)$/i;

/** Splits a GDF row at the commas outside quotes, unquoting each value; null when a quote is left open. */
function cells(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    const q = line[i];
    if (q === "'" || q === '"') {
      // The value ends at a quote followed by a comma or the line's end: Gephi reads 'A correct 'GDF' file' so.
      let end = i;
      for (;;) {
        end = line.indexOf(q, end + 1);
        if (end < 0) return null;
        let k = end + 1;
        while (line[k] === ' ' || line[k] === '\t') k++;
        if (k >= line.length || line[k] === ',') break;
      }
      out.push(line.slice(i + 1, end));
      i = end + 1;
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i >= line.length) return out;
      i++;
    } else {
      const end = line.indexOf(',', i);
      out.push((end < 0 ? line.slice(i) : line.slice(i, end)).trim());
      if (end < 0) return out;
      i = end + 1;
    }
  }
}

function header(b: DatasetBuilder, text: string, file: string, line: number): Column[] | null {
  const parts = cells(text);
  if (!parts) {
    b.bad({ file, line }, 'header', text, 'column declarations "name TYPE" separated by commas');
    return null;
  }
  return parts.map((p) => {
    // `name TYPE [default VALUE]`; as in Gephi, the type is the last word, so a name may hold blanks
    // (`Modularity Class INTEGER`); a last word that is no type is part of the name.
    const d = /^(.*?)\s+default\s+(.*)$/i.exec(p.trim());
    const decl = (d ? d[1] : p).trim();
    const m = /^(.*\S)\s+(\S+)$/.exec(decl);
    const typed = m !== null && TYPE_WORD.test(m[2].replace(/\(.*\)$/, ''));
    const declared = (typed ? m[2] : 'VARCHAR').replace(/\(.*\)$/, '');
    const type = INTEGER.test(declared) ? 'integer' : NUMBER.test(declared) ? 'number' : /^bool(?:ean)?$/i.test(declared) ? 'boolean' : 'text';
    const dflt = d?.[2].trim().replace(/^(['"])(.*)\1$/, '$2');
    return { name: (typed ? m[1] : decl).replace(/^(['"])(.*)\1$/, '$2'), type, declared: declared.toUpperCase(), dflt };
  });
}

/** 'r,g,b' (GUESS's colours) → #rrggbb; anything else as given. */
function color(v: string): string {
  const m = /^\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*$/.exec(v);
  if (!m) return v;
  return `#${m
    .slice(1)
    .map((x) => Math.min(255, Number(x)).toString(16).padStart(2, '0'))
    .join('')}`;
}

export function readGdf(b: DatasetBuilder, text: string, file: string): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let cols: Column[] | null = null;
  let part: 'none' | 'nodes' | 'edges' = 'none';
  const notRead = new Set<string>();
  let sawDirected = false;
  b.fileDirected = false;
  const bad = (line: number, field: string, value: unknown, expected: string) => b.bad({ file, line }, field, value, expected);
  for (let li = 0; li < lines.length; li++) {
    const line = li + 1;
    const raw = lines[li];
    if (raw.trim() === '') continue;
    const def = /^\s*(nodedef|edgedef)\s*>(.*)$/i.exec(raw);
    if (def) {
      part = def[1].toLowerCase() === 'nodedef' ? 'nodes' : 'edges';
      cols = header(b, def[2], file, line);
      if (!cols) return;
      // The first column is the node id, the first two a tie's ends, whatever they are called (as Gephi reads them).
      const need = part === 'nodes' ? 1 : 2;
      if (cols.length < need) {
        bad(line, def[1].toLowerCase(), def[2].trim(), part === 'nodes' ? 'a name column (the node id)' : 'node1 and node2 columns (the ends of each tie)');
        return;
      }
      if (part === 'edges' && cols.some((c) => c.name.toLowerCase() === 'directed')) sawDirected = true;
      continue;
    }
    if (part === 'none' || !cols) {
      bad(line, 'nodedef', raw.slice(0, 40), 'a nodedef> or edgedef> header first (this is read as GDF)');
      return;
    }
    const vals = cells(raw);
    if (!vals) {
      bad(line, 'row', raw.slice(0, 40), 'a closing quote (\' or ") for the quoted value on this line');
      continue;
    }
    if (vals.length > cols.length) {
      bad(line, 'row', vals.length, `at most ${cols.length} values, one per column of the ${part === 'nodes' ? 'nodedef' : 'edgedef'}> header`);
      continue;
    }
    const loc: Loc = { file, line };
    const row = new Map<string, unknown>();
    // The node id, or a tie's two ends: by position, so an attribute may be called `name` too.
    const ends: unknown[] = [];
    const positional = part === 'nodes' ? 1 : 2;
    cols.forEach((c, k) => {
      // Gephi reads an empty value and `null` as no value.
      const v = k < vals.length && vals[k] !== '' && vals[k].toLowerCase() !== 'null' ? vals[k] : c.dflt;
      if (v === undefined || v === '') return;
      const key = c.name.toLowerCase();
      if (DRAWING[part === 'nodes' ? 'nodes' : 'edges'].has(key) && k >= positional) {
        notRead.add(c.name);
        return;
      }
      let value: unknown = v;
      if (c.type === 'integer' || c.type === 'number') {
        const x = Number(b.numberText(v));
        if (!Number.isFinite(x) || (c.type === 'integer' && !Number.isInteger(x))) {
          bad(line, c.name, v, b.expectedNumber(`${c.type === 'integer' ? 'a whole number' : 'a number'} (the column is declared ${c.declared})`, v));
          return;
        }
        value = x;
      } else if (c.type === 'boolean') {
        const t = v.trim().toLowerCase();
        if (t !== 'true' && t !== 'false') {
          bad(line, c.name, v, `true or false (the column is declared ${c.declared})`);
          return;
        }
        value = t === 'true';
      }
      if (k < positional) ends[k] = value;
      else row.set(c.name, value);
    });
    const take = (...names: string[]) => {
      for (const n of names)
        for (const k of row.keys())
          if (k.toLowerCase() === n) {
            const v = row.get(k);
            row.delete(k);
            return v;
          }
      return undefined;
    };
    if (part === 'nodes') {
      const id = ends[0];
      const type = take('type', 'kind');
      const fields: [string, unknown][] = [];
      const x = take('x'),
        y = take('y'),
        c = take('color');
      if (typeof x === 'number' && typeof y === 'number') fields.push(['viz_x', x], ['viz_y', y]);
      else for (const [k, v] of [['x', x] as const, ['y', y] as const]) if (v !== undefined) fields.push([k, v]);
      if (c !== undefined) fields.push(['viz_color', color(String(c))]);
      for (const [k, v] of row) fields.push([k, v]);
      if (id === undefined) {
        b.badId(loc, 'name', undefined, 'a node id in the name column');
        continue;
      }
      b.addNode(id, type, fields, loc, 'other');
    } else {
      const [source, target] = ends;
      const type = take('type', 'kind'),
        kind = take(KIND_FIELD),
        weight = take('weight'),
        directed = take('directed'),
        start = take('start'),
        end = take('end');
      const c = take('color');
      if (c !== undefined) notRead.add('color (of ties)');
      let extras: Attrs | undefined;
      for (const [k, v] of row) {
        extras ??= newAttrs();
        setAttr(extras, k, v as Attrs[string]);
      }
      b.addEdge(source, target, type, weight, start, end, extras, loc, directed, kind);
    }
  }
  if (part === 'none' && b.issues.ok) bad(1, 'nodedef', undefined, 'a GDF file with a nodedef> header');
  const warn = (s: string) => {
    if (b.warnings.length < 20) b.warnings.push(`${file}: ${s}`);
  };
  if (notRead.size) warn(`GDF drawing columns not read: ${[...notRead].join(', ')}`);
  if (!sawDirected && part === 'edges') warn('no directed column: ties read as undirected (as Gephi reads GDF)');
}
