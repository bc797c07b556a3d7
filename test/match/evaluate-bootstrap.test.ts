import { describe, expect, it } from 'vitest';
import { auc, evaluatePartners } from '../../src/match/evaluate.ts';
import { bootstrapEvaluation, EvaluationBootstrapSchema, placements } from '../../src/match/evaluate-bootstrap.ts';
import { createRng } from '../../src/util/random.ts';
import { hubgraph } from '../cli/run-cli.ts';
import { growingNetwork } from './growing-network.ts';

describe('bootstrap of the evaluation (src/match/evaluate-bootstrap.ts)', () => {
  it('placements: their mean over the positive rows is the Mann–Whitney AUC, ties counted ½', () => {
    const rng = createRng(3);
    const scores = Float64Array.from({ length: 300 }, () => Math.floor(rng() * 20));
    const positive = Uint8Array.from({ length: 300 }, () => (rng() < 0.2 ? 1 : 0));
    const p = placements(scores, positive)!;
    let sum = 0,
      pos = 0;
    for (let i = 0; i < 300; i++)
      if (positive[i]) {
        sum += p[i];
        pos++;
      }
    expect(sum / pos).toBeCloseTo(auc(scores, positive)!, 12);
    // by hand: scores 1, 2, 2, 3 with positives at 2 (one of the two) and 3: negatives 1, 2
    expect([...placements([1, 2, 2, 3], [0, 1, 0, 1])!]).toEqual([0.25, 0.75, 0.75, 1]);
    expect(placements([1, 2], [1, 1])).toBeNull();
  });

  it('a hand-checkable case: two companies, one found (recall 1), one not (0)', () => {
    // Resamples of two companies are {A, A}, {A, B}, {B, B} with chances ¼, ½, ¼: recall 1, ½, 0.
    const b = bootstrapEvaluation(
      [
        { score: 'combined', recall: Float64Array.from([1, 0]), precision: Float64Array.from([0.5, 0]), placementSum: Float64Array.from([1, 0.5]) },
        {
          score: 'preferentialAttachment',
          recall: Float64Array.from([0.5, 0.5]),
          precision: Float64Array.from([0.25, 0.25]),
          placementSum: Float64Array.from([0.9, 0.7]),
        },
      ],
      { resamples: 2000, seed: 1, positives: Int32Array.from([1, 1]), ours: 'combined', baselines: ['preferentialAttachment'] },
    );
    const [combined, pa] = b.scores;
    expect(combined.recallAtK).toEqual([0, 1]);
    expect(combined.auc).toEqual([0.5, 1]);
    expect(combined.precisionAtK).toEqual([0, 0.5]);
    // a score equal for both companies has no spread
    expect(pa.recallAtK).toEqual([0.5, 0.5]);
    expect(pa.auc![0]).toBeCloseTo(0.7, 12);
    expect(pa.auc![1]).toBeCloseTo(0.9, 12);
    // paired ratio: combined / PA on the same resample, 2, 1 or 0
    expect(b.ratio.recallAtK).toEqual({ baseline: 'preferentialAttachment', point: 1, interval: [0, 2], resamplesUsed: 2000 });
    expect(b.ratio.auc.point).toBeCloseTo(0.75 / 0.8, 12);
    expect(EvaluationBootstrapSchema.parse(b)).toEqual(b);
  });

  it('the ratio is paired: a score against itself is 1 in every resample', () => {
    const figures = (['combined', 'adamicAdar'] as const).map((score) => ({
      score,
      recall: Float64Array.from([0.2, 0.6, 1]),
      precision: Float64Array.from([0.1, 0.3, 0.1]),
      placementSum: Float64Array.from([0.5, 1.6, 0.9]),
    }));
    const b = bootstrapEvaluation(figures, { resamples: 500, seed: 4, positives: Int32Array.from([1, 2, 1]), ours: 'combined', baselines: ['adamicAdar'] });
    expect(b.ratio.recallAtK.interval).toEqual([1, 1]);
    expect(b.ratio.auc.interval![0]).toBeCloseTo(1, 12);
    expect(b.ratio.auc.interval![1]).toBeCloseTo(1, 12);
    expect(b.scores[0].recallAtK[0]).toBeLessThan(b.scores[0].recallAtK[1]);
  });

  it('match evaluate: intervals are deterministic under the seed and contain the point estimates; bootstrap 0 leaves them out', () => {
    const d = growingNetwork(11, { size: 150, perYear: 80, from: 2014 });
    const options = { split: '2021-01-01', k: 10, config: { scoring: 'weights' as const } };
    const a = evaluatePartners(d, options),
      again = evaluatePartners(d, options),
      other = evaluatePartners(d, { ...options, seed: 8 });
    expect(a.bootstrap).toBeDefined();
    expect(again.bootstrap).toEqual(a.bootstrap);
    expect(other.bootstrap!.scores).not.toEqual(a.bootstrap!.scores);
    expect(a.bootstrap!.companies).toBe(a.populations[0].companies);
    for (const s of a.scores) {
      const b = a.bootstrap!.scores.find((x) => x.score === s.score)!;
      expect(b.recallAtK[0]).toBeLessThanOrEqual(s.recallAtK!);
      expect(b.recallAtK[1]).toBeGreaterThanOrEqual(s.recallAtK!);
      expect(b.precisionAtK[0]).toBeLessThanOrEqual(s.precisionAtK! + 1e-12);
      expect(b.precisionAtK[1]).toBeGreaterThanOrEqual(s.precisionAtK! - 1e-12);
      expect(b.auc![0]).toBeLessThanOrEqual(s.auc! + 1e-12);
      expect(b.auc![1]).toBeGreaterThanOrEqual(s.auc! - 1e-12);
    }
    const r = a.bootstrap!.ratio.recallAtK;
    expect(['preferentialAttachment', 'adamicAdar']).toContain(r.baseline);
    const best = Math.max(...['preferentialAttachment', 'adamicAdar'].map((n) => a.scores.find((s) => s.score === n)!.recallAtK!));
    expect(r.point).toBeCloseTo(a.scores.find((s) => s.score === 'combined')!.recallAtK! / best, 12);
    expect(r.interval![0]).toBeLessThanOrEqual(r.point!);
    expect(r.interval![1]).toBeGreaterThanOrEqual(r.point!);
    expect(evaluatePartners(d, { ...options, bootstrap: 0 }).bootstrap).toBeUndefined();
    // the figures themselves do not move with the bootstrap
    expect(evaluatePartners(d, { ...options, bootstrap: 0 }).scores).toEqual(a.scores);
  });

  it('hubgraph match evaluate shows the intervals in the table and in --json (its schema)', async () => {
    const text = await hubgraph('match', 'evaluate', 'data/sample', '--split', '2024-09-01', '--k', '20', '--bootstrap', '200');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/recall@20 {2}95 %/);
    expect(text.stdout).toMatch(/combined against the better baseline: recall@20 [\d.]+× \w+ \(95 % [\d.]+–[\d.]+\), AUC/);
    expect(text.stdout).toMatch(/200 paired bootstrap resamples/);
    const json = await hubgraph('match', 'evaluate', 'data/sample', '--split', '2024-09-01', '--k', '20', '--bootstrap', '200', '--json');
    const doc = JSON.parse(json.stdout);
    expect(EvaluationBootstrapSchema.parse(doc.bootstrap).resamples).toBe(200);
    const none = JSON.parse((await hubgraph('match', 'evaluate', 'data/sample', '--split', '2024-09-01', '--bootstrap', '0', '--json')).stdout);
    expect(none.bootstrap).toBeUndefined();
  });
});
