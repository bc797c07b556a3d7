import { describe, expect, it } from 'vitest';
import { simulateImpact } from '../../src/match/impact.ts';
import { region } from './fixture.ts';

describe('simulateImpact', () => {
  it('shows an isolated school joining the network', () => {
    const d = region();
    const r = simulateImpact(d, [{ source: 'A', target: 'z' }]);
    expect(r.before.isolatedSchools).toBeGreaterThanOrEqual(1);
    expect(r.delta.components).toBe(-1);
    expect(r.delta.schoolsWithoutHubPath).toBe(-1);
    expect(r.noLongerIsolated).toContain('z');
    expect(r.delta.crossSectorTies).toBe(0);
    expect(r.newTies).toBe(1);
    // the dataset itself is untouched
    expect(d.edges.some((e) => e.target === 'z')).toBe(false);
  });

  it('counts new cross-sector ties and changes nothing for no pairs', () => {
    const r = simulateImpact(region(), [{ source: 'c1', target: 'x' }], { edgeType: 'partnership' });
    expect(r.delta.crossSectorTies).toBe(1);
    const none = simulateImpact(region(), []);
    expect(Object.values(none.delta).every((v) => v === 0 || v === null)).toBe(true);
  });

  it('refuses ties to unknown nodes', () => {
    expect(() => simulateImpact(region(), [{ source: 'A', target: 'ghost' }])).toThrow(/ghost/);
  });
});
