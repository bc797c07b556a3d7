import { describe, expect, it } from 'vitest';
import { evaluationText } from '../../src/cli/commands/match-partners-text.ts';
import { evaluatePartners } from '../../src/match/evaluate.ts';
import { linearModel, predictLogOdds, trainPartnerModel } from '../../src/match/learn.ts';
import { logOdds } from '../../src/match/logistic.ts';
import { explainPair, introducersOf, parsePartnerConfig, partnerSetup, rankPartners } from '../../src/match/partners.ts';
import { isoDay, organisationTies, tieGraph, tiePosition } from '../../src/match/ties.ts';
import { fitPropensity, LogSumExp, propensityLogOdds, twoPartLogOdds } from '../../src/match/two-part.ts';
import { companyUniversityMasks, growingNetwork } from './growing-network.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('the two-part arithmetic', () => {
  it('LogSumExp streams log Σ exp in any order, without overflow', () => {
    const xs = [0.3, -2, 1.7, 0, 1.7];
    const direct = Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
    const a = new LogSumExp(),
      b = new LogSumExp();
    for (const x of xs) a.add(x);
    for (const x of [...xs].reverse()) b.add(x);
    expect(a.value()).toBeCloseTo(direct, 12);
    expect(b.value()).toBeCloseTo(direct, 12);
    // 1000 and 1001: exp overflows, the stream does not (1001 + log(1 + e^−1))
    const big = new LogSumExp();
    big.add(1000);
    big.add(1001);
    expect(big.value()).toBeCloseTo(1001 + Math.log1p(Math.exp(-1)), 10);
    expect(big.reset().value()).toBe(-Infinity);
  });

  it('the key is the log-odds of P(forms one) × P(this candidate | it forms one)', () => {
    // p = σ(0) = ½, π = e^{ln 2} / e^{ln 4} = ½, q = ¼: log-odds ln(1/3)
    expect(twoPartLogOdds(0, Math.log(2), Math.log(4))).toBeCloseTo(Math.log(1 / 3), 12);
    // p = σ(ln 3) = ¾, π = 1 (the only candidate): q = ¾, log-odds ln 3
    expect(twoPartLogOdds(Math.log(3), 5, 5)).toBeCloseTo(Math.log(3), 10);
    // large negative propensity stays finite
    expect(Number.isFinite(twoPartLogOdds(-800, 0, 3))).toBe(true);
  });

  it('the propensity fits the rate of each kind of organisation (classes not reweighted)', () => {
    // degree and activity constant (ignored), 1 of 4 companies and 3 of 4 others formed a tie
    const X = new Float64Array(8 * 3);
    const y = Uint8Array.from([1, 0, 0, 0, 1, 1, 1, 0]);
    for (let r = 0; r < 8; r++) X.set([Math.log1p(2), Math.log1p(1), r < 4 ? 1 : 0], r * 3);
    const m = fitPropensity(X, y, 0);
    expect(sigmoid(logOdds(m, [Math.log1p(2), Math.log1p(1), 1]))).toBeCloseTo(0.25, 6);
    expect(sigmoid(logOdds(m, [Math.log1p(2), Math.log1p(1), 0]))).toBeCloseTo(0.75, 6);
  });
});

describe('two-part training and scoring', () => {
  const d = growingNetwork(3, { size: 120, perYear: 60, from: 2012 });
  const ties = organisationTies(d);
  const n = d.nodes.length;
  const masks = companyUniversityMasks(d);
  const learning = (extra: Record<string, unknown>) => ({ learning: { negativesPerPositive: 3, objective: 'two-part' as const, ...extra } });
  const train = (extra: Record<string, unknown>) => trainPartnerModel(ties, d.nodes, masks, parsePartnerConfig(learning(extra)), isoDay('2021-01-01')).trained!;

  it('trains an uncalibrated choice part and a propensity on who formed a tie; deterministic under the seed', () => {
    const a = train({ seed: 4 });
    expect(a.objective).toBe('two-part');
    expect(a.choice).toBe('per-organisation');
    expect(linearModel(a.model).intercept).toBe(0);
    expect(a.propensity!.features).toEqual(['degree', 'activity', 'companySide']);
    expect(train({ seed: 4 })).toEqual(a);
    // more active organisations form new ties more often in a preferential-attachment network
    expect(a.propensity!.coef[0] + a.propensity!.coef[1]).toBeGreaterThan(0);
    // its intercept is the data's own rate (not class-balanced): the mean predicted probability over
    // the organisations active before 2020 equals the share that formed a new tie in 2020 (logistic score equation)
    const t0 = isoDay('2020-01-01'),
      g = tieGraph(ties, n, t0);
    const setup = partnerSetup(d, parsePartnerConfig({ ...learning({ seed: 4 }), scoring: 'weights' }), t0);
    const formed = new Uint8Array(n);
    for (let r = 0; r < ties.size; r++) {
      const x = ties.a[r],
        y = ties.b[r];
      if (ties.day[r] >= t0 && ties.day[r] < isoDay('2021-01-01') && g.degree[x] > 0 && g.degree[y] > 0 && tiePosition(g, x, y) < 0) formed[x] = formed[y] = 1;
    }
    let rate = 0,
      mean = 0,
      m = 0;
    for (let u = 0; u < n; u++) {
      if (!g.degree[u]) continue;
      rate += formed[u];
      mean += sigmoid(propensityLogOdds(a.propensity!, g, setup.ctx.activity, masks.isCompany, u));
      m++;
    }
    // the L2 penalty does not touch the intercept, so the score equation for it holds exactly
    expect(mean / m).toBeCloseTo(rate / m, 4);
  });

  it('with company-partner pairs the propensity is over companies only (the side input is constant and ignored)', () => {
    const a = train({ seed: 4, population: 'company-partner' });
    const side = a.propensity!.features.indexOf('companySide');
    expect(a.propensity!.sd[side]).toBe(0);
    expect(a.propensity!.coef[side]).toBe(0);
    expect(a.propensity!.sd[1]).toBeGreaterThan(0);
  });

  it('lambda as the choice part; windows pool the propensity rows too', () => {
    const a = train({ seed: 4, choice: 'lambda' });
    expect(a.choice).toBe('lambda');
    expect(linearModel(a.model).coef).not.toEqual(linearModel(train({ seed: 4 }).model).coef);
    const three = train({ seed: 4, windows: 3 });
    expect(three.windows).toBe(3);
    expect(three.propensity!.coef).not.toEqual(train({ seed: 4 }).propensity!.coef);
  });

  it('each company’s probabilities over all its candidates sum to its propensity (the evaluation path)', () => {
    const c = parsePartnerConfig(learning({ seed: 4 }));
    const s = partnerSetup(d, c, isoDay('2021-01-01'));
    const info = s.scoring.model;
    expect(info?.learner === 'linear' && info.propensity?.coefficients.activity).toBeTypeOf('number');
    const ranked = rankPartners(s, { allPairs: true, keep: Infinity });
    const sums = new Map<number, number>();
    for (let r = 0; r < ranked.signals.size; r++) sums.set(ranked.signals.company[r], (sums.get(ranked.signals.company[r]) ?? 0) + ranked.combined[r]);
    expect(sums.size).toBeGreaterThan(10);
    const levels = new Set<number>();
    for (const [u, total] of sums) {
      const p = sigmoid(propensityLogOdds(s.trained!.propensity!, s.g, s.ctx.activity, s.isCompany, u));
      expect(total).toBeCloseTo(p, 10);
      levels.add(Math.round(p * 1e6));
    }
    // the propensity does set different levels across companies
    expect(levels.size).toBeGreaterThan(3);
  });

  it('match partners: the normaliser sums over the candidates scored for the company; the order within a company is the choice part’s', () => {
    const c = parsePartnerConfig({ ...learning({ seed: 4 }), maxCandidates: 1000 });
    const s = partnerSetup(d, c);
    const ranked = rankPartners(s);
    const byCompany = new Map<number, number[]>();
    for (let r = 0; r < ranked.signals.size; r++) {
      const u = ranked.signals.company[r];
      byCompany.set(u, [...(byCompany.get(u) ?? []), r]);
    }
    for (const [u, rows] of byCompany) {
      const p = sigmoid(propensityLogOdds(s.trained!.propensity!, s.g, s.ctx.activity, s.isCompany, u));
      // every reached candidate is kept (maxCandidates 1000), so their probabilities sum to p
      expect(rows.reduce((t, r) => t + ranked.combined[r], 0)).toBeCloseTo(p, 10);
      // the final key rises with the choice part's η within the company
      const eta = rows.map((r) => predictLogOdds(s.trained!.model, ranked.signals, r, new Float64Array(16)));
      const byEta = rows.map((_, i) => i).sort((i, j) => eta[i] - eta[j]);
      for (let i = 1; i < byEta.length; i++) expect(ranked.rankKey[rows[byEta[i]]]).toBeGreaterThanOrEqual(ranked.rankKey[rows[byEta[i - 1]]] - 1e-12);
    }
    // explanations name the choice part's signals and the company's recent activity
    const words = [...byCompany.values()]
      .flatMap((rows) => rows.slice(0, 3))
      .map((r) => {
        const u = ranked.signals.company[r],
          v = ranked.signals.partner[r];
        return explainPair(s, ranked.signals, r, introducersOf(s, u, v));
      });
    expect(words.some((w) => w.includes('weighed most:') && w.includes('how active the company is lately'))).toBe(true);
  });

  it('match evaluate judges it like any learned model, and names it', () => {
    const ev = evaluatePartners(d, { split: '2021-01-01', k: 10, config: learning({ seed: 4 }), bootstrap: 0 });
    expect(ev.scoring.model?.objective).toBe('two-part');
    const info = ev.scoring.model;
    expect(info?.learner === 'linear' && info.choice).toBe('per-organisation');
    const combined = ev.scores.find((x) => x.score === 'combined')!;
    expect(combined.auc).toBeGreaterThan(0.5);
    expect(evaluationText(ev)).toContain(
      'combined = two-part model (the company’s propensity to form a new tie × its choice among its candidates), choice by conditional logit',
    );
  });
});
