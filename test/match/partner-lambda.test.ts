import { describe, expect, it } from 'vitest';
import { candidateGroups } from './candidate-groups.ts';
import { trainPartnerModel, linearModel } from '../../src/match/learn.ts';
import { fitConditionalLogit, fitLambdaRank, lambdaPairs, pairwiseLoss } from '../../src/match/logistic.ts';
import { parsePartnerConfig } from '../../src/match/partners.ts';
import { isoDay, organisationTies } from '../../src/match/ties.ts';
import { companyUniversityMasks, growingNetwork } from './growing-network.ts';

describe('LambdaRank weights for recall@k (lambdaPairs)', () => {
  it('weighs by 1/P exactly the pairs whose swap moves a row across the top-k cut-off', () => {
    // one group, ranked by η: neg (rank 1), pos (2), neg (3), pos (4); P = 2, k = 2
    const eta = [3, 2, 1, 0];
    const y = Uint8Array.from([0, 1, 0, 1]);
    const group = new Int32Array(4);
    const p = lambdaPairs(eta, y, group, [1, 1, 1, 1], 2);
    // pos 1 (in) ↔ neg 2 (out), pos 3 (out) ↔ neg 0 (in); (1, 0) both in, (3, 2) both out: no change
    expect([...p.pos]).toEqual([1, 3]);
    expect([...p.neg]).toEqual([2, 0]);
    expect([...p.weight]).toEqual([0.5, 0.5]);
  });

  it('places rows by their estimated rank in the full list: a sampled negative stands for many candidates', () => {
    // the top negative stands for 5 untied candidates, so the positive below it is at rank 6 > k = 2
    const eta = [3, 2, 1, 0];
    const y = Uint8Array.from([0, 1, 0, 1]);
    const p = lambdaPairs(eta, y, new Int32Array(4), [5, 1, 5, 1], 2);
    expect([...p.pos]).toEqual([1, 3]);
    expect([...p.neg]).toEqual([0, 0]);
  });

  it('keeps groups apart and skips a group without a negative', () => {
    const eta = [1, 0, 5, 4, 3];
    const y = Uint8Array.from([1, 1, 0, 1, 0]);
    const group = Int32Array.from([0, 0, 1, 1, 1]);
    const p = lambdaPairs(eta, y, group, [1, 1, 1, 1, 1], 1);
    // group 1: neg 2 (rank 1, in), pos 3 (2, out), neg 4 (3, out): only (3, 2), weight 1/1
    expect([...p.pos]).toEqual([3]);
    expect([...p.neg]).toEqual([2]);
    expect([...p.weight]).toEqual([1]);
  });
});

describe('weighted pairwise logistic loss (pairwiseLoss)', () => {
  it('has the gradient and Hessian of a central finite difference on a hand-built group', () => {
    const f = 3;
    const Z = Float64Array.from([0.5, -1, 2, -0.3, 0.8, 0.1, 1.2, 0.4, -0.7, -1.1, 0.2, 0.9]);
    const pairs = { pos: Int32Array.from([0, 0, 2]), neg: Int32Array.from([1, 3, 3]), weight: Float64Array.from([0.5, 0.5, 1]) };
    const beta = [0.3, -0.8, 1.5];
    const l2 = 0.7;
    const g = new Float64Array(f),
      H = new Float64Array(f * f);
    pairwiseLoss(beta, Z, f, pairs, l2, g, H);
    const h = 1e-5;
    for (let j = 0; j < f; j++) {
      const up = [...beta],
        down = [...beta];
      up[j] += h;
      down[j] -= h;
      const fd = (pairwiseLoss(up, Z, f, pairs, l2) - pairwiseLoss(down, Z, f, pairs, l2)) / (2 * h);
      expect(g[j]).toBeCloseTo(fd, 7);
      // Hessian column j (lower triangle stored) against the finite difference of the gradient
      const gu = new Float64Array(f),
        gd = new Float64Array(f);
      pairwiseLoss(up, Z, f, pairs, l2, gu);
      pairwiseLoss(down, Z, f, pairs, l2, gd);
      for (let i = j; i < f; i++) expect(H[i * f + j]).toBeCloseTo((gu[i] - gd[i]) / (2 * h), 6);
    }
    // the loss itself by hand: Σ w log(1 + e^−(η_pos − η_neg)) + l2/2 |β|²
    const eta = (r: number) => beta.reduce((s, b, j) => s + b * Z[r * f + j], 0);
    const hand =
      0.5 * Math.log1p(Math.exp(-(eta(0) - eta(1)))) +
      0.5 * Math.log1p(Math.exp(-(eta(0) - eta(3)))) +
      Math.log1p(Math.exp(-(eta(2) - eta(3)))) +
      (l2 / 2) * beta.reduce((s, b) => s + b * b, 0);
    expect(pairwiseLoss(beta, Z, f, pairs, l2)).toBeCloseTo(hand, 12);
  });
});

describe('fitLambdaRank', () => {
  it('learns what orders candidates within a group, nothing from what only separates groups, and ends at the optimum of its last weights', () => {
    const { X, y, group } = candidateGroups(4);
    const m = fitLambdaRank(['a', 'level'], X, y, group, { l2: 1, k: 5 });
    expect(m.intercept).toBe(0);
    expect(m.coef[0]).toBeGreaterThan(0);
    expect(Math.abs(m.coef[1])).toBeLessThan(1e-9);
    // at its own ranking's weights the penalised pairwise loss is stationary
    const Z = new Float64Array(X.length);
    for (let r = 0; r < y.length; r++) for (let j = 0; j < 2; j++) Z[2 * r + j] = m.sd[j] ? (X[2 * r + j] - m.mean[j]) / m.sd[j] : 0;
    const eta = Float64Array.from({ length: y.length }, (_, r) => m.coef[0] * Z[2 * r] + m.coef[1] * Z[2 * r + 1]);
    const pairs = lambdaPairs(eta, y, group, new Float64Array(y.length).fill(1), 5);
    const g = new Float64Array(2);
    pairwiseLoss(m.coef, Z, 2, pairs, 1, g);
    expect(Math.abs(g[0])).toBeLessThan(1e-6);
  });

  it('differs from the conditional logit it starts from: it is fitted to the top-k pairs', () => {
    const { X, y, group } = candidateGroups(9);
    const cl = fitConditionalLogit(['a', 'level'], X, y, group, { l2: 1 });
    const lr = fitLambdaRank(['a', 'level'], X, y, group, { l2: 1, k: 5 });
    expect(lr.coef[0]).not.toBeCloseTo(cl.coef[0], 3);
  });
});

describe('training objectives and windows (trainPartnerModel)', () => {
  const d = growingNetwork(3, { size: 120, perYear: 60, from: 2012 });
  const ties = organisationTies(d);
  const masks = companyUniversityMasks(d);
  const train = (learning: Record<string, unknown>, until = '2021-01-01') =>
    trainPartnerModel(ties, d.nodes, masks, parsePartnerConfig({ learning: { negativesPerPositive: 3, ...learning } }), isoDay(until)).trained!;

  it('lambda: deterministic under a seed, the seed moves the sampled candidates, activity raises the score', () => {
    const a = train({ objective: 'lambda', seed: 5 }),
      b = train({ objective: 'lambda', seed: 5 }),
      other = train({ objective: 'lambda', seed: 6 });
    expect(a.model).toEqual(b.model);
    expect(linearModel(other.model).coef).not.toEqual(linearModel(a.model).coef);
    expect(linearModel(a.model).coef[a.model.features.indexOf('preferentialAttachment')]).toBeGreaterThan(0);
    // calibrated: an intercept, and the slope keeps the ranking's order (same signs as the uncalibrated fit)
    expect(linearModel(a.model).intercept).not.toBe(0);
  });

  it('windows: 1 is the one-window model; three windows pool the ties formed in each of three years, each judged on the graph before it', () => {
    const one = train({ seed: 5 });
    expect(train({ seed: 5, windows: 1 })).toEqual(one);
    const three = train({ seed: 5, windows: 3 });
    expect(three.t0).toBe('2018-01-01');
    expect([one.windows, three.windows, three.objective]).toEqual([1, 3, 'pairs']);
    expect(three.until).toBe('2021-01-01');
    // window i's positives are exactly the one-window model's at the split i years earlier
    const byYear = ['2021-01-01', '2020-01-01', '2019-01-01'].map((u) => train({ seed: 5 }, u).positives);
    expect(three.positives).toBe(byYear[0] + byYear[1] + byYear[2]);
    expect(linearModel(three.model).coef).not.toEqual(linearModel(one.model).coef);
    expect(train({ seed: 5, windows: 3 })).toEqual(three);
  });

  it('windows combine with the grouped objectives', () => {
    const a = train({ objective: 'lambda', seed: 2, windows: 2 });
    const po = train({ objective: 'per-organisation', seed: 2, windows: 2 });
    expect(a.t0).toBe('2019-01-01');
    expect(a.positives).toBe(po.positives);
    expect(a.model).toEqual(train({ objective: 'lambda', seed: 2, windows: 2 }).model);
  });
});
