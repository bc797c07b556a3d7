import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/io/load.ts';
import { DatasetSchema, type DatasetInput } from '../../src/model/index.ts';
import { parsePartnerConfig, partnerSetup, rankPartners } from '../../src/match/partners.ts';
import { evaluatePartners } from '../../src/match/evaluate.ts';
import { trainPartnerModel, linearModel } from '../../src/match/learn.ts';
import { fitLogistic } from '../../src/match/logistic.ts';
import { matchPartners } from '../../src/match/partners.ts';
import { learnAffinity, partnerReach, ReachScratch, scorePairs, scoreReach, signalContext, SignalTable } from '../../src/match/signals.ts';
import { isoDay, organisationTies, tieGraph, tiePosition } from '../../src/match/ties.ts';
import { TopK } from '../../src/match/topk.ts';
import { createRng } from '../../src/util/random.ts';
import { companyUniversityMasks, growingNetwork } from './growing-network.ts';

const ds = (input: DatasetInput) => DatasetSchema.parse(input);

/**
 * c–w1–u, c–w2–u, w2–x, c–w2 again in 2022 (strength 2); u's other tie u–w3.
 * deg: c 2, u 3 (w1, w2, w3), w1 2, w2 3 (c, u, x).
 */
function small() {
  return ds({
    nodes: [
      { id: 'c', type: 'company', country: 'FI' },
      { id: 'u', type: 'university', country: 'FI' },
      { id: 'w1', type: 'public', country: 'SE' },
      { id: 'w2', type: 'research', country: 'FI' },
      { id: 'w3', type: 'company', country: 'SE' },
      { id: 'x', type: 'company' },
    ],
    edges: [
      { source: 'c', target: 'w1', start: '2020-01-01' },
      { source: 'w1', target: 'u', start: '2018-01-01' },
      { source: 'c', target: 'w2', start: '2016-01-01' },
      { source: 'c', target: 'w2', start: '2022-01-01' },
      { source: 'w2', target: 'u', start: '2022-01-01' },
      { source: 'w2', target: 'x', start: '2021-01-01' },
      { source: 'u', target: 'w3', start: '2022-06-01' },
    ],
  });
}

describe('pair signals', () => {
  const d = small();
  const c = parsePartnerConfig({ recencyHalfLifeYears: 2 });
  const ties = organisationTies(d);
  const g = tieGraph(ties, d.nodes.length);
  const isOrg = new Uint8Array(d.nodes.length).fill(1);
  const ref = isoDay('2024-01-01');
  const ctx = signalContext(g, d.nodes, c, learnAffinity(g, d.nodes, isOrg), ref);
  const t = new SignalTable(4);
  scorePairs(ctx, 0, [1], t);
  const col = (name: keyof SignalTable['cols']) => t.cols[name][0];

  it('computes NetworkX preferential_attachment and adamic_adar_index by hand', () => {
    // nx.preferential_attachment: deg(c) · deg(u) = 2 · 3; nx.adamic_adar_index: 1/ln 2 + 1/ln 3
    expect(col('preferentialAttachment')).toBe(6);
    expect(col('adamicAdar')).toBeCloseTo(1 / Math.log(2) + 1 / Math.log(3), 12);
    expect(col('commonNeighbours')).toBe(2);
    expect(col('resourceAllocation')).toBeCloseTo(1 / 2 + 1 / 3, 12);
    expect(col('jaccard')).toBeCloseTo(2 / 3, 12);
  });

  it('weighs an introduction by the age of its older tie, and by repeated work', () => {
    const age = (a: string) => (ref - isoDay(a)) / (2 * 365.25);
    // via w1: older of c–w1 (2020) and w1–u (2018) is 2018; via w2: c–w2 last renewed 2022, w2–u 2022.
    expect(col('recency')).toBeCloseTo(2 ** -age('2018-01-01') + 2 ** -age('2022-01-01'), 12);
    // via w1: min(1, 1); via w2: min(2, 1)
    expect(col('strength')).toBe(2);
  });

  it('counts the partner’s ties decayed by their age (partnerActivity, a default input since round 2)', () => {
    const fresh = (a: string) => 2 ** -((ref - isoDay(a)) / (2 * 365.25));
    // u's ties: w1 (2018), w2 (2022), w3 (2022-06); c's: w1 (2020), w2 (last renewed 2022).
    const u = fresh('2018-01-01') + fresh('2022-01-01') + fresh('2022-06-01');
    expect(col('partnerDegree')).toBe(3);
    expect(col('partnerActivity')).toBeCloseTo(u, 12);
    expect(col('recentActivity')).toBeCloseTo((fresh('2020-01-01') + fresh('2022-01-01')) * u, 12);
  });

  it('learns type and country affinity as log tie rates of the data', () => {
    // one company–university pair possible (c, u), not tied: (0 + 1) / (1 + 1)
    expect(col('typeAffinity')).toBeCloseTo(Math.log(1 / 2), 12);
    // countries known for 5 organisations: FI c, u, w2; SE w1, w3 → same-country pairs 3 + 1 = 4,
    // tied same-country pairs: c–w2, w2–u → (2 + 1) / (4 + 1)
    expect(col('countryAffinity')).toBeCloseTo(Math.log(3 / 5), 12);
  });
});

describe('the two-step walk', () => {
  it('gives the same signals as scoring each pair, and skips partners out of reach', () => {
    const d = growingNetwork(9, { size: 120, perYear: 60, from: 2012 });
    const c = parsePartnerConfig({});
    const g = tieGraph(organisationTies(d), d.nodes.length);
    const isPartner = Uint8Array.from(d.nodes, (x) => (x.type === 'university' ? 1 : 0));
    const ctx = signalContext(g, d.nodes, c, learnAffinity(g, d.nodes, new Uint8Array(d.nodes.length).fill(1)), isoDay('2023-01-01'));
    const walked = new SignalTable(8),
      direct = new SignalTable(8);
    const u = 0; // n0, a company
    scoreReach(ctx, u, partnerReach(ctx, isPartner), [], () => true, walked, new ReachScratch(d.nodes.length));
    expect(walked.size).toBeGreaterThan(0);
    scorePairs(ctx, u, walked.partner.subarray(0, walked.size), direct);
    for (const name of Object.keys(walked.cols) as (keyof SignalTable['cols'])[]) {
      for (let r = 0; r < walked.size; r++) expect(walked.cols[name][r]).toBeCloseTo(direct.cols[name][r], 12);
    }
    // tied partners are never candidates; every untied partner left out has no common contact with u
    const reached = new Set(walked.partner.subarray(0, walked.size));
    for (const v of reached) expect(tiePosition(g, u, v)).toBe(-1);
    const others = d.nodes.map((_, i) => i).filter((v) => isPartner[v] && !reached.has(v) && tiePosition(g, u, v) < 0);
    expect(others.length).toBeGreaterThan(0);
    const rest = new SignalTable(8);
    scorePairs(ctx, u, others, rest);
    expect(Array.from(rest.cols.commonNeighbours.subarray(0, rest.size)).every((x) => x === 0)).toBe(true);
  });
});

describe('participation data', () => {
  const bip = ds({
    nodes: [
      { id: 'co', type: 'company', label: 'Acme' },
      { id: 'uni', type: 'university', label: 'Uni' },
      { id: 'lab', type: 'research', label: 'Lab' },
      { id: 'vet', type: 'vet', label: 'VET college' },
      { id: 'p1', type: 'project', label: 'Project One' },
      { id: 'p2', type: 'project', label: 'Project Two' },
    ],
    edges: [
      { source: 'co', target: 'p1', type: 'participation', start: '2020-01-01' },
      { source: 'lab', target: 'p1', type: 'participation', start: '2020-01-01' },
      { source: 'lab', target: 'p2', type: 'participation', start: '2021-01-01' },
      { source: 'uni', target: 'p2', type: 'participation', start: '2021-01-01' },
      { source: 'vet', target: 'p2', type: 'participation', start: '2021-01-01' },
    ],
  });

  it('ties organisations through shared projects and names the projects behind the introducer', () => {
    const ties = organisationTies(bip);
    expect(ties.form).toBe('participation');
    expect(ties.size).toBe(4); // co–lab via p1; lab–uni, lab–vet, uni–vet via p2
    const r = matchPartners(bip, { scoring: 'weights', partnerTypes: ['university', 'vet'] });
    const acme = r.suggestions.find((s) => s.id === 'co')!;
    const uni = acme.top.find((x) => x.id === 'uni')!;
    expect(uni.introducers).toEqual([{ id: 'lab', label: 'Lab', projects: { withCompany: ['Project One'], withPartner: ['Project Two'] } }]);
    expect(uni.explanation).toContain('Lab (with the company in Project One, with the partner in Project Two)');
  });
});

describe('learned score', () => {
  const d = growingNetwork(3, { size: 120, perYear: 60, from: 2012 });
  const ties = organisationTies(d);
  const masks = companyUniversityMasks(d);
  const train = (seed: number) =>
    trainPartnerModel(ties, d.nodes, masks, parsePartnerConfig({ learning: { seed, negativesPerPositive: 3 } }), isoDay('2021-01-01')).trained!;

  it('is deterministic under a seed, and the seed only moves the sampled negatives', () => {
    const a = train(5),
      b = train(5),
      other = train(6);
    expect(a.model).toEqual(b.model);
    expect(a.positives).toBe(other.positives);
    expect(linearModel(other.model).coef).not.toEqual(linearModel(a.model).coef);
    expect(a.t0).toBe('2020-01-01'); // one calendar year before the split (learning.horizonYears)
  });

  it('learns that activity predicts new ties on a preferential-attachment network', () => {
    const m = linearModel(train(5).model);
    expect(m.coef[m.features.indexOf('preferentialAttachment')]).toBeGreaterThan(0);
  });

  it('explanations say which signals weighed most and still name introducers', () => {
    const r = matchPartners(d, {});
    expect(r.scoring.kind).toBe('learned');
    const withIntro = r.suggestions.flatMap((s) => s.top).find((x) => x.introducers.length > 0)!;
    expect(withIntro.explanation).toMatch(/weighed most: /);
    expect(withIntro.explanation).toContain(withIntro.introducers[0].id);
  });
});

describe('logistic regression', () => {
  it('reaches the penalised optimum: the gradient vanishes', () => {
    const rng = createRng(11);
    const n = 400,
      X = new Float64Array(n * 2),
      y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      X[2 * i] = rng() * 4;
      X[2 * i + 1] = rng();
      y[i] = rng() < 1 / (1 + Math.exp(-(X[2 * i] - 2))) ? 1 : 0;
    }
    const m = fitLogistic(['a', 'b'], X, y, { l2: 1 });
    let pos = 0;
    for (const v of y) pos += v;
    const wPos = n / (2 * pos),
      wNeg = n / (2 * (n - pos));
    const g = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const z = [(X[2 * i] - m.mean[0]) / m.sd[0], (X[2 * i + 1] - m.mean[1]) / m.sd[1]];
      const p = 1 / (1 + Math.exp(-(m.intercept + m.coef[0] * z[0] + m.coef[1] * z[1])));
      const r = (y[i] ? wPos : wNeg) * (y[i] - p);
      g[0] += r * z[0];
      g[1] += r * z[1];
      g[2] += r;
    }
    expect(Math.abs(g[0] - m.coef[0])).toBeLessThan(1e-6);
    expect(Math.abs(g[1] - m.coef[1])).toBeLessThan(1e-6);
    expect(Math.abs(g[2])).toBeLessThan(1e-6);
    expect(m.coef[0]).toBeGreaterThan(1); // the signal is found
  });
});

describe('TopK', () => {
  it('keeps the k best, ties to the smaller item', () => {
    const h = new TopK(3);
    [
      [1, 0],
      [5, 1],
      [3, 2],
      [5, 3],
      [0, 4],
      [4, 5],
    ].forEach(([s, i]) => h.offer(s, i));
    expect([...h.items()]).toEqual([1, 3, 5]);
  });
});

describe('evaluation protocol', () => {
  it('headlines only pairs whose organisations were both active before the split', () => {
    const d = ds({
      nodes: [
        { id: 'c', type: 'company' },
        { id: 'u', type: 'university' },
        { id: 'new', type: 'university' },
        { id: 'w', type: 'public' },
        { id: 'v', type: 'university' },
      ],
      edges: [
        { source: 'c', target: 'w', start: '2018-01-01' },
        { source: 'u', target: 'w', start: '2018-01-01' },
        { source: 'v', target: 'w', start: '2018-01-01' },
        { source: 'c', target: 'u', start: '2020-01-01' },
        { source: 'c', target: 'new', start: '2020-01-01' },
      ],
    });
    const r = evaluatePartners(d, { split: '2019-01-01', k: 1, config: { scoring: 'weights' } });
    const [established, all] = r.populations;
    expect([established.candidates, established.newTies]).toEqual([2, 1]); // c–u (tied), c–v
    expect([all.candidates, all.newTies]).toEqual([3, 2]); // plus c–new: 'new' had no tie before 2019
    expect(r.newTies).toBe(1);
    // c's top-1 among {u, v} (equal scores) is decided by the seeded tie-break, not the input order
    const random = established.scores.find((s) => s.score === 'random')!;
    expect([0, 1]).toContain(random.recallAtK);
  });
});

const SWAFS = new URL('../../../shared/datasets/cordis-h2020-swafs/', import.meta.url).pathname;

describe('real data: CORDIS H2020 Science with and for Society', () => {
  it('gives the same headline population in both forms, and NetworkX’s preferential-attachment AUC', async () => {
    if (!existsSync(`${SWAFS}coorg`) || !existsSync(`${SWAFS}dataset`))
      throw new Error(`the CORDIS SwafS dataset is missing at ${SWAFS} (../shared/datasets/cordis-h2020-swafs from the repo root)`);
    const forms = await Promise.all(
      ['coorg', 'dataset'].map(async (f) => evaluatePartners((await loadDataset(`${SWAFS}${f}`)).dataset, { split: '2019-01-01', k: 20 })),
    );
    for (const r of forms) {
      expect(r.newTies).toBe(66);
      expect(r.candidates).toBe(25778);
      // the issue measured NetworkX's preferential attachment at AUC 0.71 on this population
      expect(r.scores.find((s) => s.score === 'preferentialAttachment')!.auc).toBeCloseTo(0.71, 2);
      expect(r.scores.find((s) => s.score === 'adamicAdar')!.auc).toBeCloseTo(0.64, 2);
      // the default learned score beats the better baseline (preferential attachment) on AUC (0.722 against 0.710 in both forms)
      expect(r.scores.find((s) => s.score === 'combined')!.auc).toBeGreaterThan(r.scores.find((s) => s.score === 'preferentialAttachment')!.auc! + 0.005);
    }
    expect(forms.map((r) => r.form)).toEqual(['co-organisation', 'participation']);
  }, 120_000);

  it('ranks by log-odds: a model whose probabilities all saturate at the split still orders the pairs', async () => {
    // Trained on the 20 company–university ties of 2018, the model sees a much denser graph at the
    // split and every probability rounds to 1; ranked by probability the AUC was exactly 0.5.
    const d = (await loadDataset(`${SWAFS}coorg`)).dataset;
    const r = evaluatePartners(d, { split: '2019-01-01', k: 20, config: { learning: { population: 'company-partner', horizonYears: 2 } } });
    expect(r.scoring.kind).toBe('learned');
    expect(r.scores.find((s) => s.score === 'combined')!.auc).not.toBeCloseTo(0.5, 3);
  }, 120_000);
});

describe('ranking paths', () => {
  it('scores candidates within reach exactly as the evaluation scores every pair (learned and weights)', () => {
    const d = growingNetwork(4, { size: 120, perYear: 60, from: 2012 });
    for (const scoring of ['learned', 'weights'] as const) {
      const s = partnerSetup(d, parsePartnerConfig({ scoring, learning: { negativesPerPositive: 3 } }), isoDay('2023-01-01'));
      expect(s.scoring.kind).toBe(scoring);
      // keep ≥ partners, so the out-of-reach list holds every partner and both paths keep every allowed pair
      const fast = rankPartners(s, { keep: 10_000 }),
        all = rankPartners(s, { allPairs: true, keep: 10_000 });
      const rows = (r: typeof fast) =>
        Array.from({ length: r.signals.size }, (_, i) => `${r.signals.company[i]}-${r.signals.partner[i]}:${r.rankKey[i]}:${r.signals.cols.recency[i]}`).sort();
      expect(fast.signals.size).toBe(all.signals.size);
      expect(rows(fast)).toEqual(rows(all));
    }
  });
});
