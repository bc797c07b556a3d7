import { isDirected, type Dataset } from '../model/index.ts';
import { NODE_FIELDS } from './fields.ts';
import { DatasetBuilder, KIND_FIELD, newAttrs, setAttr, type Attrs, type Loc } from './build.ts';
import { directionOf } from './attributes.ts';
import { stripBom } from './csv-parse.ts';

/**
 * graphology's serialised JSON (`{attributes, options, nodes: [{key, attributes}], edges: [{source,
 * target, attributes}]}`, as `graph.export()` writes it) with our attributes flat on each node and
 * edge, lists as arrays. Our own Dataset shape (`{meta, nodes: [{id, type, …, attrs}], edges}`) is
 * read too.
 */
export function readJson(b: DatasetBuilder, text: string, file: string): void {
  let doc: any;
  try {
    doc = JSON.parse(stripBom(text));
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    b.bad({ file, line }, '$', undefined, `valid JSON (${(e as Error).message})`);
    return;
  }
  // A Gephi Lite workspace: the graph is graphology's serialisation in graphDataset.fullGraph, the
  // attributes in nodeData / edgeData.
  if (isObject(doc) && doc.type === 'gephi-lite' && isObject(doc.graphDataset) && isObject(doc.graphDataset.fullGraph)) {
    const gd = doc.graphDataset;
    const full = gd.fullGraph;
    const attrsOf = (data: unknown, key: unknown) => (isObject(data) && typeof key === 'string' && isObject(data[key]) ? data[key] : {});
    doc = {
      options: full.options,
      attributes: isObject(gd.metadata) ? { ...gd.metadata, ...(typeof gd.metadata.title === 'string' ? { name: gd.metadata.title } : {}) } : {},
      nodes: Array.isArray(full.nodes)
        ? full.nodes.map((n: Record<string, unknown>) => ({
            ...n,
            attributes: { ...attrsOf(gd.nodeData, n.key), ...(isObject(n.attributes) ? n.attributes : {}) },
          }))
        : full.nodes,
      edges: Array.isArray(full.edges)
        ? full.edges.map((e: Record<string, unknown>) => ({
            ...e,
            attributes: { ...attrsOf(gd.edgeData, e.key), ...(isObject(e.attributes) ? e.attributes : {}) },
          }))
        : full.edges,
    };
  }
  if (!isObject(doc) || !Array.isArray(doc.nodes)) {
    b.bad({ file }, 'nodes', undefined, 'a JSON object with a "nodes" array (graphology JSON or a hubgraph dataset)');
    return;
  }
  const edges = doc.edges ?? [];
  if (!Array.isArray(edges)) {
    b.bad({ file }, 'edges', undefined, 'an array');
    return;
  }
  const graphAttrs = isObject(doc.attributes) ? doc.attributes : isObject(doc.meta) ? doc.meta : {};
  b.setMeta(pickMeta(graphAttrs), { file, prefix: 'attributes.' });
  // graphology: options.type says how ties are directed; in a mixed graph each tie says (`undirected`).
  const graphType = isObject(doc.options) ? doc.options.type : undefined;
  b.fileDirected = graphType === 'directed' ? true : graphType === 'undirected' ? false : undefined;

  doc.nodes.forEach((raw: unknown, i: number) => {
    const loc: Loc = { file, prefix: `nodes[${i}].` };
    if (!isObject(raw)) {
      b.bad(loc, '', raw, 'an object');
      return;
    }
    const ours = 'id' in raw && !('key' in raw);
    const attrs = ours ? raw : isObject(raw.attributes) ? raw.attributes : {};
    const aloc: Loc = ours ? loc : { file, prefix: `nodes[${i}].attributes.` };
    const fields: [string, unknown][] = [];
    for (const k of Object.keys(attrs)) {
      if (k === 'id' || k === 'type' || (ours && (k === 'attrs' || k === 'ownType'))) continue;
      fields.push([k, NODE_FIELDS.has(k) || k === KIND_FIELD ? attrs[k] : flatValue(b, aloc, k, attrs[k])]);
    }
    if (ours && isObject(raw.attrs)) for (const k of Object.keys(raw.attrs)) fields.push([k, flatValue(b, aloc, `attrs.${k}`, raw.attrs[k])]);
    // Our own shape keeps the kind in `type` and the user's type in `ownType`.
    let type = attrs.type;
    if (ours && raw.ownType !== undefined) {
      fields.push([KIND_FIELD, raw.type]);
      type = raw.ownType;
    }
    b.addNode(ours ? raw.id : raw.key, type, fields, ours ? loc : { ...aloc, idPrefix: `nodes[${i}].`, idField: 'key' }, 'other');
  });
  edges.forEach((raw: unknown, i: number) => {
    const loc: Loc = { file, prefix: `edges[${i}].` };
    if (!isObject(raw)) {
      b.bad(loc, '', raw, 'an object');
      return;
    }
    const ours = !('attributes' in raw) && !('key' in raw);
    const a = ours ? raw : isObject(raw.attributes) ? raw.attributes : {};
    const aloc: Loc = ours ? loc : { file, prefix: `edges[${i}].attributes.` };
    let extras: Attrs | undefined;
    const add = (k: string, v: unknown, name = k) => {
      extras ??= newAttrs();
      setAttr(extras, k, flatValue(b, aloc, name, v) as Attrs[string]);
    };
    const skip = ours ? OUR_EDGE_KEYS : EDGE_ATTR_KEYS;
    for (const k of Object.keys(a)) if (!skip.has(k)) add(k, a[k]);
    if (ours && isObject(raw.attrs)) for (const k of Object.keys(raw.attrs)) add(k, raw.attrs[k], `attrs.${k}`);
    const edgeLoc = ours ? loc : { ...aloc, idPrefix: `edges[${i}].` };
    if (ours) {
      b.addEdge(
        raw.source,
        raw.target,
        raw.ownType ?? a.type,
        a.weight,
        a.start,
        a.end,
        extras,
        edgeLoc,
        raw.directed,
        raw.ownType !== undefined ? raw.type : undefined,
      );
    } else {
      // graphology marks undirected ties of a mixed graph with `undirected: true`.
      const directed = a.directed ?? (graphType === 'mixed' ? raw.undirected !== true : raw.undirected === true ? false : undefined);
      b.addEdge(raw.source, raw.target, a.type, a.weight, a.start, a.end, extras, edgeLoc, directed, a[KIND_FIELD]);
    }
  });
}

const OUR_EDGE_KEYS = new Set(['source', 'target', 'type', 'ownType', 'directed', 'weight', 'start', 'end', 'attrs']);
const EDGE_ATTR_KEYS = new Set(['type', 'weight', 'start', 'end', 'directed', KIND_FIELD]);

/** Unknown attributes must be flat values; nested ones are kept as JSON text (with a warning). */
function flatValue(b: DatasetBuilder, loc: Loc, key: string, v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (b.warnings.length < 20) b.warnings.push(`${loc.file}: ${loc.prefix ?? ''}${key} is nested; kept as JSON text`);
  return JSON.stringify(v);
}

function pickMeta(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'description', 'source', 'synthetic']) if (a[k] !== undefined) out[k] = a[k];
  return out;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * graphology serialised form; node and edge attributes flat (known fields + attrs). `type` is the
 * record's own type when it has one, with the built-in kind in `hubgraph_type`. Direction the
 * graphology way: `options.type` directed / undirected, or mixed with `undirected: true` on the
 * undirected ties.
 */
export function writeJson(dataset: Dataset): string {
  const nodes = dataset.nodes.map((n) => {
    const { id, attrs, ownType, ...known } = n;
    return { key: id, attributes: { ...plain(attrs), ...known, ...typed(known.type, ownType) } };
  });
  const direction = directionOf(dataset.edges);
  let loops = false;
  const edges = dataset.edges.map((e, i) => {
    const { source, target, attrs, ownType, directed: _d, ...known } = e;
    if (source === target) loops = true;
    const edge: Record<string, unknown> = { key: String(i), source, target, attributes: { ...plain(attrs), ...known, ...typed(known.type, ownType) } };
    if (direction === 'mixed' && !isDirected(e)) edge.undirected = true;
    return edge;
  });
  return JSON.stringify({ attributes: { ...dataset.meta }, options: { type: direction, multi: true, allowSelfLoops: loops }, nodes, edges }, null, 1) + '\n';
}

function typed(kind: string, own: string | undefined): Record<string, string> {
  return own === undefined ? {} : { type: own, [KIND_FIELD]: kind };
}

/** Copy attrs keeping every key, `__proto__` included, as an own data property. */
function plain(attrs: Attrs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(attrs)) Object.defineProperty(out, k, { value: attrs[k], enumerable: true, writable: true, configurable: true });
  return out;
}
