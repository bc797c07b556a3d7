/** The default split of match evaluate (chooseSplit over the companies each 1 January leaves), as the CLI, the API and the panel use it. */
import { describe, expect, it } from 'vitest';
import { evaluatePartners } from '../../src/match/evaluate.ts';
import { planEvaluation } from '../../src/match/evaluate-version.ts';
import { chooseSplit, splitWarning } from '../../src/model/index.ts';
import { growingNetwork } from './growing-network.ts';

/** 240 organisations tied 2014–2022: 38 companies form a new tie after 2021-01-01, 16 after 2022-01-01. */
const d = growingNetwork(5, { size: 240, perYear: 160, from: 2014 });
const judged = (split: string, config = {}) => evaluatePartners(d, { split, bootstrap: 0, config: { scoring: 'weights', ...config } }).populations[0].companies;

describe('chooseSplit', () => {
  const years = [
    { split: '2018-01-01', companies: 40 },
    { split: '2019-01-01', companies: 31 },
    { split: '2020-01-01', companies: 29 },
    { split: '2021-01-01', companies: 12 },
  ];
  it('takes the latest 1 January leaving at least the minimum, else the one leaving the most (the latest of equals), and says why', () => {
    expect(chooseSplit(years)).toEqual({
      split: '2019-01-01',
      companies: 31,
      reason: 'latest year with ≥ 30 companies forming a new tie after it (31 after 2019-01-01)',
    });
    expect(chooseSplit(years, 35)!.split).toBe('2018-01-01');
    expect(chooseSplit(years, 50)).toEqual({
      split: '2018-01-01',
      companies: 40,
      reason: 'no year leaves ≥ 50 companies forming a new tie after it; 2018-01-01 leaves the most (40)',
    });
    expect(
      chooseSplit(
        [
          { split: '2018-01-01', companies: 5 },
          { split: '2019-01-01', companies: 5 },
        ],
        30,
      )!.split,
    ).toBe('2019-01-01');
    expect(chooseSplit([])).toBeNull();
  });
  it('warns of a split that leaves fewer, with the figure and a better split when there is one', () => {
    expect(splitWarning({ split: '2021-01-01', companies: 12 }, years)).toBe(
      'split 2021-01-01 leaves only 12 companies forming a new tie after it (fewer than 30: the intervals will be wide); split 2019-01-01 leaves 31 (the latest 1 January with ≥ 30)',
    );
    expect(splitWarning({ split: '2019-01-01', companies: 31 }, years)).toBeUndefined();
    // Nothing better to name: the figure only.
    expect(splitWarning({ split: '2018-06-01', companies: 40 }, years, 50)).toBe(
      'split 2018-06-01 leaves only 40 companies forming a new tie after it (fewer than 50: the intervals will be wide)',
    );
  });
});

describe('planEvaluation', () => {
  it('counts per 1 January the companies the evaluation then judges, and picks the latest leaving ≥ 30', () => {
    const plan = planEvaluation(d, {});
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.splitChosen.years.map((y) => y.split)).toEqual(['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022'].map((y) => `${y}-01-01`));
    expect(plan.split).toBe('2021-01-01');
    expect(plan.splitChosen).toMatchObject({
      by: 'default',
      companies: 38,
      reason: 'latest year with ≥ 30 companies forming a new tie after it (38 after 2021-01-01)',
    });
    for (const y of plan.splitChosen.years.filter((y) => y.split >= '2020-01-01')) expect(judged(y.split), y.split).toBe(y.companies);
  });

  it('an asked split: its own count (any day, not only 1 January), the config’s rules included, and the warning', () => {
    const asked = planEvaluation(d, { split: '2022-03-15' });
    if (!asked.ok) throw new Error(asked.message);
    expect(asked.splitChosen.companies).toBe(judged('2022-03-15'));
    expect(asked.splitChosen.warning).toMatch(/^split 2022-03-15 leaves only \d+ companies .*; split 2021-01-01 leaves 38 \(the latest 1 January with ≥ 30\)$/);
    const config = { country: 'same' as const, scoring: 'weights' as const };
    const same = planEvaluation(d, { split: '2021-01-01', config });
    if (!same.ok) throw new Error(same.message);
    expect(same.splitChosen.companies).toBe(judged('2021-01-01', config));
    expect(same.splitChosen.companies).toBeLessThan(38);
  });

  it('nothing to evaluate is a problem naming the split and what was expected', () => {
    expect(planEvaluation(d, { split: '2014-01-01' })).toMatchObject({ ok: false, path: 'split', expected: expect.stringMatching(/^a date after 2014-/) });
    const none = planEvaluation(d, { config: { partnerTypes: ['school'] } });
    expect(none).toMatchObject({
      ok: false,
      path: 'split',
      message: expect.stringMatching(/no company forms a new tie with a partner after 2022-01-01 \(0 companies\)/),
    });
    expect(none.ok || none.expected).toMatch(/no 1 January in it leaves any/);
  });
});
