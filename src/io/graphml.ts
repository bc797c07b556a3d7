import type { Dataset } from '../model/index.ts';
import type { Element } from '@xmldom/xmldom';
import { attributeColumns, columnValue, EDGE_KNOWN_NAMES, NODE_KNOWN_NAMES, type AttrColumn, type AttrKind } from './attributes.ts';
import { DatasetBuilder, newAttrs, setAttr, type Attrs, type Loc } from './build.ts';
import { attr, child, children, lineOf, parseXml, xmlEscape } from './xml.ts';

/*
 * GraphML, read and written here over @xmldom/xmldom: graphology-graphml only parses (no writer),
 * and builds a graphology graph keyed by node id, which `__proto__` corrupts; it also gives no
 * line numbers. Its parser is used in tests to check that what we write reads back the same.
 * GraphML has no list type: lists (levels, subjects, themes, languages) are `;`-joined text, as in
 * CSV, and split again on import.
 */

const GRAPHML_TYPE: Record<AttrKind, string> = { string: 'string', double: 'double', integer: 'int', boolean: 'boolean', list: 'string' };

function cell(col: AttrColumn, v: unknown): string {
  return xmlEscape(col.kind === 'list' ? (v as string[]).join(';') : String(v));
}

export function writeGraphml(dataset: Dataset): string {
  const nodeCols = attributeColumns(dataset, 'node');
  const edgeCols = attributeColumns(dataset, 'edge');
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">');
  const metaKeys: [string, string, unknown][] = [];
  for (const k of ['name', 'description', 'source', 'synthetic'] as const) {
    if (dataset.meta[k] !== undefined) metaKeys.push([k, k === 'synthetic' ? 'boolean' : 'string', dataset.meta[k]]);
  }
  metaKeys.forEach(([k, t], i) => out.push(`  <key id="g${i}" for="graph" attr.name="${k}" attr.type="${t}"/>`));
  nodeCols.forEach((c, i) => out.push(`  <key id="n${i}" for="node" attr.name="${xmlEscape(c.name)}" attr.type="${GRAPHML_TYPE[c.kind]}"/>`));
  edgeCols.forEach((c, i) => out.push(`  <key id="e${i}" for="edge" attr.name="${xmlEscape(c.name)}" attr.type="${GRAPHML_TYPE[c.kind]}"/>`));
  out.push('  <graph id="G" edgedefault="directed">');
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
    out.push(`    <edge source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">${data.join('')}</edge>`);
  }
  out.push('  </graph>');
  out.push('</graphml>');
  return out.join('\n') + '\n';
}

interface Key { name: string; type: string; dflt?: string }

function cast(type: string, s: string): unknown {
  switch (type) {
    case 'boolean': { const t = s.trim().toLowerCase(); return t === 'true' ? true : t === 'false' ? false : s; }
    case 'int': case 'long': case 'float': case 'double': {
      const x = Number(s);
      return s.trim() !== '' && Number.isFinite(x) ? x : s;
    }
    default: return s;
  }
}

function dataOf(el: Element, keys: Map<string, Key>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const k of keys.values()) if (k.dflt !== undefined) out.set(k.name, cast(k.type, k.dflt));
  for (const d of children(el, 'data')) {
    const id = attr(d, 'key') ?? '';
    const k = keys.get(id) ?? { name: id, type: 'string' };
    out.set(k.name, cast(k.type, d.textContent ?? ''));
  }
  return out;
}

export function readGraphml(b: DatasetBuilder, text: string, file: string): void {
  const doc = parseXml(b, text, file);
  if (!doc) return;
  const root = doc.documentElement;
  const graph = root ? child(root, 'graph') : undefined;
  if (!root || !graph) { b.bad({ file, line: 1 }, 'graph', undefined, 'a <graphml> document with a <graph> element'); return; }
  const keys = { node: new Map<string, Key>(), edge: new Map<string, Key>(), graph: new Map<string, Key>() };
  for (const k of children(root, 'key')) {
    const f = (attr(k, 'for') ?? 'node') as keyof typeof keys;
    if (!(f in keys)) continue;
    const id = attr(k, 'id') ?? '';
    const d = child(k, 'default');
    keys[f].set(id, { name: attr(k, 'attr.name') ?? id, type: attr(k, 'attr.type') ?? 'string', dflt: d?.textContent ?? undefined });
  }
  const g = dataOf(graph, keys.graph);
  if (g.size) {
    const meta: Record<string, unknown> = {};
    for (const k of ['name', 'description', 'source', 'synthetic']) if (g.has(k)) meta[k] = g.get(k);
    b.setMeta(meta, { file, line: lineOf(graph) });
  }
  for (const el of children(graph, 'node')) {
    const loc: Loc = { file, line: lineOf(el) };
    const vals = dataOf(el, keys.node);
    const fields: [string, unknown][] = [];
    for (const [k, v] of vals) if (k !== 'type') fields.push([k, v]);
    b.addNode(attr(el, 'id'), vals.get('type'), fields, loc, 'other');
  }
  for (const el of children(graph, 'edge')) {
    const loc: Loc = { file, line: lineOf(el) };
    const vals = dataOf(el, keys.edge);
    let extras: Attrs | undefined;
    for (const [k, v] of vals) {
      if (EDGE_KNOWN_NAMES.has(k)) continue;
      extras ??= newAttrs();
      setAttr(extras, k, v as Attrs[string]);
    }
    b.addEdge(attr(el, 'source'), attr(el, 'target'), vals.get('type'), vals.get('weight'), vals.get('start'), vals.get('end'), extras, loc);
  }
}
