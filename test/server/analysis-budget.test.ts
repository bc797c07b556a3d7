import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { analyze } from '../../src/analysis/analyze.ts';
import { DatasetSchema, type DatasetInput } from '../../src/model/index.ts';
import { createToken } from '../../src/store/tokens.ts';
import { makeServer, type TestServer } from './helpers.ts';

/**
 * The analysis query's time budget (`budget`, `exact`), as `hubgraph analyze --budget/--exact`: a
 * 400-node ring with chords is exact within the default 20 s budget, sampled under a tiny one, and
 * exact again when `exact=true` insists.
 */
function ringWithChords(n: number): DatasetInput {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `v${i}`, type: i % 4 === 0 ? ('school' as const) : ('teacher' as const) }));
  const edges = [];
  for (let i = 0; i < n; i++) edges.push({ source: `v${i}`, target: `v${(i + 1) % n}`, type: 'collaboration' as const, weight: 1 });
  for (let i = 0; i < n; i += 7) edges.push({ source: `v${i}`, target: `v${(i * 13 + 5) % n}`, type: 'collaboration' as const, weight: 2 });
  return { nodes, edges };
}

let s: TestServer;
const W = '/api/workspaces/budget';
const V = `${W}/versions/latest`;
const dataset = ringWithChords(400);

beforeAll(async () => {
  s = await makeServer();
  await request(s.app).post('/api/workspaces').send({ name: 'budget' }).expect(201);
  await request(s.app).post(`${W}/versions`).send({ dataset, message: 'ring' }).expect(201);
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

type Doc = {
  graph: { settings: { allPairs: { mode: string; chosenBy: string; samples?: number; skipped: string[] } } };
  nodes: { id: string; betweenness?: number; closeness?: number }[];
};
const betweennessById = (d: Doc) => new Map(d.nodes.map((x) => [x.id, x.betweenness]));

describe('analysis query: exact and budget', () => {
  it('samples under a small budget, is exact when asked, and both match the library', async () => {
    const within = (await request(s.app).get(`${V}/analysis`).expect(200)).body as Doc;
    expect(within.graph.settings.allPairs).toMatchObject({ mode: 'exact', chosenBy: 'budget' });

    const tiny = (await request(s.app).get(`${V}/analysis?budget=0.000001`).expect(200)).body as Doc;
    expect(tiny.graph.settings.allPairs).toMatchObject({ mode: 'sampled', chosenBy: 'budget', samples: 100, skipped: ['closeness', 'harmonic', 'paths'] });
    expect(tiny.nodes.every((x) => x.closeness === undefined)).toBe(true);
    const lib = await analyze(DatasetSchema.parse(dataset), { budgetSeconds: 0.000001, workers: 1 });
    expect(betweennessById(tiny)).toEqual(betweennessById(lib as unknown as Doc));

    const insisted = (await request(s.app).get(`${V}/analysis?budget=0.000001&exact=true`).expect(200)).body as Doc;
    expect(insisted.graph.settings.allPairs).toMatchObject({ mode: 'exact', chosenBy: 'exact' });
    expect(betweennessById(insisted)).toEqual(betweennessById(within));
    expect(insisted.nodes.every((x) => typeof x.closeness === 'number')).toBe(true);
  }, 120_000);

  it('rejects a budget that is not a positive number, naming the parameter', async () => {
    for (const q of ['budget=soon', 'budget=0', 'exact=maybe']) {
      const r = await request(s.app).get(`${V}/analysis?${q}`).expect(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(
        (r.body as { errors: { path: string }[] }).errors.map((e) => e.path),
        q,
      ).toEqual([q.split('=')[0]]);
    }
  });

  it('documents both parameters in the OpenAPI description', async () => {
    const spec = (await request(s.app).get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: { name: string; description?: string }[] } }>;
    };
    const params = spec.paths['/api/workspaces/{ws}/versions/{v}/analysis'].get!.parameters!;
    expect(params.find((p) => p.name === 'budget')?.description).toContain('(default 20)');
    expect(params.find((p) => p.name === 'exact')?.description).toContain('exact all-pairs metrics');
  });

  it('lets only roles that may write insist on exact or raise the budget (a viewer cannot hold the worker)', async () => {
    const tokenApp = s.variant({ mode: 'token' }).app;
    const bearer = async (role: 'viewer' | 'coordinator') => `Bearer ${(await createToken(s.store, { name: `budget ${role}`, role, actor: 'test' })).token}`;
    const viewer = await bearer('viewer');
    for (const q of ['exact=true', 'budget=21']) {
      const r = await request(tokenApp).get(`${V}/analysis?${q}`).set('Authorization', viewer).expect(403);
      expect((r.body as { detail: string }).detail, q).toContain('coordinator role');
    }
    await request(tokenApp).get(`${V}/analysis?budget=5`).set('Authorization', viewer).expect(200);
    const coordinator = await bearer('coordinator');
    const r = await request(tokenApp).get(`${V}/analysis?budget=0.000001&exact=true`).set('Authorization', coordinator).expect(200);
    expect((r.body as Doc).graph.settings.allPairs).toMatchObject({ mode: 'exact', chosenBy: 'exact' });
  }, 120_000);
});
