/*
 * Whether a network is two-mode, by its node types and ties alone: the rule the Pajek writer
 * (src/io/pajek-write.ts) writes `*Vertices n n1` by, here with no imports so that the map's Export
 * menu (web/src/views/map-exports.ts) decides on the same rule which Pajek choices to offer.
 */

/** The two modes of a network written two-mode: node indices, rows first; each side's type when it has one. */
export interface TwoModeSplit {
  rows: number[];
  columns: number[];
  kinds: { rows?: string; columns?: string };
}

/**
 * Whether a network is two-mode, and its modes. A node's type is its own type, else its kind. The
 * network is two-mode when it has ties and its node types fall into two sides with every tie between
 * a node of one side and a node of the other — a tie within a type, types that no tie links to the
 * others, or an odd cycle of types make it one-mode. With the types linked (one component) the two
 * sides are fixed: DL and Pajek two-mode data (actor × event), CORDIS (company, university, research,
 * public, other × project). Rows are the side every tie starts from when all ties start on one side
 * (organisation → project), else the side of the first node. Ties must join nodes of `nodes`.
 */
export function twoModeSplitOf(
  nodes: readonly { id: string; type: string; ownType?: string | null }[],
  edges: readonly { source: string; target: string }[],
): TwoModeSplit | null {
  if (!edges.length || !nodes.length) return null;
  const typeOf = new Map<string, string>();
  for (const n of nodes) typeOf.set(n.id, n.ownType ?? n.type);
  const links = new Map<string, Set<string>>();
  for (const t of typeOf.values()) if (!links.has(t)) links.set(t, new Set());
  for (const e of edges) {
    const a = typeOf.get(e.source),
      b = typeOf.get(e.target);
    if (a === undefined || b === undefined || a === b) return null;
    links.get(a)!.add(b);
    links.get(b)!.add(a);
  }
  // Two-colour the types, from the first node's.
  const side = new Map<string, 0 | 1>();
  const first = typeOf.get(nodes[0].id)!;
  side.set(first, 0);
  const queue = [first];
  while (queue.length) {
    const t = queue.pop()!;
    for (const u of links.get(t)!) {
      const s = side.get(u);
      if (s === undefined) {
        side.set(u, side.get(t) === 0 ? 1 : 0);
        queue.push(u);
      } else if (s === side.get(t)) return null;
    }
  }
  if (side.size !== links.size) return null;
  const sideOf = (id: string) => side.get(typeOf.get(id)!)!;
  const from = sideOf(edges[0].source);
  const rowSide = edges.every((e) => sideOf(e.source) === from) ? from : 0;
  const rows: number[] = [],
    columns: number[] = [];
  const types = [new Set<string>(), new Set<string>()];
  nodes.forEach((n, i) => {
    const s = sideOf(n.id);
    (s === rowSide ? rows : columns).push(i);
    types[s === rowSide ? 0 : 1].add(typeOf.get(n.id)!);
  });
  const only = (s: Set<string>) => (s.size === 1 ? [...s][0] : undefined);
  return { rows, columns, kinds: { rows: only(types[0]), columns: only(types[1]) } };
}
