/** The response contract: declared for every route, published in OpenAPI, and enforced by the test front. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { contractProblem, makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';
import { RunRoundBody } from '../../src/server/routes/rounds.ts';
import { MATCH_KINDS } from '../../src/model/vocabulary.ts';

let s: TestServer;
beforeAll(async () => {
  s = await makeServer();
  await request(s.app).post('/api/workspaces').send({ name: 'c' }).expect(201);
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

const isJson = (ct: string | undefined) => ct === undefined || ct.includes('json');

describe('the response contract', () => {
  it('declares a schema for every JSON 2xx response of every route, and OpenAPI publishes it', async () => {
    const doc = (await request(s.app).get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    const missing: string[] = [];
    for (const r of s.routes) {
      const op = doc.paths[r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')][r.method];
      for (const [status, spec] of Object.entries(r.responses)) {
        if (!status.startsWith('2') || status === '204' || !isJson(spec.contentType)) continue;
        if (!spec.schema) missing.push(`${r.method} ${r.path} ${status}`);
        else if (!op.responses[status].content?.['application/json']?.schema) missing.push(`${r.method} ${r.path} ${status} (OpenAPI)`);
      }
    }
    expect(missing).toEqual([]);
    expect(s.routes.length).toBeGreaterThan(25);
  });

  it('names the field a body gets wrong (the web once read a version note as `label`)', () => {
    const good = {
      workspace: 'c',
      number: 1,
      createdAt: '2024-01-01T00:00:00Z',
      author: 'local',
      message: null,
      origin: { kind: 'import' },
      counts: { nodes: 1, edges: 0 },
      meta: {},
    };
    expect(contractProblem(s.routes, 'GET', '/api/workspaces/c/versions', 200, { versions: [good] })).toBeUndefined();
    const { message: _, ...labelled } = good;
    expect(contractProblem(s.routes, 'GET', '/api/workspaces/c/versions', 200, { versions: [{ ...labelled, label: 'x' }] })).toMatch(/versions\.0\.message/);
    expect(
      contractProblem(s.routes, 'GET', '/api/workspaces/c/versions/latest/graph', 200, {
        workspace: 'c',
        version: '1',
        layout: { algorithm: 'forceatlas2', iterations: 1, seed: 1 },
        nodes: [],
        edges: [],
      }),
    ).toMatch(/version: .*number/);
    expect(contractProblem(s.routes, 'GET', '/api/workspaces/c/nope', 200, {})).toMatch(/no route spec/);
    expect(contractProblem(s.routes, 'DELETE', '/api/tokens/x', 200, {})).toMatch(/no response schema for 200/);
  });

  it('turns a body that breaks the contract into a failing response', async () => {
    const route = s.routes.find((r) => r.path === '/api/me')!;
    const handler = route.handler;
    route.handler = () => ({ role: 'owner', mode: 'local', pseudonymised: false });
    try {
      const r = await request(s.app).get('/api/me').expect(500);
      expect(r.body.detail).toMatch(/role/);
    } finally {
      route.handler = handler;
      s.contractViolations.length = 0;
    }
  });
});

describe('version notes', () => {
  it('stores the note sent as `message` and refuses the old `label` field instead of dropping it', async () => {
    const p = await request(s.app).post('/api/workspaces/c/versions').send({ dataset: smallEcosystem(), label: 'spring' }).expect(400);
    expect(p.body.errors).toEqual([expect.objectContaining({ in: 'body', expected: expect.stringContaining('label') })]);
    const form = await request(s.app)
      .post('/api/workspaces/c/versions')
      .field('label', 'spring')
      .attach('files', Buffer.from('id,type\ns1,school\n'), 'nodes.csv')
      .expect(400);
    expect(form.body.errors[0].expected).toContain('label');
    await request(s.app)
      .post('/api/workspaces/c/versions')
      .field('message', 'spring term')
      .attach('files', Buffer.from('id,type,label\ns1,school,One\nc1,company,Co\n'), 'nodes.csv')
      .attach('files', Buffer.from('source,target,type,weight\ns1,c1,partnership,2\n'), 'edges.csv')
      .expect(201);
    const list = await request(s.app).get('/api/workspaces/c/versions').expect(200);
    expect(list.body.versions[0]).toMatchObject({ number: 1, message: 'spring term' });
  });
});

describe('node attributes', () => {
  it('carry one name, `attrs`, from the model through the graph payload and the node detail', async () => {
    await request(s.app).post('/api/workspaces').send({ name: 'attrs' }).expect(201);
    await request(s.app)
      .post('/api/workspaces/attrs/versions')
      .attach('files', Buffer.from('id,type,label,motto\ns1,school,One,learn\nc1,company,Co,\n'), 'nodes.csv')
      .attach('files', Buffer.from('source,target,type,weight\ns1,c1,partnership,2\n'), 'edges.csv')
      .expect(201);
    const graph = await request(s.app).get('/api/workspaces/attrs/versions/latest/graph').expect(200);
    const s1 = graph.body.nodes.find((n: { id: string }) => n.id === 's1');
    expect(s1.attrs).toMatchObject({ motto: 'learn' });
    expect(s1).not.toHaveProperty('attributes');
    const detail = await request(s.app).get('/api/workspaces/attrs/versions/latest/nodes/s1').expect(200);
    expect(detail.body.node.attrs).toMatchObject({ motto: 'learn' });
  });
});

describe('match kinds', () => {
  it('the config-schema route is keyed by exactly the kinds a round POST accepts (one spelling: mentoring | partnership)', async () => {
    const schemas = await request(s.app).get('/api/schemas/match-config').expect(200);
    const posted = RunRoundBody.options.map((o) => o.shape.kind.value);
    expect(Object.keys(schemas.body).sort()).toEqual([...posted].sort());
    expect([...posted].sort()).toEqual([...MATCH_KINDS].sort());
    // A kind read from the schema route is a valid POST kind (the web sends the select's value as is).
    for (const kind of Object.keys(schemas.body)) expect(RunRoundBody.safeParse({ kind }).success).toBe(true);
  });
});

describe('analysis options in the query', () => {
  it('parse through the library schema: isolation thresholds are reachable, and a bad value names its parameter', async () => {
    await request(s.app).post('/api/workspaces').send({ name: 'iso' }).expect(201);
    await request(s.app).post('/api/workspaces/iso/versions').send({ dataset: smallEcosystem() }).expect(201);
    const base = '/api/workspaces/iso/versions/latest/analysis/isolation';
    const statuses = async (q: string) =>
      new Set(((await request(s.app).get(`${base}${q}`).expect(200)).body.schools as { status: string }[]).map((e) => e.status));
    expect([...(await statuses('?isolatedThreshold=0&peripheralThreshold=0'))]).toEqual(['isolated']);
    expect([...(await statuses(''))].some((x) => x !== 'isolated')).toBe(true);
    const bad = await request(s.app).get(`${base}?isolatedThreshold=2&tries=x`).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['isolatedThreshold', 'tries']);
    const doc = (await request(s.app).get('/api/openapi.json').expect(200)).body;
    const params = doc.paths['/api/workspaces/{ws}/versions/{v}/analysis'].get.parameters as { name: string; description?: string }[];
    expect(params.find((p) => p.name === 'weighted')?.description).toMatch(/tie strengths.*\(default true\)/);
    expect(params.find((p) => p.name === 'maxHubDistance')?.description).toMatch(/\(default 2\)/);
  });
});
