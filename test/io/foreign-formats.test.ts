/**
 * Graph files in formats hubgraph does not read (DOT), as NetworkX,
 * Graphviz, Gephi and UCINET write them: refused with one problem naming the file, the format and
 * what to save instead — not read as a CSV edge list with a problem per line. CSV edge lists that
 * merely resemble them still import. GML, Pajek, GDF and UCINET DL, which are read, import whatever the file is called.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/io/errors.ts';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { hubgraph } from '../cli/run-cli.ts';
import { makeServer, type TestServer } from '../server/helpers.ts';

// The first lines of what NetworkX 2.8 writes for the karate club (nx.write_gml, nx.write_pajek).
const GML =
  'graph [\n  name "Zachary\'s Karate Club"\n  node [\n    id 0\n    label "0"\n    club "Mr. Hi"\n  ]\n  node [\n    id 1\n    label "1"\n  ]\n  edge [\n    source 0\n    target 1\n    weight 4\n  ]\n]\n';
const IGRAPH_GML = 'Creator "igraph version 0.10.2"\nVersion 1\ngraph\n[\n  directed 0\n  node [ id 0 ]\n]\n';
const PAJEK = '*vertices 2\n1 0 0.0 0.0 ellipse club "Mr. Hi"\n2 1 0.0 0.0 ellipse club "Mr. Hi"\n*arcs\n*edges\n1 2 4.0\n';
const GDF = 'nodedef>name VARCHAR,label VARCHAR\ns1,School\nedgedef>node1 VARCHAR,node2 VARCHAR\ns1,s2\n';
const DOT = '/* written by hand */\nstrict digraph "advice" {\n  a -> b [weight=2];\n}\n';
const DL = 'DL N=3\nFORMAT = EDGELIST1\nDATA:\n1 2\n2 3\n';
const FILES: [string, string, string][] = [['g.dot', DOT, 'Graphviz DOT']];

const problems = (name: string, content: string) => {
  try {
    parseDatasetFiles([{ name, content }]);
  } catch (e) {
    if (e instanceof ImportError) return e.issues;
    throw e;
  }
  return [];
};

describe('graph formats hubgraph does not read', () => {
  it.each(FILES)('%s is refused with one problem that names its format and what to save', (name, content, format) => {
    const issues = problems(name, content);
    expect(issues).toHaveLength(1);
    expect(issues[0].file).toBe(name);
    expect(issues[0].expected).toContain(`this is a ${format} file, which hubgraph does not read: save the graph as GraphML or GEXF`);
    expect(issues[0].expected).toContain('nx.write_graphml(G, "graph.graphml")');
  });

  it.each([
    ['karate.gml', GML, 2, 1],
    ['graph.txt', GML, 2, 1],
    ['igraph.txt', IGRAPH_GML, 1, 0],
    ['karate.net', PAJEK, 2, 1],
    ['karate.txt', PAJEK, 2, 1],
    ['g.gdf', GDF, 2, 1],
    ['g.txt', GDF, 2, 1],
    ['g.dl', DL, 3, 2],
    ['ucinet.txt', DL, 3, 2],
  ])('%s (GML, Pajek, GDF or UCINET DL, now read) imports', (name, content, nodes, edges) => {
    const { report } = parseDatasetFiles([{ name, content }]);
    const format = content === PAJEK ? 'pajek' : content === GDF ? 'gdf' : content === DL ? 'dl' : 'gml';
    expect([report.format, report.nodes, report.edges]).toEqual([format, nodes, edges]);
  });

  it('edge lists whose cells look like those formats still import', () => {
    const { dataset } = parseDatasetFiles([{ name: 'ties.csv', content: 'source,target\ngraph,node\ndl,n\n*edges,x\n' }]);
    expect(dataset.edges).toHaveLength(3);
    // A forced format is the user's word: the file is read as asked.
    expect(() => parseDatasetFiles([{ name: 'g.gml', content: GML }], { format: 'edgelist' })).toThrow(/expected at most/);
  });

  it('hubgraph validate prints the one problem and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hg-foreign-'));
    try {
      await writeFile(join(dir, 'advice.txt'), DOT);
      const r = await hubgraph('validate', join(dir, 'advice.txt'));
      expect(r.code).toBe(1);
      expect(r.stderr + r.stdout).toContain('1 problem in the input');
      expect(r.stderr + r.stdout).toContain('this is a Graphviz DOT file');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('uploading one', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await makeServer();
  }, 120_000);
  afterAll(async () => {
    await s?.dispose();
  });

  it('is a 422 with the one problem, and creates no workspace', async () => {
    const r = await request(s.app).post('/api/workspaces/dot/versions').field('create', 'true').attach('files', Buffer.from(DOT), 'advice.dot').expect(422);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0].expected).toContain('this is a Graphviz DOT file');
    await request(s.app).get('/api/workspaces/dot').expect(404);
  });
});
