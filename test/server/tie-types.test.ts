import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { makeServer, type TestServer } from './helpers.ts';

/**
 * The file's own tie types in the graph API (`edgeTypes=`) and the map's view export, by the map's
 * rule: a tie's own type when it has one, else its built-in kind.
 */
let s: TestServer;
const V = '/api/workspaces/owntypes/versions/latest';
beforeAll(async () => {
  s = await makeServer();
  await request(s.app)
    .post('/api/workspaces/owntypes/versions')
    .field('create', 'true')
    .field('typeMap', JSON.stringify({ edges: { 'works at': 'affiliation' } }))
    .attach('files', Buffer.from('id,type\nanna,teacher\nnorth,school\nngo,NGO\nsouth,school\n'), 'nodes.csv')
    .attach('files', Buffer.from('source,target,type\nanna,north,works at\nngo,north,advice\nngo,south,advice\nnorth,south,collaboration\n'), 'edges.csv')
    .expect(201);
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

const pairs = (body: { edges: { source: string; target: string }[] }) => body.edges.map((e) => `${e.source}-${e.target}`);

describe('own tie types in the graph API', () => {
  it('edgeTypes takes own tie types, built-in kinds for ties without one, and both together', async () => {
    const advice = (await request(s.app).get(`${V}/graph?edgeTypes=advice&layoutIterations=5`).expect(200)).body;
    expect(pairs(advice)).toEqual(['ngo-north', 'ngo-south']);
    expect(advice.nodes).toHaveLength(4);
    // `collaboration` names the tie typed so in the file, not the advice ties read as collaboration (the map's filter lists those as `advice`).
    expect(pairs((await request(s.app).get(`${V}/graph?edgeTypes=collaboration&layoutIterations=5`).expect(200)).body)).toEqual(['north-south']);
    expect(pairs((await request(s.app).get(`${V}/graph?edgeTypes=works%20at,advice&layoutIterations=5`).expect(200)).body)).toEqual([
      'anna-north',
      'ngo-north',
      'ngo-south',
    ]);
    // A built-in kind this version has no ties of is fine (an empty list), as before.
    expect((await request(s.app).get(`${V}/graph?edgeTypes=mentoring&layoutIterations=5`).expect(200)).body.edges).toEqual([]);
  });

  it('lists every tie type of the version with its counts, whatever edgeTypes kept (what the map filter offers)', async () => {
    const all = [
      { key: 'advice', kind: 'collaboration', own: true, count: 2, directed: 0 },
      { key: 'collaboration', kind: 'collaboration', own: false, count: 1, directed: 0 },
      { key: 'works at', kind: 'affiliation', own: true, count: 1, directed: 1 },
    ];
    expect((await request(s.app).get(`${V}/graph?edgeTypes=advice&layoutIterations=5`).expect(200)).body.tieTypes).toEqual(all);
    expect((await request(s.app).get(`${V}/graph?layoutIterations=5`).expect(200)).body.tieTypes).toEqual(all);
  });

  it('refuses a name that is neither a built-in kind nor one of the file’s tie types, listing the ones it has', async () => {
    const p = (await request(s.app).get(`${V}/graph?edgeTypes=advice,friendship`).expect(400)).body;
    expect(p.errors).toEqual([
      expect.objectContaining({
        in: 'query',
        path: 'edgeTypes',
        value: 'friendship',
        expected: "a comma list of this version's tie types: affiliation, mentoring, partnership, participation, collaboration, cocreation, advice, works at",
      }),
    ]);
  });

  it("the view export keeps only the map's tie types", async () => {
    const r = await request(s.app)
      .post(`${V}/export/view`)
      .send({ format: 'csv', part: 'edges', nodes: ['anna', 'north', 'ngo', 'south'], edgeTypes: ['advice'] })
      .expect(200);
    const lines = r.text.trim().split('\n');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join('-'))).toEqual(['ngo-north', 'ngo-south']);
  });
});
