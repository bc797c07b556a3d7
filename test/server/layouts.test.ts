/** Map positions saved with a version, through the HTTP API, on PGlite and on a PostgreSQL server. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { createApp, type HubgraphApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/tokens.ts';
import { forEachEngine, type TestStore } from '../store/engines.ts';
import { contractChecked } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

const ws = 'layout ws';
const W = `/api/workspaces/${encodeURIComponent(ws)}`;

/** Float32 x,y pairs as the app sends them. */
function encode(xy: number[]): string {
  return Buffer.from(new Float32Array(xy).buffer).toString('base64');
}
const decode = (b64: string) => Array.from(new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer));

forEachEngine('saved layouts', (engine) => {
  let t: TestStore;
  let h: HubgraphApp;
  let tokenApp: HubgraphApp;
  const violations: string[] = [];
  let app: ReturnType<typeof contractChecked>;
  let n = 0;

  beforeAll(async () => {
    t = await engine.fresh();
    h = createApp({ store: t.store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local' });
    tokenApp = createApp({ store: t.store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'token' });
    app = contractChecked(h, violations);
    await request(app).post('/api/workspaces').send({ name: ws }).expect(201);
    await request(app).post(`${W}/versions`).send({ dataset: smallEcosystem() }).expect(201);
    n = smallEcosystem().nodes.length;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await tokenApp?.close();
    await t?.dispose();
    expect(violations).toEqual([]);
  });

  it('has no saved layout at first, then returns exactly the positions saved, to anyone who reads', async () => {
    const first = await request(app).get(`${W}/versions/1/layout`).expect(200);
    expect(first.body).toEqual({ workspace: ws, version: 1, nodes: n, saved: null });
    const xy = Array.from({ length: 2 * n }, (_, i) => (i % 2 ? -1 : 1) * (i * 12.345 + 0.5));
    const put = await request(app)
      .put(`${W}/versions/1/layout`)
      .send({ nodes: n, positions: encode(xy) })
      .expect(200);
    expect(put.body.saved).toMatchObject({ encoding: 'float32le-xy-base64', savedBy: 'local', inheritedFrom: null });
    const got = await request(app).get(`${W}/versions/latest/layout`).expect(200);
    expect(got.body.version).toBe(1);
    expect(decode(got.body.saved.positions)).toEqual(Array.from(new Float32Array(xy)));
    // A second save replaces the first.
    const xy2 = xy.map((v) => v / 2);
    await request(app)
      .put(`${W}/versions/1/layout`)
      .send({ nodes: n, positions: encode(xy2) })
      .expect(200);
    expect(decode((await request(app).get(`${W}/versions/1/layout`).expect(200)).body.saved.positions)).toEqual(Array.from(new Float32Array(xy2)));
  });

  it('refuses positions that do not fit the version, naming the field and what was expected', async () => {
    let r = await request(app)
      .put(`${W}/versions/1/layout`)
      .send({ nodes: n + 1, positions: encode(new Array(2 * n + 2).fill(0)) })
      .expect(400);
    expect(r.body.errors[0]).toMatchObject({ in: 'body', path: 'nodes', expected: expect.stringContaining(String(n)) });
    r = await request(app)
      .put(`${W}/versions/1/layout`)
      .send({ nodes: n, positions: encode(new Array(2 * n - 2).fill(0)) })
      .expect(400);
    expect(r.body.errors[0]).toMatchObject({ path: 'positions', expected: `${8 * n} bytes (x,y as Float32 for each of ${n} nodes)` });
    r = await request(app)
      .put(`${W}/versions/1/layout`)
      .send({ nodes: n, positions: encode([Number.NaN, ...new Array(2 * n - 1).fill(0)]) })
      .expect(400);
    expect(r.body.errors[0]).toMatchObject({ path: 'positions', expected: 'finite numbers' });
    expect(r.body.errors[0].message).toContain('position 0 (x)');
    r = await request(app).put(`${W}/versions/1/layout`).send({ nodes: n, positions: 'not base64!' }).expect(400);
    expect(r.body.errors[0]).toMatchObject({ path: 'positions', expected: 'base64 text' });
    // The earlier save is untouched by the refusals.
    expect((await request(app).get(`${W}/versions/1/layout`).expect(200)).body.saved).not.toBeNull();
  });

  it('lets viewers read and only coordinators write', async () => {
    const viewer = (await createToken(t.store, { name: `viewer-${engine.name}`, role: 'viewer' })).token;
    const coord = (await createToken(t.store, { name: `coord-${engine.name}`, role: 'coordinator' })).token;
    const body = { nodes: n, positions: encode(new Array(2 * n).fill(3)) };
    const read = await request(tokenApp.app).get(`${W}/versions/1/layout`).set('Authorization', `Bearer ${viewer}`).expect(200);
    expect(read.body.saved).not.toBeNull();
    await request(tokenApp.app).put(`${W}/versions/1/layout`).set('Authorization', `Bearer ${viewer}`).send(body).expect(403);
    await request(tokenApp.app).delete(`${W}/versions/1/layout`).set('Authorization', `Bearer ${viewer}`).expect(403);
    const saved = await request(tokenApp.app).put(`${W}/versions/1/layout`).set('Authorization', `Bearer ${coord}`).send(body).expect(200);
    expect(saved.body.saved.savedBy).toBe(`coord-${engine.name}`);
  });

  it('keeps layouts per version; forgetting, erasure and workspace deletion remove them', async () => {
    await request(app).post(`${W}/versions`).send({ dataset: smallEcosystem() }).expect(201);
    // The new version starts from version 1's saved layout: the same ids, so the same positions.
    const inherited = (await request(app).get(`${W}/versions/latest/layout`).expect(200)).body;
    expect(inherited).toMatchObject({ version: 2, saved: { inheritedFrom: 1 } });
    expect(inherited.saved.positions).toBe((await request(app).get(`${W}/versions/1/layout`).expect(200)).body.saved.positions);
    await request(app)
      .put(`${W}/versions/2/layout`)
      .send({ nodes: n, positions: encode(new Array(2 * n).fill(7)) })
      .expect(200);
    await request(app).delete(`${W}/versions/2/layout`).expect(204);
    expect((await request(app).get(`${W}/versions/2/layout`).expect(200)).body.saved).toBeNull();
    expect((await request(app).get(`${W}/versions/1/layout`).expect(200)).body.saved).not.toBeNull();

    // Erasing a person changes every version's node order: their saved positions go.
    await request(app).post(`${W}/erasures`).send({ id: 't3', confirm: 't3' }).expect(200);
    const after = await request(app).get(`${W}/versions/1/layout`).expect(200);
    expect(after.body).toMatchObject({ nodes: n - 1, saved: null });
    await request(app)
      .put(`${W}/versions/1/layout`)
      .send({ nodes: n - 1, positions: encode(new Array(2 * n - 2).fill(1)) })
      .expect(200);
    const rows = async () => (await t.store.db.query<{ c: number }>('SELECT count(*)::int AS c FROM version_layouts'))[0].c;
    expect(await rows()).toBe(1);
    await request(app)
      .delete(`${W}?confirm=${encodeURIComponent(ws)}`)
      .expect(200);
    expect(await rows()).toBe(0);
  });
});

it('reads the positions of a 600k-node layout (5 MB of base64) without overflowing the stack, and still refuses bad base64', async () => {
  const { SaveLayoutBodySchema } = await import('../../src/server/contract/layouts.ts');
  const positions = Buffer.alloc(600_000 * 8, 7).toString('base64');
  expect(SaveLayoutBodySchema.parse({ nodes: 600_000, positions }).positions).toHaveLength(positions.length);
  for (const bad of [`${positions.slice(0, -4)}ab!c`, `${positions.slice(0, -1)}`, '=AAA', 'AA=A'])
    expect(SaveLayoutBodySchema.safeParse({ nodes: 600_000, positions: bad }).success).toBe(false);
  expect(SaveLayoutBodySchema.safeParse({ nodes: 1, positions: 'AAAAAAAAAAA=' }).success).toBe(true);
});
