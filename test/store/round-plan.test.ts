import { describe, expect, it } from 'vitest';
import { planAccept, type PlanInput } from '../../src/store/round-plan.ts';
import type { Dataset } from '../../src/model/index.ts';

const nodes: Dataset['nodes'] = [
  { id: 'm1', type: 'school', label: 'Strong School', capacity: 2, attrs: {} },
  { id: 'm2', type: 'school', label: 'Other Strong School', capacity: 3, attrs: {} },
  { id: 'e1', type: 'school', label: 'Small School', attrs: {} },
  { id: 'e2', type: 'school', label: 'Village School', attrs: {} },
  { id: 'e3', type: 'school', label: 'Hill School', attrs: {} },
  { id: 't1', type: 'teacher', label: 'Rein Kask', attrs: {} },
  { id: 't2', type: 'teacher', label: 'Rein Kask', attrs: {} },
];
const base: Dataset['edges'] = [
  { source: 't1', target: 'm1', type: 'affiliation', weight: 1, attrs: {} },
  { source: 't2', target: 'e1', type: 'affiliation', weight: 1, attrs: {} },
];
const input = (over: Partial<PlanInput>): PlanInput => ({
  round: 1,
  kind: 'mentoring',
  config: { defaultCapacity: 1 },
  proposed: 'accept',
  date: '2025-09-01',
  roundVersion: 1,
  currentVersion: 1,
  current: { nodes, edges: base },
  base: null,
  pairs: [],
  ...over,
});

describe('planAccept', () => {
  it('re-checks a stale round: capacity used since, a mentee that got a mentor, a tie that exists, a node gone', () => {
    const since: Dataset['edges'] = [
      { source: 'm1', target: 'e3', type: 'mentoring', weight: 1, start: '2025-08-01', attrs: { round: 2 } },
      { source: 'm2', target: 'e2', type: 'mentoring', weight: 1, start: '2025-08-01', attrs: { round: 2 } },
    ];
    const plan = planAccept(
      input({
        roundVersion: 1,
        currentVersion: 2,
        base: { edges: base },
        current: { nodes, edges: [...base, ...since] },
        pairs: [
          { left: 'm1', right: 'e1', score: 0.9, status: 'accepted' },
          { left: 'm1', right: 'gone', score: 0.8, status: 'proposed' },
          { left: 'm1', right: 'e2', score: 0.5, status: 'proposed' },
          { left: 'm2', right: 'e3', score: 0.4, status: 'locked' },
          { left: 'm2', right: 'e1', score: 0.3, status: 'rejected' },
        ],
      }),
    );
    expect(plan.stale).toBe(true);
    // m1 has capacity 2, one used by round 2: only its best pair fits.
    expect(plan.write.map((t) => [t.left, t.right])).toEqual([['m1', 'e1']]);
    expect(plan.dropped.map((d) => [d.right, d.code])).toEqual([
      ['gone', 'node-gone'],
      ['e2', 'left-full'],
      ['e3', 'right-taken'],
    ]);
    expect(plan.dropped[1].reason).toBe('Strong School has capacity 2, already used by 1 tie from round 2 (2025-08-01)');
    expect(plan.dropped[2].reason).toBe('Hill School already has a mentor: Strong School from round 2 (2025-08-01)');
    expect(plan.rejected).toBe(1);
    expect(plan.summary).toMatch(/^1 mentoring tie to write dated 2025-09-01 \(1 accepted\); 3 pairs left out; 1 rejected; the round was made on version 1/);
  });

  it('never writes a tie that is already there, and names teachers with their school', () => {
    const edges: Dataset['edges'] = [...base, { source: 't1', target: 't2', type: 'mentoring', weight: 1, start: '2024-01-01', attrs: {} }];
    const plan = planAccept(input({ current: { nodes, edges }, pairs: [{ left: 't2', right: 't1', score: 1, status: 'accepted' }] }));
    expect(plan.write).toEqual([]);
    expect(plan.dropped[0]).toMatchObject({
      code: 'already-tied',
      leftName: 'Rein Kask (Small School)',
      rightName: 'Rein Kask (Strong School)',
      reason: 'already tied by a mentoring tie from an import (2024-01-01)',
    });
    // A tie that ended before the new date is history, not a duplicate.
    const ended = planAccept(
      input({ current: { nodes, edges: [...base, { ...edges[2], end: '2024-06-30' }] }, pairs: [{ left: 't2', right: 't1', score: 1, status: 'accepted' }] }),
    );
    expect(ended.write).toHaveLength(1);
  });

  it('leaves proposed pairs out when asked to, saying so', () => {
    const plan = planAccept(
      input({
        proposed: 'leave',
        pairs: [
          { left: 'm1', right: 'e1', score: 1, status: 'proposed' },
          { left: 'm2', right: 'e2', score: 1, status: 'accepted' },
        ],
      }),
    );
    expect(plan.write.map((t) => t.left)).toEqual(['m2']);
    expect(plan.dropped).toEqual([expect.objectContaining({ left: 'm1', code: 'left-proposed', reason: 'still proposed: left out of this acceptance' })]);
  });
});
