import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { candidateGroups } from './candidate-groups.ts';
import { DatasetSchema, type DatasetInput } from '../../src/model/index.ts';
import { trainPartnerModel, linearModel } from '../../src/match/learn.ts';
import { fitConditionalLogit } from '../../src/match/logistic.ts';
import { parsePartnerConfig, partnerSetup, rankPartners } from '../../src/match/partners.ts';
import {
  clearWalks,
  learnAffinity,
  partnerReach,
  ReachScratch,
  scorePairs,
  scoreReach,
  signalContext,
  SignalTable,
  walks3ToMany,
  walksFrom,
} from '../../src/match/signals.ts';
import type { TieGraph } from '../../src/match/ties.ts';
import { isoDay, organisationTies, tieGraph, tiePosition } from '../../src/match/ties.ts';
import { createRng } from '../../src/util/random.ts';
import { companyUniversityMasks, growingNetwork } from './growing-network.ts';

const ds = (input: DatasetInput) => DatasetSchema.parse(input);

/** NetworkX graph → numpy adjacency → truncated Katz β²A² + β³A³, for every pair (Debian python3-networkx, numpy). */
function numpyKatz(n: number, edges: [number, number][], beta: number): number[][] {
  const py = `
import json, sys
import networkx as nx
import numpy as np
d = json.load(sys.stdin)
G = nx.Graph()
G.add_nodes_from(range(d["n"]))
G.add_edges_from(d["edges"])
A = nx.to_numpy_array(G, nodelist=range(d["n"]))
b = d["beta"]
A2 = A @ A
print(json.dumps((b**2 * A2 + b**3 * (A2 @ A)).tolist()))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify({ n, edges, beta }) }).toString());
}

/** Common contacts of u and v (the walks of length 2). */
function common(g: TieGraph, u: number, v: number): number {
  const mine = new Set(g.targets.subarray(g.offsets[u], g.offsets[u + 1]));
  let k = 0;
  for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) if (mine.has(g.targets[i])) k++;
  return k;
}

describe('katz (truncated: walks of length 2 and 3)', () => {
  it('is 2β² for two common contacts and no walk of length 3 (by hand)', () => {
    // c–w1–u, c–w2–u, w2–x: (A²)cu = 2, (A³)cu = 0 (every walk of length 3 would need the tie c–u)
    const d = ds({
      nodes: ['c', 'u', 'w1', 'w2', 'x'].map((id) => ({ id, type: id === 'c' ? 'company' : id === 'u' ? 'university' : 'research' })),
      edges: [
        { source: 'c', target: 'w1' },
        { source: 'w1', target: 'u' },
        { source: 'c', target: 'w2' },
        { source: 'w2', target: 'u' },
        { source: 'w2', target: 'x' },
      ],
    });
    const c = parsePartnerConfig({ katzBeta: 0.1 });
    const g = tieGraph(organisationTies(d), d.nodes.length);
    const ctx = signalContext(g, d.nodes, c, learnAffinity(g, d.nodes, new Uint8Array(5).fill(1)), 0);
    const t = new SignalTable(4);
    scorePairs(ctx, 0, [1, 4], t);
    expect(t.cols.katz[0]).toBeCloseTo(2 * 0.01, 15);
    // c to x: one walk of length 2 (c–w2–x), none of length 3 (x's only contact w2 is not next to c's contacts): β²
    expect(t.cols.katz[1]).toBeCloseTo(0.01, 15);
  });

  it('equals NetworkX + numpy on a random graph, for every untied pair, on both scoring paths', () => {
    const d = growingNetwork(3);
    const beta = 0.05;
    const c = parsePartnerConfig({ katzBeta: beta });
    const g = tieGraph(organisationTies(d), d.nodes.length);
    const n = g.n;
    const edges: [number, number][] = [];
    for (let v = 0; v < n; v++) for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) if (g.targets[i] > v) edges.push([v, g.targets[i]]);
    const want = numpyKatz(n, edges, beta);
    const ctx = signalContext(g, d.nodes, c, learnAffinity(g, d.nodes, new Uint8Array(n).fill(1)), isoDay('2023-01-01'));
    let checked = 0,
      nonzero = 0;
    for (let u = 0; u < n; u++) {
      const others = Array.from({ length: n }, (_, v) => v).filter((v) => v !== u && tiePosition(g, u, v) < 0);
      const t = new SignalTable(n);
      scorePairs(ctx, u, others, t);
      for (let r = 0; r < t.size; r++) {
        expect(t.cols.katz[r]).toBeCloseTo(want[u][others[r]], 12);
        checked++;
        if (t.cols.katz[r] > beta ** 3) nonzero++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(nonzero).toBeGreaterThan(500); // not a graph where every value is 0
    // The two-step walk (match partners at scale) gives the same katz as scoring each pair.
    const isPartner = Uint8Array.from(d.nodes, (x) => (x.type === 'university' ? 1 : 0));
    const walked = new SignalTable(8);
    scoreReach(ctx, 0, partnerReach(ctx, isPartner), [], () => true, walked, new ReachScratch(n));
    expect(walked.size).toBeGreaterThan(3);
    for (let r = 0; r < walked.size; r++) expect(walked.cols.katz[r]).toBeCloseTo(want[0][walked.partner[r]], 12);
    // Walks of length 3 to many partners at once, from either side (one partner: from its side; all: from the walks).
    const reach = partnerReach(ctx, isPartner);
    const partners = Int32Array.from(
      d.nodes.map((_, v) => v).filter((v) => isPartner[v]),
      (v) => v,
    );
    for (const u of [0, 1, 5]) {
      const touched = walksFrom(ctx, u);
      for (const vs of [partners.subarray(0, 1), partners]) {
        const out = walks3ToMany(ctx, reach, vs, touched, new Float64Array(vs.length));
        vs.forEach((v, k) => {
          if (v !== u && tiePosition(g, u, v) < 0) expect(beta ** 3 * out[k]).toBeCloseTo(want[u][v] - beta ** 2 * common(g, u, v), 12);
        });
      }
      clearWalks(ctx, touched);
    }
  });

  it('ranks the same within reach as over every pair when the learned model uses it', () => {
    const d = growingNetwork(4, { size: 120, perYear: 60 });
    const s = partnerSetup(
      d,
      parsePartnerConfig({ learning: { features: ['katz', 'preferentialAttachment', 'partnerActivity'], negativesPerPositive: 3 } }),
      isoDay('2023-01-01'),
    );
    expect(s.scoring.kind).toBe('learned');
    expect(s.trained!.model.features).toContain('katz');
    const fast = rankPartners(s, { keep: 10_000 }),
      all = rankPartners(s, { allPairs: true, keep: 10_000 });
    const rows = (r: typeof fast) =>
      Array.from({ length: r.signals.size }, (_, i) => `${r.signals.company[i]}-${r.signals.partner[i]}:${r.rankKey[i]}:${r.signals.cols.katz[i]}`).sort();
    expect(rows(fast)).toEqual(rows(all));
  });
});

describe('per-organisation objective (conditional logit)', () => {
  it('learns what separates candidates within a group and gives 0 to what only separates groups', () => {
    const { X, y, group } = candidateGroups(2);
    const m = fitConditionalLogit(['a', 'level'], X, y, group, { l2: 0.01 });
    expect(m.intercept).toBe(0);
    // coefficient on the standardised feature: 2 per unit of a, a has sd √(3²/12) ≈ 0.87
    expect(m.coef[0] / m.sd[0]).toBeGreaterThan(1.2);
    expect(m.coef[0] / m.sd[0]).toBeLessThan(3);
    expect(Math.abs(m.coef[1])).toBeLessThan(1e-9);
  });

  it('reaches the penalised optimum: the gradient of the conditional likelihood vanishes', () => {
    const { X, y, group } = candidateGroups(5);
    const l2 = 1;
    const m = fitConditionalLogit(['a', 'level'], X, y, group, { l2 });
    const z = (r: number, j: number) => (X[2 * r + j] - m.mean[j]) / m.sd[j];
    const eta = (r: number) => m.coef[0] * z(r, 0) + m.coef[1] * z(r, 1);
    const grad = [0, 0];
    for (let k = 0; k < 40; k++) {
      const rows = Array.from({ length: 30 }, (_, i) => k * 30 + i);
      const pos = rows.filter((r) => y[r]),
        neg = rows.filter((r) => !y[r]);
      for (const i of pos) {
        const set = [i, ...neg];
        const den = set.reduce((s, r) => s + Math.exp(eta(r)), 0);
        for (let j = 0; j < 2; j++) grad[j] += (z(i, j) - set.reduce((s, r) => s + (Math.exp(eta(r)) / den) * z(r, j), 0)) / pos.length;
      }
    }
    for (let j = 0; j < 2; j++) expect(Math.abs(grad[j] - l2 * m.coef[j])).toBeLessThan(1e-6);
  });

  it('stays finite when positives and negatives are almost separated within the groups (national data did this)', () => {
    // Each group: one positive far above every negative, one at the bottom; the first Newton step
    // is large, and a choice set whose every weight underflowed gave 0 / 0.
    const G = 50,
      m = 40,
      n = G * m;
    const X = new Float64Array(n),
      y = new Uint8Array(n),
      group = new Int32Array(n);
    const rng = createRng(3);
    for (let k = 0; k < G; k++)
      for (let i = 0; i < m; i++) {
        const r = k * m + i;
        group[r] = k;
        y[r] = i < 2 ? 1 : 0;
        X[r] = i === 0 ? 40 + rng() : i === 1 ? 0 : rng() * 0.1;
      }
    const fit = fitConditionalLogit(['a'], X, y, group, { l2: 0.01 });
    expect(Number.isFinite(fit.coef[0])).toBe(true);
    expect(fit.coef[0]).toBeGreaterThan(0);
  });

  it('trains deterministically under a seed on the data’s own earlier ties; the seed moves the sampled candidates', () => {
    const d = growingNetwork(7, { size: 120, perYear: 60 });
    const ties = organisationTies(d);
    const masks = companyUniversityMasks(d);
    const train = (seed: number) =>
      trainPartnerModel(
        ties,
        d.nodes,
        masks,
        parsePartnerConfig({
          learning: { seed, objective: 'per-organisation', negativesPerPositive: 3, features: ['katz', 'partnerDegree', 'partnerActivity', 'adamicAdar'] },
        }),
        isoDay('2022-01-01'),
      ).trained!;
    const a = train(5),
      b = train(5),
      other = train(6);
    expect(a.model).toEqual(b.model);
    expect(a.positives).toBe(other.positives);
    expect(linearModel(other.model).coef).not.toEqual(linearModel(a.model).coef);
    // the calibrated log-odds keep the conditional logit's order: the partner's activity and short paths raise it
    expect(
      linearModel(a.model).coef[a.model.features.indexOf('partnerDegree')] + linearModel(a.model).coef[a.model.features.indexOf('partnerActivity')],
    ).toBeGreaterThan(0);
  });
});
