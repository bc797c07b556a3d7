import type { Dataset, HubEdge, HubNode, NodeType } from '../model/index.ts';
import { NODE_TYPES } from '../model/index.ts';

/** Organisation types: `--onto organisation` projects all of them at once. */
export const ORGANISATION_TYPES: readonly NodeType[] = NODE_TYPES.filter((t) => t !== 'teacher' && t !== 'project' && t !== 'other');

export interface ProjectionOptions {
  /** Node types kept (the projected side), e.g. ['teacher'] or ORGANISATION_TYPES. */
  onto: readonly NodeType[];
  /** Node types linking them (the other side). Default ['project'], or every other type when projecting onto projects. */
  via?: readonly NodeType[];
  /**
   * `count` (default): weight = number of shared via-nodes (NetworkX weighted_projected_graph).
   * `newman`: each shared via-node with k members of the projected side adds 1/(k−1)
   * (Newman 2001, NetworkX collaboration_weighted_projected_graph).
   */
  weighting?: 'count' | 'newman';
}

/**
 * One-mode projection of a two-mode network: two kept nodes are tied when they share a via-node
 * (e.g. teachers in the same project), whatever the edge type or direction of their membership.
 * Every kept node stays, isolated or not. Edges are `collaboration`, with `attrs.shared` = number of
 * shared via-nodes, dated from the earliest start to the latest end of the shared via-nodes (each
 * via-node's period is that of its membership ties; an undated one leaves that side open).
 */
export function projectBipartite(dataset: Pick<Dataset, 'nodes' | 'edges' | 'meta'>, options: ProjectionOptions): Dataset {
  const onto = new Set<string>(options.onto);
  const via = new Set<string>(options.via ?? (onto.has('project') ? NODE_TYPES.filter((t) => !onto.has(t)) : ['project']));
  for (const t of onto) if (via.has(t)) throw new Error(`node type "${t}" cannot be on both sides of a projection`);
  const weighting = options.weighting ?? 'count';

  const index = new Map<string, number>();
  dataset.nodes.forEach((n, i) => index.set(n.id, i));
  const side = dataset.nodes.map((n) => (onto.has(n.type) ? 1 : via.has(n.type) ? 2 : 0));
  // Members of each via-node, de-duplicated (two edges to the same project count once), and the
  // via-node's period: earliest start and latest end of its membership ties (null = open).
  const members = new Map<number, Set<number>>();
  const period = new Map<number, { start: string | null; end: string | null }>();
  for (const e of dataset.edges) {
    const s = index.get(e.source),
      t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    let member: number, group: number;
    if (side[s] === 1 && side[t] === 2) {
      member = s;
      group = t;
    } else if (side[s] === 2 && side[t] === 1) {
      member = t;
      group = s;
    } else continue;
    let set = members.get(group);
    if (!set) members.set(group, (set = new Set()));
    set.add(member);
    const p = period.get(group);
    const start = e.start ?? null,
      end = e.end ?? null;
    if (!p) period.set(group, { start, end });
    else {
      p.start = p.start === null || start === null ? null : day(start) < day(p.start) ? start : p.start;
      p.end = p.end === null || end === null ? null : day(end) > day(p.end) ? end : p.end;
    }
  }

  const n = dataset.nodes.length;
  const pairs = new Map<number, { w: number; shared: number; start: string | null; end: string | null }>();
  for (const [group, set] of members) {
    const gp = period.get(group)!;
    const list = [...set].sort((a, b) => a - b);
    const k = list.length;
    if (k < 2) continue;
    const add = weighting === 'newman' ? 1 / (k - 1) : 1;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const key = list[i] * n + list[j];
        const p = pairs.get(key);
        if (p) {
          p.w += add;
          p.shared++;
          p.start = p.start === null || gp.start === null ? null : day(gp.start) < day(p.start) ? gp.start : p.start;
          p.end = p.end === null || gp.end === null ? null : day(gp.end) > day(p.end) ? gp.end : p.end;
        } else pairs.set(key, { w: add, shared: 1, start: gp.start, end: gp.end });
      }
    }
  }

  const nodes: HubNode[] = dataset.nodes.filter((nd) => onto.has(nd.type));
  const edges: HubEdge[] = [];
  const keys = [...pairs.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const p = pairs.get(key)!;
    const a = Math.floor(key / n),
      b = key - a * n;
    const edge: HubEdge = { source: dataset.nodes[a].id, target: dataset.nodes[b].id, type: 'collaboration', weight: p.w, attrs: { shared: p.shared } };
    if (p.start !== null) edge.start = p.start;
    if (p.end !== null) edge.end = p.end;
    edges.push(edge);
  }
  const what = `${[...onto].join('+')} via ${[...via].join('+')}`;
  return {
    meta: { ...dataset.meta, description: `One-mode projection (${weighting}) onto ${what}${dataset.meta?.name ? ` of ${dataset.meta.name}` : ''}` },
    nodes,
    edges,
  };
}

const day = (d: string) => d.slice(0, 10);

/** Parse `--onto` text: a node type, `organisation`, or a comma list of them. */
export function parseNodeTypes(text: string): NodeType[] | string {
  const out = new Set<NodeType>();
  for (const raw of text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (raw === 'organisation' || raw === 'organization') ORGANISATION_TYPES.forEach((t) => out.add(t));
    else if ((NODE_TYPES as readonly string[]).includes(raw)) out.add(raw as NodeType);
    else return `unknown node type "${raw}": expected one of ${NODE_TYPES.join(', ')} or organisation`;
  }
  if (out.size === 0) return `expected one of ${NODE_TYPES.join(', ')} or organisation`;
  return [...out];
}
