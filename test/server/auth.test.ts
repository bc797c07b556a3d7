import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createToken, revokeToken } from '../../src/store/tokens.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { startServer } from '../../src/server/start.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

let s: TestServer;
let app: Express;
const tokens: Record<'viewer' | 'coordinator' | 'admin', string> = { viewer: '', coordinator: '', admin: '' };
const dataset = DatasetSchema.parse(smallEcosystem());

beforeAll(async () => {
  s = await makeServer({ mode: 'token' });
  app = s.app;
  for (const role of ['viewer', 'coordinator', 'admin'] as const)
    tokens[role] = (await createToken(s.store, { name: `${role} one`, role, actor: 'test' })).token;
  await createWorkspace(s.store, 'w', { actor: 'test' });
  await saveVersion(s.store, 'w', dataset, { author: 'test' });
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

const as = (role: keyof typeof tokens | null) => (r: request.Test) => (role ? r.set('Authorization', `Bearer ${tokens[role]}`) : r);

describe('roles × route classes', () => {
  const cases: { name: string; call: (who: keyof typeof tokens | null, i: number) => request.Test; ok: number; min: keyof typeof tokens | null }[] = [
    { name: 'public: health', call: (w) => as(w)(request(app).get('/api/health')), ok: 200, min: null },
    { name: 'read: workspace', call: (w) => as(w)(request(app).get('/api/workspaces/w')), ok: 200, min: 'viewer' },
    { name: 'read: graph', call: (w) => as(w)(request(app).get('/api/workspaces/w/versions/latest/graph')), ok: 200, min: 'viewer' },
    {
      name: 'write: import',
      call: (w) => as(w)(request(app).post('/api/workspaces/w/versions').send({ dataset: smallEcosystem() })),
      ok: 201,
      min: 'coordinator',
    },
    {
      name: 'write: matching',
      call: (w) => as(w)(request(app).post('/api/workspaces/w/versions/1/rounds?wait=true').send({ kind: 'mentoring' })),
      ok: 201,
      min: 'coordinator',
    },
    {
      name: 'admin: create workspace',
      call: (w, i) =>
        as(w)(
          request(app)
            .post('/api/workspaces')
            .send({ name: `new ${w} ${i}` }),
        ),
      ok: 201,
      min: 'admin',
    },
    { name: 'admin: tokens', call: (w) => as(w)(request(app).get('/api/tokens')), ok: 200, min: 'admin' },
    { name: 'admin: audit', call: (w) => as(w)(request(app).get('/api/workspaces/w/audit')), ok: 200, min: 'admin' },
  ];
  const order = [null, 'viewer', 'coordinator', 'admin'] as const;
  for (const c of cases) {
    it(c.name, async () => {
      for (const [i, who] of order.entries()) {
        const allowed = c.min === null || (who !== null && order.indexOf(who) >= order.indexOf(c.min));
        const r = await c.call(who, i);
        const want = allowed ? c.ok : who === null ? 401 : 403;
        expect(`${who}: ${r.status}`).toBe(`${who}: ${want}`);
        if (!allowed) expect(r.headers['content-type']).toContain('application/problem+json');
      }
    });
  }

  it('refuses unknown, malformed and revoked tokens', async () => {
    await request(app).get('/api/workspaces').set('Authorization', 'Bearer hg_nope').expect(401);
    await request(app).get('/api/workspaces').set('Authorization', `Token ${tokens.admin}`).expect(401);
    const { token } = await createToken(s.store, { name: 'short lived', role: 'admin', actor: 'test' });
    await request(app).get('/api/tokens').set('Authorization', `Bearer ${token}`).expect(200);
    await revokeToken(s.store, 'short lived', 'test');
    await request(app).get('/api/tokens').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('lets an admin create and revoke tokens over the API, showing the secret once', async () => {
    const r = await as('admin')(request(app).post('/api/tokens').send({ name: 'api made', role: 'viewer' })).expect(201);
    expect(r.body.token).toMatch(/^hg_/);
    const list = await as('admin')(request(app).get('/api/tokens')).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(r.body.token);
    await request(app).get('/api/workspaces').set('Authorization', `Bearer ${r.body.token}`).expect(200);
    await as('admin')(request(app).delete('/api/tokens/api%20made')).expect(204);
    await request(app).get('/api/workspaces').set('Authorization', `Bearer ${r.body.token}`).expect(401);
    const bad = await as('admin')(request(app).post('/api/tokens').send({ name: 'x', role: 'root' })).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'role' });
  });
});

describe('viewers see pseudonyms only', () => {
  it('graph, dataset, node detail and rounds carry no teacher names or real ids', async () => {
    for (const url of [
      '/api/workspaces/w/versions/1/graph?pseudonymise=false',
      '/api/workspaces/w/versions/1/dataset',
      '/api/workspaces/w/versions/1/export?format=csv&part=edges',
      '/api/workspaces/w/versions/1/analysis',
      '/api/workspaces/w/versions/1/analysis/isolation',
      '/api/workspaces/w/versions/1/nodes/__proto__',
      '/api/workspaces/w/versions/1/nodes/a%20school',
      '/api/workspaces/w/rounds/1',
      '/api/workspaces/w/rounds/1/export',
      '/api/workspaces/w/diff?from=1&to=2',
    ]) {
      const r = await as('viewer')(request(app).get(url)).expect(200);
      const text = r.text;
      for (const secret of ['Mari Maasikas', 'Jaan Tamm', 'mari@example.org', '"t1"', 't1,']) expect(`${url} ${text.includes(secret)}`).toBe(`${url} false`);
    }
    const coord = await as('coordinator')(request(app).get('/api/workspaces/w/versions/1/dataset')).expect(200);
    expect(JSON.stringify(coord.body)).toContain('Mari Maasikas');
    const g = await as('viewer')(request(app).get('/api/workspaces/w/versions/1/graph')).expect(200);
    const teacher = g.body.nodes.find((n: { type: string; region: string }) => n.type === 'teacher' && n.region === 'North');
    const d = await as('viewer')(request(app).get(`/api/workspaces/w/versions/1/nodes/${teacher.id}`)).expect(200);
    expect(d.body.node.label).toMatch(/^Teacher /);
    expect(d.body.neighbours.map((n: { id: string }) => n.id)).toContain('__proto__');
    await as('viewer')(request(app).get('/api/workspaces/w/versions/1/nodes/t1')).expect(404);
    const me = await as('viewer')(request(app).get('/api/me')).expect(200);
    expect(me.body).toMatchObject({ role: 'viewer', mode: 'token', tokenName: 'viewer one', pseudonymised: true });
  });
});

describe('limits', () => {
  it('answers oversize JSON bodies and uploads with 413', async () => {
    const small = s.variant({ mode: 'local', limits: { jsonBytes: 2048, uploadBytes: 2048 } });
    const big = 'x'.repeat(4096);
    let r = await request(small.app).post('/api/workspaces').send({ name: 'n', description: big }).expect(413);
    expect(r.body.type).toContain('payload-too-large');
    r = await request(small.app)
      .post('/api/workspaces/w/versions')
      .attach('files', Buffer.from(`source,target\n${'a,b\n'.repeat(1000)}`), 'edges.csv')
      .expect(413);
    expect(r.body.type).toContain('payload-too-large');
  });

  it('rate-limits writes per token, not reads', async () => {
    const limited = s.variant({ limits: { writesPerMinute: 2 } });
    const post = () => as('admin')(request(limited.app).post('/api/workspaces').send({ name: '' }));
    await post().expect(400);
    await post().expect(400);
    const r = await post().expect(429);
    expect(r.headers['retry-after']).toBe('60');
    expect(r.body.type).toContain('rate-limited');
    await as('admin')(request(limited.app).get('/api/workspaces')).expect(200);
    await as('coordinator')(request(limited.app).post('/api/workspaces').send({ name: '' })).expect(403);
  });

  it('refuses local mode on a non-loopback address', async () => {
    await expect(startServer({ host: '0.0.0.0', auth: 'local', port: 0 })).rejects.toThrow(/loopback/);
  });
});

describe('concurrency', () => {
  it('parallel imports to one workspace get distinct consecutive versions', async () => {
    await as('admin')(request(app).post('/api/workspaces').send({ name: 'busy' })).expect(201);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        as('coordinator')(
          request(app)
            .post('/api/workspaces/busy/versions')
            .send({ dataset: smallEcosystem(), message: `import ${i}` }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(results.map((r) => r.body.version.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const list = await as('viewer')(request(app).get('/api/workspaces/busy/versions')).expect(200);
    expect(list.body.versions).toHaveLength(6);
    const ws = await as('viewer')(request(app).get('/api/workspaces/busy')).expect(200);
    expect(ws.body).toMatchObject({ currentVersion: 6, versions: 6 });
  });

  it('parallel creates of one workspace: one wins, the others conflict', async () => {
    const rs = await Promise.all(Array.from({ length: 5 }, () => as('admin')(request(app).post('/api/workspaces').send({ name: 'race' }))));
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });
});
