import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateEdges } from '../../bench/generate-graph.ts';
import { csrFromEdges, doubleEdgeSwap, edgeList, EdgeSet, eiOfCodes, gnm, STATISTICS } from '../../src/analysis/significance/null-models.ts';
import { significance, SignificanceResultSchema } from '../../src/analysis/significance/significance.ts';
import { eiIndex } from '../../src/analysis/structure/mixing.ts';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { DatasetSchema, type Dataset } from '../../src/model/index.ts';
import { createRng } from '../../src/util/random.ts';
import { loadReferenceDataset } from './reference-helpers.ts';

const SCRIPT = fileURLToPath(new URL('../fixtures/scripts/null_ref.py', import.meta.url));
const SAMPLES = 120;

/** A dataset with a seeded random region on every node (E-I needs a grouping). */
function withRegions(d: Dataset, seed: number): Dataset {
  const rng = createRng(seed);
  return { ...d, nodes: d.nodes.map((n) => ({ ...n, region: `r${Math.floor(rng() * 3)}` })) };
}

function holmeKim(n: number, seed: number): Dataset {
  const g = generateEdges({ nodes: n, edgesPerNode: 3, seed });
  return DatasetSchema.parse({
    nodes: Array.from({ length: n }, (_, v) => ({ id: `v${v}`, type: 'other' })),
    edges: Array.from(g.source, (a, i) => ({ source: `v${a}`, target: `v${g.target[i]}` })),
  });
}

function networkxNull(d: Dataset, model: 'degree' | 'erdos-renyi'): Record<string, number[]> {
  const s = buildSnapshot(d, { weighted: false });
  const el = edgeList(s);
  const codes = new Map<string, number>();
  const code = s.nodes.map((n) => (n.region ? (codes.get(n.region) ?? codes.set(n.region, codes.size).get(n.region)!) : -1));
  const input = JSON.stringify({ n: s.n, edges: Array.from(el.src, (u, i) => [u, el.dst[i]]), codes: code, samples: SAMPLES, seed: 7, model });
  return JSON.parse(execFileSync('/usr/bin/python3', [SCRIPT], { input, maxBuffer: 1 << 26 }).toString()) as Record<string, number[]>;
}

const meanSd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { m, sd: Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) };
};

describe('null models agree with NetworkX', () => {
  const cases: [string, Dataset, 'degree' | 'erdos-renyi'][] = [
    ['karate, degree-preserving', withRegions(loadReferenceDataset('karate'), 1), 'degree'],
    ['les-miserables, degree-preserving', withRegions(loadReferenceDataset('les-miserables'), 2), 'degree'],
    ['Holme–Kim 120, degree-preserving', withRegions(holmeKim(120, 4), 3), 'degree'],
    ['les-miserables, G(n, m)', withRegions(loadReferenceDataset('les-miserables'), 2), 'erdos-renyi'],
  ];
  for (const [name, d, model] of cases) {
    it(`${name}: null means within 3 standard errors of NetworkX's, for every statistic`, async () => {
      const ours = await significance(d, { samples: SAMPLES, null: model, seed: 3, workers: 2 });
      SignificanceResultSchema.parse(ours);
      const ref = networkxNull(d, model);
      if (model === 'degree') expect(ours.settings.meanSwaps).toBeGreaterThanOrEqual(10 * ours.edges);
      for (const t of ours.tests) {
        const { m, sd } = meanSd(ref[t.stat]);
        const se = Math.sqrt((t.nullSd! ** 2 + sd ** 2) / SAMPLES);
        expect(Math.abs(t.nullMean! - m), `${t.stat}: ours ${t.nullMean} vs NetworkX ${m} (se ${se})`).toBeLessThanOrEqual(3 * se);
        // Spread agrees too (within 30 %: the sd of a sd over 120 samples is ~7 %).
        expect(t.nullSd! / sd).toBeGreaterThan(0.7);
        expect(t.nullSd! / sd).toBeLessThan(1.3);
      }
    }, 120_000);
  }
});

describe('significance', () => {
  it('is identical for any thread count, and real structure stands out', async () => {
    const d = withRegions(loadReferenceDataset('les-miserables'), 2);
    const a = await significance(d, { samples: 24, seed: 5, workers: 1 });
    const b = await significance(d, { samples: 24, seed: 5, workers: 2 });
    expect(b.tests).toEqual(a.tests);
    const mod = a.tests.find((t) => t.stat === 'modularity')!;
    expect(mod.z!).toBeGreaterThan(5);
    expect(mod.pGreater).toBeCloseTo(1 / 25, 12); // no null sample reaches it
    expect(a.tests.map((t) => t.stat)).toEqual([...STATISTICS]);
    const c = await significance(d, { samples: 24, seed: 6, workers: 1 });
    expect(c.tests).not.toEqual(a.tests);
  });

  it('double edge swaps keep every degree and the graph simple; G(n, m) keeps n and m', () => {
    const s = buildSnapshot(holmeKim(400, 9), { weighted: false });
    const g = edgeList(s);
    const before = Array.from({ length: s.n }, (_, v) => s.offsets[v + 1] - s.offsets[v]);
    const done = doubleEdgeSwap(g, 10 * g.src.length, createRng(1));
    expect(done).toBe(10 * g.src.length);
    const c = csrFromEdges(g);
    const seen = new Set<number>();
    for (let u = 0; u < c.n; u++) {
      expect(c.offsets[u + 1] - c.offsets[u]).toBe(before[u]);
      for (let i = c.offsets[u]; i < c.offsets[u + 1]; i++) {
        expect(c.targets[i]).not.toBe(u);
        if (i > c.offsets[u]) expect(c.targets[i]).toBeGreaterThan(c.targets[i - 1]); // sorted, no duplicates
        if (u < c.targets[i]) seen.add(u * c.n + c.targets[i]);
      }
    }
    expect(seen.size).toBe(g.src.length);
    let moved = 0;
    for (let u = 0; u < s.n; u++) for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) if (!seen.has(u * s.n + s.targets[i]) && u < s.targets[i]) moved++;
    expect(moved / g.src.length).toBeGreaterThan(0.8); // well mixed
    const r = gnm(100, 300, createRng(2));
    expect(new Set(Array.from(r.src, (u, i) => u * 100 + r.dst[i])).size).toBe(300);
  });

  it('EdgeSet survives heavy insert/delete churn (backward-shift deletion)', () => {
    const set = new EdgeSet(1000, 500);
    const ref = new Set<number>();
    const rng = createRng(3);
    for (let t = 0; t < 20000; t++) {
      const u = Math.floor(rng() * 1000),
        v = Math.floor(rng() * 1000);
      if (u === v) continue;
      const k = Math.min(u, v) * 1000 + Math.max(u, v);
      if (ref.has(k)) {
        set.delete(u, v);
        ref.delete(k);
      } else if (ref.size < 500) {
        set.add(u, v);
        ref.add(k);
      }
      const a = Math.floor(rng() * 1000),
        b = Math.floor(rng() * 1000);
      if (a !== b) expect(set.has(a, b)).toBe(ref.has(Math.min(a, b) * 1000 + Math.max(a, b)));
    }
    for (const k of ref) expect(set.has(Math.floor(k / 1000), k % 1000)).toBe(true);
  });

  it('the E-I statistic equals eiIndex on the observed network', () => {
    const d = withRegions(loadReferenceDataset('karate'), 1);
    const s = buildSnapshot(d, { weighted: false });
    const codes = new Map<string, number>();
    const code = Int32Array.from(s.nodes, (n) => codes.get(n.region!) ?? codes.set(n.region!, codes.size).get(n.region!)!);
    expect(eiOfCodes(s, code)).toBeCloseTo(eiIndex(s, 'region').index, 12);
  });
});
