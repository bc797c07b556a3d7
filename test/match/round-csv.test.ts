import { describe, expect, it } from 'vitest';
import { roundTable } from '../../src/match/round-csv.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { smallEcosystem } from '../server/fixtures.ts';

const dataset = DatasetSchema.parse(smallEcosystem());

describe('round table for people', () => {
  it('names both sides with school, region, hub and contacts, rounds scores, words the reasons, lists who was left out', () => {
    const rows = roundTable(dataset, {
      kind: 'mentoring',
      pairs: [
        {
          left: 't1',
          right: 't2',
          score: 2.718281828459045,
          status: 'accepted',
          explanation: { text: 'shares math; maturity 4 → 2' },
          changedBy: 'lead',
          changedAt: '2025-09-01T10:11:12.000Z',
        },
      ],
      leftOut: [{ id: 't3', kind: 'ineligible', reason: 'no maturity value recorded for this teacher' }],
    });
    const [head, pair, out] = rows;
    const rec = (row: string[]) => Object.fromEntries(head.map((k, i) => [k, row[i]]));
    expect(head).toContain('mentor_email');
    expect(rec(pair)).toMatchObject({
      row: 'pair',
      mentor: 'Mari Maasikas (Proto School)',
      mentor_school: 'Proto School',
      mentor_region: 'North',
      mentor_hub: 'North Hub',
      mentor_email: 'mari@example.org',
      mentee: 'Jaan Tamm (A School)',
      mentee_school: 'A School',
      mentee_region: 'South',
      score: '2.72',
      status: 'accepted',
      reasons: 'shares math; maturity 4 → 2',
      changed_at: '2025-09-01 10:11:12',
      mentor_id: 't1',
      mentee_id: 't2',
    });
    expect(rec(out)).toMatchObject({
      row: 'ineligible',
      mentor: '',
      mentee: 'Liis Kask (Škola Ü)',
      reasons: 'no maturity value recorded for this teacher',
      mentee_id: 't3',
    });
    expect(roundTable(dataset, { kind: 'mentoring', pairs: [], leftOut: [] }, { contacts: false })[0]).not.toContain('mentor_email');
  });
});
