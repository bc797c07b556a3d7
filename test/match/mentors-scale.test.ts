import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMentoring } from '../../bench/generate-mentoring.ts';
import { loadDataset } from '../../src/io/load.ts';
import { buildMatchContext } from '../../src/match/context.ts';
import { brokenRules, matchMentors, mentorPools, pairScore, parseMentorConfig } from '../../src/match/mentors.ts';
import { relaxedRules } from '../../src/match/mentor-eligibility.ts';
import { solveAssignment } from '../../src/match/solver.ts';
import type { Dataset } from '../../src/model/index.ts';
import type { MentorConfigInput } from '../../src/match/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'hubgraph-mentoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The matching as it was before the heap: every mentor against every mentee, all feasible pairs
 * listed as objects, sorted by score (ties to the smaller mentor id) and cut at maxCandidates,
 * then the exact solver.
 */
function reference(d: Dataset, input: MentorConfigInput) {
  const c = parseMentorConfig(input);
  const ctx = buildMatchContext(d);
  const { mentors, mentees } = mentorPools(d, c, ctx);
  const relaxed = relaxedRules(c);
  const maxPagerank = mentors.reduce((x, m) => Math.max(x, m.pagerank), 0);
  const pairs: { left: string; right: string; score: number }[] = [];
  const capacity = new Map<string, number>();
  for (const e of mentees) {
    const list = mentors
      .filter((m) => m.id !== e.id && brokenRules(m, e, c, ctx, new Set(), new Set(), relaxed.get(e.id)).length === 0)
      .map((m) => ({ m, s: pairScore(m, e, c, maxPagerank) }))
      .sort((a, b) => b.s - a.s || (a.m.id < b.m.id ? -1 : 1))
      .slice(0, c.maxCandidates);
    for (const { m, s } of list) {
      pairs.push({ left: m.id, right: e.id, score: s });
      capacity.set(m.id, m.node.capacity ?? c.defaultCapacity);
    }
  }
  return solveAssignment({ pairs, leftCapacities: capacity, rightCapacities: new Map(), maxCardinality: c.maxCardinality });
}

describe('mentor matching at scale keeps the exact result', () => {
  const population = async (schools: number, seed: number) => {
    const out = join(dir, `m-${schools}-${seed}`);
    generateMentoring(out, { schools, seed, regions: 4 });
    return (await loadDataset(out)).dataset;
  };

  for (const [schools, seed, config] of [
    [400, 1, {}],
    [400, 2, { maxCandidates: 5 }],
    [300, 3, { maxCandidates: 3, rules: { hub: 'same' }, maxCardinality: false }],
    [300, 4, { maxCandidates: 8, rules: { maxDistanceKm: 30 }, weights: { proximity: 2 } }],
  ] as [number, number, MentorConfigInput][]) {
    it(`equals all pairs + sort + exact solver (${schools} schools, ${JSON.stringify(config)})`, async () => {
      const d = await population(schools, seed);
      const ours = matchMentors(d, config);
      const ref = reference(d, config);
      expect(ours.summary.matched).toBe(ref.count);
      expect(ours.summary.totalScore).toBeCloseTo(ref.total, 9);
      expect(ours.pairs.map((p) => [p.mentor, p.mentee])).toEqual(ref.pairs.map((p) => [p.left, p.right]));
      expect(ours.summary.feasiblePairs).toBeGreaterThan(0);
    }, 60_000);
  }

  it('still explains the unmatched with the rules that ruled mentors out', async () => {
    const d = await population(300, 5);
    const r = matchMentors(d, { rules: { maxDistanceKm: 2 } });
    const u = r.unmatched.find((x) => x.code === 'no-feasible-mentor')!;
    expect(u.eliminatedBy[0].rule).toBe('distance');
    expect(u.feasibleMentors).toBe(0);
  }, 60_000);
});
