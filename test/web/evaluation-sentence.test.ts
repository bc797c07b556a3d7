/** The partner evaluation panel's sentences: the figures never claim more than the intervals allow; the scoring says what the score rests on. */
import { describe, expect, it } from 'vitest';
import { ScoringInfoSchema, type VersionEvaluation, VersionEvaluationSchema } from '../../src/server/contract/index.ts';
import { evaluationSentence, splitSentence } from '../../web/src/views/matching-evaluate.ts';
import { heaviestSignals, scoringSentence, weightsSentence } from '../../web/src/views/scoring-info.ts';

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
    expect(scoringSentence(fell)).toBe('The model could not be learned because the ties are undated, so there is no earlier period to learn from.');
    expect(scoringSentence({ kind: 'weights' })).toMatch(/^The rules ask for hand-set weights/);
  });

  it('lists the hand-set weights in the signals’ words, largest first, zero ones as not used', () => {
    const w = ScoringInfoSchema.parse({ kind: 'weights', weights: { themes: 0.25, complementarity: 0.5, proximity: 0, resourceAllocation: 1 / 3 } });
    expect(weightsSentence(w)).toBe(
      'Hand-set weights: the partner type the themes need 0.5, exclusive common contacts 0.33, shared themes 0.25 (not used: proximity).',
    );
    // Equal weights keep the engine's order (themes, complementarity, proximity, the link score).
    expect(weightsSentence({ kind: 'weights', weights: { themes: 1, complementarity: 0.5, proximity: 0.5, adamicAdar: 1 } })).toBe(
      'Hand-set weights: shared themes 1, specific common contacts 1, the partner type the themes need 0.5, proximity 0.5.',
    );
    expect(weightsSentence({ kind: 'weights' })).toContain('not recorded');
    expect(weightsSentence(ScoringInfoSchema.parse({ kind: 'learned', model: { learner: 'linear', ...base, intercept: 0, coefficients: {} } }))).toBeNull();
  });
});

describe('split sentence', () => {
  const split = (by: 'default' | 'request', companies: number) => ({
    split: '2022-01-01',
    splitChosen: { by, reason: 'r', companies, minCompanies: 30, years: [] },
    datedRange: { first: '2014-02-01', last: '2025-09-01', datedTies: 9000 },
  });
  it('says why the default split was chosen, with its figure, or that it leaves the most when none leaves enough', () => {
    expect(splitSentence(split('default', 482))).toBe(
      'Split at 2022-01-01: the latest 1 January after which at least 30 companies form a new tie with a partner (482 companies do, between then and the last dated tie, 2025-09-01); fewer would make the intervals wide.',
    );
    expect(splitSentence(split('default', 12))).toBe(
      'Split at 2022-01-01: no 1 January leaves 30 companies forming a new tie with a partner after it; this one leaves the most (12 companies do).',
    );
    expect(splitSentence(split('request', 1))).toBe(
      'Split at 2022-01-01, as asked: 1 company forms a new tie with a partner between then and the last dated tie, 2025-09-01.',
    );
  });
});
