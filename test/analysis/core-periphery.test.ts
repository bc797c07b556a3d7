import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateEdges } from '../../bench/generate-graph.ts';
import { analyze } from '../../src/analysis/analyze.ts';
import { corePeriphery, correlationFit } from '../../src/analysis/structure/core-periphery.ts';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { createRng } from '../../src/util/random.ts';
import { loadReference, REFERENCE_NETWORKS } from './reference-helpers.ts';

const SCRIPT = fileURLToPath(new URL('../fixtures/scripts/core_periphery_ref.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

function snapshotOf(n: number, edges: [number, number, number][]): Snapshot {
  return buildSnapshot(
    DatasetSchema.parse({
      nodes: Array.from({ length: n }, (_, v) => ({ id: `v${v}`, type: 'other' })),
      edges: edges.map(([a, b, w]) => ({ source: `v${a}`, target: `v${b}`, weight: w })),
    }),
  );
}

/** Each tie once, as the reference script wants it. */
function edgesOf(s: Snapshot, weighted: boolean): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let u = 0; u < s.n; u++)
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) if (u < s.targets[i]) out.push([u, s.targets[i], weighted ? s.weights[i] : 1]);
  return out;
}

/** The correlation fit straight from its definition: every ordered pair i ≠ j, two n² vectors. */
function bruteFit(s: Snapshot, c: ArrayLike<number>, weighted: boolean): number {
  const a: number[] = [],
    d: number[] = [];
  const A = new Map<number, number>();
  for (const [u, v, w] of edgesOf(s, weighted)) A.set(u * s.n + v, w).set(v * s.n + u, w);
  for (let i = 0; i < s.n; i++)
    for (let j = 0; j < s.n; j++) {
      if (i === j) continue;
      a.push(A.get(i * s.n + j) ?? 0);
      d.push(c[i] * c[j]);
    }
  const mean = (x: number[]) => x.reduce((p, q) => p + q, 0) / x.length;
  const ma = mean(a),
    md = mean(d);
  let sad = 0,
    saa = 0,
    sdd = 0;
  for (let k = 0; k < a.length; k++) {
    sad += (a[k] - ma) * (d[k] - md);
    saa += (a[k] - ma) ** 2;
    sdd += (d[k] - md) ** 2;
  }
  return sad / Math.sqrt(saa * sdd);
}

describe('Borgatti–Everett continuous core–periphery', () => {
  it('recovers a hand-made exact pattern: ties valued c_i·c_j for c = (3, 2, 1, 1) give coreness c/√15 and fit 1', () => {
    // a_ij = c_i c_j off the diagonal: the least-squares error is 0 exactly at c (unique up to sign).
    const c = [3, 2, 1, 1];
    const edges: [number, number, number][] = [];
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) edges.push([i, j, c[i] * c[j]]);
    const r = corePeriphery(snapshotOf(4, edges), { tolerance: 1e-13 });
    expect(r.converged).toBe(true);
    const norm = Math.sqrt(15);
    for (let v = 0; v < 4; v++) expect(r.coreness[v]).toBeCloseTo(c[v] / norm, 9);
    expect(r.fit).toBeCloseTo(1, 9);
  });

  it('a clique with isolated nodes is the ideal binary pattern: coreness 1/√3 in the clique, 0 outside, fit 1', () => {
    const r = corePeriphery(
      snapshotOf(5, [
        [0, 1, 1],
        [1, 2, 1],
        [0, 2, 1],
      ]),
    );
    for (const v of [0, 1, 2]) expect(r.coreness[v]).toBeCloseTo(1 / Math.sqrt(3), 9);
    expect([r.coreness[3], r.coreness[4]]).toEqual([0, 0]);
    expect(r.fit).toBeCloseTo(1, 9);
  });

  it('hand-derived: two tied core nodes and three leaves tied to both — y/x is the root of 3t⁴ + t³ + t − 1 near 0.5523', () => {
    // By symmetry c = (x, x, y, y, y). Stationarity of Σ_{i≠j} (a_ij − c_i c_j)², c_i Σ_{j≠i} c_j² = Σ_j a_ij c_j:
    //   core:      x (x² + 3y²) = x + 3y
    //   periphery: y (2x² + 2y²) = 2x, so x² (1 + t²) = 1/t with t = y/x.
    // Substituting x² in the first: (1 + 3t²) = t (1 + t²)(1 + 3t), i.e. 3t⁴ + t³ + t − 1 = 0,
    // whose positive root lies between 0.5522 (−0.0005) and 0.5530 (+0.0027).
    const s = snapshotOf(5, [
      [0, 1, 1],
      [0, 2, 1],
      [0, 3, 1],
      [0, 4, 1],
      [1, 2, 1],
      [1, 3, 1],
      [1, 4, 1],
    ]);
    const r = corePeriphery(s, { tolerance: 1e-13 });
    const [x, x2, y, y2, y3] = r.coreness;
    expect(x2).toBeCloseTo(x, 9);
    expect([y2, y3]).toEqual([expect.closeTo(y, 9), expect.closeTo(y, 9)]);
    const t = y / x;
    expect(3 * t ** 4 + t ** 3 + t - 1).toBeCloseTo(0, 9);
    expect(t).toBeGreaterThan(0.5522);
    expect(t).toBeLessThan(0.553);
    // Unit norm: 2x² + 3y² = 1.
    expect(x).toBeCloseTo(1 / Math.sqrt(2 + 3 * t * t), 9);
    expect(r.fit).toBeCloseTo(bruteFit(s, r.coreness, true), 12);
  });

  it('the O(m) correlation fit equals the fit over all n(n−1) pairs', () => {
    const s = loadReference('florentine').snapshot;
    const rng = createRng(4);
    const c = Array.from({ length: s.n }, () => rng());
    expect(correlationFit(s, c, false)).toBeCloseTo(bruteFit(s, c, false), 12);
    expect(correlationFit(s, c, true)).toBeCloseTo(bruteFit(s, c, true), 12);
  });

  it('converges on a hub-dominated Holme–Kim graph (20k nodes) within 300 iterations (coordinate descent needed 526), to a stationary point', () => {
    // Its minimum puts one hub far above the rest, the case where coordinate descent crawled (over
    // 1,000 sweeps at 100k/500k). Stationarity is checked here from its definition, on the
    // returned unit-norm coreness rescaled by its optimal factor t² = ĉAĉ / (1 − Σĉ⁴).
    const g = generateEdges({ nodes: 20_000, edgesPerNode: 5, seed: 2 });
    const s = snapshotOf(
      20_000,
      Array.from(g.source, (a, i) => [a, g.target[i], 1] as [number, number, number]),
    );
    const r = corePeriphery(s, { weighted: false, maxIterations: 300 });
    expect(r.converged).toBe(true);
    const c = r.coreness;
    const ac = new Float64Array(s.n);
    for (let v = 0; v < s.n; v++) for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) ac[v] += c[s.targets[i]];
    let cac = 0,
      c4 = 0;
    for (let v = 0; v < s.n; v++) {
      cac += c[v] * ac[v];
      c4 += c[v] ** 4;
    }
    const t2 = cac / (1 - c4);
    let worst = 0,
      scale = 0;
    // With x = t·ĉ: x_v(S − x_v²) − (A x)_v = t·[t²·ĉ_v(1 − ĉ_v²) − (Aĉ)_v].
    for (let v = 0; v < s.n; v++) {
      worst = Math.max(worst, Math.abs(t2 * c[v] * (1 - c[v] * c[v]) - ac[v]));
      scale = Math.max(scale, Math.abs(ac[v]));
    }
    expect(worst / scale).toBeLessThan(1e-8);
    const sorted = Array.from(c).sort((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(100 * sorted[1]); // the dominant hub
  });

  it('is null where the correlation is undefined: no ties, a complete graph', () => {
    expect(corePeriphery(snapshotOf(3, [])).fit).toBeNull();
    const k4: [number, number, number][] = [];
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) k4.push([i, j, 1]);
    const r = corePeriphery(snapshotOf(4, k4));
    expect(r.fit).toBeNull();
    for (let v = 0; v < 4; v++) expect(r.coreness[v]).toBeCloseTo(0.5, 9);
  });

  const haveScipy = existsSync(PYTHON);
  const cases: [string, () => Snapshot, boolean][] = [
    ...REFERENCE_NETWORKS.map((name): [string, () => Snapshot, boolean] => [name, () => loadReference(name).snapshot, false]),
    ['les-miserables (valued)', () => loadReference('les-miserables').snapshot, true],
    [
      'Holme–Kim 300 (seed 7, valued)',
      () => {
        const g = generateEdges({ nodes: 300, edgesPerNode: 3, seed: 7 });
        return snapshotOf(
          300,
          Array.from(g.source, (a, i) => [a, g.target[i], g.weight[i]] as [number, number, number]),
        );
      },
      true,
    ],
  ];
  for (const [name, make, weighted] of cases) {
    it.skipIf(!haveScipy)(`${name}: equal to a numpy/scipy least-squares fit (L-BFGS from the leading eigenvector)`, () => {
      const s = make();
      const ours = corePeriphery(s, { weighted });
      const ref = JSON.parse(execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify({ n: s.n, edges: edgesOf(s, weighted) }) }).toString()) as {
        coreness: number[];
        fit: number | null;
      };
      expect(ours.converged).toBe(true);
      let worst = 0;
      for (let v = 0; v < s.n; v++) worst = Math.max(worst, Math.abs(ours.coreness[v] - ref.coreness[v]));
      expect(worst).toBeLessThan(1e-5);
      expect(ours.fit).toBeCloseTo(ref.fit!, 6);
    });
  }

  it('analyze --metrics coreperiphery writes coreness per node and the fit, beside k-core', async () => {
    const { dataset } = loadReference('karate');
    const r = await analyze(dataset, { metrics: ['core', 'coreperiphery'], weighted: false });
    const direct = corePeriphery(buildSnapshot(dataset), { weighted: false });
    expect(r.nodes.map((n) => n.coreness)).toEqual(Array.from(direct.coreness));
    expect(r.graph.corePeripheryFit).toBe(direct.fit);
    expect(r.nodes.every((n) => typeof n.core === 'number')).toBe(true);
    // The highest-coreness nodes of Zachary's club are its two leaders (1 and 34 in the usual numbering).
    const top = [...r.nodes].sort((a, b) => (b.coreness ?? 0) - (a.coreness ?? 0)).slice(0, 2);
    expect(top.map((n) => n.label ?? n.id).sort()).toEqual(
      dataset.nodes
        .filter((n) => ['m0', 'm33'].includes(n.id))
        .map((n) => n.label ?? n.id)
        .sort(),
    );
  });
});
