import { createRng } from '../../src/util/random.ts';

/**
 * Groups of 30 candidates (40 groups): feature `a` orders candidates within a group (two positives
 * per group, drawn in proportion to exp(2a)); feature `level` is constant within a group, so it only
 * separates groups. The shared fixture of the grouped-objective tests (deterministic under `seed`).
 */
export function candidateGroups(seed: number): { X: Float64Array; y: Uint8Array; group: Int32Array } {
  const rng = createRng(seed);
  const G = 40,
    m = 30,
    n = G * m;
  const X = new Float64Array(n * 2),
    y = new Uint8Array(n),
    group = new Int32Array(n);
  for (let k = 0; k < G; k++) {
    const level = rng() * 10;
    for (let i = 0; i < m; i++) {
      const r = k * m + i;
      X[2 * r] = rng() * 3;
      X[2 * r + 1] = level;
      group[r] = k;
    }
    for (let pick = 0; pick < 2; pick++) {
      let total = 0;
      for (let i = 0; i < m; i++) if (!y[k * m + i]) total += Math.exp(2 * X[2 * (k * m + i)]);
      let r = rng() * total;
      for (let i = 0; i < m; i++) {
        if (y[k * m + i]) continue;
        r -= Math.exp(2 * X[2 * (k * m + i)]);
        if (r < 0) {
          y[k * m + i] = 1;
          break;
        }
      }
    }
  }
  return { X, y, group };
}
