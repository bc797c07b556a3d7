import { DatasetSchema, type Dataset, type DatasetInput } from '../../src/model/index.ts';

/**
 * A small hand-made region: two hubs, advanced schools (maturity 4–5) and schools needing help
 * (maturity 1–2), one of them isolated, plus teachers, companies and a university.
 */
export function region(): Dataset {
  const input: DatasetInput = {
    nodes: [
      { id: 'hubN', type: 'hub', label: 'Hub North', region: 'North', country: 'FI' },
      { id: 'hubS', type: 'hub', label: 'Hub South', region: 'South', country: 'FI' },
      { id: 'A', type: 'school', label: 'School A', region: 'North', country: 'FI', hub: 'hubN', maturity: 5, capacity: 2, subjects: ['Mathematics', 'Physics'], languages: ['fi'], levels: ['secondary'], lat: 65.0, lon: 25.5 },
      { id: 'B', type: 'school', label: 'School B', region: 'South', country: 'FI', hub: 'hubS', maturity: 4, capacity: 1, subjects: ['Biology'], languages: ['fi', 'sv'], levels: ['primary'], lat: 60.2, lon: 24.9 },
      { id: 'x', type: 'school', label: 'School X', region: 'North', country: 'FI', hub: 'hubN', maturity: 2, subjects: ['Mathematics', 'Physics'], languages: ['fi'], levels: ['secondary'], lat: 65.1, lon: 25.4 },
      { id: 'y', type: 'school', label: 'School Y', region: 'South', country: 'FI', hub: 'hubS', maturity: 1, subjects: ['Biology'], languages: ['sv'], levels: ['primary'], lat: 60.3, lon: 24.8 },
      { id: 'z', type: 'school', label: 'School Z', region: 'North', country: 'FI', maturity: 2, subjects: ['Art'], languages: ['en'], levels: ['primary'] },
      { id: '__proto__', type: 'school', label: 'Proto school', region: 'South', country: 'FI', hub: 'hubS', maturity: 3 },
      { id: 'tA', type: 'teacher', label: 'Teacher of A', maturity: 5, subjects: ['Physics'] },
      { id: 'tB', type: 'teacher', label: 'Teacher of B', maturity: 4, subjects: ['Biology'] },
      { id: 'tx', type: 'teacher', label: 'Teacher of X', maturity: 1, subjects: ['Physics'] },
      { id: 'tA2', type: 'teacher', label: 'Second teacher of A', maturity: 2, subjects: ['Physics'] },
      { id: 'c1', type: 'company', label: 'RoboCo', region: 'North', country: 'FI', themes: ['robotics', 'AI'], capacity: 1 },
      { id: 'c2', type: 'company', label: 'BioCo', region: 'South', country: 'FI', themes: ['Biology'], capacity: 1 },
      { id: 'u1', type: 'university', label: 'Uni North', region: 'North', country: 'FI', themes: ['AI', 'robotics'] },
    ],
    edges: [
      { source: 'A', target: 'hubN', type: 'partnership', start: '2020-01-01' },
      { source: 'x', target: 'hubN', type: 'partnership', start: '2021-01-01' },
      { source: 'B', target: 'hubS', type: 'partnership', start: '2020-01-01' },
      { source: 'y', target: 'hubS', type: 'partnership', start: '2021-06-01' },
      { source: '__proto__', target: 'hubS', type: 'partnership' },
      { source: 'tA', target: 'A', type: 'affiliation' },
      { source: 'tA2', target: 'A', type: 'affiliation' },
      { source: 'tB', target: 'B', type: 'affiliation' },
      { source: 'tx', target: 'x', type: 'affiliation' },
      { source: 'c1', target: 'hubN', type: 'partnership', start: '2020-05-01' },
      { source: 'u1', target: 'hubN', type: 'partnership', start: '2020-05-01' },
      { source: 'c2', target: 'hubS', type: 'partnership', start: '2020-05-01' },
      { source: 'c1', target: 'u1', type: 'collaboration', start: '2023-03-01' },
      { source: 'c2', target: 'B', type: 'collaboration', start: '2023-04-01' },
      { source: 'hubN', target: 'hubS', type: 'partnership', start: '2019-01-01' },
    ],
  };
  return DatasetSchema.parse(input);
}
