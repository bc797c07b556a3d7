import { describe, expect, it } from 'vitest';
import { EVALUATED_SCORES, evaluatePartnersDetailed } from '../../src/match/evaluate.ts';
import { SIGNALS } from '../../src/match/signals.ts';
import { PartnerEvaluationSchema } from '../../src/model/partner-evaluation.ts';
import { growingNetwork } from './growing-network.ts';

/** 240 organisations, 96 of them companies (every other of the fixture's five types is one). */
const d = growingNetwork(5, { size: 240, perYear: 160, from: 2014 });
const base = { split: '2020-01-01', k: 10, bootstrap: 0 } as const;
const companiesJudged = (rows: { ranked: { signals: { company: Int32Array; size: number } } }) =>
  new Set(rows.ranked.signals.company.subarray(0, rows.ranked.signals.size));

describe('match evaluate on more companies than maxCompanies (national data)', () => {
  it('judges a seeded sample of that many companies, each against every partner, and says so', () => {
    const all = evaluatePartnersDetailed(d, base);
    expect(all.evaluation.sample).toBeUndefined();
    const companies = companiesJudged(all.rows).size;
    expect(companies).toBeGreaterThan(30);

    const some = evaluatePartnersDetailed(d, { ...base, maxCompanies: 30 });
    expect(PartnerEvaluationSchema.parse(some.evaluation).sample).toEqual({ companies: 30, of: 96, seed: 7 });
    const judged = companiesJudged(some.rows);
    expect(judged.size).toBeLessThanOrEqual(30);
    // Each sampled company keeps every candidate it had in the whole evaluation (same rows, fewer companies).
    const rowsOf = (r: typeof all.rows, u: number) => {
      let count = 0;
      for (let i = 0; i < r.ranked.signals.size; i++) if (r.ranked.signals.company[i] === u) count++;
      return count;
    };
    for (const u of judged) expect(rowsOf(some.rows, u)).toBe(rowsOf(all.rows, u));
    expect(some.evaluation.populations[1].candidates).toBeLessThan(all.evaluation.populations[1].candidates);
    expect(some.evaluation.note).toMatch(/seeded sample of 30 of the 96 companies/);
  });

  it('the same seed draws the same companies; another seed other ones; at or above the count nothing is sampled', () => {
    const a = companiesJudged(evaluatePartnersDetailed(d, { ...base, maxCompanies: 30 }).rows);
    const b = companiesJudged(evaluatePartnersDetailed(d, { ...base, maxCompanies: 30 }).rows);
    const c = companiesJudged(evaluatePartnersDetailed(d, { ...base, maxCompanies: 30, seed: 8 }).rows);
    expect([...a]).toEqual([...b]);
    expect([...c]).not.toEqual([...a]);
    const whole = evaluatePartnersDetailed(d, base).evaluation;
    const capped = evaluatePartnersDetailed(d, { ...base, maxCompanies: 96 }).evaluation;
    expect(capped.sample).toBeUndefined();
    expect(capped.scores).toEqual(whole.scores);
  });
});

describe('the scores match evaluate reports are one vocabulary', () => {
  it('every signal once after ours and the baselines, and the schema refuses a score outside it', () => {
    expect(EVALUATED_SCORES.slice(0, 5)).toEqual(['combined', 'weighted', 'preferentialAttachment', 'adamicAdar', 'random']);
    expect([...EVALUATED_SCORES].filter((s) => (SIGNALS as readonly string[]).includes(s)).sort()).toEqual([...SIGNALS].sort());
    expect(new Set(EVALUATED_SCORES).size).toBe(EVALUATED_SCORES.length);
    const doc = evaluatePartnersDetailed(d, base).evaluation;
    expect(doc.scores.map((s) => s.score)).toEqual([...EVALUATED_SCORES]);
    const renamed = { ...doc, scores: doc.scores.map((s, i) => (i === 0 ? { ...s, score: 'combind' } : s)) };
    expect(PartnerEvaluationSchema.safeParse(renamed).error?.issues[0].path).toEqual(['scores', 0, 'score']);
  });
});
