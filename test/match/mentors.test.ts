import { describe, expect, it } from 'vitest';
import { mentorConfigJsonSchema } from '../../src/match/config.ts';
import { MatchInputError } from '../../src/match/errors.ts';
import { matchMentors } from '../../src/match/mentors.ts';
import { region } from './fixture.ts';

describe('matchMentors', () => {
  it('pairs each mentee with the best feasible mentor and explains it in words', () => {
    const r = matchMentors(region());
    const byMentee = new Map(r.pairs.map((p) => [p.mentee, p]));
    expect(byMentee.get('x')?.mentor).toBe('A');
    expect(byMentee.get('y')?.mentor).toBe('B');
    expect(byMentee.get('x')?.explanation).toContain('shares Mathematics and Physics');
    expect(byMentee.get('x')?.explanation).toContain('maturity 5 → 2');
    expect(byMentee.get('x')?.explanation).toContain('same hub');
    expect(byMentee.get('x')?.criteria.map((c) => c.criterion)).toEqual(['subjects', 'maturityGap', 'proximity', 'isolation', 'bridging', 'centrality']);
    for (const p of r.pairs)
      expect(p.score).toBeCloseTo(
        p.criteria.reduce((s, c) => s + c.points, 0),
        12,
      );
    // School Z only speaks English: the shared-language rule leaves it without a mentor.
    const z = r.unmatched.find((u) => u.mentee === 'z');
    expect(z?.code).toBe('no-feasible-mentor');
    expect(z?.reason).toContain('a shared language');
    expect(r.summary).toMatchObject({ mentors: 2, mentees: 3, matched: 2, unmatched: 1 });
  });

  it('names full mentors when capacity runs out, and keeps locked pairs', () => {
    const d = region();
    for (const n of d.nodes) if (n.id === 'A' || n.id === 'B') n.capacity = 1;
    const r = matchMentors(d, { rules: { sharedLanguage: false, lockedPairs: [['A', 'z']] } });
    expect(r.pairs.find((p) => p.mentee === 'z')).toMatchObject({ mentor: 'A', locked: true });
    const x = r.unmatched.find((u) => u.mentee === 'x');
    expect(x?.code).toBe('mentors-full');
    expect(r.mentors.find((m) => m.id === 'A')?.assigned).toBe(1);
  });

  it('applies same-hub and no-repeat rules', () => {
    const d = region();
    const same = matchMentors(d, { rules: { hub: 'different', sharedLanguage: false } });
    const pairs = same.pairs.map((p) => `${p.mentor}:${p.mentee}`);
    // x and y each get the mentor of the other hub; z (no hub) may only be paired within the rule.
    expect(pairs.filter((p) => !p.endsWith(':z')).sort()).toEqual(['A:y', 'B:x']);
    for (const p of pairs) expect(['A:y', 'B:x', 'A:z', 'B:z']).toContain(p);
    d.edges.push({ source: 'A', target: 'x', type: 'mentoring', weight: 1, attrs: {} });
    const r = matchMentors(d);
    expect(r.pairs.find((p) => p.mentee === 'x')?.mentor).not.toBe('A');
  });

  it('matches teachers across schools by default', () => {
    const r = matchMentors(region(), { level: 'teacher', rules: { sharedLanguage: false } });
    for (const p of r.pairs) expect(p.mentor === 'tA' && p.mentee === 'tA2').toBe(false);
    expect(r.pairs.map((p) => p.mentee).sort()).toEqual(['tA2', 'tx']);
    const within = matchMentors(region(), { level: 'teacher', rules: { allowSameSchool: true, minMaturityGap: 3 } });
    expect(within.pairs.find((p) => p.mentee === 'tA2')?.mentor).toBe('tA');
  });

  it('rejects a config with unknown ids or bad values, naming the path', () => {
    expect(() => matchMentors(region(), { rules: { lockedPairs: [['A', 'nope']] } })).toThrow(/rules\.lockedPairs\[0\]\[1\]/);
    expect(() => matchMentors(region(), { mentorMinMaturity: 9 } as never)).toThrow(MatchInputError);
  });

  it('exports the config as JSON Schema for the web form', () => {
    const s = mentorConfigJsonSchema() as { properties: Record<string, { default?: unknown }> };
    expect(s.properties.mentorMinMaturity.default).toBe(4);
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['rules', 'weights', 'level']));
  });
});
