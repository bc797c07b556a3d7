import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { makeServer, type TestServer } from './helpers.ts';

/** The upload path: files as other tools write them, a mapping step with a preview, and nothing left behind when it fails. */
let s: TestServer;
beforeAll(async () => {
  s = await makeServer();
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

// A Kumu export: elements keyed by Label with their own Type, connections From/To with their own Type.
const KUMU_ELEMENTS = 'Label,Type,Description\nAnna,Teacher,maths\nNorth School,School,\nGreen NGO,NGO,\n';
const KUMU_CONNECTIONS = 'From,To,Type,Direction\nAnna,North School,works at,directed\nGreen NGO,North School,advice,mutual\n';

describe('upload', () => {
  it('a refused upload with create=true creates no workspace', async () => {
    const r = await request(s.app)
      .post('/api/workspaces/fresh/versions')
      .field('create', 'true')
      .attach('files', Buffer.from('id,type\na,school\n'), 'nodes.csv')
      .attach('files', Buffer.from('source,target\na,ghost\n'), 'edges.csv')
      .expect(422);
    expect(r.body.errors[0].path).toBe('edges.csv:2:target');
    await request(s.app).get('/api/workspaces/fresh').expect(404);
    const list = await request(s.app).get('/api/workspaces').expect(200);
    expect(list.body.workspaces.map((w: { name: string }) => w.name)).not.toContain('fresh');
  });

  it('an accepted upload with create=true creates the workspace with its first version, mapping own types', async () => {
    const r = await request(s.app)
      .post('/api/workspaces/kumu/versions')
      .field('create', 'true')
      .field('typeMap', JSON.stringify({ nodes: { NGO: 'community' }, edges: { 'works at': 'affiliation' } }))
      .attach('files', Buffer.from(KUMU_ELEMENTS), 'nodes.csv')
      .attach('files', Buffer.from(KUMU_CONNECTIONS), 'edges.csv')
      .expect(201);
    expect(r.body.version).toMatchObject({ number: 1, counts: { nodes: 3, edges: 2 } });
    expect(r.body.report.typeSummary).toMatch(/NGO → community \(1\)/);
    const d = (await request(s.app).get('/api/workspaces/kumu/versions/latest/dataset').expect(200)).body;
    expect(d.nodes.map((n: { id: string; type: string; ownType?: string; label?: string }) => [n.id, n.type, n.ownType, n.label])).toEqual([
      ['Anna', 'teacher', undefined, 'Anna'],
      ['North School', 'school', undefined, 'North School'],
      ['Green NGO', 'community', 'NGO', 'Green NGO'],
    ]);
    expect(d.edges.map((e: { type: string; ownType?: string; directed?: boolean }) => [e.type, e.ownType, e.directed])).toEqual([
      ['affiliation', 'works at', undefined],
      ['collaboration', 'advice', undefined],
    ]);
  });

  it("the graph payload carries each node's and tie's own type and the tie's direction", async () => {
    const g = (await request(s.app).get('/api/workspaces/kumu/versions/latest/graph?layoutIterations=5').expect(200)).body;
    expect(g.nodes.map((n: { id: string; type: string; ownType: string | null; attrs: object }) => [n.id, n.type, n.ownType, 'ownType' in n.attrs])).toEqual([
      ['Anna', 'teacher', null, false],
      ['North School', 'school', null, false],
      ['Green NGO', 'community', 'NGO', false],
    ]);
    expect(g.edges.map((e: { type: string; ownType: string | null; directed: boolean }) => [e.type, e.ownType, e.directed])).toEqual([
      ['affiliation', 'works at', true],
      ['collaboration', 'advice', false],
    ]);
  });

  it('without create, an upload to a missing workspace is 404', async () => {
    await request(s.app).post('/api/workspaces/nowhere/versions').attach('files', Buffer.from('a,b\n'), 'ties.csv').expect(404);
  });

  it('previews the columns, first rows and mapping, and stores nothing', async () => {
    const r = await request(s.app)
      .post('/api/uploads/preview')
      .attach('files', Buffer.from('Name;Kind\nx;school\ny;hub\n'), 'nodes.csv')
      .attach('files', Buffer.from('Von;Nach;Gewicht\nx;y;0,5\n'), 'edges.csv')
      .expect(200);
    const edges = r.body.files.find((f: { role: string }) => f.role === 'edges');
    expect(edges).toMatchObject({ delimiter: ';', header: ['Von', 'Nach', 'Gewicht'], rows: [['x', 'y', '0,5']], mapping: {} });
    expect(r.body.files.find((f: { role: string }) => f.role === 'nodes').mapping).toEqual({ id: 'Name', type: 'Kind' });
    expect(r.body.valid).toBe(false);
    expect(r.body.problems[0]).toMatchObject({ file: 'edges.csv', field: 'source' });
    // The user maps the columns (as the web upload's mapping step does) and tries again.
    const mapped = await request(s.app)
      .post('/api/uploads/preview')
      .field('columns', 'source=Von,target=Nach,weight=Gewicht')
      .field('decimalComma', 'true')
      .attach('files', Buffer.from('Name;Kind\nx;school\ny;hub\n'), 'nodes.csv')
      .attach('files', Buffer.from('Von;Nach;Gewicht\nx;y;0,5\n'), 'edges.csv')
      .expect(200);
    expect(mapped.body.valid).toBe(true);
    expect(mapped.body.files.find((f: { role: string }) => f.role === 'edges').mapping).toEqual({ source: 'Von', target: 'Nach', weight: 'Gewicht' });
    expect(mapped.body.report).toMatchObject({ nodes: 2, edges: 1 });
    expect((await request(s.app).get('/api/workspaces').expect(200)).body.workspaces.map((w: { name: string }) => w.name)).toEqual(['kumu']);
  });

  it('the preview of a directed file says that direction is kept and the analyses read ties as undirected', async () => {
    const text = '*Vertices 3\r\n1 "anna"\r\n2 "ben"\r\n3 "cara"\r\n*Arcs\r\n1 2 2\r\n2 1 1\r\n3 1 1\r\n';
    const r = await request(s.app).post('/api/uploads/preview').attach('files', Buffer.from(text), 'advice.net').expect(200);
    expect(r.body.valid).toBe(true);
    expect(r.body.report).toMatchObject({ edges: 3, directedEdges: 3 });
    expect(r.body.report.directionSummary).toMatch(
      /^Direction: all 3 ties are directed in this file\. hubgraph keeps each tie's direction .*read every tie as undirected/,
    );
    const undirected = await request(s.app)
      .post('/api/uploads/preview')
      .attach('files', Buffer.from(text.replace('*Arcs', '*Edges')), 'advice.net')
      .expect(200);
    expect(undirected.body.report.directionSummary).toBeNull();
  });
});
