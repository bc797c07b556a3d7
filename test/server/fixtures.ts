import type { DatasetInput } from '../../src/model/index.ts';
import { createRng } from '../../src/util/random.ts';

/**
 * A small ecosystem with awkward ids (`__proto__`, `constructor`, spaces, Unicode): two strong schools
 * that can mentor, two weak ones, teachers, a company, a university and a hub.
 */
export function smallEcosystem(): DatasetInput {
  const nodes: DatasetInput['nodes'] = [
    { id: 'hub', type: 'hub', label: 'North Hub', region: 'North' },
    {
      id: '__proto__',
      type: 'school',
      label: 'Proto School',
      region: 'North',
      hub: 'hub',
      maturity: 5,
      capacity: 2,
      subjects: ['math'],
      languages: ['en'],
      lat: 59.4,
      lon: 24.7,
    },
    {
      id: 'constructor',
      type: 'school',
      label: 'Builder School',
      region: 'North',
      hub: 'hub',
      maturity: 4,
      capacity: 1,
      subjects: ['science'],
      languages: ['en'],
      lat: 59.5,
      lon: 24.8,
    },
    { id: 'a school', type: 'school', label: 'A School', region: 'South', maturity: 1, subjects: ['math'], languages: ['en'], lat: 58.4, lon: 26.7 },
    { id: 'Škola ü', type: 'school', label: 'Škola Ü', region: 'South', maturity: 2, subjects: ['science'], languages: ['en'], lat: 58.3, lon: 26.6 },
    { id: 'lonely', type: 'school', label: 'Lonely School', region: 'South', maturity: 1, languages: ['en'] },
    { id: 'acme', type: 'company', label: 'Acme', region: 'North', capacity: 2, themes: ['robotics'] },
    { id: 'uni', type: 'university', label: 'North University', region: 'North', capacity: 2, themes: ['robotics'] },
    { id: 't1', type: 'teacher', label: 'Mari Maasikas', region: 'North', lat: 59.41, lon: 24.71, attrs: { email: 'mari@example.org' } },
    { id: 't2', type: 'teacher', label: 'Jaan Tamm', region: 'South' },
    { id: 't3', type: 'teacher', label: 'Liis Kask', region: 'South' },
  ];
  const edges: DatasetInput['edges'] = [
    { source: 't1', target: '__proto__', type: 'affiliation', start: '2020-09-01' },
    { source: 't2', target: 'a school', type: 'affiliation', start: '2021-09-01' },
    { source: 't3', target: 'Škola ü', type: 'affiliation', start: '2021-09-01' },
    { source: '__proto__', target: 'hub', type: 'partnership', weight: 2, start: '2019-01-01' },
    { source: 'constructor', target: 'hub', type: 'partnership', start: '2019-01-01' },
    { source: '__proto__', target: 'constructor', type: 'collaboration', weight: 3, start: '2020-01-01' },
    { source: 'acme', target: 'hub', type: 'partnership', start: '2022-01-01' },
    { source: 'uni', target: 'hub', type: 'partnership', start: '2018-01-01' },
    { source: 'a school', target: 'Škola ü', type: 'collaboration', start: '2023-03-01' },
    { source: 't1', target: 't2', type: 'collaboration', start: '2023-05-01' },
    { source: 'acme', target: '__proto__', type: 'cocreation', start: '2023-01-01', end: '2023-12-31' },
  ];
  return { meta: { name: 'small test ecosystem', synthetic: true }, nodes, edges };
}

/** A random connected graph of schools, companies, teachers and universities, for load and responsiveness tests. */
export function randomEcosystem(n: number, m: number, seed = 7): DatasetInput {
  const rng = createRng(seed);
  const types = ['school', 'school', 'school', 'company', 'teacher', 'university'] as const;
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    type: types[i % types.length],
    label: `Node ${i}`,
    region: `R${i % 7}`,
    maturity: 1 + (i % 5),
  }));
  const edges: DatasetInput['edges'] = [];
  for (let i = 1; i < n; i++) edges.push({ source: `n${i}`, target: `n${Math.floor(rng() * i)}`, type: 'collaboration' });
  while (edges.length < m) {
    const a = Math.floor(rng() * n),
      b = Math.floor(rng() * n);
    if (a !== b) edges.push({ source: `n${a}`, target: `n${b}`, type: 'partnership', weight: 1 + Math.floor(rng() * 3) });
  }
  return { meta: { name: `random ${n}/${m}`, synthetic: true }, nodes, edges };
}
