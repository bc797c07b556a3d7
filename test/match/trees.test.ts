import { describe, expect, it } from 'vitest';
import { evaluationText } from '../../src/cli/commands/match-partners-text.ts';
import { evaluatePartners, PartnerEvaluationSchema } from '../../src/match/evaluate.ts';
import { predictLogOdds } from '../../src/match/learn.ts';
import { commonContacts } from '../../src/match/signals.ts';
import { matchPartners, parsePartnerConfig, partnerSetup, rankPartners } from '../../src/match/partners.ts';
import { binCode, binEdges, fitTrees, TreeModelSchema, treeBatch, treeContributions, treeScore } from '../../src/match/trees.ts';
import { TreesSettingsSchema } from '../../src/model/partner-trees.ts';
import { createRng } from '../../src/util/random.ts';
import { growingNetwork } from './growing-network.ts';

const settings = (x: Partial<Record<keyof ReturnType<typeof TreesSettingsSchema.parse>, number>> = {}) => TreesSettingsSchema.parse(x);
const ones = (n: number) => new Float64Array(n).fill(1);

/** Rows with three inputs: x0 decides the label (with noise), x1 a little, x2 is noise; deterministic. */
function noisy(n: number, seed: number): { X: Float64Array; y: Uint8Array } {
  const rng = createRng(seed);
  const X = new Float64Array(n * 3),
    y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const a = rng(),
      b = rng(),
      c = Math.floor(rng() * 4);
    X.set([a, b, c], r * 3);
    y[r] = a + 0.3 * b + 0.2 * rng() > 0.8 ? 1 : 0;
  }
  return { X, y };
}

describe('gradient-boosted trees (src/match/trees.ts)', () => {
  it('one tree of depth 1: the split with the largest Newton gain, leaf values −G/(H+λ)·rate', () => {
    // x = 1, 2, 3, 4 with labels 0, 0, 1, 1, weight 1: the initial score log(2/2) = 0, p = ½,
    // g = p − y = ½, ½, −½, −½ and h = ¼ each. Gains GL²/(HL+1) + GR²/(HR+1) − G²/(H+1) with G = 0:
    // x ≤ 1: ¼/1.25 + ¼/1.75 = 0.343; x ≤ 2: 1/1.5 + 1/1.5 = 1.333; x ≤ 3: 0.343. The split is x ≤ 2,
    // its leaves −1/(0.5 + 1) · 0.1 = −1/15 and +1/15; the root's value is 0.
    const m = fitTrees(
      ['x'],
      Float64Array.from([1, 2, 3, 4]),
      Uint8Array.from([0, 0, 1, 1]),
      { kind: 'logistic', weight: ones(4) },
      settings({ count: 1, depth: 1, minLeaf: 1 }),
    );
    expect(m.edges).toEqual([[1, 2, 3]]);
    expect(m.trees[0].feature).toEqual([0]);
    expect(m.trees[0].bin).toEqual([1]); // bin 1 = x ≤ edges[1] = 2
    expect(m.trees[0].value[0]).toBeCloseTo(0, 15);
    expect(m.trees[0].value[1]).toBeCloseTo(-1 / 15, 15);
    expect(m.trees[0].value[2]).toBeCloseTo(1 / 15, 15);
    expect(m.gain[0]).toBeCloseTo(4 / 3, 12);
    expect(m.base).toBeCloseTo(0, 15);
    expect(treeScore(m, [2])).toBeCloseTo(-1 / 15, 15); // a value at an edge goes left
    expect(treeScore(m, [2.5])).toBeCloseTo(1 / 15, 15);
    expect(treeScore(m, [-7])).toBeCloseTo(-1 / 15, 15); // outside the training range: the outer bins
    expect(treeScore(m, [99])).toBeCloseTo(1 / 15, 15);
    // With 2 rows at least per side only x ≤ 2 is allowed; with 3, no split: one value, −0/(1+1)·0.1 = 0
    expect(
      fitTrees(
        ['x'],
        Float64Array.from([1, 2, 3, 4]),
        Uint8Array.from([0, 0, 1, 1]),
        { kind: 'logistic', weight: ones(4) },
        settings({ count: 1, depth: 1, minLeaf: 2 }),
      ).trees[0].bin,
    ).toEqual([1]);
    const none = fitTrees(
      ['x'],
      Float64Array.from([1, 2, 3, 4]),
      Uint8Array.from([0, 0, 1, 1]),
      { kind: 'logistic', weight: ones(4) },
      settings({ count: 1, depth: 1, minLeaf: 3 }),
    );
    expect(none.trees[0].feature).toEqual([-1]);
    expect(treeScore(none, [1])).toBe(treeScore(none, [4]));
  });

  it('bins at ties and constant inputs: edges are data values, equal values never straddle one, a constant input is never split', () => {
    // 60 % zeros, then 1…40: the quantile edges at q/4 fall on 0 three times (kept once), then on the data
    const values = [...new Array(60).fill(0), ...Array.from({ length: 40 }, (_, i) => i + 1)];
    const edges = binEdges(values, 4);
    expect(edges).toEqual([0, 15]);
    expect(values.filter((v) => binCode(edges, v) === 0)).toHaveLength(60); // every zero in one bin
    expect(binEdges([3, 3, 3, 3], 32)).toEqual([]);
    expect(binEdges([2, 1, 2, 1, 5], 32)).toEqual([1, 2]); // few distinct values: one bin each, never the largest as an edge
    // A constant input carries no split even when it is listed first
    const { X, y } = noisy(400, 3);
    const withConstant = new Float64Array(400 * 2);
    for (let r = 0; r < 400; r++) withConstant.set([7, X[r * 3]], r * 2);
    const m = fitTrees(['constant', 'x0'], withConstant, y, { kind: 'logistic', weight: ones(400) }, settings({ count: 5 }));
    expect(m.edges[0]).toEqual([]);
    expect(m.gain[0]).toBe(0);
    expect(m.trees.flatMap((t) => t.feature).filter((j) => j === 0)).toHaveLength(0);
    expect(m.trees[0].feature[0]).toBe(1);
  });

  it('contributions sum to score − base; training is deterministic (identical model bytes) and the model round-trips through its schema', () => {
    const { X, y } = noisy(600, 11);
    const grow = () => fitTrees(['x0', 'x1', 'x2'], X, y, { kind: 'logistic', weight: ones(600) }, settings());
    const m = grow();
    const bytes = JSON.stringify(m);
    expect(JSON.stringify(grow())).toBe(bytes);
    const back = TreeModelSchema.parse(JSON.parse(bytes));
    expect(m.trees).toHaveLength(100);
    expect(m.gain[0]).toBeGreaterThan(m.gain[2]); // the deciding input carries the most gain
    // The batch walk (the top-K path: every tree over many rows) gives the same scores to the bit
    const batch = treeBatch(m);
    for (let r = 0; r < 50; r++) batch.push(X.subarray(r * 3, r * 3 + 3));
    const together = batch.scores();
    for (let r = 0; r < 50; r++) {
      const x = X.subarray(r * 3, r * 3 + 3);
      const parts = treeContributions(m, x);
      expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(treeScore(m, x) - m.base, 10);
      expect(treeScore(back, x)).toBe(treeScore(m, x));
      expect(together[r]).toBe(treeScore(m, x));
    }
    // Five inputs of 32 bins need 25 bits, more than the score memo takes: scored by walking alone, the same
    const wide = Float64Array.from({ length: 300 * 5 }, (_, i) => X[(i % 600) * 3 + (i % 3)] + (i % 5) * 0.01);
    const w = fitTrees(['a', 'b', 'c', 'd', 'e'], wide, y.subarray(0, 300), { kind: 'logistic', weight: ones(300) }, settings({ count: 10 }));
    const wb = treeBatch(w);
    for (let r = 0; r < 20; r++) wb.push(wide.subarray(r * 5, r * 5 + 5));
    const wides = wb.scores();
    for (let r = 0; r < 20; r++) expect(wides[r]).toBe(treeScore(TreeModelSchema.parse(JSON.parse(JSON.stringify(w))), wide.subarray(r * 5, r * 5 + 5)));
    // A schema violation names where: a tree of the wrong size
    const bad = JSON.parse(bytes);
    bad.trees[4].value.pop();
    const r = TreeModelSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['trees', 4]);
  });

  it('LambdaMART (the lambda objective) orders each group’s new tie above its other candidates', () => {
    // 40 groups of 1 positive + 9 negatives, listed last so the tied start does not rank it first; the
    // group's level (0…4) is shared by its rows and x0 = level + 0, 1 or 2 for a negative, level + 3
    // for the positive: only the order within a group says which rows tie (exact bins: ≤ 32 values)
    const rng = createRng(5);
    const G = 40,
      size = 10;
    const X = new Float64Array(G * size * 2),
      y = new Uint8Array(G * size),
      group = new Int32Array(G * size);
    for (let g = 0; g < G; g++) {
      const level = Math.floor(rng() * 5);
      for (let i = 0; i < size; i++) {
        const r = g * size + i,
          pos = i === size - 1;
        X.set([level + (pos ? 3 : Math.floor(rng() * 3)), level], r * 2);
        y[r] = pos ? 1 : 0;
        group[r] = g;
      }
    }
    const m = fitTrees(['x0', 'level'], X, y, { kind: 'lambda', group, negWeight: ones(G * size), k: 3 }, settings({ minLeaf: 5 }));
    expect(m.base).toBeCloseTo(0, 12);
    let first = 0;
    for (let g = 0; g < G; g++) {
      const scores = Array.from({ length: size }, (_, i) => treeScore(m, X.subarray((g * size + i) * 2, (g * size + i) * 2 + 2)));
      if (scores.indexOf(Math.max(...scores)) === size - 1 && scores.filter((s) => s === scores[size - 1]).length === 1) first++;
    }
    expect(first).toBe(G); // the new tie strictly first in every group
  });
});

describe('learner trees in the partner model', () => {
  const d = growingNetwork(3, { size: 120, perYear: 60, from: 2012 });

  it('suggests partners with introducers and the signals that weighed most; the heap path scores as the evaluation path does', () => {
    const config = { learning: { learner: 'trees', negativesPerPositive: 3 } } as const;
    const r = matchPartners(d, { ...config, top: 3 });
    expect(r.scoring.kind).toBe('learned');
    expect(r.scoring.model?.learner).toBe('trees');
    const info = r.scoring.model!;
    if (info.learner !== 'trees') return;
    expect(info.trees).toEqual({ count: 100, depth: 3, rate: 0.1, bins: 32, minLeaf: 20, l2: 1 });
    expect(Object.values(info.importance).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ix = new Map(d.nodes.map((x, i) => [x.id, i]));
    const company = r.suggestions.find((s) => s.type === 'company' && s.top.some((t) => t.introducers.length))!;
    const best = company.top.find((t) => t.introducers.length)!;
    // The introducers are the pair's common contacts, most specific first, and the explanation names them
    const s = partnerSetup(d, parsePartnerConfig(config));
    expect(best.introducers.map((i) => i.id)).toEqual(
      commonContacts(s.g, ix.get(company.id)!, ix.get(best.id)!)
        .slice(0, 5)
        .map((w) => d.nodes[w].id),
    );
    expect(best.explanation).toMatch(new RegExp(`${best.introducers[0].label}.* could make the introduction`));
    expect(r.suggestions.flatMap((x) => x.top).some((t) => /weighed most: /.test(t.explanation))).toBe(true);
    // The national (heap) path and the all-pairs path give every kept pair the same log-odds
    const fast = rankPartners(s);
    const scratch = new Float64Array(64);
    for (let row = 0; row < fast.signals.size; row += 7) expect(fast.rankKey[row]).toBe(predictLogOdds(s.trained!.model, fast.signals, row, scratch));
  });

  it('match evaluate judges the trees and the lambda trees (LambdaMART); a combination trees cannot learn is refused, naming the field', () => {
    for (const objective of ['pairs', 'lambda'] as const) {
      const ev = evaluatePartners(d, {
        split: '2021-01-01',
        k: 10,
        config: { learning: { learner: 'trees', objective, negativesPerPositive: 3 } },
        bootstrap: 0,
      });
      expect(ev.scoring.model).toMatchObject({ learner: 'trees', objective });
      expect(PartnerEvaluationSchema.parse(JSON.parse(JSON.stringify(ev)))).toEqual(ev); // the --json / API document's contract
      expect(evaluationText(ev)).toContain(
        `combined = gradient-boosted trees (100, depth ≤ 3; ${objective === 'lambda' ? 'LambdaMART' : 'logistic loss'}) trained on ties before`,
      );
      expect(ev.scores.find((x) => x.score === 'combined')!.auc).toBeGreaterThan(0.6);
    }
    expect(() => parsePartnerConfig({ learning: { learner: 'trees', objective: 'two-part' } })).toThrow(/learning\.learner.*objective pairs .* or lambda/s);
    expect(() => parsePartnerConfig({ learning: { learner: 'trees', select: 'inner' } })).toThrow(/learning\.learner/);
    expect(() => parsePartnerConfig({ learning: { trees: { depth: 0 } } })).toThrow(/learning\.trees\.depth/);
  });
});
