/**
 * A layout in O(n + m) for the first map of a large version (ForceAtlas2 takes a minute or more at 100k nodes):
 * each connected component as the rings of its breadth-first search from its best-connected node (ring d: the nodes
 * d hops away), each ring in the order the search reached it, so a node's children sit side by side outside it;
 * components packed in rows, largest first. The refined ForceAtlas2 layout replaces it when its worker is done (routes/graph.ts).
 */

/** The adjacency the seed reads: an undirected CSR (the snapshot's `offsets` and `targets`). */
export interface SeedGraph {
  n: number;
  offsets: ArrayLike<number>;
  targets: ArrayLike<number>;
}

export interface SeedPositions {
  x: Float64Array;
  y: Float64Array;
}

/**
 * Positions by node index. Deterministic: the same adjacency gives the same positions. Within a component, ring d
 * holds the nodes d hops from its root, in an annulus whose area is in proportion to its nodes (one unit² a node), so
 * no ring is crowded; nodes are about one unit apart, each as near its parent's angle as its ring allows.
 */
export function seedLayout(g: SeedGraph): SeedPositions {
  const { n, offsets, targets } = g;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (!n) return { x, y };
  // Roots in order of degree (highest first, ties by index): each component's BFS starts at its hub.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const degree = (v: number) => offsets[v + 1] - offsets[v];
  order.sort((a, b) => degree(b) - degree(a) || a - b);

  const depth = new Int32Array(n);
  const seen = new Uint8Array(n);
  const bfs = new Uint32Array(n); // every component's BFS order, one after another
  const parent = new Int32Array(n).fill(-1);
  const theta = new Float64Array(n); // angle around the component's root
  const components: { from: number; to: number; x: number; y: number; r: number }[] = [];
  let filled = 0;
  for (const root of order) {
    if (seen[root]) continue;
    const from = filled;
    seen[root] = 1;
    bfs[filled++] = root;
    for (let head = from; head < filled; head++) {
      const u = bfs[head];
      for (let k = offsets[u]; k < offsets[u + 1]; k++) {
        const v = targets[k];
        if (seen[v]) continue;
        seen[v] = 1;
        parent[v] = u;
        depth[v] = depth[u] + 1;
        bfs[filled++] = v;
      }
    }
    const to = filled;
    // Ring d is the annulus holding the area of its nodes (one unit² a node) outside the rings inside it, at least
    // one unit thick (a chain far out must not be squeezed into a line), split into sub-rings about one unit thick.
    // BFS order is ring by ring, and within a ring in the order of the parents.
    const rings: number[] = [];
    for (let i = from; i < to; i++) rings[depth[bfs[i]]] = (rings[depth[bfs[i]]] ?? 0) + 1;
    const inner: number[] = [0];
    for (let d = 0; d < rings.length; d++) inner[d + 1] = Math.max(inner[d] + 1, Math.sqrt(inner[d] ** 2 + rings[d] / Math.PI));
    theta[root] = 0;
    for (let d = 1, a = from + 1; d < rings.length; a += rings[d++]) placeRing(bfs, a, a + rings[d], inner[d], inner[d + 1], d === 1, parent, theta, x, y);
    const radius = inner[rings.length];
    components.push({ from, to, x: 0, y: 0, r: Math.max(0.5, radius) });
  }
  // Rows of components, largest first (the BFS roots came in degree order; sort by size for the packing).
  components.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  let area = 0;
  for (const c of components) area += (2 * c.r + 1) ** 2;
  const rowWidth = Math.max(Math.sqrt(area), 2 * components[0].r + 1);
  let cx = 0;
  let cy = 0;
  let rowHeight = 0;
  for (const c of components) {
    const d = 2 * c.r + 1;
    if (cx > 0 && cx + d > rowWidth) {
      cx = 0;
      cy += rowHeight;
      rowHeight = 0;
    }
    c.x = cx + d / 2;
    c.y = cy + d / 2;
    cx += d;
    rowHeight = Math.max(rowHeight, d);
  }
  for (const c of components)
    for (let i = c.from; i < c.to; i++) {
      const v = bfs[i];
      x[v] = Math.round((x[v] + c.x) * 1000) / 1000;
      y[v] = Math.round((c.y - y[v]) * 1000) / 1000;
    }
  return { x, y };
}

/**
 * Places the ring bfs[a..b) in the annulus inner..outer. A thin ring with room to spare puts each node as near its
 * parent's angle as the spacing of one unit allows (greedy in order, then centred on the parents); a full ring, or
 * the first around the root, fills its sub-rings column by column, evenly, turned to line up with the parents.
 */
function placeRing(
  bfs: Uint32Array,
  a: number,
  b: number,
  inner: number,
  outer: number,
  first: boolean,
  parent: Int32Array,
  theta: Float64Array,
  x: Float64Array,
  y: Float64Array,
): void {
  const k = b - a;
  const thick = outer - inner;
  const sub = Math.max(1, Math.min(k, Math.round(thick)));
  const mid = inner + thick / 2;
  const gap = 1 / mid;
  let placed = false;
  if (!first && sub === 1 && k * gap < 2 * Math.PI) {
    let prev = -Infinity;
    let shift = 0;
    for (let i = a; i < b; i++) {
      const want = theta[parent[bfs[i]]];
      const t = Math.max(want, prev + gap);
      theta[bfs[i]] = t;
      shift += t - want;
      prev = t;
    }
    placed = prev - theta[bfs[a]] <= 2 * Math.PI - gap;
    if (placed) for (let i = a; i < b; i++) theta[bfs[i]] -= shift / k;
  }
  const columns = Math.ceil(k / sub);
  if (!placed) {
    // Evenly, then turned by the circular mean of (parent's angle − own angle), so the ring lines up with the one inside.
    let sin = 0;
    let cos = 0;
    for (let i = a; i < b; i++) {
      const t = (2 * Math.PI * (Math.floor((i - a) / sub) + 0.5)) / columns;
      theta[bfs[i]] = t;
      if (!first) {
        sin += Math.sin(theta[parent[bfs[i]]] - t);
        cos += Math.cos(theta[parent[bfs[i]]] - t);
      }
    }
    const turn = first ? 0 : Math.atan2(sin, cos);
    for (let i = a; i < b; i++) theta[bfs[i]] += turn;
  }
  for (let i = a; i < b; i++) {
    const v = bfs[i];
    const r = placed ? mid : inner + (((i - a) % sub) + 0.5) * (thick / sub);
    x[v] = r * Math.cos(theta[v]);
    y[v] = r * Math.sin(theta[v]);
  }
}
