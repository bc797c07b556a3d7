import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { mentorPairsCsv, withProposedMentoring } from '../../src/match/export.ts';
import { matchMentors } from '../../src/match/mentors.ts';
import { region } from './fixture.ts';

describe('mentor pairing exports', () => {
  it('writes a formula-safe CSV with pairs and unmatched mentees', () => {
    const d = region();
    d.nodes.find((n) => n.id === 'x')!.label = '=HYPERLINK("http://evil","x")';
    const r = matchMentors(d);
    const rows = parse(mentorPairsCsv(r), { columns: true }) as Record<string, string>[];
    const x = rows.find((row) => row.mentee_id === 'x')!;
    expect(x.mentee.startsWith("'=")).toBe(true);
    expect(x.status).toBe('matched');
    expect(Number(x.score)).toBeCloseTo(r.pairs.find((p) => p.mentee === 'x')!.score, 5);
    const z = rows.find((row) => row.mentee_id === 'z')!;
    expect(z.status).toBe('unmatched');
    expect(z.explanation).toContain('no mentor passes the rules');
  });

  it('adds the pairs to a copy of the dataset as proposed mentoring edges', () => {
    const d = region();
    const r = matchMentors(d);
    const out = withProposedMentoring(d, r.pairs);
    expect(out.edges.length).toBe(d.edges.length + r.pairs.length);
    expect(out.edges.at(-1)).toMatchObject({ type: 'mentoring', attrs: { proposed: true } });
    expect(d.edges.some((e) => e.type === 'mentoring')).toBe(false);
  });
});
