import { describe, expect, it } from 'vitest';
import { checkSliceOptions, isActive, sliceDataset } from '../../src/graph/timeslice.ts';
import { DatasetSchema } from '../../src/model/index.ts';

const d = DatasetSchema.parse({
  nodes: [
    { id: 'a', type: 'school' },
    { id: 'b', type: 'school' },
  ],
  edges: [
    { source: 'a', target: 'b', type: 'partnership', start: '2021-09-01', end: '2022-06-30' },
    { source: 'a', target: 'b', type: 'mentoring', start: '2023-09-01' },
    { source: 'a', target: 'b', type: 'collaboration' },
    { source: 'a', target: 'b', type: 'cocreation', end: '2021-12-31T12:00:00Z' },
  ],
});
const types = (x: typeof d) => x.edges.map((e) => e.type);

describe('time slicing', () => {
  it('isActive includes both ends and treats missing dates as open', () => {
    expect(isActive({ start: '2021-09-01', end: '2022-06-30' }, '2021-09-01')).toBe(true);
    expect(isActive({ start: '2021-09-01', end: '2022-06-30' }, '2022-06-30')).toBe(true);
    expect(isActive({ start: '2021-09-01', end: '2022-06-30' }, '2022-07-01')).toBe(false);
    expect(isActive({}, '1900-01-01')).toBe(true);
    expect(isActive({ end: '2021-12-31T12:00:00Z' }, '2021-12-31')).toBe(true);
  });

  it('--at keeps edges active that day and every node', () => {
    const s = sliceDataset(d, { at: '2022-01-15' });
    expect(types(s)).toEqual(['partnership', 'collaboration']);
    expect(s.nodes).toHaveLength(2);
    expect(types(sliceDataset(d, { at: '2024-01-01' }))).toEqual(['mentoring', 'collaboration']);
  });

  it('--from/--to keeps edges overlapping the window', () => {
    expect(types(sliceDataset(d, { from: '2022-06-30', to: '2023-09-01' }))).toEqual(['partnership', 'mentoring', 'collaboration']);
    expect(types(sliceDataset(d, { from: '2022-07-01', to: '2023-08-31' }))).toEqual(['collaboration']);
    expect(types(sliceDataset(d, { to: '2021-01-01' }))).toEqual(['collaboration', 'cocreation']);
    expect(sliceDataset(d, {})).toBe(d);
  });

  it('rejects bad dates and contradictory options', () => {
    expect(checkSliceOptions({ at: '2022-13-01' })).toMatch(/--at "2022-13-01": expected an ISO 8601 date/);
    expect(checkSliceOptions({ at: '2022-01-01', from: '2021-01-01' })).toMatch(/cannot be combined/);
    expect(() => sliceDataset(d, { from: '2023-01-01', to: '2022-01-01' })).toThrow(/before --from/);
  });
});
