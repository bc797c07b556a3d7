import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { applyAllPairsPlan, DEFAULT_BUDGET_SECONDS, MAX_PIVOTS, MIN_PIVOTS, planAllPairs, SECONDS_PER_VISIT } from '../../src/analysis/budget.ts';
import type { Dataset } from '../../src/model/index.ts';

describe('planAllPairs', () => {
  it('is exact while the n·(n + 2m) estimate fits the budget, sampled past it', () => {
    const small = planAllPairs(1000, 5000);
    expect(small).toMatchObject({ mode: 'exact', chosenBy: 'budget', skipped: [], expectedError: null });
    expect(small.exactSeconds).toBeCloseTo(SECONDS_PER_VISIT * 1000 * 11_000, 12);
    // The CORDIS-sized network of issue 17: 67,322 nodes, 144,726 ties.
    const big = planAllPairs(67_322, 144_726, { threads: 2 });
    expect(big.mode).toBe('sampled');
    expect(big.exactSeconds).toBeGreaterThan(10 * DEFAULT_BUDGET_SECONDS);
    const perPivot = (SECONDS_PER_VISIT * (67_322 + 2 * 144_726)) / 2;
    // The budget would pay for 4,484 pivots; past MAX_PIVOTS they no longer rank brokers better.
    expect(Math.floor(DEFAULT_BUDGET_SECONDS / perPivot)).toBeGreaterThan(MAX_PIVOTS);
    expect(big.samples).toBe(MAX_PIVOTS);
    // A budget that buys fewer pivots than the cap gets what it pays for.
    expect(planAllPairs(67_322, 144_726, { threads: 2, budgetSeconds: 2 }).samples).toBe(Math.floor(2 / perPivot));
    expect(big.estimatedSeconds).toBeLessThanOrEqual(DEFAULT_BUDGET_SECONDS);
    expect(big.skipped).toEqual(['closeness', 'harmonic', 'paths']);
    expect(big.message).toMatch(/sampled betweenness from \d+ pivots.*over the 20 s budget/);
    expect(big.expectedError).toMatch(/17 of the exact top-20 brokers/);
  });

  it('never samples fewer than the minimum pivots, and honours exact, samples and a larger budget', () => {
    expect(planAllPairs(1_000_000, 5_000_000).samples).toBe(MIN_PIVOTS);
    expect(planAllPairs(67_322, 144_726, { exact: true })).toMatchObject({ mode: 'exact', chosenBy: 'exact' });
    expect(planAllPairs(67_322, 144_726, { samples: 300 })).toMatchObject({ mode: 'sampled', chosenBy: 'samples', samples: 300, skipped: [] });
    expect(planAllPairs(500, 1000, { samples: 600 })).toMatchObject({ mode: 'exact', chosenBy: 'samples' });
    const exactSeconds = planAllPairs(20_000, 60_000).exactSeconds;
    expect(planAllPairs(20_000, 60_000, { budgetSeconds: exactSeconds * 1.01 }).mode).toBe('exact');
    expect(planAllPairs(20_000, 60_000, { budgetSeconds: exactSeconds * 0.99 }).mode).toBe('sampled');
  });

  it('leaves metrics named by the caller in, and plans nothing without an all-pairs metric', () => {
    expect(applyAllPairsPlan(67_322, 144_726, {}, ['degree', 'pagerank'], false)).toEqual({ metrics: ['degree', 'pagerank'], samples: undefined, plan: null });
    const dflt = applyAllPairsPlan(67_322, 144_726, {}, ['degree', 'betweenness', 'closeness', 'paths'], false);
    expect(dflt.metrics).toEqual(['degree', 'betweenness']);
    const named = applyAllPairsPlan(67_322, 144_726, {}, ['betweenness', 'closeness'], true);
    expect(named.metrics).toEqual(['betweenness', 'closeness']);
    expect(named.plan!.skipped).toEqual([]);
    expect(named.samples).toBe(named.plan!.samples);
  });
});

/**
 * 60,000 nodes as 3,000 stars of 20 (one centre, 19 leaves): n·m says all-pairs metrics are far
 * over budget, yet each traversal stays inside its star, so the exact run is quick and its values
 * are known: a centre carries C(19, 2) of the C(n−1, 2) pairs (NetworkX normalisation).
 */
function starForest(stars: number, leaves: number): Dataset {
  const nodes: Dataset['nodes'] = [];
  const edges: Dataset['edges'] = [];
  for (let s = 0; s < stars; s++) {
    nodes.push({ id: `c${s}`, type: 'school', attrs: {} });
    for (let l = 0; l < leaves; l++) {
      nodes.push({ id: `t${s}-${l}`, type: 'teacher', attrs: {} });
      edges.push({ source: `c${s}`, target: `t${s}-${l}`, type: 'affiliation', weight: 1, attrs: {} });
    }
  }
  return { meta: { name: 'star forest' }, nodes, edges } as Dataset;
}

describe('analyze on a generated 60k-node network', () => {
  const data = starForest(3000, 19);
  const metrics = undefined; // the default: every metric
  it('samples betweenness by default and leaves closeness out; exact computes exact values', async () => {
    const sampled = await analyze(data, { metrics, workers: 1 });
    const plan = sampled.graph.settings.allPairs!;
    expect(sampled.graph.nodes).toBe(60_000);
    expect(plan.mode).toBe('sampled');
    expect(sampled.graph.settings.betweenness).toEqual({ sampled: plan.samples });
    expect(sampled.graph.settings.metrics).not.toContain('closeness');
    expect(sampled.nodes[0].closeness).toBeUndefined();
    // 1,000 pivots reach a third of the 3,000 stars: some centres carry betweenness, no leaf does.
    expect(sampled.nodes.some((v) => v.type === 'school' && v.betweenness! > 0)).toBe(true);
    expect(sampled.nodes.every((v) => v.type === 'school' || v.betweenness === 0)).toBe(true);

    const exact = await analyze(data, { metrics: ['betweenness', 'closeness'], exact: true, workers: 1 });
    expect(exact.graph.settings.allPairs).toMatchObject({ mode: 'exact', chosenBy: 'exact' });
    expect(exact.graph.settings.betweenness).toBe('exact');
    const n = 60_000;
    const centre = (19 * 18) / 2 / (((n - 1) * (n - 2)) / 2);
    for (const v of [exact.nodes[0], exact.nodes[20 * 1234]]) {
      expect(v.id).toMatch(/^c/);
      expect(v.betweenness).toBeCloseTo(centre, 15);
      expect(v.closeness).not.toBeUndefined();
    }
    expect(exact.nodes[1].betweenness).toBe(0);
  }, 120_000);
});
