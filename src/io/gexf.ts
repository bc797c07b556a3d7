import { isDirected, type Dataset } from '../model/index.ts';
import type { Element } from '@xmldom/xmldom';
import { attributeColumns, columnValue, directionOf, EDGE_KNOWN_NAMES, NODE_KNOWN_NAMES, type AttrColumn, type AttrKind } from './attributes.ts';
import { DatasetBuilder, KIND_FIELD, newAttrs, setAttr, type Attrs, type Loc } from './build.ts';
import { NODE_FIELDS, toDate, Bad } from './fields.ts';
import { attr, child, children, lineOf, localName, parseXml, xmlEscape } from './xml.ts';

/*
 * GEXF 1.1, 1.2draft and 1.3 (and Gephi's old 1.0 namespace), read and written here over
 * @xmldom/xmldom rather than through graphology-gexf: that library builds a graphology graph keyed
 * by node id, and graphology corrupts its adjacency for a node keyed `__proto__`
 * (docs/ARCHITECTURE.md); it also has no line numbers for error messages. Compatibility is tested
 * both ways (test/io/xml-compat.test.ts) and with NetworkX and Gephi's own files
 * (test/fixtures/peers).
 *
 * Written: GEXF 1.2draft by default (what Gephi and NetworkX 2.8 both read; valid against its
 * schema), 1.3 on request. A node's drawing (`viz_color`, `viz_alpha`, `viz_size`, `viz_x` / `viz_y` / `viz_z`,
 * `viz_shape`) and a tie's (`viz_color`, `viz_thickness`, `viz_shape`), as the reader takes them from Gephi's
 * files, go back in `<viz:…>` elements, so Gephi draws them (vizNames says when). Dates are GEXF time (`timeformat="date"`, one spell per dated tie) so
 * Gephi's timeline uses them, and `start` / `end` attributes too (NetworkX reads those as in GraphML). Direction: `defaultedgetype` when every tie agrees; a mixed graph is
 * declared undirected (as hubgraph computes on it) with each tie's direction in a `directed`
 * attribute, or with GEXF's per-edge `type` (`mixed: 'per-edge'`, which NetworkX refuses).
 */

export type GexfVersion = '1.2draft' | '1.3';
export interface GexfWriteOptions {
  version?: GexfVersion;
  /** How a graph with both directed and undirected ties says so (see above). Default `attribute`. */
  mixed?: 'attribute' | 'per-edge';
}

// Lists are one `;`-joined string in every export (NetworkX reads GEXF's liststring as the raw text
// anyway, and Gephi's list syntax differs by version); our reader splits them again.
const GEXF_TYPE: Record<AttrKind, string> = { string: 'string', double: 'double', integer: 'integer', long: 'long', boolean: 'boolean', list: 'string' };
const NAMESPACE: Record<GexfVersion, { ns: string; version: string }> = {
  '1.2draft': { ns: 'http://www.gexf.net/1.2draft', version: '1.2' },
  '1.3': { ns: 'http://gexf.net/1.3', version: '1.3' },
};

/** The GEXF shapes of the viz schema: a node's, a tie's. */
const NODE_SHAPES = new Set(['disc', 'square', 'triangle', 'diamond']);
const EDGE_SHAPES = new Set(['solid', 'dotted', 'dashed', 'double']);
const HEX = /^#[0-9a-f]{6}$/;

type Rec = { attrs: Record<string, unknown> };
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Which `viz_*` attributes go in Gephi's `<viz:…>` elements (what Gephi draws: colour, size or
 * thickness, position, shape) rather than as attributes: each one whose every value fits the viz
 * schema and reads back as it was — a colour as our reader writes it (`#rrggbb`, lower case) with
 * its alpha in 0…1, a size ≥ 0, a position with both x and y (z only when not 0, which the reader
 * drops), a GEXF shape. Others (yEd's `#FFCC00`, Pajek's `box`) stay attributes, so nothing is lost.
 */
function vizNames(records: readonly Rec[], edge: boolean): Set<string> {
  const every = (name: string, ok: (v: unknown, r: Rec) => boolean) => records.every((r) => r.attrs[name] === undefined || ok(r.attrs[name], r));
  const out = new Set<string>();
  if (every('viz_color', (v) => typeof v === 'string' && HEX.test(v))) {
    out.add('viz_color');
    if (every('viz_alpha', (v, r) => finite(v) && v >= 0 && v <= 1 && r.attrs.viz_color !== undefined)) out.add('viz_alpha');
  }
  const size = edge ? 'viz_thickness' : 'viz_size';
  if (every(size, (v) => finite(v) && v >= 0)) out.add(size);
  if (!edge) {
    const placed = (r: Rec) =>
      finite(r.attrs.viz_x) && finite(r.attrs.viz_y) && (r.attrs.viz_z === undefined || (finite(r.attrs.viz_z) && r.attrs.viz_z !== 0));
    if (records.every((r) => (r.attrs.viz_x === undefined && r.attrs.viz_y === undefined && r.attrs.viz_z === undefined) || placed(r)))
      for (const k of ['viz_x', 'viz_y', 'viz_z']) out.add(k);
  }
  if (every('viz_shape', (v) => typeof v === 'string' && (edge ? EDGE_SHAPES : NODE_SHAPES).has(v))) out.add('viz_shape');
  return out;
}

/** A record's `<viz:…>` elements for the names vizNames chose (1.2draft wants z on every position). */
function vizElements(a: Record<string, unknown>, names: Set<string>, edge: boolean, version: GexfVersion): string {
  let out = '';
  const color = a.viz_color;
  if (names.has('viz_color') && typeof color === 'string') {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
    const alpha = names.has('viz_alpha') && finite(a.viz_alpha) ? ` a="${a.viz_alpha}"` : '';
    out += `<viz:color r="${r}" g="${g}" b="${b}"${alpha}/>`;
  }
  const size = edge ? 'viz_thickness' : 'viz_size';
  if (names.has(size) && finite(a[size])) out += `<viz:${edge ? 'thickness' : 'size'} value="${a[size]}"/>`;
  if (!edge && names.has('viz_x') && finite(a.viz_x) && finite(a.viz_y)) {
    const z = finite(a.viz_z) ? ` z="${a.viz_z}"` : version === '1.2draft' ? ' z="0"' : '';
    out += `<viz:position x="${a.viz_x}" y="${a.viz_y}"${z}/>`;
  }
  if (names.has('viz_shape') && typeof a.viz_shape === 'string') out += `<viz:shape value="${a.viz_shape}"/>`;
  return out;
}
/** Marks the comment in <meta> that carries hubgraph's dataset meta (GEXF's <meta> has no place for a name or source). */
const META_COMMENT = 'hubgraph-meta ';

function attvalue(id: number, col: AttrColumn, v: unknown): string {
  const s = col.kind === 'list' ? (v as string[]).join(';') : String(v);
  return `<attvalue for="${id}" value="${xmlEscape(s)}"/>`;
}

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function writeGexf(dataset: Dataset, options: GexfWriteOptions = {}): string {
  const version = options.version ?? '1.2draft';
  const { ns, version: v } = NAMESPACE[version];
  const direction = directionOf(dataset.edges);
  const perEdge = direction === 'mixed' && options.mixed === 'per-edge';
  const out: string[] = [];
  // Gephi's drawing (colour, size, position, shape) in its viz elements; the rest as attributes.
  const nodeViz = vizNames(dataset.nodes, false),
    edgeViz = vizNames(dataset.edges, true);
  const nodeCols = attributeColumns(dataset, 'node').filter((c) => c.name !== 'label' && !nodeViz.has(c.name));
  // Dates go in spells (Gephi's timeline) and also as `start` / `end` text, which NetworkX reads as
  // it reads them from GraphML (its GEXF spells come as tuples, an open end as the text "None").
  const edgeCols = attributeColumns(dataset, 'edge', { directed: direction === 'mixed' && !perEdge ? 'all' : 'never' }).filter(
    (c) => c.name !== 'weight' && !edgeViz.has(c.name),
  );
  let dated = false,
    plainDates = true;
  for (const e of dataset.edges) {
    for (const d of [e.start, e.end]) {
      if (d === undefined) continue;
      dated = true;
      if (!PLAIN_DATE.test(d)) plainDates = false;
    }
  }
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<gexf xmlns="${ns}" xmlns:viz="${ns}/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ns} ${ns}/gexf.xsd" version="${v}">`,
  );
  const m = dataset.meta;
  out.push('  <meta>');
  out.push('    <creator>hubgraph</creator>');
  if (m.description !== undefined) out.push(`    <description>${xmlEscape(m.description)}</description>`);
  if (Object.keys(m).length) out.push(`    <!--${META_COMMENT}${commentSafe(JSON.stringify(m))}-->`);
  out.push('  </meta>');
  const time = dated ? ` timeformat="${plainDates ? 'date' : 'dateTime'}"` : '';
  out.push(`  <graph defaultedgetype="${direction === 'directed' ? 'directed' : 'undirected'}" mode="${dated ? 'dynamic' : 'static'}"${time}>`);
  const declare = (cls: string, cols: AttrColumn[]) => {
    out.push(`    <attributes class="${cls}" mode="static">`);
    cols.forEach((c, i) => out.push(`      <attribute id="${i}" title="${xmlEscape(c.name)}" type="${GEXF_TYPE[c.kind]}"/>`));
    out.push('    </attributes>');
  };
  declare('node', nodeCols);
  declare('edge', edgeCols);
  out.push('    <nodes>');
  for (const n of dataset.nodes) {
    const label = n.label !== undefined ? ` label="${xmlEscape(n.label)}"` : '';
    const vals: string[] = [];
    nodeCols.forEach((c, i) => {
      const val = columnValue(n, c.name, NODE_KNOWN_NAMES);
      if (val !== undefined && val !== null) vals.push(attvalue(i, c, val));
    });
    out.push(`      <node id="${xmlEscape(n.id)}"${label}><attvalues>${vals.join('')}</attvalues>${vizElements(n.attrs, nodeViz, false, version)}</node>`);
  }
  out.push('    </nodes>');
  out.push('    <edges>');
  dataset.edges.forEach((e, k) => {
    const vals: string[] = [];
    edgeCols.forEach((c, i) => {
      const val = columnValue(e, c.name, EDGE_KNOWN_NAMES);
      if (val !== undefined && val !== null) vals.push(attvalue(i, c, val));
    });
    const type = perEdge && isDirected(e) ? ' type="directed"' : '';
    const spell =
      e.start !== undefined || e.end !== undefined
        ? `<spells><spell${e.start !== undefined ? ` start="${xmlEscape(e.start)}"` : ''}${e.end !== undefined ? ` end="${xmlEscape(e.end)}"` : ''}/></spells>`
        : '';
    out.push(
      `      <edge id="${k}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}"${type} weight="${e.weight}"><attvalues>${vals.join('')}</attvalues>${spell}${vizElements(e.attrs, edgeViz, true, version)}</edge>`,
    );
  });
  out.push('    </edges>');
  out.push('  </graph>');
  out.push('</gexf>');
  return out.join('\n') + '\n';
}

/** A comment may not contain `--`; JSON text never needs it (it can only occur inside strings, escaped here). */
function commentSafe(json: string): string {
  return json.replace(/-(?=-)/g, '\\u002d');
}

interface Declared {
  title: string;
  type: string;
  dflt?: string;
}

function parseValue(type: string, s: string): unknown {
  if (type.startsWith('list')) {
    const sub = type.slice(4);
    let items: unknown[];
    const t = s.trim();
    if (t.startsWith('[') && t.endsWith(']')) {
      try {
        items = JSON.parse(t);
      } catch {
        items = t
          .slice(1, -1)
          .split(',')
          .map((x) => x.trim().replace(/^['"]|['"]$/g, ''));
      }
    } else items = t.includes('|') ? t.split('|') : t.split(',');
    return items.map((x) => (typeof x === 'string' ? parseScalar(sub, x.trim()) : x));
  }
  return parseScalar(type, s);
}

function parseScalar(type: string, s: string): unknown {
  switch (type) {
    case 'boolean':
      return s === 'true' ? true : s === 'false' ? false : s;
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
    case 'short':
    case 'byte':
    case 'bigdecimal':
    case 'biginteger': {
      const x = Number(s);
      return s.trim() !== '' && Number.isFinite(x) ? x : s;
    }
    default:
      return s;
  }
}

function model(graph: Element, cls: string): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const block of children(graph, 'attributes')) {
    if ((attr(block, 'class') ?? 'node') !== cls) continue;
    for (const a of children(block, 'attribute')) {
      const id = attr(a, 'id') ?? attr(a, 'for') ?? '';
      const d = child(a, 'default');
      out.set(id, { title: attr(a, 'title') ?? id, type: attr(a, 'type') ?? 'string', dflt: d?.textContent ?? undefined });
    }
  }
  return out;
}

/** What reading one file found that has no exact place in the model (for the report's warnings). */
class Notes {
  dynamicValues = 0;
  firstDynamic = '';
  multiSpells = 0;
  nested = 0;
  timeAsAttr = 0;
  nullValues = 0;
}

/**
 * The attribute values of a node or edge by title, defaults first. Dynamic values (several dated
 * `attvalue`s for one attribute) keep the latest one (by end, then start); `null` (Gephi's
 * missing value) is left out.
 */
function values(el: Element, decl: Map<string, Declared>, notes: Notes, where: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const d of decl.values()) if (d.dflt !== undefined) out.set(d.title, parseValue(d.type, d.dflt));
  const holder = child(el, 'attvalues');
  if (!holder) return out;
  const dated = new Map<string, { at: string; value: unknown }>();
  for (const v of children(holder, 'attvalue')) {
    const id = attr(v, 'for') ?? attr(v, 'id') ?? '';
    const d = decl.get(id) ?? { title: id, type: 'string' };
    const raw = attr(v, 'value') ?? '';
    if (raw === 'null' && d.type !== 'string') {
      notes.nullValues++;
      out.delete(d.title);
      continue;
    }
    const value = parseValue(d.type, raw);
    const start = attr(v, 'start') ?? attr(v, 'startopen'),
      end = attr(v, 'end') ?? attr(v, 'endopen');
    if (start === undefined && end === undefined) {
      out.set(d.title, value);
      continue;
    }
    const at = `${end ?? '\uffff'} ${start ?? ''}`;
    const prior = dated.get(d.title);
    if (prior) {
      notes.dynamicValues++;
      if (!notes.firstDynamic) notes.firstDynamic = `${where} "${d.title}"`;
      if (at < prior.at) continue;
    }
    dated.set(d.title, { at, value });
  }
  for (const [title, { value }] of dated) out.set(title, value);
  return out;
}

/** Time of a spell or start/end attribute as the model takes it (an ISO date), or null. */
function asDate(s: string | undefined): string | null {
  if (s === undefined || s === '') return null;
  const d = toDate(s);
  return d instanceof Bad ? null : d;
}

/** The spells (or 1.1 slices) of an element plus its start/end attributes, as [start, end] pairs. */
function periods(el: Element): [string | undefined, string | undefined][] {
  const out: [string | undefined, string | undefined][] = [];
  const s = attr(el, 'start') ?? attr(el, 'startopen'),
    e = attr(el, 'end') ?? attr(el, 'endopen');
  if (s !== undefined || e !== undefined) out.push([s, e]);
  for (const holder of [...children(el, 'spells'), ...children(el, 'slices')]) {
    for (const sp of [...children(holder, 'spell'), ...children(holder, 'slice')]) {
      out.push([attr(sp, 'start') ?? attr(sp, 'startopen'), attr(sp, 'end') ?? attr(sp, 'endopen')]);
    }
  }
  return out;
}

/**
 * One period for a record: its only spell, or the span of several (earliest start, latest end;
 * an open end stays open) with the spells kept as text in `spells`. Times that are not dates
 * (`timeformat` integer / double) are kept as the attributes `start` / `end`.
 */
function period(list: [string | undefined, string | undefined][], notes: Notes, keep: (k: string, v: string) => void): { start?: string; end?: string } {
  if (!list.length) return {};
  const dates = list.map(([s, e]) => [asDate(s), asDate(e)] as const);
  const allDates = list.every(([s, e], i) => (s === undefined || dates[i][0] !== null) && (e === undefined || dates[i][1] !== null));
  if (!allDates) {
    notes.timeAsAttr++;
    const [s, e] = list[0];
    if (s !== undefined) keep('start', s);
    if (e !== undefined) keep('end', e);
    if (list.length > 1) keep('spells', list.map(([a, b]) => `[${a ?? ''}, ${b ?? ''}]`).join(' '));
    return {};
  }
  if (list.length === 1) return { start: dates[0][0] ?? undefined, end: dates[0][1] ?? undefined };
  notes.multiSpells++;
  keep('spells', list.map(([a, b]) => `[${a ?? ''}, ${b ?? ''}]`).join(' '));
  const starts = dates.map((d) => d[0]),
    ends = dates.map((d) => d[1]);
  const start = starts.includes(null) ? undefined : starts.reduce((a, b) => (a! < b! ? a : b))!;
  const end = ends.includes(null) ? undefined : ends.reduce((a, b) => (a! > b! ? a : b))!;
  return { start, end };
}

const VIZ = new Set(['color', 'size', 'position', 'shape', 'thickness']);

/** Gephi's viz: colour, size, position, shape (and edge thickness) as `viz_*` attributes. */
function viz(el: Element, put: (k: string, v: string | number) => void): void {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    const name = localName(e);
    if (!VIZ.has(name)) continue;
    const num = (k: string) => {
      const x = Number(attr(e, k));
      return Number.isFinite(x) ? x : undefined;
    };
    if (name === 'color') {
      const hex = attr(e, 'hex');
      const [r, g, b] = ['r', 'g', 'b'].map((k) => num(k) ?? 0);
      put(
        'viz_color',
        hex ??
          `#${[r, g, b]
            .map((x) =>
              Math.max(0, Math.min(255, Math.round(x)))
                .toString(16)
                .padStart(2, '0'),
            )
            .join('')}`,
      );
      const a = num('a');
      if (a !== undefined && a !== 1) put('viz_alpha', a);
    } else if (name === 'position') {
      for (const k of ['x', 'y', 'z']) {
        const x = num(k);
        if (x !== undefined && !(k === 'z' && x === 0)) put(`viz_${k}`, x);
      }
    } else if (name === 'size' || name === 'thickness') {
      const x = num('value');
      if (x !== undefined) put(`viz_${name}`, x);
    } else {
      const s = attr(e, 'value');
      if (s) put('viz_shape', s);
    }
  }
}

export function readGexf(b: DatasetBuilder, text: string, file: string): void {
  const doc = parseXml(b, text, file);
  if (!doc) return;
  const root = doc.documentElement;
  const graph = root ? child(root, 'graph') : undefined;
  if (!root || !graph) {
    b.bad({ file, line: 1 }, 'graph', undefined, 'a <gexf> document with a <graph> element');
    return;
  }
  const meta = child(root, 'meta');
  if (meta) readMeta(b, meta, file);
  const defaultType = attr(graph, 'defaultedgetype');
  b.fileDirected = defaultType === 'directed' ? true : defaultType === 'undirected' || defaultType === 'mutual' ? false : undefined;
  const nodeDecl = model(graph, 'node');
  const edgeDecl = model(graph, 'edge');
  const notes = new Notes();
  const edgeEls: Element[] = [];

  const readNodes = (holder: Element, parent: string | undefined) => {
    for (const el of children(holder, 'node')) {
      const loc: Loc = { file, line: lineOf(el) };
      const id = attr(el, 'id');
      const vals = values(el, nodeDecl, notes, `node "${id}"`);
      const label = attr(el, 'label');
      if (label !== undefined && !vals.has('label')) vals.set('label', label);
      const fields: [string, unknown][] = [];
      for (const [k, v] of vals) {
        if (k === 'type') continue;
        fields.push([k, NODE_FIELDS.has(k) || v === null || typeof v !== 'object' ? v : JSON.stringify(v)]);
      }
      const p =
        parent ??
        attr(el, 'pid') ??
        (children(el, 'parents')
          .flatMap((ps) => children(ps, 'parent').map((x) => attr(x, 'for')))
          .filter(Boolean)
          .join(';') ||
          undefined);
      if (p !== undefined && !vals.has('parent')) fields.push(['parent', p]);
      const { start, end } = period(periods(el), notes, (k, v) => fields.push([k, v]));
      if (start !== undefined) fields.push(['start', start]);
      if (end !== undefined) fields.push(['end', end]);
      viz(el, (k, v) => fields.push([k, v]));
      b.addNode(id, vals.get('type'), fields, loc, 'other');
      // Hierarchy (GEXF's nested graphs): the children become nodes of their own with `parent`.
      for (const sub of children(el, 'nodes')) {
        notes.nested += children(sub, 'node').length;
        readNodes(sub, id);
      }
      for (const sub of children(el, 'edges')) edgeEls.push(...children(sub, 'edge'));
    }
  };
  for (const holder of children(graph, 'nodes')) readNodes(holder, undefined);
  for (const holder of children(graph, 'edges')) edgeEls.push(...children(holder, 'edge'));
  for (const el of edgeEls) {
    const loc: Loc = { file, line: lineOf(el) };
    const vals = values(el, edgeDecl, notes, `edge "${attr(el, 'id') ?? `${attr(el, 'source')}→${attr(el, 'target')}`}"`);
    let extras: Attrs | undefined;
    const put = (k: string, v: unknown) => {
      extras ??= newAttrs();
      setAttr(extras, k, (v !== null && typeof v === 'object' ? JSON.stringify(v) : v) as Attrs[string]);
    };
    for (const [k, v] of vals) if (!EDGE_KNOWN_NAMES.has(k)) put(k, v);
    const label = attr(el, 'label');
    if (label !== undefined && !vals.has('label')) put('label', label);
    const own = periods(el);
    let start = vals.get('start'),
      end = vals.get('end');
    if (own.length) {
      const p = period(own, notes, put);
      start ??= p.start;
      end ??= p.end;
    }
    viz(el, put);
    // The XML `type` is GEXF's direction (directed / undirected / mutual); NetworkX writes an edge
    // attribute named type there too (type="mentoring"), and Gephi 0.10 the tie's kind in `kind`.
    const xmlType = attr(el, 'type');
    const word = xmlType === 'directed' || xmlType === 'undirected' || xmlType === 'mutual';
    const type = vals.get('type') ?? (word ? undefined : xmlType) ?? attr(el, 'kind');
    if (!vals.has('type') && !word && xmlType !== undefined && attr(el, 'kind') !== undefined) put('kind', attr(el, 'kind'));
    const directed = vals.get('directed') ?? (word ? xmlType : undefined);
    b.addEdge(attr(el, 'source'), attr(el, 'target'), type, attr(el, 'weight') ?? vals.get('weight'), start, end, extras, loc, directed, vals.get(KIND_FIELD));
  }
  const warn = (s: string) => {
    if (b.warnings.length < 20) b.warnings.push(`${file}: ${s}`);
  };
  if (notes.nested)
    warn(
      `${notes.nested} nested node${notes.nested === 1 ? '' : 's'} (GEXF hierarchy) flattened into the node list, each with a "parent" attribute naming the node it was inside`,
    );
  if (notes.dynamicValues)
    warn(
      `${notes.dynamicValues} dynamic attribute value${notes.dynamicValues === 1 ? '' : 's'} (dated values of one attribute, first at ${notes.firstDynamic}) reduced to the latest value of each`,
    );
  if (notes.multiSpells)
    warn(
      `${notes.multiSpells} node${notes.multiSpells === 1 ? ' or tie has' : 's or ties have'} several spells: each is dated from its earliest start to its latest end (the gaps between spells count as active), the spells kept as text in "spells"`,
    );
  if (notes.timeAsAttr)
    warn(
      `${notes.timeAsAttr} time${notes.timeAsAttr === 1 ? '' : 's'} in the file's time format (${attr(graph, 'timeformat') ?? 'not dates'}) kept as "start" / "end" attributes: hubgraph dates ties with ISO dates (timeformat="date")`,
    );
  if (notes.nullValues) warn(`${notes.nullValues} attribute value${notes.nullValues === 1 ? '' : 's'} "null" left out (missing values)`);
}

function readMeta(b: DatasetBuilder, meta: Element, file: string): void {
  const text = (name: string) => child(meta, name)?.textContent ?? undefined;
  // Our own exports: the dataset's meta as JSON in a comment (GEXF's <meta> has no name or source).
  for (let c = meta.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 8) continue;
    const data = (c as unknown as { data: string }).data.trim();
    if (!data.startsWith(META_COMMENT.trim())) continue;
    try {
      b.setMeta(JSON.parse(data.slice(META_COMMENT.length - 1)), { file, line: lineOf(meta) });
      return;
    } catch {
      /* not ours after all */
    }
  }
  // GEXF 1.3 drafts and some writers (hubgraph before, Gephi Lite) put title / source / synthetic here.
  const synth = text('synthetic');
  const title = text('title');
  b.setMeta(
    {
      ...(title !== undefined ? { name: title } : {}),
      ...(text('description') !== undefined && text('description') !== '' ? { description: text('description') } : {}),
      ...(text('source') !== undefined ? { source: text('source') } : {}),
      ...(synth !== undefined ? { synthetic: synth.trim() === 'true' } : {}),
    },
    { file, line: lineOf(meta) },
  );
}
