import { describe, expect, it } from 'vitest';
import { matchMentors } from '../../src/match/mentors.ts';
import { DatasetSchema } from '../../src/model/index.ts';

const school = (id: string, label: string, maturity?: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'school',
  label,
  maturity,
  languages: ['et'],
  ...extra,
});
const dataset = DatasetSchema.parse({
  nodes: [
    school('m1', 'Strong School', 5, { capacity: 4 }),
    school('e1', 'Small School', 1),
    school('mid', 'Middle School', 3),
    school('none', 'Unknown School'),
    school('ru', 'Russian School', 2, { languages: ['ru'] }),
    { id: 't1', type: 'teacher', label: 'Rein Kask', maturity: 5 },
    { id: 't2', type: 'teacher', label: 'Rein Kask', maturity: 1 },
  ],
  edges: [
    { source: 'm1', target: 'e1', type: 'collaboration' },
    { source: 't1', target: 'm1', type: 'affiliation' },
    { source: 't2', target: 'e1', type: 'affiliation' },
  ],
});

describe('everyone accounted for', () => {
  it('lists every school in a pair, unmatched or ineligible, each with its reason in words and a rule to relax', () => {
    const r = matchMentors(dataset, {});
    const inPair = new Set(r.pairs.flatMap((p) => [p.mentor, p.mentee]));
    const listed = new Set([...r.unmatched.map((u) => u.mentee), ...r.ineligible.map((u) => u.id), ...r.mentors.map((m) => m.id)]);
    for (const n of dataset.nodes.filter((x) => x.type === 'school')) expect(inPair.has(n.id) || listed.has(n.id), n.id).toBe(true);
    expect(r.ineligible).toEqual([
      {
        id: 'mid',
        label: 'Middle School',
        code: 'maturity-between',
        reason: 'maturity 3 is above the mentee limit (at most 2) and below the mentor minimum (at least 4)',
        relax: 'mentee-maturity',
      },
      expect.objectContaining({ id: 'none', code: 'no-maturity', reason: expect.stringContaining('no maturity value recorded for this school') }),
    ]);
    expect(r.summary.ineligible).toBe(2);
    expect(r.unmatched).toEqual([
      expect.objectContaining({
        mentee: 'ru',
        code: 'no-feasible-mentor',
        relax: 'language',
        reason: expect.stringContaining('"a shared language" ruled out 1 of 1 mentors'),
      }),
    ]);
  });

  it('a rerun relaxing the rule for exactly those schools pairs them, and no one else changes', () => {
    const r = matchMentors(dataset, {
      rules: {
        relax: [
          { rule: 'mentee-maturity', ids: ['mid', 'none'] },
          { rule: 'language', ids: ['ru'] },
        ],
      },
    });
    // mid: gap 5 − 3 = 2 ≥ 1 holds; none has no maturity, so no gap is checked for it; ru may now differ in language.
    expect(r.pairs.map((p) => `${p.mentor}→${p.mentee}`).sort()).toEqual(['m1→e1', 'm1→mid', 'm1→none', 'm1→ru']);
    expect(r.ineligible).toEqual([]);
    expect(r.unmatched).toEqual([]);
    expect(() => matchMentors(dataset, { rules: { relax: [{ rule: 'language', ids: ['nobody'] }] } })).toThrow(/rules\.relax\[0\]\.ids\[0\]/);
  });

  it('names teachers with their school so two of the same name are told apart', () => {
    const r = matchMentors(dataset, { level: 'teacher' });
    expect(r.pairs).toEqual([expect.objectContaining({ mentorLabel: 'Rein Kask (Strong School)', menteeLabel: 'Rein Kask (Small School)' })]);
  });
});
