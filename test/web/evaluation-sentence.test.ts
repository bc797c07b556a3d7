/** The partner evaluation panel's sentences: the figures never claim more than the intervals allow; the scoring says what the score rests on. */
import { describe, expect, it } from 'vitest';
import { ScoringInfoSchema, type VersionEvaluation, VersionEvaluationSchema } from '../../src/server/contract/index.ts';
import { evaluationSentence } from '../../web/src/views/matching-evaluate.ts';
import { heaviestSignals, scoringSentence } from '../../web/src/views/scoring-info.ts';

const score = (name: string, recall: number, auc: number) => ({ score: name, role: 'ours' as const, recallAtK: recall, precisionAtK: recall / 4, auc });
const doc = (ratio: [number, number] | null, aucIv: [number, number] | null, bootstrap = true): VersionEvaluation =>
  VersionEvaluationSchema.parse({
    split: '2024-01-01',
    k: 10,
    form: 'co-organisation',
    trainTies: 100,
    scoring: { kind: 'weights' },
    candidates: 500,
    newTies: 23,
    scores: [score('combined', 0.5, 0.72), score('preferentialAttachment', 0.5, 0.7)],
    populations: [],
    note: 'n',
    splitChosen: { by: 'default', reason: 'r', companies: 11, minCompanies: 30, years: [] },
    datedRange: { first: '2015-01-01', last: '2025-09-01', datedTies: 100 },
    ...(bootstrap
      ? {
          bootstrap: {
            resamples: 1000,
            seed: 7,
            level: 0.95,
            companies: 11,
            method: 'm',
            scores: [{ score: 'combined', recallAtK: [0.4, 0.6], precisionAtK: [0.1, 0.15], auc: aucIv }],
            ratio: {
              recallAtK: { baseline: 'preferentialAttachment', point: 1, interval: ratio, resamplesUsed: 1000 },
              auc: { baseline: 'preferentialAttachment', point: 1.03, interval: [0.98, 1.08], resamplesUsed: 1000 },
            },
          },
        }
      : {}),
  });

describe('evaluationSentence', () => {
  it('"about as many" when the ratio’s interval contains 1, "more" / "fewer" only when it lies wholly above / below', () => {
    expect(evaluationSentence(doc([0.9, 1.1], [0.66, 0.78]))).toBe(
      'On this data the suggestions find about as many of the 23 partnerships that formed from 2024-01-01 on as “the most active organisations” (preferential attachment) do (0.90–1.10×), and rank likely partners better than chance (AUC 0.72, 95 % 0.66–0.78).',
    );
    expect(evaluationSentence(doc([1.05, 1.4], [0.66, 0.78]))).toContain(
      'find more of the 23 partnerships that formed from 2024-01-01 on than “the most active',
    );
    expect(evaluationSentence(doc([0.5, 0.95], [0.66, 0.78]))).toContain('find fewer of');
    expect(evaluationSentence(doc([0, 24], [0.66, 0.78]))).toContain('do (0.00–24.00×; the interval is wide: only 11 companies formed new ties)');
  });

  it('chance: "better" only when the AUC’s interval lies above 0.5; without intervals nothing is concluded', () => {
    expect(evaluationSentence(doc([0.9, 1.1], [0.45, 0.8]))).toContain(
      'cannot be told apart from chance at ranking likely partners (AUC 0.72, 95 % 0.45–0.80)',
    );
    expect(evaluationSentence(doc([0.9, 1.1], [0.3, 0.45]))).toContain('worse than chance');
    const bare = evaluationSentence(doc(null, null, false));
    expect(bare).toContain('no interval computed, so no comparison is concluded');
    expect(bare).not.toMatch(/more|fewer|about as many|better than chance/);
  });
});

/** How the suggestions were scored, from `scoring`: the learned model or the hand-set weights and why. */
const base = { t0: '2021-01-01', until: '2022-01-01', positives: 1482, negatives: 9640, objective: 'pairs' as const, windows: 1 };

describe('scoring sentence', () => {
  it('names a linear model’s window and its three heaviest signals by |coefficient|', () => {
    const s = ScoringInfoSchema.parse({
      kind: 'learned',
      model: {
        learner: 'linear',
        ...base,
        intercept: -7,
        coefficients: { adamicAdar: 0.2, preferentialAttachment: 1.4, typeAffinity: -1.1, proximity: 4.1, themes: 0 },
      },
    });
    expect(scoringSentence(s)).toBe(
      'Learned from your own ties: trained on ties formed 2021-01-01…2022-01-01 (1,482 new ties); model: logistic regression; the signals that weigh most: proximity, how active both are, how often this type of partner works with companies.',
    );
  });

  it('names trees by their settings and ranks by importance', () => {
    const s = ScoringInfoSchema.parse({
      kind: 'learned',
      model: {
        learner: 'trees',
        ...base,
        trees: { count: 100, depth: 3, rate: 0.1, bins: 32, minLeaf: 20, l2: 1 },
        base: -3,
        importance: { katz: 0.1, adamicAdar: 0.5, complementarity: 0.3, themes: 0.1 },
      },
    });
    expect(scoringSentence(s)).toContain(
      'model: gradient-boosted trees (100 trees of depth ≤ 3); the signals that weigh most: specific common contacts, the partner type the themes need, short paths through the network.',
    );
    expect(heaviestSignals({ a: 0, b: 0 })).toEqual([]);
  });

  it('says hand-set weights with the server’s reason, or that the rules ask for them', () => {
    const fell = ScoringInfoSchema.parse({
      kind: 'weights',
      fallback: 'hand-set weights used: the ties are undated, so there is no earlier period to learn from',
    });
    expect(scoringSentence(fell)).toBe(
      'Hand-set weights: the model could not be learned because the ties are undated, so there is no earlier period to learn from.',
    );
    expect(scoringSentence({ kind: 'weights' })).toMatch(/^Hand-set weights: the rules ask for them/);
  });
});
