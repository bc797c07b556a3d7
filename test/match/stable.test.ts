import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBlockingPairs, matchMentorsStable, stableMatch } from '../../src/match/stable.ts';
import { parsePreferencesCsv } from '../../src/match/input.ts';
import { region } from './fixture.ts';
import { DatasetSchema } from '../../src/model/index.ts';

describe('stableMatch (deferred acceptance with capacities)', () => {
  it('gives the proposer-optimal stable matching on a textbook instance', () => {
    const proposers = new Map([
      ['a', ['X', 'Y']],
      ['b', ['X', 'Y']],
      ['c', ['X']],
    ]);
    const receivers = new Map([
      ['X', ['c', 'b', 'a']],
      ['Y', ['a', 'b']],
    ]);
    const r = stableMatch({
      proposers,
      receivers,
      capacities: new Map([
        ['X', 1],
        ['Y', 1],
      ]),
    });
    expect(r.pairs.map((p) => `${p.proposer}-${p.receiver}`)).toEqual(['a-Y', 'c-X']);
    expect(r.unmatched).toEqual(['b']);
    expect(r.blockingPairs).toEqual([]);
  });

  it('never leaves a blocking pair or exceeds a capacity on random partial lists', () => {
    const inst = fc.record({
      prop: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 5 }), { minLength: 1, maxLength: 7 }),
      rec: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }), { minLength: 5, maxLength: 5 }),
      caps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 }),
    });
    fc.assert(
      fc.property(inst, ({ prop, rec, caps }) => {
        const proposers = new Map(prop.map((l, i) => [`p${i}`, l.map((r) => `r${r}`)]));
        const receivers = new Map(rec.map((l, i) => [`r${i}`, l.map((p) => `p${p}`)]));
        const capacities = new Map(caps.map((c, i) => [`r${i}`, c]));
        const res = stableMatch({ proposers, receivers, capacities });
        expect(findBlockingPairs({ proposers, receivers, capacities }, res.pairs)).toEqual([]);
        const load = new Map<string, number>();
        for (const p of res.pairs) {
          load.set(p.receiver, (load.get(p.receiver) ?? 0) + 1);
          expect(proposers.get(p.proposer)).toContain(p.receiver);
          expect(receivers.get(p.receiver)).toContain(p.proposer);
        }
        for (const [r, n] of load) expect(n).toBeLessThanOrEqual(capacities.get(r)!);
      }),
      { numRuns: 300 },
    );
  });

  it('detects a blocking pair in a matching that is not stable', () => {
    const proposers = new Map([
      ['a', ['X', 'Y']],
      ['b', ['X']],
    ]);
    const receivers = new Map([
      ['X', ['a', 'b']],
      ['Y', ['a']],
    ]);
    expect(
      findBlockingPairs({ proposers, receivers }, [
        { proposer: 'a', receiver: 'Y' },
        { proposer: 'b', receiver: 'X' },
      ]),
    ).toEqual([{ proposer: 'a', receiver: 'X' }]);
  });
});

describe('matchMentorsStable', () => {
  it('matches from a preferences CSV, reports stability and says it is not the max score', () => {
    const prefs = parsePreferencesCsv('from,to,rank\nx,B,1\nx,A,2\ny,B,1\nA,x,1\nB,y,1\nB,x,2\n', 'prefs.csv');
    const r = matchMentorsStable(region(), { rules: { sharedLanguage: false } }, prefs);
    expect(r.stability.stable).toBe(true);
    expect(r.stability.note).toMatch(/not the same as the maximum total score/);
    expect(r.pairs.map((p) => `${p.mentor}-${p.mentee}`).sort()).toEqual(['A-x', 'B-y']);
    expect(r.summary.optimalTotalScore).toBeGreaterThanOrEqual(r.summary.totalScore - 1e-9);
  });

  it('rejects preferences naming unknown or wrong-side ids', () => {
    const prefs = parsePreferencesCsv('from,to,rank\nx,nobody,1\nghost,A,1\n', 'prefs.csv');
    expect(() => matchMentorsStable(region(), {}, prefs)).toThrow(/prefs\.csv:2 field "to": got "nobody"[\s\S]*prefs\.csv:3 field "from": got "ghost"/);
  });

  it('names the line and field of bad preference rows', () => {
    expect(() => parsePreferencesCsv('from,to,rank\nx,A,first\nx,B,1\nx,C,1\n', 'p.csv')).toThrow(/p\.csv:2 field "rank"[\s\S]*p\.csv:4 field "rank"/);
  });

  it('honours rules.relax like the optimal mode: the named mentees only, and unknown ids are refused', () => {
    const school = (id: string, maturity: number, languages: string[]) => ({ id, type: 'school', label: `School ${id}`, maturity, languages, capacity: 3 });
    const ds = DatasetSchema.parse({ nodes: [school('m', 5, ['et']), school('e', 1, ['et']), school('ru', 2, ['ru']), school('mid', 3, ['et'])], edges: [] });
    const none = new Map<string, string[]>();
    const plain = matchMentorsStable(ds, {}, none);
    expect(plain.pairs.map((p) => p.mentee)).toEqual(['e']);
    expect(plain.unmatched).toEqual([expect.objectContaining({ mentee: 'ru', reason: expect.stringContaining('list is empty after the hard rules') })]);
    const relaxed = matchMentorsStable(
      ds,
      {
        rules: {
          relax: [
            { rule: 'language', ids: ['ru'] },
            { rule: 'mentee-maturity', ids: ['mid'] },
          ],
        },
      },
      none,
    );
    expect(relaxed.pairs.map((p) => `${p.mentor}-${p.mentee}`).sort()).toEqual(['m-e', 'm-mid', 'm-ru']);
    expect(relaxed.unmatched).toEqual([]);
    // Relaxing the language rule for someone else leaves ru out: the waiver is per mentee.
    expect(matchMentorsStable(ds, { rules: { relax: [{ rule: 'language', ids: ['e'] }] } }, none).unmatched.map((u) => u.mentee)).toEqual(['ru']);
    // A ranked list naming ru's mentor is kept, not dropped by the waived rule.
    const ranked = matchMentorsStable(ds, { rules: { relax: [{ rule: 'language', ids: ['ru'] }] } }, new Map([['ru', ['m']]]));
    expect(ranked.summary.droppedByRules).toBe(0);
    expect(ranked.pairs.map((p) => p.mentee).sort()).toEqual(['e', 'ru']);
    expect(() => matchMentorsStable(ds, { rules: { relax: [{ rule: 'language', ids: ['nobody'] }] } }, none)).toThrow(/rules\.relax\[0\]\.ids\[0\]/);
  });
});
