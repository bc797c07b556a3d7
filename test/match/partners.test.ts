import { describe, expect, it } from 'vitest';
import { DatasetSchema } from '../../src/model/index.ts';
import { auc, evaluatePartners } from '../../src/match/evaluate.ts';
import { matchPartners, parsePartnerConfig } from '../../src/match/partners.ts';
import { commonContacts, learnAffinity, scorePairs, signalContext, SignalTable } from '../../src/match/signals.ts';
import { organisationTies, tieGraph } from '../../src/match/ties.ts';
import { region } from './fixture.ts';

describe('link prediction', () => {
  it('computes common neighbours, Jaccard, Adamic–Adar and resource allocation', () => {
    // u–a, u–b, v–a, v–b, v–c, a–c : N(u)={a,b}, N(v)={a,b,c}; deg a=3, b=2
    const d = DatasetSchema.parse({
      nodes: ['u', 'v', 'a', 'b', 'c'].map((id) => ({ id, type: 'other' })),
      edges: [
        ['u', 'a'],
        ['u', 'b'],
        ['v', 'a'],
        ['v', 'b'],
        ['v', 'c'],
        ['a', 'c'],
      ].map(([source, target]) => ({ source, target })),
    });
    const g = tieGraph(organisationTies(d), d.nodes.length);
    const ix = (id: string) => d.nodes.findIndex((x) => x.id === id);
    const ctx = signalContext(g, d.nodes, parsePartnerConfig({}), learnAffinity(g, d.nodes, new Uint8Array(d.nodes.length).fill(1)), 0);
    const t = new SignalTable(1);
    scorePairs(ctx, ix('u'), [ix('v')], t);
    expect(t.cols.commonNeighbours[0]).toBe(2);
    expect(t.cols.jaccard[0]).toBeCloseTo(2 / 3, 12);
    expect(t.cols.adamicAdar[0]).toBeCloseTo(1 / Math.log(3) + 1 / Math.log(2), 12);
    expect(t.cols.resourceAllocation[0]).toBeCloseTo(1 / 3 + 1 / 2, 12);
    expect(commonContacts(g, ix('u'), ix('v')).map((w) => d.nodes[w].id)).toEqual(['b', 'a']); // most specific contact first
  });

  it('AUC follows Mann–Whitney with ties as one half', () => {
    expect(auc([3, 2, 1], [true, false, false])).toBe(1);
    expect(auc([1, 1], [true, false])).toBe(0.5);
    expect(auc([1, 2], [true, true])).toBeNull();
  });
});

describe('matchPartners', () => {
  it('suggests untied partners with introducers and pairs within capacity', () => {
    const r = matchPartners(region());
    const c1 = r.suggestions.find((s) => s.id === 'c1')!;
    expect(c1.top.some((t) => t.id === 'u1')).toBe(false); // already tied
    const a = c1.top.find((t) => t.id === 'A')!;
    expect(a.introducers.map((i) => i.id)).toContain('hubN');
    expect(a.explanation).toMatch(/Hub North could make the introduction/);
    const load = new Map<string, number>();
    for (const p of r.pairing.pairs) load.set(p.company, (load.get(p.company) ?? 0) + 1);
    expect(load.get('c1') ?? 0).toBeLessThanOrEqual(1);
    expect(r.pairing.count).toBe(2);
    // schools appear with companies as their suggestions too
    expect(r.suggestions.find((s) => s.id === 'A')?.top[0].type).toBe('company');
  });
});

describe('evaluatePartners', () => {
  it('ranks the ties that formed after the split at the top', () => {
    const r = evaluatePartners(region(), { split: '2023-01-01', k: 2 });
    expect(r.newTies).toBe(2);
    const combined = r.scores.find((s) => s.score === 'combined')!;
    expect(combined.recallAtK).toBe(1); // each company's new tie is in its top 2
    expect(combined.auc).toBeGreaterThan(0.9);
    expect(r.scores.slice(0, 5).map((s) => [s.score, s.role])).toEqual([
      ['combined', 'ours'],
      ['weighted', 'ours'],
      ['preferentialAttachment', 'baseline'],
      ['adamicAdar', 'baseline'],
      ['random', 'baseline'],
    ]);
  });

  it('rejects a bad split date', () => {
    expect(() => evaluatePartners(region(), { split: '2023-13-01' })).toThrow(/split/);
  });
});
