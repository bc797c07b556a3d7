/** What changed between two datasets: nodes by id, edges by (source, target, type) and occurrence. Pure. */
import type { Dataset, HubEdge, HubNode } from '../model/index.ts';
import { canonicalJson } from './cache.ts';

export interface NodeChange {
  id: string;
  fields: string[];
}
export interface EdgeKey {
  source: string;
  target: string;
  type: string;
}
export interface EdgeChange extends EdgeKey {
  fields: string[];
}

export interface DatasetDiff {
  nodes: { added: string[]; removed: string[]; changed: NodeChange[] };
  edges: { added: EdgeKey[]; removed: EdgeKey[]; changed: EdgeChange[] };
}

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>, skip: Set<string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    if (skip.has(k)) continue;
    if (k === 'attrs') {
      const aa = (a.attrs ?? {}) as Record<string, unknown>;
      const bb = (b.attrs ?? {}) as Record<string, unknown>;
      for (const ak of new Set([...Object.keys(aa), ...Object.keys(bb)])) if (canonicalJson(aa[ak]) !== canonicalJson(bb[ak])) out.push(`attrs.${ak}`);
    } else if (canonicalJson(a[k]) !== canonicalJson(b[k])) out.push(k);
  }
  return out.sort();
}

const NODE_SKIP = new Set(['id']);
const EDGE_SKIP = new Set(['source', 'target', 'type']);

/** Parallel edges of one (source, target, type) are matched in order of appearance. */
function edgeMap(edges: readonly HubEdge[]): Map<string, HubEdge> {
  const seen = new Map<string, number>();
  const out = new Map<string, HubEdge>();
  for (const e of edges) {
    const base = JSON.stringify([e.source, e.target, e.type]);
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    out.set(`${base}#${k}`, e);
  }
  return out;
}

const key = (e: HubEdge): EdgeKey => ({ source: e.source, target: e.target, type: e.type });

export function diffDatasets(from: Pick<Dataset, 'nodes' | 'edges'>, to: Pick<Dataset, 'nodes' | 'edges'>): DatasetDiff {
  const a = new Map<string, HubNode>(from.nodes.map((n) => [n.id, n]));
  const b = new Map<string, HubNode>(to.nodes.map((n) => [n.id, n]));
  const nodes: DatasetDiff['nodes'] = { added: [], removed: [], changed: [] };
  for (const [id, n] of b) {
    const old = a.get(id);
    if (!old) nodes.added.push(id);
    else {
      const fields = changedFields(old as Record<string, unknown>, n as Record<string, unknown>, NODE_SKIP);
      if (fields.length) nodes.changed.push({ id, fields });
    }
  }
  for (const id of a.keys()) if (!b.has(id)) nodes.removed.push(id);
  const ea = edgeMap(from.edges);
  const eb = edgeMap(to.edges);
  const edges: DatasetDiff['edges'] = { added: [], removed: [], changed: [] };
  for (const [k, e] of eb) {
    const old = ea.get(k);
    if (!old) edges.added.push(key(e));
    else {
      const fields = changedFields(old as Record<string, unknown>, e as Record<string, unknown>, EDGE_SKIP);
      if (fields.length) edges.changed.push({ ...key(e), fields });
    }
  }
  for (const [k, e] of ea) if (!eb.has(k)) edges.removed.push(key(e));
  return { nodes, edges };
}
