import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { makeServer, type TestServer } from './helpers.ts';

/** An upload's CSV columns are typed by their values, the report says how, and inferTypes=false keeps them text. */
let s: TestServer;
beforeAll(async () => {
  s = await makeServer();
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

const NODES = 'id,type,pupils,cordis_id\ns1,school,420,893313353\ns2,school,310,999572294\n';
const EDGES = 'source,target,type,amount\ns1,s2,partnership,5000\n';

describe('upload column types', () => {
  it('stores inferred numbers and reports how each column was read', async () => {
    const r = await request(s.app)
      .post('/api/workspaces/typed/versions')
      .field('create', 'true')
      .attach('files', Buffer.from(NODES), 'nodes.csv')
      .attach('files', Buffer.from(EDGES), 'edges.csv')
      .expect(201);
    expect(r.body.report.columns).toEqual([
      { file: 'nodes.csv', column: 'pupils', read: 'number' },
      { file: 'nodes.csv', column: 'cordis_id', read: 'text', why: 'identifier-like' },
      { file: 'edges.csv', column: 'amount', read: 'number' },
    ]);
    expect(r.body.report.columnSummary).toEqual([
      'nodes.csv: read as numbers: pupils; as text: cordis_id (identifier-like)',
      'edges.csv: read as numbers: amount',
    ]);
    const d = (await request(s.app).get('/api/workspaces/typed/versions/latest/dataset').expect(200)).body;
    expect(d.nodes.map((n: { attrs: object }) => n.attrs)).toEqual([
      { pupils: 420, cordis_id: '893313353' },
      { pupils: 310, cordis_id: '999572294' },
    ]);
    expect(d.edges[0].attrs).toEqual({ amount: 5000 });
  });

  it('inferTypes=false keeps them text; the preview takes the option too', async () => {
    const r = await request(s.app)
      .post('/api/workspaces/untyped/versions')
      .field('create', 'true')
      .field('inferTypes', 'false')
      .attach('files', Buffer.from(NODES), 'nodes.csv')
      .attach('files', Buffer.from(EDGES), 'edges.csv')
      .expect(201);
    expect(r.body.report.columns[0]).toEqual({ file: 'nodes.csv', column: 'pupils', read: 'text', why: 'not inferred' });
    const d = (await request(s.app).get('/api/workspaces/untyped/versions/latest/dataset').expect(200)).body;
    expect(d.nodes[0].attrs).toEqual({ pupils: '420', cordis_id: '893313353' });
    const p = await request(s.app)
      .post('/api/uploads/preview')
      .field('inferTypes', 'false')
      .attach('files', Buffer.from(NODES), 'nodes.csv')
      .attach('files', Buffer.from(EDGES), 'edges.csv')
      .expect(200);
    expect(p.body.report.columnSummary[0]).toBe('nodes.csv: read as text: pupils (not inferred), cordis_id (not inferred)');
  });
});
