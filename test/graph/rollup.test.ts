import { describe, expect, it } from 'vitest';
import { rollupAffiliations } from '../../src/graph/rollup.ts';
import { DatasetSchema } from '../../src/model/index.ts';

const d = DatasetSchema.parse({
  nodes: [
    { id: 'S1', type: 'school' },
    { id: 'S2', type: 'school' },
    { id: 'S3', type: 'school' },
    { id: 'C', type: 'company' },
    { id: 't1', type: 'teacher' },
    { id: 't2', type: 'teacher' },
    { id: 't3', type: 'teacher' },
    { id: 't4', type: 'teacher' },
    { id: 't5', type: 'teacher' },
    { id: 'lonely', type: 'teacher' },
  ],
  edges: [
    { source: 't1', target: 'S1', type: 'affiliation' },
    { source: 't2', target: 'S2', type: 'affiliation' },
    { source: 't3', target: 'S2', type: 'affiliation' },
    { source: 't4', target: 'S1', type: 'affiliation' },
    { source: 't5', target: 'S1', type: 'affiliation' },
    { source: 't5', target: 'S3', type: 'affiliation' },
    { source: 't1', target: 't2', type: 'collaboration', weight: 2 },
    { source: 't3', target: 't4', type: 'collaboration', weight: 3 },
    { source: 't1', target: 't4', type: 'collaboration', weight: 9 },
    { source: 't2', target: 't1', type: 'mentoring', weight: 1, start: '2024-01-01' },
    { source: 't5', target: 't2', type: 'collaboration', weight: 1 },
    { source: 'lonely', target: 't1', type: 'collaboration' },
    { source: 'S1', target: 'C', type: 'partnership', weight: 4 },
    { source: 't3', target: 'C', type: 'cocreation', weight: 1 },
  ],
});

describe('rollupAffiliations', () => {
  const r = rollupAffiliations(d);
  const find = (a: string, b: string, type: string) =>
    r.dataset.edges.find((e) => e.type === type && ((e.source === a && e.target === b) || (e.source === b && e.target === a)));

  it('turns teacher–teacher ties into school–school ties, summing weights per pair and type', () => {
    // t1–t2 (2), t3–t4 (3), t5–t2 (1); t5 works at S1 and S3, so the full weight reaches S3–S2 too.
    expect(find('S1', 'S2', 'collaboration')).toMatchObject({ weight: 2 + 3 + 1, attrs: { ties: 3 } });
    expect(find('S3', 'S2', 'collaboration')).toMatchObject({ weight: 1, attrs: { ties: 1 } });
  });

  it('keeps tie type, direction and dates', () => {
    expect(find('S1', 'S2', 'mentoring')).toMatchObject({ source: 'S2', target: 'S1', start: '2024-01-01' });
  });

  it('keeps organisation ties and rolls up person–organisation ties', () => {
    expect(find('S1', 'C', 'partnership')).toMatchObject({ weight: 4, attrs: { ties: 0 } });
    expect(find('S2', 'C', 'cocreation')).toMatchObject({ weight: 1, attrs: { ties: 1 } });
  });

  it('drops people, counts ties inside one school and ties of unaffiliated people', () => {
    expect(r.dataset.nodes.map((n) => n.id)).toEqual(['S1', 'S2', 'S3', 'C']);
    expect(r.internal).toBe(1); // t1–t4 both at S1
    expect(r.unaffiliated).toBe(1);
    expect(find('S1', 'S1', 'collaboration')).toBeUndefined();
    expect(() => DatasetSchema.parse(r.dataset)).not.toThrow();
  });

  it('counts each person tie that became an organisation tie once', () => {
    expect(r.rolledUp).toBe(5);
  });
});
