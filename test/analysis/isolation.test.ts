import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { monthsBefore, scanIsolation } from '../../src/analysis/isolation.ts';
import { DatasetSchema, type DatasetInput } from '../../src/model/index.ts';

/**
 * A hand-built ecosystem where each reason fires for exactly the school built for it:
 *   core: hub H, company C, university U, school S1 form a clique (S1 well connected, teacher T1)
 *   S2 has no ties; S3's two teachers only know each other; S4's teacher works with C;
 *   S5–S6–K (community) is a part without any hub; S7 sits at the end of C–X–Y–{S7,Z} triangle;
 *   S8's ties to H and U ended in 2021/2022; S9 has undated ties to H and U.
 */
const input: DatasetInput = {
  nodes: [
    { id: 'H', type: 'hub', region: 'N', label: 'North Hub' },
    { id: 'C', type: 'company', region: 'N' },
    { id: 'U', type: 'university', region: 'S' },
    { id: 'S1', type: 'school', region: 'N' },
    { id: 'T1', type: 'teacher' },
    { id: 'S2', type: 'school', region: 'N' },
    { id: 'S3', type: 'school', region: 'S' },
    { id: 'T3a', type: 'teacher' },
    { id: 'T3b', type: 'teacher' },
    { id: 'S4', type: 'school', region: 'N' },
    { id: 'T4', type: 'teacher' },
    { id: 'S5', type: 'school', region: 'S' },
    { id: 'S6', type: 'school', region: 'S' },
    { id: 'K', type: 'community' },
    { id: 'X', type: 'other' },
    { id: 'Y', type: 'other' },
    { id: 'Z', type: 'other' },
    { id: 'S7', type: 'school', region: 'S' },
    { id: 'S8', type: 'school', region: 'N', hub: 'H' },
    { id: 'S9', type: 'school', region: 'N' },
  ],
  edges: [
    { source: 'H', target: 'C' },
    { source: 'H', target: 'U' },
    { source: 'H', target: 'S1' },
    { source: 'C', target: 'U' },
    { source: 'C', target: 'S1' },
    { source: 'U', target: 'S1' },
    { source: 'T1', target: 'S1', type: 'affiliation' },
    { source: 'T3a', target: 'S3', type: 'affiliation' },
    { source: 'T3b', target: 'S3', type: 'affiliation' },
    { source: 'T3a', target: 'T3b' },
    { source: 'T4', target: 'S4', type: 'affiliation' },
    { source: 'T4', target: 'C', type: 'cocreation' },
    { source: 'S5', target: 'S6' },
    { source: 'S6', target: 'K' },
    { source: 'C', target: 'X' },
    { source: 'X', target: 'Y' },
    { source: 'Y', target: 'S7' },
    { source: 'Y', target: 'Z' },
    { source: 'Z', target: 'S7' },
    { source: 'S8', target: 'H', start: '2020-01-01', end: '2021-06-30' },
    { source: 'S8', target: 'U', start: '2019-03-01', end: '2022-01-01' },
    { source: 'S9', target: 'H' },
    { source: 'S9', target: 'U' },
  ],
};
const dataset = DatasetSchema.parse(input);
const s = buildSnapshot(dataset);
const codes = (r: ReturnType<typeof scanIsolation>, id: string) =>
  r.byId
    .get(id)!
    .reasons.map((x) => x.code)
    .sort();

describe('scanIsolation', () => {
  const r = scanIsolation(s, { dataset, at: '2024-01-01' });

  it('leaves a well-connected school without reasons', () => {
    expect(r.byId.get('S1')).toMatchObject({ score: 0, status: 'connected', reasons: [], teachers: 1, core: 3, hubDistance: 1, hub: 'H' });
    expect(codes(r, 'S9')).toEqual([]);
  });

  it('a school without any tie scores 1 with a single reason', () => {
    expect(r.byId.get('S2')).toMatchObject({ score: 1, status: 'isolated', hub: null, hubDistance: null });
    expect(r.byId.get('S2')!.reasons).toEqual([{ code: 'no-ties', weight: 1, text: 'No ties at all: the school is not connected to anyone in the network.' }]);
  });

  it('a school tied only to its own teachers has no external tie', () => {
    const e = r.byId.get('S3')!;
    expect(codes(r, 'S3')).toEqual(['no-external-tie', 'no-hub-in-component', 'no-partner-nearby']);
    expect(e.reasons.find((x) => x.code === 'no-external-tie')!.text).toContain('2 teachers');
    expect(e).toMatchObject({ score: 1, status: 'isolated', externalTies: 0, teachers: 2 });
  });

  it("counts a teacher's ties as the school's (roll-up through affiliation)", () => {
    const e = r.byId.get('S4')!;
    expect(codes(r, 'S4')).toEqual(['low-core', 'single-cut']);
    expect(e).toMatchObject({ externalTies: 1, hubDistance: 2, hub: 'H', status: 'peripheral', score: 0.25 });
    expect(e.reasons.find((x) => x.code === 'single-cut')!.text).toBe('Hangs on a single tie: all its paths to the hub North Hub run through the tie T4 – C.');
  });

  it('flags a part of the network without a hub and without partners', () => {
    expect(codes(r, 'S5')).toEqual(['low-core', 'no-hub-in-component', 'no-partner-nearby', 'single-cut']);
    expect(codes(r, 'S6')).toEqual(['low-core', 'no-hub-in-component', 'no-partner-nearby']); // S6 is its part's anchor: no cut
    expect(r.byId.get('S6')!.status).toBe('isolated');
  });

  it('flags distance to the nearest hub and a single organisation it hangs on', () => {
    const e = r.byId.get('S7')!;
    expect(codes(r, 'S7')).toEqual(['far-from-hub', 'no-partner-nearby', 'single-cut']);
    expect(e.hubDistance).toBe(4);
    expect(e.reasons.find((x) => x.code === 'far-from-hub')!.text).toBe('The nearest hub (North Hub) is 4 steps away (more than 2).');
    expect(e.reasons.find((x) => x.code === 'single-cut')!.text).toContain('run through Y.');
    expect(e.score).toBeCloseTo(0.55, 12);
    expect(e.status).toBe('isolated');
  });

  it('flags a school whose ties all ended before the recent window, only when dated', () => {
    expect(codes(r, 'S8')).toEqual(['inactive']);
    expect(r.byId.get('S8')!.reasons[0].text).toBe('No tie active in the 12 months up to 2024-01-01 (its latest tie ended 2022-01-01).');
    expect(r.byId.get('S8')!.status).toBe('peripheral');
    expect(codes(scanIsolation(s, { dataset, at: '2022-06-01' }), 'S8')).toEqual([]); // 2022-01-01 is within 12 months
    expect(codes(scanIsolation(s, { dataset, at: '2022-06-01', recentMonths: 3 }), 'S8')).toEqual(['inactive']);
    expect(codes(scanIsolation(s, { dataset }), 'S8')).toEqual([]); // no --at: not evaluated
  });

  it('ranks by score then id, and filters by region and hub', () => {
    const scores = r.schools.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.schools.slice(0, 3).map((e) => e.id)).toEqual(['S2', 'S3', 'S5']);
    const north = scanIsolation(s, { dataset, region: 'N' });
    expect(north.schools.map((e) => e.id).sort()).toEqual(['S1', 'S2', 'S4', 'S8', 'S9']);
    const hubH = scanIsolation(s, { dataset, hub: 'H' });
    expect(hubH.schools.map((e) => e.id).sort()).toEqual(['S1', 'S4', 'S7', 'S8', 'S9']);
    expect(r.isolated).toBe(5); // S2, S3, S5, S6, S7
  });

  it('accepts custom weights and thresholds', () => {
    const strict = scanIsolation(s, { dataset, weights: { 'single-cut': 0 }, peripheralThreshold: 0.1, isolatedThreshold: 0.9 });
    expect(codes(strict, 'S4')).toEqual(['low-core']);
    expect(strict.byId.get('S4')!.status).toBe('peripheral');
    expect(strict.byId.get('S7')!.status).toBe('peripheral');
  });

  it('without the dataset, a teacher tied to a school counts as its teacher', () => {
    const r2 = scanIsolation(s);
    expect(r2.settings.affiliationFrom).toBe('snapshot');
    expect(r2.byId.get('S4')!.teachers).toBe(1);
    expect(codes(r2, 'S4')).toEqual(['low-core', 'single-cut']);
  });

  it('skips hub reasons in a network without hubs, and handles hostile ids', () => {
    const ds = DatasetSchema.parse({
      nodes: [
        { id: '__proto__', type: 'school' },
        { id: 'constructor', type: 'school' },
        { id: 'toString', type: 'company' },
      ],
      edges: [{ source: '__proto__', target: 'constructor' }],
    });
    const r3 = scanIsolation(buildSnapshot(ds));
    expect(r3.settings.hubsPresent).toBe(false);
    expect(codes(r3, '__proto__')).toEqual(['low-core', 'no-partner-nearby']);
    expect(r3.byId.get('__proto__')!.hub).toBeNull();
  });
});

describe('monthsBefore', () => {
  it('steps back calendar months and clamps the day', () => {
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2024-01-15', 12)).toBe('2023-01-15');
    expect(monthsBefore('2024-01-15T10:00:00Z', 13)).toBe('2022-12-15');
  });
});
