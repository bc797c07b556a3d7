import { describe, expect, it } from 'vitest';
import { MultiDirectedGraph, MultiGraph } from 'graphology';
import gexf from 'graphology-gexf';
import graphml from 'graphology-graphml';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { serializeDataset } from '../../src/io/export.ts';

// Ordinary ids only: graphology itself cannot hold `__proto__` (see src/io/gexf.ts).
const { dataset } = parseDatasetFiles([
  {
    name: 'nodes.csv',
    content:
      'id,type,label,levels,maturity,capacity,note,score:number\ns1,school,Kool & Co,primary;vet,3,2,<b>,1.5\nt1,teacher,Mari,,,,,\nc1,company,Firma,,,,x,\n',
  },
  { name: 'edges.csv', content: 'source,target,type,weight,start\nt1,s1,affiliation,1,2022-09-01\ns1,c1,partnership,2.5,\n' },
]);

describe('GEXF compatibility with graphology-gexf', () => {
  it('graphology-gexf parses what we write into the same nodes, edges and attributes', () => {
    const [file] = serializeDataset(dataset, 'gexf');
    const g = gexf.parse(MultiGraph, file.content);
    expect(g.order).toBe(3);
    expect(g.size).toBe(2);
    expect(g.getNodeAttributes('s1')).toMatchObject({
      type: 'school',
      label: 'Kool & Co',
      // Lists are one `;`-joined text in every export (GraphML below, GML, GEXF), as NetworkX reads them back.
      levels: 'primary;vet',
      maturity: 3,
      capacity: 2,
      note: '<b>',
      score: 1.5,
    });
    // A mixed graph (affiliation is directed, partnership not) is declared undirected, as hubgraph
    // computes on it, with each tie's direction in `directed`. (graphology-gexf skips spells; the
    // affiliation's start date is also written as a `start` attribute.)
    const edges = g.mapEdges((_e, a, s, t, _sa, _ta, undirected) => ({ s, t, undirected, ...a }));
    expect(edges).toEqual([
      expect.objectContaining({ s: 't1', t: 's1', undirected: true, type: 'affiliation', weight: 1, directed: true, start: '2022-09-01' }),
      expect.objectContaining({ s: 's1', t: 'c1', undirected: true, type: 'partnership', weight: 2.5, directed: false }),
    ]);
  });

  it("with mixed: per-edge, graphology-gexf reads a mixed graph with GEXF's own per-edge type", () => {
    const [file] = serializeDataset(dataset, 'gexf', { mixed: 'per-edge' });
    const g = gexf.parse(MultiGraph, file.content);
    expect(g.mapEdges((_e, a, s, t, _sa, _ta, undirected) => [s, t, undirected, a.type])).toEqual([
      ['t1', 's1', false, 'affiliation'],
      ['s1', 'c1', true, 'partnership'],
    ]);
    expect(parseDatasetFiles([{ name: 'x.gexf', content: file.content }]).dataset.edges).toEqual(dataset.edges);
  });

  it('we read what graphology-gexf writes', () => {
    const g = new MultiDirectedGraph();
    g.addNode('a', { type: 'school', label: 'A', maturity: 4, themes: ['AI', 'coding'] });
    g.addNode('b', { type: 'hub', label: 'B' });
    g.addEdge('a', 'b', { type: 'partnership', weight: 3 });
    const text = gexf.write(g);
    const back = parseDatasetFiles([{ name: 'g.gexf', content: text }]).dataset;
    expect(back.nodes.map((n) => [n.id, n.type, n.label, n.maturity, n.themes])).toEqual([
      ['a', 'school', 'A', 4, ['AI', 'coding']],
      ['b', 'hub', 'B', undefined, undefined],
    ]);
    expect(back.edges.map((e) => [e.source, e.target, e.type, e.weight])).toEqual([['a', 'b', 'partnership', 3]]);
  });
});

describe('GraphML compatibility with graphology-graphml', () => {
  it('graphology-graphml parses what we write into the same nodes, edges and attributes', () => {
    const [file] = serializeDataset(dataset, 'graphml');
    const g = graphml.parse(MultiGraph, file.content);
    expect(g.order).toBe(3);
    expect(g.size).toBe(2);
    // GraphML has no lists: they travel as `;`-joined text, as in CSV.
    expect(g.getNodeAttributes('s1')).toMatchObject({
      type: 'school',
      label: 'Kool & Co',
      levels: 'primary;vet',
      maturity: 3,
      capacity: 2,
      note: '<b>',
      score: 1.5,
    });
    expect(g.mapEdges((_e, a, s, t) => ({ s, t, ...a }))).toEqual([
      expect.objectContaining({ s: 't1', t: 's1', type: 'affiliation', weight: 1, start: '2022-09-01', directed: true }),
      expect.objectContaining({ s: 's1', t: 'c1', type: 'partnership', weight: 2.5, directed: false }),
    ]);
  });

  it('reads GraphML written by other tools (keys without attr.type, defaults)', () => {
    const text = `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k0" for="node" attr.name="type"><default>school</default></key>
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="undirected">
    <node id="n0"/><node id="n1"><data key="k0">company</data></node>
    <edge source="n0" target="n1"><data key="w">0.5</data></edge>
  </graph>
</graphml>`;
    const d = parseDatasetFiles([{ name: 'x.graphml', content: text }]).dataset;
    expect(d.nodes.map((n) => n.type)).toEqual(['school', 'company']);
    expect(d.edges[0].weight).toBe(0.5);
  });
});
