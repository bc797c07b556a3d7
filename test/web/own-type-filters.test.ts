/** The map's type filters over the user's own types: what they offer, what they keep, and the link that restores them. */
import { describe, expect, it } from 'vitest';
import { computeVisibility, typeChoiceLabel, typeChoices, type FilterSpec } from '../../web/src/map/filters.ts';
import { buildMapData } from '../../web/src/map/map-data.ts';
import { decodeState, encodeState, DEFAULT_STATE } from '../../web/src/state/view-state.ts';

const none: FilterSpec = { types: [], minDegree: 0, kcore: 0, egoDepth: 1 };
// Gephi Lite's way: people and organisations of the user's own; one built-in school; own tie types.
const data = buildMapData(
  [
    { id: 'ann', type: 'other', ownType: 'person' },
    { id: 'bob', type: 'teacher', ownType: 'person' },
    { id: 'ngo', type: 'community', ownType: 'organisation' },
    { id: 'sch', type: 'school' },
  ],
  [
    { source: 'ann', target: 'bob', type: 'mentoring', ownType: 'advice', directed: true },
    { source: 'bob', target: 'ann', type: 'mentoring', ownType: 'advice', directed: true },
    { source: 'ann', target: 'ngo', type: 'collaboration', ownType: 'friendship', directed: false },
    { source: 'ngo', target: 'sch', type: 'collaboration', directed: false },
  ],
);

describe('type filters with own types', () => {
  it('offers each own type with the kind it is read as, and built-in kinds as themselves, with counts', () => {
    const c = typeChoices(data);
    expect(c.nodes.map((t) => [typeChoiceLabel(t), t.count])).toEqual([
      ['organisation → community', 1],
      ['person → other', 2],
      ['school', 1],
    ]);
    expect(c.ties.map((t) => [typeChoiceLabel(t), t.count])).toEqual([
      ['advice → mentoring, directed', 2],
      ['collaboration', 1],
      ['friendship → collaboration', 1],
    ]);
  });

  it('filters nodes by own type, even when they map to different kinds', () => {
    const v = computeVisibility(data, { ...none, types: ['person'] });
    expect(v.nodeCount).toBe(2);
    expect(v.edgeCount).toBe(2);
    // The built-in kind an own type is mapped to is not the own type: `other` matches no node here.
    expect(computeVisibility(data, { ...none, types: ['other'] }).nodeCount).toBe(0);
  });

  it('filters ties by own type or kind, keeping the nodes', () => {
    const v = computeVisibility(data, { ...none, tieTypes: ['advice'] });
    expect([v.nodeCount, v.edgeCount]).toEqual([4, 2]);
    expect(computeVisibility(data, { ...none, tieTypes: ['collaboration', 'friendship'] }).edgeCount).toBe(2);
  });

  it('a shared link restores both type filters', () => {
    const link = encodeState({ ...DEFAULT_STATE, types: ['person', 'organisation'], tieTypes: ['works at'] });
    expect(link).toContain('tieTypes=works+at');
    const back = decodeState(link);
    expect(back.types).toEqual(['person', 'organisation']);
    expect(back.tieTypes).toEqual(['works at']);
  });
});
