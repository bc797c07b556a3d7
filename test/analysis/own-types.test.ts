/** Analyses name the user's own types where the file gave them: indicators count nodes by own type beside the built-in kinds. */
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { ecosystemIndicators } from '../../src/analysis/indicators.ts';
import { loadDataset } from '../../src/io/load.ts';
import { DatasetSchema } from '../../src/model/index.ts';

describe('indicators by own type', () => {
  it("Gephi Lite's sample: 61 nodes of kind other, counted by their own types", async () => {
    const { dataset } = await loadDataset('test/fixtures/peers/gephi-lite/gephi-lite.gexf', { typeMap: { nodes: { person: 'teacher' } } });
    const ind = ecosystemIndicators(buildSnapshot(dataset), { dataset });
    expect(ind.overall.counts).toEqual({ teacher: 18, other: 43 });
    expect(ind.overall.ownCounts).toEqual({ software: 19, person: 18, paper: 12, 'research group': 7, entreprise: 3, event: 2 });
  });

  it('a group without own types has no ownCounts', () => {
    const dataset = DatasetSchema.parse({
      nodes: [
        { id: 'a', type: 'school', region: 'N' },
        { id: 'b', type: 'other', ownType: 'NGO', region: 'S' },
      ],
      edges: [{ source: 'a', target: 'b' }],
    });
    const ind = ecosystemIndicators(buildSnapshot(dataset), { dataset });
    expect(ind.regions.map((r) => [r.key, r.ownCounts])).toEqual([
      ['N', undefined],
      ['S', { NGO: 1 }],
    ]);
    expect('ownCounts' in ind.regions[0]).toBe(false);
  });
});
