/** Which version a pruned version's page offers instead (web/src/views/pruned-version.ts), without a browser. */
import { describe, expect, it } from 'vitest';
import { nearestWhole, prunedSummary, versionLabel } from '../../web/src/views/pruned-version.ts';
import type { VersionSummary } from '../../web/src/api/types.ts';

const version = (number: number, day: string, pruned = false): VersionSummary => ({
  workspace: 'w',
  number,
  createdAt: `${day}T10:00:00.000Z`,
  author: 'test',
  message: null,
  origin: { kind: 'import' },
  counts: { nodes: 5, edges: 3 },
  meta: {},
  prunedAt: pruned ? '2026-12-01T00:00:00.000Z' : null,
});

describe('nearestWhole', () => {
  it('offers the whole version made nearest in time, skipping pruned ones', () => {
    const vs = [version(5, '2026-11-30'), version(4, '2025-06-01', true), version(3, '2025-05-01', true), version(2, '2025-04-20'), version(1, '2024-01-01')];
    // v3 is 11 days after v2 and 13 months before v5; v4 is pruned too.
    expect(nearestWhole(vs, 3)?.number).toBe(2);
    expect(nearestWhole(vs, 4)?.number).toBe(2);
  });
  it('takes the newer of two equally near versions', () => {
    const vs = [version(3, '2025-05-11'), version(2, '2025-05-01', true), version(1, '2025-04-21')];
    expect(nearestWhole(vs, 2)?.number).toBe(3);
  });
  it('offers none when every other version is pruned', () => {
    expect(nearestWhole([version(2, '2025-05-01', true), version(1, '2025-04-01', true)], 2)).toBeNull();
  });
});

describe('prunedSummary', () => {
  it('is the selected version when it is pruned, and null for a whole one', () => {
    const versions = [version(2, '2026-11-30'), version(1, '2025-01-01', true)];
    expect(prunedSummary({ versions, version: '1' })?.number).toBe(1);
    expect(prunedSummary({ versions, version: '2' })).toBeNull();
    expect(prunedSummary({ versions, version: null })).toBeNull();
  });
});

describe('versionLabel', () => {
  it('puts the pruned mark before the message, and the date in the title', () => {
    expect(versionLabel({ ...version(2, '2025-01-01', true), message: 'spring term' })).toEqual({
      text: 'v2 (pruned) · spring term',
      title: 'version 2 was pruned on 2026-12-01; aggregate only',
    });
    expect(versionLabel({ ...version(3, '2026-11-30'), message: 'autumn', counts: { nodes: 1204, edges: 9 } })).toEqual({
      text: 'v3 · autumn (1,204 nodes)',
      title: 'version 3',
    });
  });
});
