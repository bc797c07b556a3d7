import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import { ecosystemIndicators } from '../../src/analysis/indicators.ts';
import { DatasetSchema, type DatasetInput } from '../../src/model/index.ts';

// Values below were worked out by hand from this drawing:
//   N: H(hub) – S1 – C(company), S1 – S2, T1 (teacher of S1) – S1, C mentors T1
//   S: S3 – V(vet), S3 – S1 (cross-region), M(company) mentors S4, M – H (cross-region), S5 alone
const input: DatasetInput = {
  nodes: [
    { id: 'H', type: 'hub', region: 'N', country: 'EE' },
    { id: 'S1', type: 'school', region: 'N', country: 'EE', maturity: 1 },
    { id: 'S2', type: 'school', region: 'N', country: 'EE', maturity: 2 },
    { id: 'C', type: 'company', region: 'N', country: 'EE' },
    { id: 'T1', type: 'teacher', region: 'N', country: 'EE' },
    { id: 'S3', type: 'school', region: 'S', country: 'EE', maturity: 4 },
    { id: 'V', type: 'vet', region: 'S' },
    { id: 'S4', type: 'school', region: 'S', country: 'EE', maturity: 1 },
    { id: 'M', type: 'company', region: 'S', country: 'EE' },
    { id: 'S5', type: 'school', region: 'S', country: 'EE', maturity: 1 },
  ],
  edges: [
    { source: 'S1', target: 'H' },
    { source: 'S1', target: 'C', type: 'partnership' },
    { source: 'S2', target: 'S1' },
    { source: 'T1', target: 'S1', type: 'affiliation' },
    { source: 'C', target: 'T1', type: 'mentoring' },
    { source: 'S3', target: 'V' },
    { source: 'S3', target: 'S1' },
    { source: 'M', target: 'S4', type: 'mentoring' },
    { source: 'M', target: 'H' },
  ],
};
const dataset = DatasetSchema.parse(input);
const s = buildSnapshot(dataset);

describe('ecosystemIndicators', () => {
  const ind = ecosystemIndicators(s, { dataset });

  it('overall', () => {
    const o = ind.overall;
    expect(o).toMatchObject({
      key: null,
      nodes: 10,
      ties: 9,
      density: 0.2,
      ei: null,
      schools: 5,
      isolatedSchools: 1,
      isolatedShare: 0.2,
      peripheralSchools: 3,
      schoolsWithoutHub: 1,
      meanHubDistance: 1.75,
      counts: { hub: 1, school: 5, company: 2, teacher: 1, vet: 1 },
      crossSector: { schoolTies: 7, company: 2, university: 0, vet: 1 },
      mentoring: { lowMaturitySchools: 4, mentored: 2, coverage: 0.5 },
    });
    expect(o.crossSector.share).toBeCloseTo(3 / 7, 12);
    expect(o.eiByRegion).toBeCloseTo(-5 / 9, 12);
  });

  it('per region', () => {
    expect(ind.regions.map((r) => r.key)).toEqual(['N', 'S']);
    const [n, south] = ind.regions;
    expect(n).toMatchObject({
      nodes: 5,
      ties: 5,
      density: 0.5,
      schools: 2,
      isolatedSchools: 0,
      isolatedShare: 0,
      peripheralSchools: 1,
      counts: { hub: 1, school: 2, company: 1, teacher: 1 },
      crossSector: { schoolTies: 5, company: 1, university: 0, vet: 0, share: 0.2 },
      meanHubDistance: 1.5,
      schoolsWithoutHub: 0,
      mentoring: { lowMaturitySchools: 2, mentored: 1, coverage: 0.5 }, // S1 through its teacher T1
    });
    expect(n.ei).toEqual({ external: 2, internal: 5, index: -3 / 7 }); // S1–S3 and H–M leave N
    expect(south).toMatchObject({
      nodes: 5,
      ties: 2,
      density: 0.2,
      schools: 3,
      isolatedSchools: 1,
      peripheralSchools: 2,
      counts: { school: 3, vet: 1, company: 1 },
      crossSector: { schoolTies: 3, company: 1, vet: 1 },
      meanHubDistance: 2,
      schoolsWithoutHub: 1,
      mentoring: { lowMaturitySchools: 2, mentored: 1, coverage: 0.5 },
      ei: { external: 2, internal: 2, index: 0 },
    });
    expect(south.isolatedShare).toBeCloseTo(1 / 3, 12);
    expect(south.crossSector.share).toBeCloseTo(2 / 3, 12);
  });

  it('per country and per hub', () => {
    expect(ind.countries.map((c) => [c.key, c.nodes])).toEqual([['EE', 9]]); // V has no country
    expect(ind.hubs.map((h) => [h.key, h.nodes, h.schools])).toEqual([['H', 9, 4]]); // S5 reaches no hub
  });

  it('cannot tell mentoring without the dataset', () => {
    expect(ecosystemIndicators(s).overall.mentoring).toBeNull();
  });

  it('handles an empty network', () => {
    const empty = ecosystemIndicators(buildSnapshot(DatasetSchema.parse({ nodes: [], edges: [] })));
    expect(empty.overall.nodes).toBe(0);
    expect(empty.regions).toEqual([]);
  });
});
