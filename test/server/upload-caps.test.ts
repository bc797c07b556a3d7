/**
 * Issue 20, defect 7: caps on nodes, tie records and field length, set by the server's environment and
 * enforced by every reader as it reads (src/io/shape-limits.ts). An upload over one is a 422 naming file,
 * line (or JSON path) and field, the cap and the variable that raises it; nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { listVersions } from '../../src/store/versions.ts';
import { makeServer, type TestServer } from './helpers.ts';

// Read by the parse workers when they start: set before the server (and its pool) exists.
const CAPS = { HUBGRAPH_UPLOAD_MAX_NODES: '5', HUBGRAPH_UPLOAD_MAX_TIES: '4', HUBGRAPH_UPLOAD_MAX_FIELD_LENGTH: '100' };
const saved = Object.fromEntries(Object.keys(CAPS).map((k) => [k, process.env[k]]));
let s: TestServer;
beforeAll(async () => {
  Object.assign(process.env, CAPS);
  s = await makeServer({ mode: 'local' });
  await createWorkspace(s.store, 'w', { actor: 'test' });
}, 120_000);
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await s?.dispose();
});

const upload = (files: [string, string][]) => {
  let r = request(s.app).post('/api/workspaces/w/versions');
  for (const [name, content] of files) r = r.attach('files', Buffer.from(content), name);
  return r;
};
const nodesCsv = (n: number) => `id,type\n${Array.from({ length: n }, (_, i) => `n${i},school`).join('\n')}\n`;

describe('caps on nodes, ties and field length (server environment)', () => {
  it('refuses a CSV pair with one node too many at the line of the sixth node', async () => {
    const r = await upload([
      ['nodes.csv', nodesCsv(6)],
      ['edges.csv', 'source,target,type\nn0,n1,partnership\n'],
    ]).expect(422);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0]).toMatchObject({ in: 'file', path: 'nodes.csv:7:nodes', expected: 'at most 5 nodes (HUBGRAPH_UPLOAD_MAX_NODES)' });
    expect(r.body.errors[0].message).toContain('the file has more than 5 nodes');
  });

  it('refuses ties over the cap in an edge list (fast path), GEXF (before the document is parsed) and Pajek', async () => {
    const list = await upload([['e.csv', `source,target\n${['a,b', 'b,c', 'c,d', 'd,e', 'e,a'].join('\n')}\n`]]).expect(422);
    expect(list.body.errors[0]).toMatchObject({ path: 'e.csv:6:ties', expected: 'at most 4 ties (HUBGRAPH_UPLOAD_MAX_TIES)' });

    const edges = Array.from({ length: 5 }, (_, i) => `<edge source="a" target="b" id="e${i}"/>`).join('\n');
    const gexf = `<?xml version="1.0"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n<graph>\n<nodes><node id="a"/><node id="b"/></nodes>\n<edges>\n${edges}\n</edges>\n</graph></gexf>`;
    const g = await upload([['t.gexf', gexf]]).expect(422);
    expect(g.body.errors[0]).toMatchObject({ path: 't.gexf:10:ties' });

    const pajek = `*Vertices 6\n1 "a"\n2 "b"\n3 "c"\n4 "d"\n5 "e"\n6 "f"\n*Edges\n1 2\n`;
    const p = await upload([['six.net', pajek]]).expect(422);
    expect(p.body.errors[0]).toMatchObject({ path: expect.stringMatching(/^six\.net:7:nodes$/), expected: 'at most 5 nodes (HUBGRAPH_UPLOAD_MAX_NODES)' });
  });

  it('refuses an over-long value by its own field: a GDF label, a JSON attribute at its path, a GraphML id', async () => {
    const long = 'x'.repeat(101);
    const gdf = await upload([['g.gdf', `nodedef>name VARCHAR,label VARCHAR\na,A\nb,${long}\nedgedef>node1 VARCHAR,node2 VARCHAR\na,b\n`]]).expect(422);
    expect(gdf.body.errors[0]).toMatchObject({
      path: 'g.gdf:3:label',
      expected: 'a value of at most 100 characters (HUBGRAPH_UPLOAD_MAX_FIELD_LENGTH)',
    });
    expect(gdf.body.errors[0].message).toContain('the value has 101 characters');

    // A JSON body: spooled, read by the worker, refused with the record's JSON path.
    const dataset = {
      nodes: [
        { id: 'a', type: 'school', attrs: { note: 'short' } },
        { id: 'b', type: 'school', attrs: { note: long } },
      ],
      edges: [{ source: 'a', target: 'b', type: 'partnership' }],
    };
    const j = await request(s.app).post('/api/workspaces/w/versions').send({ dataset }).expect(422);
    // No line in JSON: the path names the record (file::field, as every JSON import problem).
    expect(j.body.errors[0]).toMatchObject({ path: 'dataset.json::nodes[1].note', expected: expect.stringContaining('at most 100 characters') });

    const gml = `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<graph edgedefault="undirected">\n<node id="${long}"/>\n</graph></graphml>`;
    const x = await upload([['id.graphml', gml]]).expect(422);
    expect(x.body.errors[0]).toMatchObject({ path: 'id.graphml:3:id' });
  });

  it('stores nothing for a refused upload and takes one within the caps', async () => {
    expect(await listVersions(s.store, 'w')).toEqual([]);
    await upload([
      ['nodes.csv', nodesCsv(5)],
      ['edges.csv', 'source,target,type\nn0,n1,partnership\nn1,n2,partnership\nn2,n3,partnership\nn3,n4,partnership\n'],
    ]).expect(201);
    expect((await listVersions(s.store, 'w')).map((v) => v.nodeCount)).toEqual([5]);
  });
});
