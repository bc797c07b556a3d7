import {
  DEFAULT_EDGE_KIND,
  DEFAULT_NODE_KIND,
  DIRECTED_BY_DEFAULT,
  EDGE_TYPES,
  NODE_TYPES,
  TypeMapSchema,
  type EdgeType,
  type HubEdge,
  type NodeType,
  type OwnTypeUse,
  type TypeMap,
} from '../model/index.ts';
import { Bad, EDGE_TYPE_EXPECTED, NODE_TYPE_EXPECTED, toText } from './fields.ts';

export type { OwnTypeUse };

const NODE_KINDS = new Map<string, NodeType>(NODE_TYPES.map((t) => [t, t]));
const EDGE_KINDS = new Map<string, EdgeType>(EDGE_TYPES.map((t) => [t, t]));

interface NodeEntry {
  kind: NodeType;
}
interface EdgeEntry {
  kind?: EdgeType;
  directed?: boolean;
}

/** A map keyed by exact name, with a case-insensitive fallback. */
class Lookup<T> {
  private readonly exact = new Map<string, T>();
  private readonly folded = new Map<string, T>();
  set(name: string, v: T): void {
    this.exact.set(name, v);
    const f = name.trim().toLowerCase();
    if (!this.folded.has(f)) this.folded.set(f, v);
  }
  get(name: string): T | undefined {
    return this.exact.get(name) ?? this.exact.get(name.trim()) ?? this.folded.get(name.trim().toLowerCase());
  }
}

/**
 * Parses a type map (JSON text or object): `{"nodes": {"NGO": "community", "person": "teacher"},
 * "edges": {"advice": {"kind": "mentoring", "directed": true}, "friendship": "collaboration"}}`.
 * Returns the problems as text when it is not one.
 */
export function parseTypeMap(raw: unknown): TypeMap | string {
  let v = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch (e) {
      return `the type map is not valid JSON (${(e as Error).message})`;
    }
  }
  const r = TypeMapSchema.safeParse(v);
  if (r.success) return r.data;
  return (
    r.error.issues.map((i) => `${i.path.join('.') || 'type map'}: ${i.message}`).join('; ') +
    ` — expected {"nodes": {"your type": "${NODE_TYPES.join('|')}"}, "edges": {"your type": "${EDGE_TYPES.join('|')}" or {"kind": …, "directed": true|false}}}`
  );
}

/**
 * Resolves the type values found in a file: a built-in kind (any case) is itself; anything else is
 * a type of the user's own, kept as the record's `ownType` and mapped to a built-in kind by the
 * type map (exact name first, then ignoring case), else `other` (nodes) / `collaboration` (ties).
 * A name the type map lists wins over a built-in kind of the same name.
 */
export class TypeResolver {
  private readonly nodeMap = new Lookup<NodeEntry>();
  private readonly edgeMap = new Lookup<EdgeEntry>();
  private readonly nodeUses = new Map<string, { kind: NodeType; count: number; mapped: boolean }>();
  private readonly ownEdgeIndex = new Map<string, number>();
  /** Own tie type names by code (see ownEdgeCode). */
  readonly ownEdgeNames: string[] = [];
  private readonly ownEdgeMapped: boolean[] = [];

  constructor(map: TypeMap | undefined) {
    for (const [name, e] of Object.entries(map?.nodes ?? {})) this.nodeMap.set(name, { kind: typeof e === 'string' ? e : e.kind });
    for (const [name, e] of Object.entries(map?.edges ?? {})) this.edgeMap.set(name, typeof e === 'string' ? { kind: e } : e);
  }

  /** The node kind and own type for a raw type value (`kind`: a kind our exports wrote beside an own type). */
  node(raw: unknown, kind?: unknown): { kind: NodeType; own?: string } | Bad {
    const name = toText(raw);
    if (name instanceof Bad) return new Bad(`a type name (${NODE_TYPE_EXPECTED}, or a type of your own)`);
    const mapped = this.nodeMap.get(name);
    const builtin = NODE_KINDS.get(name) ?? NODE_KINDS.get(name.trim().toLowerCase());
    const given = typeof kind === 'string' ? NODE_KINDS.get(kind.trim().toLowerCase()) : undefined;
    if (kind !== undefined && given === undefined) return new Bad(`hubgraph_type: ${NODE_TYPE_EXPECTED}`);
    if (!mapped && builtin && (given === undefined || given === builtin)) return { kind: builtin };
    const own = name.trim();
    const k = given ?? mapped?.kind ?? DEFAULT_NODE_KIND;
    return { kind: k, own };
  }

  countNode(kind: NodeType, own: string | undefined): void {
    if (own === undefined) return;
    const u = this.nodeUses.get(own);
    if (u) u.count++;
    else this.nodeUses.set(own, { kind, count: 1, mapped: this.nodeMap.get(own) !== undefined });
  }

  /** The tie kind, own type and the direction the type map gives (if any) for a raw type value. */
  edge(raw: unknown, kind?: unknown): { kind: EdgeType; own?: string; directed?: boolean } | Bad {
    const name = toText(raw);
    if (name instanceof Bad) return new Bad(`a type name (${EDGE_TYPE_EXPECTED}, or a type of your own)`);
    const mapped = this.edgeMap.get(name);
    const builtin = EDGE_KINDS.get(name) ?? EDGE_KINDS.get(name.trim().toLowerCase());
    const given = typeof kind === 'string' ? EDGE_KINDS.get(kind.trim().toLowerCase()) : undefined;
    if (kind !== undefined && kind !== '' && given === undefined) return new Bad(`hubgraph_type: ${EDGE_TYPE_EXPECTED}`);
    if (builtin && (given === undefined || given === builtin) && (!mapped || mapped.kind === undefined || mapped.kind === builtin)) {
      return { kind: builtin, directed: mapped?.directed };
    }
    return { kind: given ?? mapped?.kind ?? DEFAULT_EDGE_KIND, own: name.trim(), directed: mapped?.directed };
  }

  /** A small code for an own tie type (ties are stored column by column). */
  ownEdgeCode(name: string): number {
    let c = this.ownEdgeIndex.get(name);
    if (c === undefined) {
      c = this.ownEdgeNames.length;
      this.ownEdgeNames.push(name);
      this.ownEdgeMapped.push(this.edgeMap.get(name) !== undefined);
      this.ownEdgeIndex.set(name, c);
    }
    return c;
  }

  /** Own types in first-seen order with their counts (ties counted after merging). */
  uses(edges: readonly HubEdge[]): { nodes: OwnTypeUse[]; edges: OwnTypeUse[] } {
    const nodes = [...this.nodeUses].map(([ownType, u]) => ({ ownType, kind: u.kind, count: u.count, mapped: u.mapped }));
    const byName = new Map<string, OwnTypeUse>();
    for (const e of edges) {
      if (e.ownType === undefined) continue;
      const key = `${e.ownType}\u0000${e.type}`;
      let u = byName.get(key);
      if (!u) byName.set(key, (u = { ownType: e.ownType, kind: e.type, directed: 0, count: 0, mapped: this.edgeMap.get(e.ownType) !== undefined }));
      u.count++;
      if (e.directed ?? DIRECTED_BY_DEFAULT[e.type]) u.directed!++;
    }
    const order = new Map(this.ownEdgeNames.map((n, i) => [n, i]));
    const out = [...byName.values()].sort((a, b) => (order.get(a.ownType) ?? 0) - (order.get(b.ownType) ?? 0));
    return { nodes, edges: out };
  }

  /** "3 node types and 2 tie types of your own, mapped as: person → other (12), …" or null. */
  summary(u: { nodes: OwnTypeUse[]; edges: OwnTypeUse[] }): string | null {
    const nodeNames = new Set(u.nodes.map((x) => x.ownType)),
      edgeNames = new Set(u.edges.map((x) => x.ownType));
    if (!nodeNames.size && !edgeNames.size) return null;
    const plural = (n: number, what: string) => `${n} ${what} type${n === 1 ? '' : 's'}`;
    const parts = [nodeNames.size ? plural(nodeNames.size, 'node') : '', edgeNames.size ? plural(edgeNames.size, 'tie') : ''].filter(Boolean);
    const show = (x: OwnTypeUse, tie: boolean) => {
      const dir = tie && x.directed !== undefined ? (x.directed === x.count ? ', directed' : x.directed === 0 ? '' : `, ${x.directed} directed`) : '';
      return `${x.ownType} → ${x.kind} (${x.count}${dir}${x.mapped ? '' : ', default'})`;
    };
    const list = [...u.nodes.slice(0, 12).map((x) => show(x, false)), ...u.edges.slice(0, 12).map((x) => show(x, true))];
    const more = Math.max(0, u.nodes.length - 12) + Math.max(0, u.edges.length - 12);
    const anyDefault = u.nodes.some((x) => !x.mapped) || u.edges.some((x) => !x.mapped);
    return (
      `${parts.join(' and ')} of your own, mapped as: ${list.join(', ')}${more ? `, … and ${more} more` : ''}` +
      (anyDefault ? ` ("default": not in a type map, so ${DEFAULT_NODE_KIND} for nodes and ${DEFAULT_EDGE_KIND} for ties; map them with --type-map)` : '')
    );
  }
}
