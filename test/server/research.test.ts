import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { QapResultSchema } from '../../src/analysis/qap.ts';
import { SignificanceResultSchema } from '../../src/analysis/significance/significance.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

let s: TestServer;
const W = '/api/workspaces/research';
const V = `${W}/versions/latest`;

beforeAll(async () => {
  s = await makeServer();
  await request(s.app).post('/api/workspaces').send({ name: 'research' }).expect(201);
  await request(s.app).post(`${W}/versions`).send({ dataset: smallEcosystem(), message: 'first' }).expect(201);
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

describe('research routes', () => {
  it('serves significance tests (cached per parameters) and as a job with Prefer: respond-async', async () => {
    const r = await request(s.app).get(`${V}/significance?stat=transitivity,assortativity&samples=20&seed=3`).expect(200);
    const doc = SignificanceResultSchema.parse(r.body);
    expect(doc.tests.map((t) => t.stat)).toEqual(['transitivity', 'assortativity']);
    expect(doc.settings).toMatchObject({ null: 'degree', samples: 20, seed: 3 });
    const again = await request(s.app).get(`${V}/significance?stat=transitivity,assortativity&samples=20&seed=3`).expect(200);
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.body).toEqual(r.body);
    const job = await request(s.app).get(`${V}/significance?samples=10&null=erdos-renyi`).set('Prefer', 'respond-async').expect(202);
    expect(job.headers.location).toBeTruthy();
    await request(s.app).get(`${V}/significance?stat=density`).expect(400);
  }, 120_000);

  it('serves QAP / MRQAP and rejects unknown variables with a 400 naming them', async () => {
    const r = await request(s.app).get(`${V}/qap?y=ties&x=same-region,same-type&permutations=30`).expect(200);
    const doc = QapResultSchema.parse(r.body);
    expect(doc.regression.coefficients.map((c) => c.term)).toEqual(['(intercept)', 'same-region', 'same-type']);
    const bad = await request(s.app).get(`${V}/qap?x=colour`).expect(400);
    expect(bad.body.detail).toContain('colour');
  }, 120_000);
});

describe('brokerage through the analysis routes', () => {
  it('adds brokerage roles with ?group= and exposes brokerage.total as a sortable metric column', async () => {
    const m = await request(s.app).get(`${V}/analysis/metrics?group=region&sort=brokerage.total&limit=3`).expect(200);
    expect(m.body.columns).toEqual(expect.arrayContaining(['brokerage.total', 'brokerageZ.liaison']));
    const totals = m.body.rows.map((r: { brokerage: { total: number } }) => r.brokerage.total);
    expect(totals).toEqual([...totals].sort((a: number, b: number) => b - a));
    const plain = await request(s.app).get(`${V}/analysis/metrics?limit=1`).expect(200);
    expect(plain.body.columns).not.toContain('brokerage.total');
  }, 120_000);
});

describe('core–periphery through the analysis routes', () => {
  it('adds coreness per node and the fit with ?coreperiphery=true, sortable, and only when asked', async () => {
    const m = await request(s.app).get(`${V}/analysis/metrics?coreperiphery=true&sort=coreness&limit=5`).expect(200);
    expect(m.body.columns).toEqual(expect.arrayContaining(['core', 'coreness']));
    const c = m.body.rows.map((r: { coreness: number }) => r.coreness);
    expect(c).toEqual([...c].sort((a: number, b: number) => b - a));
    const doc = await request(s.app).get(`${V}/analysis?coreperiphery=true&group=region`).expect(200);
    expect(typeof doc.body.graph.corePeripheryFit).toBe('number');
    expect(doc.body.nodes[0]).toHaveProperty('brokerage');
    const plain = await request(s.app).get(`${V}/analysis/metrics?limit=1`).expect(200);
    expect(plain.body.columns).not.toContain('coreness');
  }, 120_000);
});
