import type { Snapshot } from '../../graph/snapshot.ts';

/**
 * k-core number of every node (NetworkX `core_number`): the largest k such that the node belongs
 * to a subgraph in which every node has degree ≥ k. Batagelj–Zaversnik bucket algorithm, O(n + m).
 * Degree counts distinct neighbours (the snapshot merges parallel ties and drops self-loops).
 */
export function coreNumbers(s: Snapshot): Int32Array {
  const n = s.n;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    deg[v] = s.offsets[v + 1] - s.offsets[v];
    if (deg[v] > maxDeg) maxDeg = deg[v];
  }
  // bin[d] = start of the block of nodes with current degree d in `vert`.
  const bin = new Int32Array(maxDeg + 2);
  for (let v = 0; v < n; v++) bin[deg[v]]++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const c = bin[d];
    bin[d] = start;
    start += c;
  }
  const vert = new Int32Array(n);
  const pos = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    pos[v] = bin[deg[v]];
    vert[pos[v]] = v;
    bin[deg[v]]++;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1];
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i];
    for (let j = s.offsets[v]; j < s.offsets[v + 1]; j++) {
      const u = s.targets[j];
      if (deg[u] > deg[v]) {
        // Move u to the front of its degree block, then shrink the block by one.
        const du = deg[u],
          pu = pos[u],
          pw = bin[du],
          w = vert[pw];
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]++;
        deg[u]--;
      }
    }
  }
  return deg;
}
