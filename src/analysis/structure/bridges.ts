import type { Snapshot } from '../../graph/snapshot.ts';

/** Result of one iterative depth-first search with Tarjan's low-link values. */
export interface LowLink {
  /** Discovery time of each node. */
  disc: Int32Array;
  /** Lowest discovery time reachable from the node's DFS subtree with one back edge. */
  low: Int32Array;
  /** DFS parent (-1 for roots). */
  parent: Int32Array;
  /** Nodes in discovery (pre-)order: parents come before children. */
  preorder: Int32Array;
}

/**
 * Iterative DFS over every component (no recursion: graphs reach 1M nodes). `roots` are tried first,
 * in order, as DFS roots; the remaining components start at their lowest-indexed node.
 * The snapshot has no parallel edges, so skipping the parent *node* is the same as skipping the tree edge.
 */
export function lowLink(s: Snapshot, roots: readonly number[] = []): LowLink {
  const n = s.n;
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const preorder = new Int32Array(n);
  const iter = new Uint32Array(n);
  const stack = new Int32Array(n);
  let time = 0;
  const visit = (root: number) => {
    if (disc[root] !== -1) return;
    let top = 0;
    stack[top++] = root;
    disc[root] = low[root] = time;
    preorder[time++] = root;
    iter[root] = s.offsets[root];
    while (top > 0) {
      const u = stack[top - 1];
      if (iter[u] < s.offsets[u + 1]) {
        const v = s.targets[iter[u]++];
        if (disc[v] === -1) {
          parent[v] = u;
          disc[v] = low[v] = time;
          preorder[time++] = v;
          iter[v] = s.offsets[v];
          stack[top++] = v;
        } else if (v !== parent[u] && disc[v] < low[u]) {
          low[u] = disc[v];
        }
      } else {
        top--;
        const p = parent[u];
        if (p !== -1 && low[u] < low[p]) low[p] = low[u];
      }
    }
  };
  for (const r of roots) visit(r);
  for (let v = 0; v < n; v++) visit(v);
  return { disc, low, parent, preorder };
}

export interface CutStructure {
  /** Bridges as [u, v] snapshot indices with u < v, sorted. */
  bridges: [number, number][];
  /** Articulation points (cut vertices), ascending snapshot indices. */
  articulationPoints: number[];
}

/**
 * Bridges (ties whose removal disconnects the network) and articulation points (organisations whose
 * removal does), as NetworkX `bridges` / `articulation_points` on the merged simple graph. O(n + m).
 */
export function bridgesAndArticulationPoints(s: Snapshot): CutStructure {
  const { disc, low, parent } = lowLink(s);
  const bridges: [number, number][] = [];
  const isCut = new Uint8Array(s.n);
  const rootChildren = new Int32Array(s.n);
  for (let v = 0; v < s.n; v++) {
    const p = parent[v];
    if (p === -1) continue;
    if (low[v] > disc[p]) bridges.push(p < v ? [p, v] : [v, p]);
    if (parent[p] === -1) rootChildren[p]++;
    else if (low[v] >= disc[p]) isCut[p] = 1;
  }
  const articulationPoints: number[] = [];
  for (let v = 0; v < s.n; v++) if (isCut[v] || rootChildren[v] > 1) articulationPoints.push(v);
  bridges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { bridges, articulationPoints };
}

/** For each node, the nearest single point of failure between it and the anchor of its component. */
export interface AnchorCuts {
  /** DFS root (anchor) of each node's component. */
  anchor: Int32Array;
  /**
   * Nearest node w ≠ v through which every path from v to its anchor passes (an articulation point,
   * or the anchor itself when the last step is a bridge); -1 when v has two independent routes.
   */
  cut: Int32Array;
  /** When the separation is a bridge, its endpoint on v's side (the bridge is cut[v]–bridgeEnd[v]); else -1. */
  bridgeEnd: Int32Array;
  /** DFS parent, for walking further separators: the next one beyond w is cut[w]. */
  parent: Int32Array;
}

/**
 * Single points of failure towards chosen anchors (e.g. the best-connected hub of each component).
 * Removing the anchor itself does not count as cutting a node off from it, but a bridge into the
 * anchor does. Components without an anchor in `anchors` use their lowest-indexed node.
 */
export function cutsToAnchors(s: Snapshot, anchors: readonly number[]): AnchorCuts {
  const { disc, low, parent, preorder } = lowLink(s, anchors);
  const n = s.n;
  const anchor = new Int32Array(n);
  const cut = new Int32Array(n).fill(-1);
  const bridgeEnd = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = preorder[i];
    const p = parent[v];
    if (p === -1) {
      anchor[v] = v;
      continue;
    }
    anchor[v] = anchor[p];
    const separates = low[v] >= disc[p];
    const isBridge = low[v] > disc[p];
    if (separates && (parent[p] !== -1 || isBridge)) {
      cut[v] = p;
      bridgeEnd[v] = isBridge ? v : -1;
    } else {
      cut[v] = cut[p];
      bridgeEnd[v] = bridgeEnd[p];
    }
  }
  return { anchor, cut, bridgeEnd, parent };
}
