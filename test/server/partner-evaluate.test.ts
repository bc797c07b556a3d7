import { existsSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/io/load.ts';
import { evaluatePartners } from '../../src/match/evaluate.ts';
import { JobSchema, VersionEvaluationSchema } from '../../src/server/contract/index.ts';
import { smallEcosystem } from './fixtures.ts';
import { makeServer, type TestServer } from './helpers.ts';

const SWAFS = new URL('../../../shared/datasets/cordis-h2020-swafs/coorg', import.meta.url).pathname;
const EVAL = (ws: string) => `/api/workspaces/${ws}/versions/latest/partners/evaluate`;

let s: TestServer;
const sample = loadDataset('data/sample').then((r) => r.dataset);

beforeAll(async () => {
  s = await makeServer();
  for (const [name, dataset] of [
    ['sample', await sample],
    ['small', smallEcosystem()],
    ['undated', { ...smallEcosystem(), edges: smallEcosystem().edges.map(({ start: _, end: __, ...e }) => e) }],
  ] as const) {
    await request(s.app).post('/api/workspaces').send({ name }).expect(201);
    await request(s.app).post(`/api/workspaces/${name}/versions`).send({ dataset, message: 'first' }).expect(201);
  }
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

describe('POST …/partners/evaluate', () => {
  it('judges the suggestions on the sample at a default split it names, the same figures as match evaluate, cached', async () => {
    const r = await request(s.app).post(EVAL('sample')).send({ k: 20, bootstrap: 200 }).expect(200);
    const doc = VersionEvaluationSchema.strict().parse(r.body);
    expect(doc.splitChosen.by).toBe('default');
    expect(doc.splitChosen.reason).toContain(doc.split.slice(0, 4));
    expect(doc.split).toMatch(/^\d{4}-01-01$/);
    expect(doc.split > doc.datedRange.first && doc.split <= doc.datedRange.last).toBe(true);
    // The split is the last full calendar year: the latest tie starts in the year after it.
    expect(Number(doc.datedRange.last.slice(0, 4))).toBeGreaterThanOrEqual(Number(doc.split.slice(0, 4)) + 1);
    const stages: [number, string][] = [];
    const direct = evaluatePartners(await sample, { split: doc.split, k: 20, bootstrap: 200 }, (f, stage) => stages.push([f, stage]));
    // The job's progress: the evaluation's stages in order, ending at 1.
    expect(stages.map(([f]) => f)).toEqual([0, 0.4, 0.6, 0.8, 1]);
    expect(stages[3][1]).toBe('200 bootstrap resamples');
    expect(doc.scores).toEqual(direct.scores);
    expect(doc.bootstrap).toEqual(direct.bootstrap);
    expect(doc.scores.map((x) => x.score).slice(0, 5)).toEqual(['combined', 'weighted', 'preferentialAttachment', 'adamicAdar', 'random']);
    const again = await request(s.app).post(EVAL('sample')).send({ k: 20, bootstrap: 200 }).expect(200);
    expect(again.headers['x-cache']).toBe('hit');
    const asked = VersionEvaluationSchema.parse(
      (await request(s.app).post(EVAL('sample')).send({ split: '2024-09-01', k: 20, bootstrap: 0 }).expect(200)).body,
    );
    expect(asked.splitChosen.by).toBe('request');
    expect(asked.bootstrap).toBeUndefined();
  }, 120_000);

  it('runs as a job with progress under Prefer: respond-async; the same POST then answers from the cache', async () => {
    const body = { k: 5, bootstrap: 50, seed: 3 };
    const first = await request(s.app).post(EVAL('sample')).set('Prefer', 'respond-async').send(body).expect(202);
    let job = JobSchema.parse(first.body);
    for (let i = 0; i < 300 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = JobSchema.parse((await request(s.app).get(job.url).expect(200)).body);
    }
    expect(job.status).toBe('succeeded');
    expect(job.progress.fraction).toBe(1);
    const r = await request(s.app).post(EVAL('sample')).send(body).expect(200);
    expect(r.headers['x-cache']).toBe('hit');
    expect(VersionEvaluationSchema.parse(r.body).k).toBe(5);
  }, 120_000);

  it('answers what cannot be evaluated with a 400 naming the body path and what was expected', async () => {
    const before = await request(s.app).post(EVAL('sample')).send({ split: '1990-01-01' }).expect(400);
    expect(before.body.errors).toEqual([expect.objectContaining({ in: 'body', path: 'split', expected: expect.stringMatching(/dated range/) })]);
    expect(before.body.detail).toMatch(/no ties before it/);
    const after = await request(s.app).post(EVAL('sample')).send({ split: '2090-01-01' }).expect(400);
    expect(after.body.detail).toMatch(/on or after it to judge on/);
    const undated = await request(s.app).post(EVAL('undated')).send({}).expect(400);
    expect(undated.body.errors[0]).toMatchObject({ path: 'split', expected: 'a version whose ties have start dates' });
    // The small ecosystem's only company–partner tie (acme–Proto School, 2023-01-01) is before this split; a later tie is not company–partner.
    const none = await request(s.app).post(EVAL('small')).send({ split: '2023-04-01' }).expect(400);
    expect(none.body.errors[0]).toMatchObject({ path: 'split', expected: expect.stringMatching(/some company forms a tie/) });
    const bad = await request(s.app)
      .post(EVAL('sample'))
      .send({ split: '2024-13-01', k: 0, config: { scoring: 'magic' } })
      .expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['config.scoring', 'k', 'split']);
    await request(s.app).post(EVAL('sample')).send({ colour: 'red' }).expect(400);
  }, 120_000);
  it('is listed in the OpenAPI document with its body, its 200 and its 202 job', async () => {
    const doc = (await request(s.app).get('/api/openapi.json').expect(200)).body;
    const op = doc.paths['/api/workspaces/{ws}/versions/{v}/partners/evaluate']?.post;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '202', '400']));
    expect(JSON.stringify(op.requestBody)).toContain('split');
  });
});

describe('POST …/partners/evaluate on real data: CORDIS H2020 Science with and for Society', () => {
  it('gives match evaluate’s figures at 2019-01-01 and picks a default split with new company–partner ties', async () => {
    if (!existsSync(SWAFS)) throw new Error(`the CORDIS SwafS dataset is missing at ${SWAFS} (../shared/datasets/cordis-h2020-swafs from the repo root)`);
    const d = (await loadDataset(SWAFS)).dataset;
    await request(s.app).post('/api/workspaces').send({ name: 'swafs' }).expect(201);
    await request(s.app).post('/api/workspaces/swafs/versions').send({ dataset: d, message: 'CORDIS SwafS co-organisation' }).expect(201);
    const r = VersionEvaluationSchema.parse((await request(s.app).post(EVAL('swafs')).send({ split: '2019-01-01', k: 20, bootstrap: 200 }).expect(200)).body);
    // As the engine test and the issue measured them on this population.
    expect(r.newTies).toBe(66);
    expect(r.candidates).toBe(25778);
    expect(r.scores.find((x) => x.score === 'preferentialAttachment')!.auc).toBeCloseTo(0.71, 2);
    expect(r.bootstrap?.companies).toBeGreaterThan(0);
    expect(r.bootstrap?.ratio.auc.baseline).toBe('preferentialAttachment');
    const byDefault = VersionEvaluationSchema.parse((await request(s.app).post(EVAL('swafs')).send({ k: 20, bootstrap: 0 }).expect(200)).body);
    expect(byDefault.splitChosen.by).toBe('default');
    expect(byDefault.newTies).toBeGreaterThan(0);
  }, 180_000);
});
