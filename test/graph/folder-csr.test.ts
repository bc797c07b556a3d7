import { describe, expect, it } from 'vitest';
import { scanIsolation } from '../../src/analysis/isolation.ts';
import { snapshotFromFolder } from '../../src/graph/folder-csr.ts';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { EDGE_TYPES, NODE_TYPES } from '../../src/model/index.ts';
import { createRng } from '../../src/util/random.ts';

/** What the general loader + buildSnapshot give for the same folder: the fast path must be indistinguishable. */
const general = (nodes: string, edges: string) => {
  const { dataset } = parseDatasetFiles([
    { name: 'nodes.csv', content: nodes },
    { name: 'edges.csv', content: edges },
  ]);
  return { dataset, s: buildSnapshot(dataset) };
};

const same = (a: Snapshot, b: Snapshot) => {
  expect(a.n).toBe(b.n);
  expect(a.m).toBe(b.m);
  expect(a.ids).toEqual(b.ids);
  expect([...a.index]).toEqual([...b.index]);
  expect(Array.from(a.typeCode)).toEqual(Array.from(b.typeCode));
  expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
  expect(Array.from(a.targets)).toEqual(Array.from(b.targets));
  expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  expect(a.weighted).toBe(b.weighted);
  expect(a.nodes).toEqual(b.nodes);
};

/** A small ecosystem: schools with teachers (affiliation), collaborations, hubs; parallel ties and self-loops included. */
function ecosystem(seed: number, eol: string) {
  const rng = createRng(seed);
  const types = Array.from({ length: 600 }, (_, v) =>
    v < 60 ? 'school' : v < 300 ? 'teacher' : v < 305 ? 'hub' : NODE_TYPES[Math.floor(rng() * NODE_TYPES.length)],
  );
  const nodes = ['id,type,region,label', ...types.map((t, v) => `n${v},${t},R${v % 7},Node ${v}`)];
  const edges = ['source,target,weight,type'];
  for (let i = 0; i < 2500; i++) {
    const a = Math.floor(rng() * 600),
      b = Math.floor(rng() * 600);
    const w = rng() < 0.5 ? String(1 + Math.floor(rng() * 4)) : (rng() * 5).toFixed(2);
    if (i < 260) edges.push(`n${60 + (i % 240)},n${i % 60},1,affiliation`);
    else edges.push(`n${a},n${rng() < 0.02 ? a : b},${w},${EDGE_TYPES[1 + Math.floor(rng() * (EDGE_TYPES.length - 1))]}`);
  }
  // A repeated tie (weights summed) and a repeated affiliation.
  edges.push('n1,n2,3,collaboration', 'n2,n1,2,collaboration', 'n61,n1,1,affiliation');
  return { nodes: nodes.join(eol) + eol, edges: edges.join(eol) + eol };
}

describe('nodes.csv + edges.csv straight into a typed snapshot', () => {
  it('gives the general loader’s snapshot and the same isolation scan', () => {
    for (const [seed, eol] of [
      [3, '\n'],
      [4, '\r\n'],
    ] as const) {
      const { nodes, edges } = ecosystem(seed, eol);
      const fast = snapshotFromFolder(nodes, edges);
      expect(fast).not.toBeNull();
      const ref = general(nodes, edges);
      same(fast!.snapshot, ref.s);
      // The loader folds repeated ties into one record; the pairs are what isolation reads.
      const pairs = (es: { source: string; target: string; type: string }[]) =>
        [...new Set(es.filter((e) => e.type === 'affiliation').map((e) => `${e.source}>${e.target}`))].sort();
      expect(pairs(fast!.affiliations)).toEqual(pairs(ref.dataset.edges));
      const iso = scanIsolation(fast!.snapshot, { dataset: { edges: fast!.affiliations } });
      expect(iso.schools.length).toBe(fast!.snapshot.nodes.filter((n) => n.type === 'school').length);
      expect(iso).toEqual(scanIsolation(ref.s, { dataset: ref.dataset }));
    }
  });

  it('takes the columns in any order and without weight or tie type', () => {
    const nodes = 'type,id\nschool,s\nteacher,t\nhub,h\n';
    const edges = 'target,source\ns,t\nh,s\n';
    same(snapshotFromFolder(nodes, edges)!.snapshot, general(nodes, edges).s);
  });

  it('leaves every folder it would not read exactly as the general loader to that loader', () => {
    const nodes = 'id,type\na,school\nb,teacher\n';
    const edges = 'source,target,weight,type\na,b,1,affiliation\n';
    expect(snapshotFromFolder(nodes, edges)).not.toBeNull();
    for (const [n, e] of [
      ['id,type,size\na,school,1\nb,teacher,2\n', edges], // a typed field the reader does not parse
      ['id\na\nb\n', edges], // no type column
      ['id,type\na,School\nb,teacher\n', edges], // an own spelling: the type map's job
      ['id,type\na,school\na,teacher\n', edges], // duplicate id: the general loader reports it
      ['id,type\n"a",school\nb,teacher\n', edges], // quoting
      ['\ufeffid,type\na,school\nb,teacher\n', edges], // BOM
      ['id,type\na,school\nb,\n', edges], // empty cell
      [nodes, 'source,target,weight,type\na,c,1,affiliation\n'], // unknown node
      [nodes, 'source,target,weight,type\na,b,1,friendship\n'], // own tie type
      [nodes, 'source,target,weight,type\na,b,-1,affiliation\n'], // negative weight
      [nodes, 'source,target,weight,type\na,b,1e2,affiliation\n'], // not a plain decimal
      [nodes, 'source,target,weight,type,start\na,b,1,affiliation,2020-01-01\n'], // dates
      [nodes, "source,target\n'=a,b\n"], // formula escape
      [nodes, 'source;target\na;b\n'], // another delimiter
      [nodes, 'source,target\na,b,c\n'], // too many cells
    ])
      expect(snapshotFromFolder(n, e), JSON.stringify([n, e])).toBeNull();
  });
});
