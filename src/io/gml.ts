import { EDGE_KNOWN_NAMES } from './attributes.ts';
import { GML_BOOLEANS, GML_NAMES, GML_NODE_KEY } from './gml-write.ts';
import { KIND_FIELD, newAttrs, setAttr, type Attrs, type DatasetBuilder, type Loc } from './build.ts';

/*
 * GML (Graph Modelling Language) as NetworkX, igraph, Gephi, Cytoscape and yEd write it: `key value`
 * pairs, values numbers, "strings" or nested `[ … ]` lists; `#` comments. A node's `id` is its id
 * (what edges' `source` / `target` name) and `label` its label (igraph writes `name` instead);
 * `graphics [ x … y … fill … type … ]` gives the drawn position (`viz_x`, `viz_y`, y flipped: GML
 * draws y downwards), colour and shape. `type` or `kind` is the node's or tie's own type. Other
 * nested lists are flattened to `outer.inner`; a key repeated in one record (NetworkX's lists)
 * is joined with `;`, as lists are in CSV. Strings decode NetworkX's `&#NNN;` / XML entities.
 * Gephi's bare words (`id A`) are read as strings.
 */

type Value = number | string | Pair[];
interface Pair {
  key: string;
  value: Value;
  line: number;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z]+));/g, (m, dec: string, hex: string, name: string) => {
    if (name) return ENTITIES[name] ?? m;
    const cp = dec ? Number(dec) : Number.parseInt(hex, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

const MAX_DEPTH = 32;
const KEY = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|INF|NAN)(?![A-Za-z0-9_])/iy;
const WORD = /[^\s[\]"#]+/y;

/** Parses the whole file into nested pairs; the first syntax problem is reported and null returned. */
function parse(b: DatasetBuilder, text: string, file: string): Pair[] | null {
  let i = 0,
    line = 1;
  const stack: Pair[][] = [[]];
  const opened: number[] = [];
  const fail = (field: string, value: unknown, expected: string): null => {
    b.bad({ file, line }, field, value, expected);
    return null;
  };
  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
      } else if (c === 32 || c === 9 || c === 13 || c === 0xfeff) i++;
      else if (c === 35) {
        while (i < text.length && text.charCodeAt(i) !== 10) i++;
      } else return;
    }
  };
  for (;;) {
    skip();
    if (i >= text.length) break;
    if (text[i] === ']') {
      if (stack.length === 1) return fail(']', undefined, 'a key (this "]" closes no "[")');
      stack.pop();
      opened.pop();
      i++;
      continue;
    }
    KEY.lastIndex = i;
    const k = KEY.exec(text);
    if (!k) return fail('key', text.slice(i, i + 20).split('\n')[0], 'a key (letters, digits, _) followed by a value');
    const key = k[0];
    const keyLine = line;
    i += key.length;
    skip();
    if (i >= text.length) return fail(key, undefined, 'a value after the key (the file ends)');
    const c = text[i];
    let value: Value;
    if (c === '[') {
      // Real files nest three or four deep; a bound keeps a hostile file from exhausting the stack.
      if (stack.length > MAX_DEPTH) return fail(key, undefined, `lists nested at most ${MAX_DEPTH} deep`);
      const list: Pair[] = [];
      stack[stack.length - 1].push({ key, value: list, line: keyLine });
      stack.push(list);
      opened.push(keyLine);
      i++;
      continue;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return fail(key, undefined, 'a closing " for the string that starts here');
      const raw = text.slice(i + 1, end);
      for (let j = 0; j < raw.length; j++) if (raw.charCodeAt(j) === 10) line++;
      value = decodeEntities(raw);
      i = end + 1;
    } else if (c === ']') {
      return fail(key, undefined, 'a value after the key');
    } else {
      NUMBER.lastIndex = i;
      const n = NUMBER.exec(text);
      if (n) {
        const t = n[0].toUpperCase().replace(/^\+/, '');
        value = t === 'INF' ? Infinity : t === '-INF' ? -Infinity : t === 'NAN' || t === '-NAN' ? Number.NaN : Number(n[0]);
        i += n[0].length;
      } else {
        WORD.lastIndex = i;
        const w = WORD.exec(text)!;
        value = w[0];
        i += w[0].length;
      }
    }
    stack[stack.length - 1].push({ key, value, line: keyLine });
  }
  if (stack.length > 1) {
    line = opened[opened.length - 1];
    return fail(stack.length > 2 ? 'list' : 'graph', undefined, `a "]" closing the "[" opened at line ${line} (the file ends first)`);
  }
  return stack[0];
}

/** A record's fields: scalars as given, repeated keys joined with `;`, nested lists (but `graphics`) as `outer.inner`. */
function fields(pairs: Pair[], prefix = ''): Map<string, number | string> {
  const out = new Map<string, number | string>();
  const put = (k: string, v: number | string) => {
    const had = out.get(k);
    out.set(k, had === undefined ? v : `${had};${v}`);
  };
  for (const p of pairs) {
    if (Array.isArray(p.value)) {
      // Drawing data: `graphics` is read apart, yEd's / Cytoscape's `LabelGraphics` not at all.
      if (!prefix && (p.key === 'graphics' || p.key === 'LabelGraphics')) continue;
      for (const [k, v] of fields(p.value, `${prefix}${p.key}.`)) put(k, v);
    } else put(prefix + p.key, typeof p.value === 'number' && !Number.isFinite(p.value) ? String(p.value) : p.value);
  }
  return out;
}

/** `graphics [ x y fill type ]` → viz_x, viz_y (y up), viz_color, viz_shape; what else it held. */
function graphics(pairs: Pair[], put: (k: string, v: unknown) => void, ignored: Set<string>): void {
  if (pairs.some((p) => p.key === 'LabelGraphics')) ignored.add('LabelGraphics');
  const g = pairs.find((p) => p.key === 'graphics' && Array.isArray(p.value));
  if (!g) return;
  const get = (k: string) => (g.value as Pair[]).find((p) => p.key === k)?.value;
  const x = get('x'),
    y = get('y');
  if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) {
    put('viz_x', x);
    put('viz_y', y === 0 ? 0 : -y);
  }
  const fill = get('fill');
  if (typeof fill === 'string' && fill) put('viz_color', fill);
  const shape = get('type');
  if (typeof shape === 'string' && shape) put('viz_shape', shape);
  for (const p of g.value as Pair[]) if (!['x', 'y', 'fill', 'type'].includes(p.key)) ignored.add(p.key);
}

const META = ['name', 'description', 'source'] as const;

/** The attribute names our GML export had to change (GML_NAMES), key → name; empty when the file has none. */
function gmlNames(raw: unknown): { nodes: Map<string, string>; edges: Map<string, string> } {
  const out = { nodes: new Map<string, string>(), edges: new Map<string, string>() };
  if (typeof raw !== 'string') return out;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    for (const what of ['nodes', 'edges'] as const) {
      const m = v?.[what];
      if (m && typeof m === 'object') for (const [k, name] of Object.entries(m)) if (typeof name === 'string' && name) out[what].set(k, name);
    }
  } catch {
    // Not ours after all: the keys stay as they are.
  }
  return out;
}

export function readGml(b: DatasetBuilder, text: string, file: string): void {
  const top = parse(b, text, file);
  if (!top) return;
  const graph = top.find((p) => p.key === 'graph' && Array.isArray(p.value));
  if (!graph) {
    b.bad({ file, line: 1 }, 'graph', undefined, 'a GML document with a graph [ … ] list');
    return;
  }
  const items = graph.value as Pair[];
  const flag = (k: string) => items.find((p) => p.key === k)?.value;
  const directed = flag('directed');
  const multigraph = flag('multigraph') === 1;
  // GML's default, as NetworkX and igraph read it, is undirected.
  b.fileDirected = directed === 1 || directed === '1' || directed === 'true';
  const meta: Record<string, unknown> = {};
  for (const k of META) {
    const v = flag(k);
    if (typeof v === 'string' && v !== '') meta[k] = v;
  }
  // Cytoscape and yEd name the graph with `label`, igraph's files often with `title`.
  const graphLabel = flag('label') ?? flag('title');
  if (meta.name === undefined && typeof graphLabel === 'string' && graphLabel !== '') meta.name = graphLabel;
  let labelsDiffer = 0;
  const ignoredGraphics = new Set<string>();
  const ignoredGraph = new Set<string>();
  // Our own exports (src/io/gml-write.ts): node ids are the labels and labels the names (`label`), or
  // ids the names and labels the labels (`name`); booleans written 1 / 0.
  const nodeKey = flag(GML_NODE_KEY);
  const byLabel = nodeKey === 'label';
  const byName = nodeKey === 'name';
  const boolRaw = flag(GML_BOOLEANS);
  const booleans = new Set(typeof boolRaw === 'string' ? boolRaw.split(';') : []);
  const asBool = (k: string, v: number | string): unknown => (booleans.has(k) && (v === 1 || v === 0) ? v === 1 : v);
  const names = gmlNames(flag(GML_NAMES));
  if (booleans.has('synthetic') && (flag('synthetic') === 1 || flag('synthetic') === 0)) meta.synthetic = flag('synthetic') === 1;
  if (Object.keys(meta).length) b.setMeta(meta, { file, line: graph.line });
  const gmlIds = new Map<string, string>();
  for (const p of items) {
    if (['node', 'edge', 'directed', 'multigraph', 'label', 'title', GML_NODE_KEY, GML_BOOLEANS, GML_NAMES, ...META].includes(p.key)) continue;
    if (p.key === 'synthetic' && booleans.has('synthetic')) continue;
    ignoredGraph.add(p.key);
  }
  for (const p of items) {
    if (p.key !== 'node' || !Array.isArray(p.value)) continue;
    const loc: Loc = { file, line: p.line };
    const f = fields(p.value);
    const vals: [string, unknown][] = [];
    graphics(p.value, (k, v) => vals.push([k, v]), ignoredGraphics);
    const label = byLabel ? f.get('name') : byName ? f.get('label') : (f.get('label') ?? f.get('name'));
    for (const [k, v] of f) {
      if (k === 'id' || k === 'type' || k === 'label' || (k === 'kind' && !f.has('type')) || (k === 'name' && (byLabel || byName || !f.has('label')))) continue;
      vals.push([names.nodes.get(k) ?? k, asBool(k, v)]);
    }
    if (label !== undefined) vals.push(['label', String(label)]);
    const gmlId = f.get('id');
    if (gmlId === undefined) {
      b.badId(loc, 'id', undefined, 'an id for the node (node [ id … ])');
      continue;
    }
    const id = byLabel ? f.get('label') : byName ? f.get('name') : gmlId;
    if (id === undefined) {
      const key = byLabel ? 'label' : 'name';
      b.badId(loc, key, undefined, `the node's id as its ${key} (the graph says ${GML_NODE_KEY} "${key}")`);
      continue;
    }
    if (byLabel || byName) gmlIds.set(String(gmlId), String(id));
    else if (label !== undefined && String(label) !== String(id)) labelsDiffer++;
    b.addNode(id, f.get('type') ?? f.get('kind'), vals, loc, 'other');
  }
  for (const p of items) {
    if (p.key !== 'edge' || !Array.isArray(p.value)) continue;
    const loc: Loc = { file, line: p.line };
    const f = fields(p.value);
    // A multigraph's `key` numbers parallel ties (NetworkX's bookkeeping), not an attribute of the tie.
    if (multigraph) f.delete('key');
    let extras: Attrs | undefined;
    for (const [k, v] of f) {
      if (k === 'source' || k === 'target' || (k === 'kind' && !f.has('type')) || EDGE_KNOWN_NAMES.has(k)) continue;
      extras ??= newAttrs();
      setAttr(extras, names.edges.get(k) ?? k, asBool(k, v) as number | string | boolean);
    }
    const end = (k: string) => {
      const v = f.get(k);
      return (byLabel || byName) && v !== undefined ? (gmlIds.get(String(v)) ?? v) : v;
    };
    if (p.value.some((q) => q.key === 'graphics' || q.key === 'LabelGraphics')) ignoredGraphics.add('edge graphics');
    b.addEdge(
      end('source'),
      end('target'),
      f.get('type') ?? f.get('kind'),
      f.get('weight'),
      f.get('start'),
      f.get('end'),
      extras,
      loc,
      f.has('directed') ? asBool('directed', f.get('directed')!) : undefined,
      f.get(KIND_FIELD),
    );
  }
  const warn = (s: string) => {
    if (b.warnings.length < 20) b.warnings.push(`${file}: ${s}`);
  };
  // NetworkX names nodes by label when it reads GML; say which was taken when they differ.
  if (labelsDiffer)
    warn(`node ids are the GML ids (what ties name); ${labelsDiffer} node${labelsDiffer === 1 ? ' has' : 's have'} a different label, kept as the label`);
  if (ignoredGraphics.size) warn(`GML graphics not read except node x, y, fill and type (${[...ignoredGraphics].join(', ')})`);
  if (ignoredGraph.size) warn(`graph-level keys not read: ${[...ignoredGraph].join(', ')}`);
}
