import type { Dataset } from '../model/index.ts';
import { attributeColumns, columnValue, directionOf, EDGE_KNOWN_NAMES, NODE_KNOWN_NAMES, type AttrColumn } from './attributes.ts';

/*
 * GML as NetworkX, igraph and Gephi read it with the same meaning (test/io/export-peers.test.ts):
 * - `id` is a number (igraph and the GML spec want integers). When every node has a label and no
 *   two share one, `label` is the node's label (what Gephi, yEd and Cytoscape show; Gephi writes GML
 *   so) and `name` its hubgraph id (igraph's vertex name); NetworkX, which names nodes by their
 *   label (`read_gml(path)`), then keys them by label. Otherwise `label` is the hubgraph id, so that
 *   NetworkX's keys are our ids and unique, and the node's own label is written as `name`. The graph
 *   key `hubgraph_node_key` (`"name"` or `"label"`: where the id is) tells our reader which, and
 *   survives a NetworkX read + write (graph keys are kept).
 * - GML has no booleans: they are written 1 / 0 (as NetworkX writes them) and the graph key
 *   `hubgraph_booleans` names those attributes, so our reader makes them booleans again.
 * - Lists (levels, subjects, themes, languages) are one `;`-joined string, as in every export.
 * - Numbers declared double are written with a decimal point (NetworkX reads `1100.0` as a float,
 *   `1100` as an int), so a column reads with one type; an attribute whose values are all whole
 *   numbers is declared integer (attributes.ts) and written `1100`, so it reads back as ints; text
 *   is always quoted, so `"007"` stays text.
 * - Strings are ASCII (NetworkX refuses anything else): other characters, `"` and `&` as `&#NNN;`.
 * - Attribute names that are not GML keys (`Modularity Class`, or `name`, which holds the label) are
 *   written as keys (`Modularity_Class`, `name_2`) and the graph key `hubgraph_names` maps them back.
 * - Direction: `directed 1` when every tie is directed; a mixed graph is undirected with each tie's
 *   direction in a `directed` attribute (1 / 0), as in the GraphML and GEXF exports.
 */

/** Graph keys our reader understands in a file we wrote (see src/io/gml.ts). */
export const GML_NODE_KEY = 'hubgraph_node_key';
export const GML_BOOLEANS = 'hubgraph_booleans';
/** JSON `{"nodes": {key: name}, "edges": {key: name}}` for attributes whose names are not GML keys. */
export const GML_NAMES = 'hubgraph_names';

const PLAIN = /^[\x20\x21\x23-\x25\x27-\x7e]*$/;

export function gmlString(s: string): string {
  // Most values are plain ASCII: no per-character walk for them.
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += cp < 32 || cp > 126 || ch === '"' || ch === '&' ? `&#${cp};` : ch;
  }
  return `${out}"`;
}

/** A GML key as NetworkX reads one: a letter, then letters, digits and `_` (other characters become `_`). */
export function gmlKey(name: string): string {
  const k = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(k) ? k : `attr_${k}`;
}

function number(v: number, double: boolean): string {
  if (!Number.isFinite(v)) return gmlString(String(v));
  const s = String(v);
  return double && Number.isInteger(v) && !s.includes('e') ? `${s}.0` : s;
}

function value(col: AttrColumn, v: unknown): string {
  if (Array.isArray(v)) return gmlString(v.join(';'));
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return number(v, col.kind === 'double');
  return gmlString(String(v));
}

/** Keys for columns, made unique after `gmlKey` (reserved: a node's id, label and name; a tie's source, target and key). */
function keys(cols: AttrColumn[], reserved: string[]): Map<string, string> {
  const used = new Set(reserved);
  const out = new Map<string, string>();
  for (const c of cols) {
    let k = gmlKey(c.name);
    for (let i = 2; used.has(k); i++) k = `${gmlKey(c.name)}_${i}`;
    used.add(k);
    out.set(c.name, k);
  }
  return out;
}

function hasParallel(dataset: Dataset, directed: boolean): boolean {
  const seen = new Set<string>();
  for (const e of dataset.edges) {
    const k = directed || e.source < e.target ? `${e.source}\u0000${e.target}` : `${e.target}\u0000${e.source}`;
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

export function writeGml(dataset: Dataset): string {
  const direction = directionOf(dataset.edges);
  const nodeCols = attributeColumns(dataset, 'node').filter((c) => c.name !== 'label');
  const edgeCols = attributeColumns(dataset, 'edge', { directed: direction === 'mixed' ? 'all' : 'never' });
  const nodeKeys = keys(nodeCols, ['id', 'label', 'name']);
  const edgeKeys = keys(edgeCols, ['source', 'target', 'key']);
  const booleans = [...nodeCols, ...edgeCols].filter((c) => c.kind === 'boolean').map((c) => (nodeKeys.get(c.name) ?? edgeKeys.get(c.name))!);
  const out: string[] = ['Creator "hubgraph"', 'graph ['];
  if (direction === 'directed') out.push('  directed 1');
  // NetworkX refuses a second tie between the same two nodes unless the graph says multigraph.
  if (hasParallel(dataset, direction === 'directed')) out.push('  multigraph 1');
  const m = dataset.meta;
  for (const k of ['name', 'description', 'source'] as const) if (m[k] !== undefined) out.push(`  ${k} ${gmlString(m[k])}`);
  if (m.synthetic !== undefined) out.push(`  synthetic ${m.synthetic ? 1 : 0}`);
  // Labels as GML labels only when NetworkX can key the graph by them: every node has one, all different.
  const labels = new Set(dataset.nodes.map((n) => n.label));
  const byName = dataset.nodes.length > 0 && !labels.has(undefined) && labels.size === dataset.nodes.length;
  out.push(`  ${GML_NODE_KEY} ${byName ? '"name"' : '"label"'}`);
  const graphBooleans = m.synthetic !== undefined ? ['synthetic', ...booleans] : booleans;
  if (graphBooleans.length) out.push(`  ${GML_BOOLEANS} ${gmlString([...new Set(graphBooleans)].join(';'))}`);
  const renamed = (m: Map<string, string>) => Object.fromEntries([...m].filter(([name, key]) => name !== key).map(([name, key]) => [key, name]));
  const names = { nodes: renamed(nodeKeys), edges: renamed(edgeKeys) };
  if (Object.keys(names.nodes).length || Object.keys(names.edges).length) out.push(`  ${GML_NAMES} ${gmlString(JSON.stringify(names))}`);
  const index = new Map<string, number>();
  dataset.nodes.forEach((n, i) => {
    index.set(n.id, i);
    const lines = byName ? [`    id ${i}`, `    label ${gmlString(n.label!)}`, `    name ${gmlString(n.id)}`] : [`    id ${i}`, `    label ${gmlString(n.id)}`];
    if (!byName && n.label !== undefined) lines.push(`    name ${gmlString(n.label)}`);
    for (const c of nodeCols) {
      const v = columnValue(n, c.name, NODE_KNOWN_NAMES);
      if (v !== undefined && v !== null) lines.push(`    ${nodeKeys.get(c.name)} ${value(c, v)}`);
    }
    out.push('  node [', ...lines, '  ]');
  });
  for (const e of dataset.edges) {
    const lines = [`    source ${index.get(e.source)}`, `    target ${index.get(e.target)}`];
    for (const c of edgeCols) {
      const v = columnValue(e, c.name, EDGE_KNOWN_NAMES);
      if (v !== undefined && v !== null) lines.push(`    ${edgeKeys.get(c.name)} ${value(c, v)}`);
    }
    out.push('  edge [', ...lines, '  ]');
  }
  out.push(']');
  return out.join('\n') + '\n';
}
