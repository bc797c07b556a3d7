import type { Dataset } from '../model/index.ts';
import type { Element } from '@xmldom/xmldom';
import { attributeColumns, columnValue, EDGE_KNOWN_NAMES, NODE_KNOWN_NAMES, type AttrColumn, type AttrKind } from './attributes.ts';
import { DatasetBuilder, newAttrs, setAttr, type Attrs, type Loc } from './build.ts';
import { NODE_FIELDS } from './fields.ts';
import { attr, child, children, lineOf, parseXml, xmlEscape } from './xml.ts';

/*
 * GEXF 1.3, read and written here over @xmldom/xmldom rather than through graphology-gexf: that
 * library builds a graphology graph keyed by node id, and graphology corrupts its adjacency for
 * a node keyed `__proto__` (docs/ARCHITECTURE.md); it also has no line numbers for error messages.
 * Compatibility is tested both ways on ordinary ids (test/io/xml-compat.test.ts): graphology-gexf
 * parses what we write into the same nodes, edges and attributes, and we read what it writes.
 * Edge type / start / end travel as attvalues (graphology-gexf ignores GEXF's dynamic start/end);
 * lists use GEXF 1.3 `liststring` written as `["a", "b"]`.
 */

const GEXF_TYPE: Record<AttrKind, string> = { string: 'string', double: 'double', integer: 'integer', boolean: 'boolean', list: 'liststring' };

function attvalue(id: number, col: AttrColumn, v: unknown): string {
  const s = col.kind === 'list' ? `[${(v as string[]).map((x) => JSON.stringify(x)).join(', ')}]` : String(v);
  return `<attvalue for="${id}" value="${xmlEscape(s)}"/>`;
}

export function writeGexf(dataset: Dataset): string {
  const out: string[] = [];
  const nodeCols = attributeColumns(dataset, 'node').filter((c) => c.name !== 'label');
  const edgeCols = attributeColumns(dataset, 'edge').filter((c) => c.name !== 'weight');
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<gexf xmlns="http://gexf.net/1.3" version="1.3">');
  const m = dataset.meta;
  out.push('  <meta>');
  out.push('    <creator>hubgraph</creator>');
  if (m.name !== undefined) out.push(`    <title>${xmlEscape(m.name)}</title>`);
  if (m.description !== undefined) out.push(`    <description>${xmlEscape(m.description)}</description>`);
  if (m.source !== undefined) out.push(`    <source>${xmlEscape(m.source)}</source>`);
  if (m.synthetic !== undefined) out.push(`    <synthetic>${m.synthetic}</synthetic>`);
  out.push('  </meta>');
  out.push('  <graph defaultedgetype="directed" mode="static">');
  const declare = (cls: string, cols: AttrColumn[]) => {
    out.push(`    <attributes class="${cls}">`);
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
      const v = columnValue(n, c.name, NODE_KNOWN_NAMES);
      if (v !== undefined && v !== null) vals.push(attvalue(i, c, v));
    });
    out.push(`      <node id="${xmlEscape(n.id)}"${label}><attvalues>${vals.join('')}</attvalues></node>`);
  }
  out.push('    </nodes>');
  out.push('    <edges>');
  dataset.edges.forEach((e, k) => {
    const vals: string[] = [];
    edgeCols.forEach((c, i) => {
      const v = columnValue(e, c.name, EDGE_KNOWN_NAMES);
      if (v !== undefined && v !== null) vals.push(attvalue(i, c, v));
    });
    out.push(`      <edge id="${k}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}" weight="${e.weight}"><attvalues>${vals.join('')}</attvalues></edge>`);
  });
  out.push('    </edges>');
  out.push('  </graph>');
  out.push('</gexf>');
  return out.join('\n') + '\n';
}

interface Declared { title: string; type: string; dflt?: string }

function parseValue(type: string, s: string): unknown {
  if (type.startsWith('list')) {
    const sub = type.slice(4);
    let items: unknown[];
    const t = s.trim();
    if (t.startsWith('[') && t.endsWith(']')) {
      try { items = JSON.parse(t); } catch { items = t.slice(1, -1).split(',').map((x) => x.trim().replace(/^['"]|['"]$/g, '')); }
    } else items = t.includes('|') ? t.split('|') : t.split(',');
    return items.map((x) => (typeof x === 'string' ? parseScalar(sub, x.trim()) : x));
  }
  return parseScalar(type, s);
}

function parseScalar(type: string, s: string): unknown {
  switch (type) {
    case 'boolean': return s === 'true' ? true : s === 'false' ? false : s;
    case 'integer': case 'long': case 'double': case 'float': case 'short': case 'byte': {
      const x = Number(s);
      return s.trim() !== '' && Number.isFinite(x) ? x : s;
    }
    default: return s;
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

function values(el: Element, decl: Map<string, Declared>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const d of decl.values()) if (d.dflt !== undefined) out.set(d.title, parseValue(d.type, d.dflt));
  const holder = child(el, 'attvalues');
  if (holder) {
    for (const v of children(holder, 'attvalue')) {
      const id = attr(v, 'for') ?? attr(v, 'id') ?? '';
      const d = decl.get(id) ?? { title: id, type: 'string' };
      out.set(d.title, parseValue(d.type, attr(v, 'value') ?? ''));
    }
  }
  return out;
}

export function readGexf(b: DatasetBuilder, text: string, file: string): void {
  const doc = parseXml(b, text, file);
  if (!doc) return;
  const root = doc.documentElement;
  const graph = root ? child(root, 'graph') : undefined;
  if (!root || !graph) { b.bad({ file, line: 1 }, 'graph', undefined, 'a <gexf> document with a <graph> element'); return; }
  const meta = child(root, 'meta');
  if (meta) {
    const text = (name: string) => child(meta, name)?.textContent ?? undefined;
    const synth = text('synthetic');
    b.setMeta({
      ...(text('title') !== undefined ? { name: text('title') } : {}),
      ...(text('description') !== undefined ? { description: text('description') } : {}),
      ...(text('source') !== undefined ? { source: text('source') } : {}),
      ...(synth !== undefined ? { synthetic: synth.trim() === 'true' } : {}),
    }, { file, line: lineOf(meta) });
  }
  const nodeDecl = model(graph, 'node');
  const edgeDecl = model(graph, 'edge');
  for (const holder of children(graph, 'nodes')) {
    for (const el of children(holder, 'node')) {
      const loc: Loc = { file, line: lineOf(el) };
      const vals = values(el, nodeDecl);
      const label = attr(el, 'label');
      if (label !== undefined && !vals.has('label')) vals.set('label', label);
      const fields: [string, unknown][] = [];
      for (const [k, v] of vals) {
        if (k === 'type') continue;
        fields.push([k, NODE_FIELDS.has(k) || v === null || typeof v !== 'object' ? v : JSON.stringify(v)]);
      }
      b.addNode(attr(el, 'id'), vals.get('type'), fields, loc, 'other');
    }
  }
  for (const holder of children(graph, 'edges')) {
    for (const el of children(holder, 'edge')) {
      const loc: Loc = { file, line: lineOf(el) };
      const vals = values(el, edgeDecl);
      let extras: Attrs | undefined;
      for (const [k, v] of vals) {
        if (EDGE_KNOWN_NAMES.has(k)) continue;
        extras ??= newAttrs();
        setAttr(extras, k, (v !== null && typeof v === "object" ? JSON.stringify(v) : v) as Attrs[string]);
      }
      b.addEdge(
        attr(el, 'source'), attr(el, 'target'), vals.get('type'), attr(el, 'weight') ?? vals.get('weight'),
        vals.get('start') ?? attr(el, 'start'), vals.get('end') ?? attr(el, 'end'), extras, loc,
      );
    }
  }
}
