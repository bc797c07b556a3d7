import { describe, expect, it } from 'vitest';
import { leidenCommunities } from '../../src/analysis/communities/leiden.ts';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { buildMatchContext } from '../../src/match/context.ts';
import { region } from './fixture.ts';

describe('buildMatchContext communities', () => {
  it('are the Leiden communities (seed 1), connected, and the same on every build', () => {
    const d = region();
    const ctx = buildMatchContext(d);
    const s = buildSnapshot(d);
    const leiden = leidenCommunities(s, { seed: 1 });
    expect(leiden.split).toBe(0);
    for (let v = 0; v < s.n; v++) expect(ctx.community.get(s.ids[v])).toBe(leiden.membership[v]);
    expect([...buildMatchContext(region()).community]).toEqual([...ctx.community]);
  });
});
