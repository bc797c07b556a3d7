/**
 * Uploading a GML, Pajek, GDF or UCINET DL file (as NetworkX, igraph, Gephi and UCINET write them) creates a version
 * whose report says how the file was read; every 2xx body is checked against the contract. A two-mode
 * upload exported as Pajek both ways (`pajekModes`, answered in X-Pajek-Modes).
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeServer, type TestServer } from './helpers.ts';

const DIR = 'test/fixtures/peers';
let s: TestServer;
beforeAll(async () => {
  s = await makeServer();
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

describe('uploading peer graph formats', () => {
  it.each([
    ['gml', 'networkx/advice-digraph.gml', { nodes: 3, edges: 4, directedEdges: 4 }],
    ['pajek', 'networkx/advice-digraph.net', { nodes: 3, edges: 4, directedEdges: 4 }],
    ['gdf', 'gephi/gdf-text-values.gdf', { nodes: 3, edges: 4, directedEdges: 4 }],
    ['dl', 'ucinet/diagonal-absent.dl', { nodes: 3, edges: 2, directedEdges: 2 }],
  ])('%s: one file imports as a new workspace, with its report', async (format, file, counts) => {
    const name = file.split('/')[1];
    const r = await request(s.app)
      .post(`/api/workspaces/up-${format}/versions`)
      .field('create', 'true')
      .attach('files', readFileSync(`${DIR}/${file}`), name)
      .expect(201);
    expect(r.body.report).toMatchObject({ format, files: [name], ...counts });
    const graph = await request(s.app).get(`/api/workspaces/up-${format}/versions/latest/graph`).expect(200);
    expect(graph.body.nodes).toHaveLength(3);
    expect(s.contractViolations).toEqual([]);
  });

  it('a two-mode DL file: the form field twoModeKinds names its sides; a bad value is a 400', async () => {
    const r = await request(s.app)
      .post('/api/workspaces/up-davis/versions')
      .field('create', 'true')
      .field('twoModeKinds', 'company,project')
      .attach('files', readFileSync(`${DIR}/ucinet/davis.dl`), 'davis.dl')
      .expect(201);
    expect(r.body.report).toMatchObject({ format: 'dl', nodes: 32, edges: 89, nodeTypes: { company: 18, project: 14 } });
    expect(r.body.report.warnings[0]).toMatch(/^davis\.dl: two-mode data \(NR=18, NC=14\): 18 rows read as "company" nodes and 14 columns as "project" nodes/);
    const bad = await request(s.app)
      .post('/api/workspaces/up-davis/versions')
      .field('twoModeKinds', 'company')
      .attach('files', readFileSync(`${DIR}/ucinet/davis.dl`), 'davis.dl');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/expected ROWS,COLUMNS/);
    expect(s.contractViolations).toEqual([]);
  });

  it('the upload preview of a two-mode file carries the report’s structured two-mode field (DL NR/NC, Pajek *Vertices n n1)', async () => {
    const dl = await request(s.app)
      .post('/api/uploads/preview')
      .attach('files', readFileSync(`${DIR}/ucinet/davis.dl`), 'davis.dl')
      .expect(200);
    expect(dl.body.valid).toBe(true);
    const summary =
      'davis.dl: two-mode data (NR=18, NC=14): 18 rows read as "actor" nodes and 14 columns as "event" nodes (their own types), 89 nonzero cells as participation ties row → column';
    expect(dl.body.report.twoMode).toEqual({
      file: 'davis.dl',
      format: 'dl-fullmatrix',
      rows: 18,
      columns: 14,
      kinds: { rows: 'actor', columns: 'event' },
      tieTypes: ['participation'],
      ties: 89,
      summary,
    });
    // The human-readable line stays among the warnings.
    expect(dl.body.report.warnings).toContain(summary);
    const net = await request(s.app)
      .post('/api/uploads/preview')
      .field('twoModeKinds', 'company,project')
      .attach('files', readFileSync(`${DIR}/igraph/bipartite.net`), 'bipartite.net')
      .expect(200);
    expect(net.body.report).toMatchObject({
      nodes: 13,
      edges: 11,
      nodeTypes: { company: 8, project: 5 },
      twoMode: {
        file: 'bipartite.net',
        format: 'pajek',
        rows: 8,
        columns: 5,
        kinds: { rows: 'company', columns: 'project' },
        tieTypes: ['participation'],
        ties: 11,
      },
    });
    const one = await request(s.app)
      .post('/api/uploads/preview')
      .attach('files', readFileSync(`${DIR}/networkx/advice-digraph.net`), 'advice.net')
      .expect(200);
    expect(one.body.report.twoMode).toBeUndefined();
    expect(s.contractViolations).toEqual([]);
  });

  it('the form field format=pajek reads a Pajek file with another name; a bad file is a 422 naming line and field', async () => {
    const ok = await request(s.app)
      .post('/api/workspaces/up-forced/versions')
      .field('create', 'true')
      .field('format', 'pajek')
      .attach('files', Buffer.from('*Vertices 2\n1 "a"\n2 "b"\n*Edges\n1 2 2\n'), 'ties.dat')
      .expect(201);
    expect(ok.body.report).toMatchObject({ format: 'pajek', nodes: 2, edges: 1 });
    const bad = await request(s.app)
      .post('/api/workspaces/up-bad/versions')
      .field('create', 'true')
      .attach('files', readFileSync(`${DIR}/igraph/links.net`), 'links.net')
      .expect(422);
    expect(bad.body.errors[0].message).toBe('links.net:11 field "weight": got "-1", expected a finite number ≥ 0');
    await request(s.app).get('/api/workspaces/up-bad').expect(404);
  });

  it('a two-mode upload exports as Pajek two-mode by default or one-mode with pajekModes=one, from both export routes, and says which in X-Pajek-Modes', async () => {
    await request(s.app)
      .post('/api/workspaces/up-bipartite/versions')
      .field('create', 'true')
      .attach('files', readFileSync(`${DIR}/igraph/bipartite.net`), 'bipartite.net')
      .expect(201);
    const V = '/api/workspaces/up-bipartite/versions/latest';
    const vertices = (text: string) => text.split(/\r?\n/).find((l) => !l.startsWith('%') && !l.startsWith('*Network'));
    const two = await request(s.app).get(`${V}/export?format=pajek`).buffer(true).expect(200);
    expect(two.headers['x-pajek-modes']).toBe('two');
    expect(vertices(two.text)).toBe('*Vertices 13 8');
    const one = await request(s.app).get(`${V}/export?format=pajek&pajekModes=one`).buffer(true).expect(200);
    expect(one.headers['x-pajek-modes']).toBe('one');
    expect(vertices(one.text)).toBe('*Vertices 13');
    // Other formats carry no such header; a value other than two or one is refused, naming the parameter.
    const gml = await request(s.app).get(`${V}/export?format=gml&pajekModes=one`).expect(200);
    expect(gml.headers['x-pajek-modes']).toBeUndefined();
    const bad = await request(s.app).get(`${V}/export?format=pajek&pajekModes=both`).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ in: 'query', path: 'pajekModes' });

    // The map view: the same choice on the cut; a cut of one side only has no ties, so it is one-mode whatever was asked.
    const ids = (await request(s.app).get(`${V}/dataset`).expect(200)).body.nodes.map((n: { id: string }) => n.id);
    for (const [modes, header, line] of [
      ['two', 'two', '*Vertices 13 8'],
      ['one', 'one', '*Vertices 13'],
    ]) {
      const r = await request(s.app).post(`${V}/export/view?pajekModes=${modes}`).send({ format: 'pajek', nodes: ids }).buffer(true).expect(200);
      expect(r.headers['x-pajek-modes'], modes).toBe(header);
      expect(vertices(r.text), modes).toBe(line);
    }
    const rowsOnly = await request(s.app)
      .post(`${V}/export/view`)
      .send({ format: 'pajek', nodes: ids.slice(0, 8) })
      .buffer(true)
      .expect(200);
    expect(rowsOnly.headers['x-pajek-modes']).toBe('one');
    expect(vertices(rowsOnly.text)).toBe('*Vertices 8');
    expect(s.contractViolations).toEqual([]);
  });
});
