import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { linearModel } from '../../src/match/learn.ts';
import type { PartnerConfigInput } from '../../src/match/config.ts';
import { evaluatePartners } from '../../src/match/evaluate.ts';
import { matchPartners, parsePartnerConfig, partnerSetup, rankPartners } from '../../src/match/partners.ts';
import { PersonalisedPageRank, pprWeights, PprOptionsSchema } from '../../src/match/ppr.ts';
import { learnAffinity, scorePairs, signalContext, SignalTable } from '../../src/match/signals.ts';
import { isoDay, organisationTies, tieGraph, type TieGraph } from '../../src/match/ties.ts';
import { DatasetSchema, type DatasetInput } from '../../src/model/index.ts';
import { hubgraph } from '../cli/run-cli.ts';
import { growingNetwork } from './growing-network.ts';

const ds = (input: DatasetInput) => DatasetSchema.parse(input);

/** NetworkX `pagerank(G, alpha, personalization={s: 1}, weight="weight")` from each source (Debian python3-networkx). */
function networkxPpr(n: number, edges: [number, number, number][], sources: number[], alpha = 0.85): number[][] {
  const py = `
import json, sys
import networkx as nx
d = json.load(sys.stdin)
G = nx.Graph()
G.add_nodes_from(range(d["n"]))
G.add_weighted_edges_from(d["edges"])
out = []
for s in d["sources"]:
    pr = nx.pagerank(G, alpha=d["alpha"], personalization={s: 1}, weight="weight", tol=1e-15, max_iter=100000)
    out.append([pr[v] for v in range(d["n"])])
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify({ n, edges, sources, alpha }) }).toString());
}

/** The merged tie graph as weighted edges (u < v, strength or the given per-entry weights). */
function edgesOf(g: TieGraph, weight: Float64Array = g.strength): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let v = 0; v < g.n; v++) for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) if (g.targets[i] > v) out.push([v, g.targets[i], weight[i]]);
  return out;
}

/** Weighted degree of each node. */
function volumes(g: TieGraph, weight: Float64Array = g.strength): Float64Array {
  const vol = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) vol[v] += weight[i];
  return vol;
}

const options = (x: object = {}) => PprOptionsSchema.parse(x);

describe('personalised PageRank (random walk with restart)', () => {
  it('is 20/37 at the centre of a weighted star and ∝ the tie weight at each leaf (by hand and NetworkX)', () => {
    // s tied to a (1), b (2), c (1). π_s = 0.15 + 0.85 · Σ π_leaf (each leaf returns to s) and
    // π_leaf = 0.85 · π_s · w / 4, so π_s = 0.15 / (1 − 0.85²) = 20/37.
    const d = ds({
      nodes: ['s', 'a', 'b', 'c'].map((id) => ({ id, type: 'university' })),
      edges: [
        { source: 's', target: 'a', weight: 1 },
        { source: 's', target: 'b', weight: 2 },
        { source: 's', target: 'c', weight: 1 },
      ],
    });
    const g = tieGraph(organisationTies(d), 4);
    const want = [20 / 37, (0.85 * 20) / 37 / 4, (0.85 * 20 * 2) / 37 / 4, (0.85 * 20) / 37 / 4];
    const nx = networkxPpr(4, edgesOf(g), [0])[0];
    const power = new PersonalisedPageRank(g, g.strength, options({ method: 'power' }));
    power.run(0);
    for (let v = 0; v < 4; v++) {
      expect(nx[v]).toBeCloseTo(want[v], 12);
      expect(power.p[v]).toBeCloseTo(want[v], 10);
    }
    // From a leaf: s is the only way on, so b is reached in proportion to its weight.
    const push = new PersonalisedPageRank(g, g.strength, options({ method: 'push', epsilon: 1e-12 }));
    push.run(1);
    const fromLeaf = networkxPpr(4, edgesOf(g), [1])[0];
    for (let v = 0; v < 4; v++) expect(push.p[v]).toBeCloseTo(fromLeaf[v], 9);
    expect(push.p[2]).toBeCloseTo(2 * push.p[3], 12);
    // walks, 1 step: restart at s, one step out (0.15 · 0.85 · w / 4), the remaining 0.85² spread by weighted degree (s 4 of 8, b 2 of 8).
    const walks = new PersonalisedPageRank(g, g.strength, options({ steps: 1 }));
    walks.run(0);
    expect(walks.value(0)).toBeCloseTo(0.15 + 0.7225 * 0.5, 14);
    expect(walks.value(2)).toBeCloseTo(0.15 * 0.85 * 0.5 + 0.7225 * 0.25, 14);
  });

  it('equals NetworkX on a 4-node weighted graph with a cycle, from every source, every method', () => {
    const d = ds({
      nodes: ['s', 'a', 'b', 'c'].map((id) => ({ id, type: 'research' })),
      edges: [
        { source: 's', target: 'a', weight: 1 },
        { source: 's', target: 'b', weight: 3 },
        { source: 'a', target: 'b', weight: 1 },
        { source: 'b', target: 'c', weight: 2 },
      ],
    });
    const g = tieGraph(organisationTies(d), 4);
    const want = networkxPpr(4, edgesOf(g), [0, 1, 2, 3]);
    const power = new PersonalisedPageRank(g, g.strength, options({ method: 'power' }));
    const push = new PersonalisedPageRank(g, g.strength, options({ method: 'push', epsilon: 1e-10 }));
    const walks = new PersonalisedPageRank(g, g.strength, options({ steps: 100 }));
    for (let s = 0; s < 4; s++) {
      power.run(s);
      push.run(s);
      walks.run(s);
      for (let v = 0; v < 4; v++) {
        expect(Math.abs(power.value(v) - want[s][v])).toBeLessThan(1e-9);
        expect(Math.abs(push.value(v) - want[s][v])).toBeLessThan(1e-8);
        expect(Math.abs(walks.value(v) - want[s][v])).toBeLessThan(1e-6);
      }
    }
  });

  it('on an 80-node random weighted graph: power within 1e-6 of NetworkX, push within its ε bound, deterministic', () => {
    const d = growingNetwork(5, { perYear: 30, weighted: true });
    const g = tieGraph(organisationTies(d), d.nodes.length);
    const n = g.n;
    const sources = [0, 1, 7, 20, 41, 79];
    const want = networkxPpr(n, edgesOf(g), sources);
    const vol = volumes(g);
    const power = new PersonalisedPageRank(g, g.strength, options({ method: 'power' }));
    let compared = 0;
    for (const [k, s] of sources.entries()) {
      power.run(s);
      for (let v = 0; v < n; v++) expect(Math.abs(power.p[v] - want[k][v])).toBeLessThan(1e-6);
      compared++;
    }
    expect(compared).toBe(sources.length);
    // Push: 0 ≤ π(v) − p(v) < ε · vol(v), at the default ε and at a coarse one; the coarse one is visibly approximate.
    let coarseGap = 0;
    for (const epsilon of [1e-4, 1e-2]) {
      const push = new PersonalisedPageRank(g, g.strength, options({ method: 'push', epsilon }));
      for (const [k, s] of sources.entries()) {
        push.run(s);
        let mass = 0;
        for (let v = 0; v < n; v++) {
          const gap = want[k][v] - push.p[v];
          expect(gap).toBeGreaterThan(-1e-12);
          if (vol[v] > 0) expect(gap).toBeLessThan(epsilon * vol[v]);
          else expect(gap).toBeCloseTo(0, 14); // an organisation without ties is never reached
          if (epsilon === 1e-2) coarseGap = Math.max(coarseGap, gap);
          mass += push.p[v];
        }
        expect(mass).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
    expect(coarseGap).toBeGreaterThan(1e-4);
    // Walks (the default): L1 error within 2 (1 − restart)^(steps + 1), shrinking with the steps, ~exact at 100.
    for (const steps of [2, 4, 100]) {
      const walks = new PersonalisedPageRank(g, g.strength, options({ steps }));
      for (const [k, s] of sources.entries()) {
        walks.run(s);
        let l1 = 0,
          mass = 0;
        for (let v = 0; v < n; v++) {
          l1 += Math.abs(walks.value(v) - want[k][v]);
          mass += walks.value(v);
        }
        expect(l1).toBeLessThan(2 * 0.85 ** (steps + 1));
        if (steps === 100) expect(l1).toBeLessThan(1e-6);
        expect(mass).toBeCloseTo(1, 12); // the limit part keeps the whole distribution
      }
    }
    // Same source twice, or after another source: the same numbers (buffers are cleared between runs), every method.
    for (const method of ['walks', 'push', 'power'] as const) {
      const a = new PersonalisedPageRank(g, g.strength, options({ method }));
      a.run(7);
      const first = Array.from({ length: n }, (_, v) => a.value(v));
      a.run(41);
      a.run(7);
      expect(Array.from({ length: n }, (_, v) => a.value(v))).toEqual(first);
    }
  });

  it('walks: the limit part stays in the source’s component', () => {
    // Two components: s–a–b (a triangle with c) and x–y.
    const d = ds({
      nodes: ['s', 'a', 'b', 'c', 'x', 'y'].map((id) => ({ id, type: 'research' })),
      edges: [
        { source: 's', target: 'a' },
        { source: 'a', target: 'b', weight: 2 },
        { source: 'b', target: 'c' },
        { source: 'c', target: 'a' },
        { source: 'x', target: 'y' },
      ],
    });
    const g = tieGraph(organisationTies(d), 6);
    const want = networkxPpr(6, edgesOf(g), [0])[0];
    const walks = new PersonalisedPageRank(g, g.strength, options({ steps: 3 }));
    walks.run(0);
    expect(walks.value(4)).toBe(0);
    expect(walks.value(5)).toBe(0);
    let l1 = 0;
    for (let v = 0; v < 6; v++) l1 += Math.abs(walks.value(v) - want[v]);
    expect(l1).toBeLessThan(2 * 0.85 ** 4);
    expect(l1).toBeGreaterThan(1e-4); // an approximation at 3 steps, not the exact vector
  });

  it('an isolated source keeps all of its mass (NetworkX: the dangling mass returns to the source)', () => {
    const d = ds({ nodes: ['s', 'a', 'b'].map((id) => ({ id, type: 'research' })), edges: [{ source: 'a', target: 'b' }] });
    const g = tieGraph(organisationTies(d), 3);
    const want = networkxPpr(3, edgesOf(g), [0])[0];
    expect(want[0]).toBeCloseTo(1, 9);
    for (const method of ['walks', 'push', 'power'] as const) {
      const ppr = new PersonalisedPageRank(g, g.strength, options({ method }));
      ppr.run(0);
      expect([0, 1, 2].map((v) => ppr.value(v))).toEqual([1, 0, 0]);
    }
  });

  it('with recency, walks ties weighted by strength × 2^(−age / half-life) (NetworkX on those weights)', () => {
    const d = growingNetwork(6, { size: 40, perYear: 15, weighted: true });
    const g = tieGraph(organisationTies(d), d.nodes.length);
    const refDay = isoDay('2023-01-01'),
      halfLife = 2 * 365.25;
    const o = options({ recency: true, method: 'power' });
    const w = pprWeights(g, o, refDay, halfLife);
    // A tie last renewed in 2015 weighs 1/8 … 1/16 of its strength, one of 2022 nearly all of it.
    for (let i = 0; i < w.length; i++) expect(w[i]).toBeCloseTo(g.strength[i] * 2 ** (-(refDay - g.last[i]) / halfLife), 12);
    const want = networkxPpr(g.n, edgesOf(g, w), [0, 3]);
    const ppr = new PersonalisedPageRank(g, w, o);
    for (const [k, s] of [0, 3].entries()) {
      ppr.run(s);
      for (let v = 0; v < g.n; v++) expect(Math.abs(ppr.value(v) - want[k][v])).toBeLessThan(1e-6);
    }
    expect(pprWeights(g, options(), refDay, halfLife)).toBe(g.strength);
  });
});

describe('the ppr signal', () => {
  it('participation form: the walk is on the projection, ties weighted by the number of shared projects', () => {
    // c and u share two projects, c and r one, r and u one: the projection's strengths 2, 1, 1, plus x through P3.
    const nodes = [
      ...['c', 'u', 'r', 'x'].map((id) => ({
        id,
        type: id === 'c' ? ('company' as const) : id === 'u' || id === 'x' ? ('university' as const) : ('research' as const),
      })),
      ...['P1', 'P2', 'P3'].map((id) => ({ id, type: 'project' as const })),
    ];
    const member = (o: string, p: string) => ({ source: o, target: p, type: 'participation' as const, start: '2020-01-01' });
    const d = ds({
      nodes,
      edges: [member('c', 'P1'), member('u', 'P1'), member('r', 'P1'), member('c', 'P2'), member('u', 'P2'), member('r', 'P3'), member('x', 'P3')],
    });
    const ties = organisationTies(d);
    expect(ties.form).toBe('participation');
    const g = tieGraph(ties, nodes.length);
    const edges = edgesOf(g);
    expect(edges).toContainEqual([0, 1, 2]);
    const want = networkxPpr(g.n, edges, [0])[0];
    const c = parsePartnerConfig({ ppr: { method: 'power' } });
    const ctx = signalContext(
      g,
      d.nodes,
      c,
      learnAffinity(
        g,
        d.nodes,
        Uint8Array.from(nodes, (x) => (x.type === 'project' ? 0 : 1)),
      ),
      0,
    );
    const t = new SignalTable(4);
    scorePairs(ctx, 0, [3], t);
    expect(t.cols.ppr[0]).toBeGreaterThan(0);
    expect(Math.abs(t.cols.ppr[0] - want[3])).toBeLessThan(1e-9);
  });

  it('is the same on every scoring path, and 0 when training leaves it out', () => {
    const d = growingNetwork(7, { size: 120, perYear: 50, weighted: true });
    const s = partnerSetup(d, parsePartnerConfig({ learning: { features: ['ppr', 'preferentialAttachment'], negativesPerPositive: 3 } }), isoDay('2022-01-01'));
    expect(s.trained!.model.features).toEqual(['ppr', 'preferentialAttachment']);
    expect(linearModel(s.trained!.model).coef[0]).not.toBe(0);
    const fast = rankPartners(s, { keep: 10_000 }),
      all = rankPartners(s, { allPairs: true, keep: 10_000 });
    const rows = (r: typeof fast) =>
      Array.from({ length: r.signals.size }, (_, i) => `${r.signals.company[i]}-${r.signals.partner[i]}:${r.rankKey[i]}:${r.signals.cols.ppr[i]}`).sort();
    expect(rows(fast)).toEqual(rows(all));
    // Against a fresh walk from each company.
    const ppr = new PersonalisedPageRank(s.g, s.g.strength, s.config.ppr);
    let positive = 0;
    for (let r = 0; r < all.signals.size; r++) {
      if (r === 0 || all.signals.company[r] !== all.signals.company[r - 1]) ppr.run(all.signals.company[r]);
      expect(all.signals.cols.ppr[r]).toBe(ppr.value(all.signals.partner[r]));
      if (all.signals.cols.ppr[r] > 0) positive++;
    }
    expect(positive).toBeGreaterThan(100);
    const t = new SignalTable(4);
    scorePairs(s.ctx, all.signals.company[0], [all.signals.partner[0]], t, true, false);
    expect(t.cols.ppr[0]).toBe(0);
  });

  it('is in every suggestion’s scores when the model uses it or ppr.show asks, and judged alone by match evaluate (library and CLI)', async () => {
    const d = growingNetwork(8, { size: 120, perYear: 50, weighted: true });
    const shown = (config: PartnerConfigInput) => matchPartners(d, { top: 3, ...config }).suggestions.flatMap((x) => x.top.map((y) => y.scores.ppr));
    // The default model does not read ppr: no walk per company, no ppr among the scores.
    const none = shown({});
    expect(none.length).toBeGreaterThan(20);
    expect(none.every((x) => x === undefined)).toBe(true);
    const used = shown({ learning: { features: ['ppr', 'preferentialAttachment'] } });
    for (const scores of [shown({ ppr: { show: true } }), used]) {
      expect(scores.length).toBeGreaterThan(20);
      expect(scores.every((x) => x !== undefined && x >= 0 && x < 1)).toBe(true);
      expect(scores.some((x) => x! > 0)).toBe(true);
    }
    // Showing it does not change what is suggested.
    const ids = (config: PartnerConfigInput) => matchPartners(d, { top: 3, ...config }).suggestions.map((x) => x.top.map((y) => `${y.id}:${y.score}`));
    expect(ids({ ppr: { show: true } })).toEqual(ids({}));
    const ev = evaluatePartners(d, { split: '2021-01-01', k: 10 });
    const row = ev.scores.find((x) => x.score === 'ppr')!;
    expect(row.role).toBe('signal');
    expect(row.auc).toBeGreaterThan(0);
    expect(row.recallAtK).not.toBeNull();

    const e = await hubgraph('match', 'evaluate', 'data/sample', '--split', '2024-09-01', '--k', '20', '--json');
    expect(e.code).toBe(0);
    const cli = JSON.parse(e.stdout).scores.find((x: { score: string }) => x.score === 'ppr');
    expect(cli.role).toBe('signal');
    expect(typeof cli.auc).toBe('number');
    expect(typeof cli.recallAtK).toBe('number');
    const text = await hubgraph('match', 'evaluate', 'data/sample', '--split', '2024-09-01', '--k', '20');
    expect(text.stdout).toMatch(/^\s*ppr\b.*\d\.\d+/m);
  });

  it('rejects a restart outside (0, 1) naming the field', () => {
    expect(() => parsePartnerConfig({ ppr: { restart: 1 } })).toThrow(/ppr\.restart/);
  });
});
