import { isDirected, type Dataset } from '../model/index.ts';
import type { Element } from '@xmldom/xmldom';
import { attributeColumns, columnValue, directionOf, EDGE_KNOWN_NAMES, NODE_KNOWN_NAMES, type AttrColumn, type AttrKind } from './attributes.ts';
import { DatasetBuilder, KIND_FIELD, newAttrs, setAttr, type Attrs, type Loc } from './build.ts';
import { attr, child, children, lineOf, localName, parseXml, xmlEscape } from './xml.ts';

/*
 * GraphML, read and written here over @xmldom/xmldom: graphology-graphml only parses (no writer),
 * and builds a graphology graph keyed by node id, which `__proto__` corrupts; it also gives no
 * line numbers. Its parser is used in tests to check that what we write reads back the same.
 * GraphML has no list type: lists (levels, subjects, themes, languages) are `;`-joined text, as in
 * CSV, and split again on import.
 *
 * Read: keys declared anywhere (GraphML puts them under <graphml>; some writers inside <graph>),
 * `for="all"`, defaults, yEd's and yEd Live's labels and node geometry, nested graphs (yEd groups:
 * flattened, each node with a `parent` attribute), per-edge `directed`. Hyperedges are refused by
 * name; ports are ignored with a warning (edges attach to their nodes, as NetworkX reads them).
 * Written: `edgedefault` directed when every tie is, else undirected; a mixed graph keeps each
 * tie's direction in a `directed` key (NetworkX and igraph read that file), or with GraphML's
 * per-edge `directed` attribute (`mixed: 'per-edge'`, which NetworkX refuses).
 */

export interface GraphmlWriteOptions {
  mixed?: 'attribute' | 'per-edge';
}

const GRAPHML_TYPE: Record<AttrKind, string> = { string: 'string', double: 'double', integer: 'int', long: 'long', boolean: 'boolean', list: 'string' };

function cell(col: AttrColumn, v: unknown): string {
  return xmlEscape(col.kind === 'list' ? (v as string[]).join(';') : String(v));
}

export function writeGraphml(dataset: Dataset, options: GraphmlWriteOptions = {}): string {
  const direction = directionOf(dataset.edges);
  const perEdge = direction === 'mixed' && options.mixed === 'per-edge';
  const nodeCols = attributeColumns(dataset, 'node');
  const edgeCols = attributeColumns(dataset, 'edge', { directed: direction === 'mixed' && !perEdge ? 'all' : 'never' });
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  );
  const metaKeys: [string, string, unknown][] = [];
  for (const k of ['name', 'description', 'source', 'synthetic'] as const) {
    if (dataset.meta[k] !== undefined) metaKeys.push([k, k === 'synthetic' ? 'boolean' : 'string', dataset.meta[k]]);
  }
  metaKeys.forEach(([k, t], i) => out.push(`  <key id="g${i}" for="graph" attr.name="${k}" attr.type="${t}"/>`));
  nodeCols.forEach((c, i) => out.push(`  <key id="n${i}" for="node" attr.name="${xmlEscape(c.name)}" attr.type="${GRAPHML_TYPE[c.kind]}"/>`));
  edgeCols.forEach((c, i) => out.push(`  <key id="e${i}" for="edge" attr.name="${xmlEscape(c.name)}" attr.type="${GRAPHML_TYPE[c.kind]}"/>`));
  out.push(`  <graph id="G" edgedefault="${direction === 'directed' ? 'directed' : 'undirected'}">`);
  metaKeys.forEach(([, , v], i) => out.push(`    <data key="g${i}">${xmlEscape(String(v))}</data>`));
  for (const n of dataset.nodes) {
    const data: string[] = [];
    nodeCols.forEach((c, i) => {
      const v = columnValue(n, c.name, NODE_KNOWN_NAMES);
      if (v !== undefined && v !== null) data.push(`<data key="n${i}">${cell(c, v)}</data>`);
    });
    out.push(`    <node id="${xmlEscape(n.id)}">${data.join('')}</node>`);
  }
  for (const e of dataset.edges) {
    const data: string[] = [];
    edgeCols.forEach((c, i) => {
      const v = columnValue(e, c.name, EDGE_KNOWN_NAMES);
      if (v !== undefined && v !== null) data.push(`<data key="e${i}">${cell(c, v)}</data>`);
    });
    const dir = perEdge && isDirected(e) ? ' directed="true"' : '';
    out.push(`    <edge source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}"${dir}>${data.join('')}</edge>`);
  }
  out.push('  </graph>');
  out.push('</graphml>');
  return out.join('\n') + '\n';
}

interface Key {
  id: string;
  name: string;
  type: string;
  dflt?: string;
  yfiles?: string;
  uri?: string;
}

function cast(type: string, s: string): unknown {
  switch (type) {
    case 'boolean': {
      const t = s.trim().toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : s;
    }
    case 'int':
    case 'long':
    case 'float':
    case 'double': {
      const x = Number(s);
      return s.trim() !== '' && Number.isFinite(x) ? x : s;
    }
    default:
      return s;
  }
}

/** Every element with this local name anywhere under `el`, in document order. */
function descendants(el: Element, name: string): Element[] {
  const out: Element[] = [];
  const walk = (e: Element) => {
    for (let c = e.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      if (localName(c as Element) === name) out.push(c as Element);
      walk(c as Element);
    }
  };
  walk(el);
  return out;
}

/** Has element children (structured data such as yEd's graphics), not just text. */
function structured(el: Element): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) return true;
  return false;
}

class Notes {
  ports = 0;
  firstPort = '';
  nested = 0;
  graphics = new Set<string>();
  structured = new Set<string>();
}

type Put = (k: string, v: unknown) => void;

/**
 * yEd's graphics: the label (desktop yEd's y:NodeLabel / y:EdgeLabel, yEd Live's y:Label.Text),
 * the node's position (its centre), fill colour and shape, as `label`, `viz_x`, `viz_y`, `viz_color`,
 * `viz_shape` (NetworkX reads the shape as `shape_type`).
 */
function yedGraphics(d: Element, key: Key, put: Put, labelled: { done: boolean }): void {
  const labels = [...descendants(d, 'NodeLabel'), ...descendants(d, 'EdgeLabel'), ...descendants(d, 'Label.Text')];
  for (const l of labels) {
    let text = '';
    for (let c = l.firstChild; c; c = c.nextSibling) if (c.nodeType === 3 || c.nodeType === 4) text += (c as unknown as { data: string }).data;
    text = text.trim();
    if (text && !labelled.done) {
      put('label', text);
      labelled.done = true;
    }
  }
  const geom = descendants(d, 'Geometry')[0] ?? descendants(d, 'RectD')[0];
  if (geom) {
    const num = (...names: string[]) => {
      for (const n of names) {
        const x = Number(attr(geom, n));
        if (attr(geom, n) !== undefined && Number.isFinite(x)) return x;
      }
      return undefined;
    };
    const x = num('x', 'X'),
      y = num('y', 'Y'),
      w = num('width', 'Width') ?? 0,
      h = num('height', 'Height') ?? 0;
    if (x !== undefined && y !== undefined) {
      put('viz_x', x + w / 2);
      put('viz_y', -(y + h / 2));
    }
  }
  const fill = descendants(d, 'Fill')[0];
  const color = fill ? attr(fill, 'color') : undefined;
  if (color) put('viz_color', color);
  const shape = descendants(d, 'Shape')[0];
  const shapeType = shape ? attr(shape, 'type') : undefined;
  if (shapeType) put('viz_shape', shapeType);
  void key;
}

export function readGraphml(b: DatasetBuilder, text: string, file: string): void {
  const doc = parseXml(b, text, file);
  if (!doc) return;
  const root = doc.documentElement;
  const graph = root ? child(root, 'graph') : undefined;
  if (!root || !graph) {
    b.bad({ file, line: 1 }, 'graph', undefined, 'a <graphml> document with a <graph> element');
    return;
  }
  for (const h of descendants(root, 'hyperedge')) {
    b.bad(
      { file, line: lineOf(h) },
      'hyperedge',
      undefined,
      'edges between two nodes: this file has a GraphML <hyperedge> (a tie joining several nodes at once), which hubgraph cannot hold; replace each by a node of its own tied to its members (a two-mode network)',
    );
  }
  const keys = { node: new Map<string, Key>(), edge: new Map<string, Key>(), graph: new Map<string, Key>() };
  for (const k of descendants(root, 'key')) {
    const f = attr(k, 'for') ?? 'all';
    const id = attr(k, 'id') ?? '';
    const d = child(k, 'default');
    const key: Key = {
      id,
      name: attr(k, 'attr.name') ?? id,
      type: attr(k, 'attr.type') ?? 'string',
      dflt: d && !structured(d) ? (d.textContent ?? undefined) : undefined,
      yfiles: attr(k, 'yfiles.type'),
      uri: attr(k, 'y:attr.uri'),
    };
    if (f === 'all') {
      keys.node.set(id, key);
      keys.edge.set(id, key);
      keys.graph.set(id, key);
    } else if (f in keys) keys[f as keyof typeof keys].set(id, key);
  }
  const notes = new Notes();

  /** An element's data by key name (defaults first); yEd graphics read into label / viz_*. */
  const dataOf = (el: Element, map: Map<string, Key>, put: Put) => {
    const seen = new Set<string>();
    const labelled = { done: false };
    const own = children(el, 'data');
    const given = new Set(own.map((d) => attr(d, 'key') ?? ''));
    for (const k of map.values()) if (k.dflt !== undefined && !given.has(k.id) && !k.yfiles) put(k.name, cast(k.type, k.dflt));
    for (const d of own) {
      const id = attr(d, 'key') ?? '';
      const k = map.get(id) ?? { id, name: id, type: 'string' };
      if (k.yfiles || structured(d)) {
        const before = labelled.done;
        yedGraphics(
          d,
          k,
          (name, v) => {
            if (!seen.has(name)) {
              seen.add(name);
              put(name, v);
            }
          },
          labelled,
        );
        if (!k.yfiles && !labelled.done && labelled.done === before) {
          const t = (d.textContent ?? '').trim();
          if (t) {
            notes.structured.add(k.name);
            put(k.name, t);
          } else notes.graphics.add(k.name);
        } else if (k.yfiles) notes.graphics.add(k.yfiles);
        continue;
      }
      seen.add(k.name);
      put(k.name, cast(k.type, d.textContent ?? ''));
    }
  };

  const g = new Map<string, unknown>();
  dataOf(graph, keys.graph, (k, v) => g.set(k, v));
  const meta: Record<string, unknown> = {};
  for (const k of ['name', 'description', 'source', 'synthetic']) if (g.has(k)) meta[k] = g.get(k);
  if (typeof meta.name === 'string' && meta.name === '') delete meta.name;
  if (Object.keys(meta).length) b.setMeta(meta, { file, line: lineOf(graph) });
  const edgedefault = attr(graph, 'edgedefault');
  b.fileDirected = edgedefault === 'directed' ? true : edgedefault === 'undirected' ? false : undefined;

  const edgeEls: Element[] = [];
  const readGraph = (gr: Element, parent: string | undefined) => {
    for (const el of children(gr, 'node')) {
      const loc: Loc = { file, line: lineOf(el) };
      const id = attr(el, 'id');
      const vals = new Map<string, unknown>();
      dataOf(el, keys.node, (k, v) => {
        if (!vals.has(k) || k !== 'label') vals.set(k, v);
      });
      const fields: [string, unknown][] = [];
      for (const [k, v] of vals) if (k !== 'type') fields.push([k, v]);
      if (parent !== undefined && !vals.has('parent')) fields.push(['parent', parent]);
      for (const p of children(el, 'port')) {
        notes.ports++;
        notes.firstPort ||= `line ${lineOf(p)}`;
      }
      b.addNode(id, vals.get('type'), fields, loc, 'other');
      // Nested graphs (yEd groups): their nodes and edges belong to this graph, with `parent`.
      for (const sub of children(el, 'graph')) {
        notes.nested += children(sub, 'node').length;
        readGraph(sub, id);
      }
    }
    edgeEls.push(...children(gr, 'edge'));
  };
  readGraph(graph, undefined);
  for (const el of edgeEls) {
    const loc: Loc = { file, line: lineOf(el) };
    const vals = new Map<string, unknown>();
    dataOf(el, keys.edge, (k, v) => vals.set(k, v));
    let extras: Attrs | undefined;
    for (const [k, v] of vals) {
      if (EDGE_KNOWN_NAMES.has(k)) continue;
      extras ??= newAttrs();
      setAttr(extras, k, v as Attrs[string]);
    }
    const eid = attr(el, 'id');
    if (eid !== undefined && !vals.has('id')) {
      extras ??= newAttrs();
      setAttr(extras, 'id', eid);
    }
    if (attr(el, 'sourceport') !== undefined || attr(el, 'targetport') !== undefined) {
      notes.ports++;
      notes.firstPort ||= `line ${lineOf(el)}`;
    }
    b.addEdge(
      attr(el, 'source'),
      attr(el, 'target'),
      vals.get('type'),
      vals.get('weight'),
      vals.get('start'),
      vals.get('end'),
      extras,
      loc,
      vals.get('directed') ?? attr(el, 'directed'),
      vals.get(KIND_FIELD),
    );
  }
  const warn = (s: string) => {
    if (b.warnings.length < 20) b.warnings.push(`${file}: ${s}`);
  };
  if (notes.nested)
    warn(
      `${notes.nested} node${notes.nested === 1 ? '' : 's'} of nested graphs (yEd groups) flattened into the node list, each with a "parent" attribute naming its group node`,
    );
  if (notes.ports)
    warn(
      `${notes.ports} GraphML <port> element${notes.ports === 1 ? '' : 's'} or port references (first at ${notes.firstPort}) ignored: ties attach to their nodes, not to ports`,
    );
  if (notes.graphics.size) warn(`drawing data not read except labels, positions and fill colours (${[...notes.graphics].join(', ')})`);
  if (notes.structured.size) warn(`structured <data> kept as its text: ${[...notes.structured].join(', ')}`);
}
