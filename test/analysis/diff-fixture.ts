import { DatasetSchema, type Dataset } from '../../src/model/index.ts';

/**
 * Two five-cliques A and B joined by a1–b1; hub H tied to a1, company C to H.
 * m works with a1..a3 until 2022-05-01 and with b1..b3 from 2022-05-02.
 * School S (West) works with C until 2022-06-30; school R (East) starts with H on 2022-03-01.
 */
export function diffFixture(): Dataset {
  const nodes: { id: string; type: string; region?: string }[] = [];
  const edges: { source: string; target: string; type?: string; start?: string; end?: string }[] = [];
  for (const g of ['a', 'b']) {
    for (let i = 1; i <= 5; i++) nodes.push({ id: `${g}${i}`, type: 'other' });
    for (let i = 1; i <= 5; i++) for (let j = i + 1; j <= 5; j++) edges.push({ source: `${g}${i}`, target: `${g}${j}` });
  }
  nodes.push(
    { id: 'm', type: 'other' },
    { id: 'H', type: 'hub' },
    { id: 'C', type: 'company' },
    { id: 'S', type: 'school', region: 'West' },
    { id: 'R', type: 'school', region: 'East' },
  );
  edges.push({ source: 'a1', target: 'b1' }, { source: 'H', target: 'a1' }, { source: 'H', target: 'C' });
  for (const i of [1, 2, 3]) {
    edges.push({ source: 'm', target: `a${i}`, start: '2020-01-01', end: '2022-05-01' });
    edges.push({ source: 'm', target: `b${i}`, start: '2022-05-02' });
  }
  edges.push({ source: 'S', target: 'C', type: 'partnership', start: '2021-01-01', end: '2022-06-30' });
  edges.push({ source: 'R', target: 'H', start: '2022-03-01' });
  return DatasetSchema.parse({ meta: { name: 'diff fixture' }, nodes, edges });
}
