import { existsSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/io/load.ts';
import { evaluatePartners } from '../../src/match/evaluate.ts';
import { JobSchema, VersionEvaluationSchema } from '../../src/server/contract/index.ts';
import { VersionEvaluateRequestSchema } from '../../src/match/evaluate-options.ts';
import { TASKS } from '../../src/server/tasks.ts';
import { smallEcosystem } from './fixtures.ts';
import { makeServer, type TestServer } from './helpers.ts';

const SWAFS = new URL('../../../shared/datasets/cordis-h2020-swafs/coorg', import.meta.url).pathname;
const EVAL = (ws: string) => `/api/workspaces/${ws}/versions/latest/partners/evaluate`;

let s: TestServer;
const sample = loadDataset('data/sample').then((r) => r.dataset);
let d0: Awaited<typeof sample>;

beforeAll(async () => {
  s = await makeServer();
  d0 = await sample;
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
    // The sample's 1 January boundaries all leave fewer than 30 companies with a new tie: the default is the one leaving the most.
    expect(doc.splitChosen).toMatchObject({ by: 'default', minCompanies: 30, companies: doc.populations[0].companies });
    expect(doc.splitChosen.reason).toBe(
      `no year leaves ≥ 30 companies forming a new tie after it; ${doc.split} leaves the most (${doc.splitChosen.companies})`,
    );
    const most = Math.max(...doc.splitChosen.years.map((y) => y.companies));
    expect(doc.splitChosen.years.find((y) => y.split === doc.split)!.companies).toBe(most);
    expect(doc.split > doc.datedRange.first && doc.split <= doc.datedRange.last).toBe(true);
    const direct = evaluatePartners(await sample, { split: doc.split, k: 20, bootstrap: 200 });
    expect(doc.scores).toEqual(direct.scores);
    expect(doc.bootstrap).toEqual(direct.bootstrap);
    expect(doc.scores.map((x) => x.score).slice(0, 5)).toEqual(['combined', 'weighted', 'preferentialAttachment', 'adamicAdar', 'random']);
    const again = await request(s.app).post(EVAL('sample')).send({ k: 20, bootstrap: 200 }).expect(200);
    expect(again.headers['x-cache']).toBe('hit');
    const asked = VersionEvaluationSchema.parse(
      (await request(s.app).post(EVAL('sample')).send({ split: '2025-01-01', k: 20, bootstrap: 0 }).expect(200)).body,
    );
    expect(asked.splitChosen).toMatchObject({ by: 'request', companies: asked.populations[0].companies });
    // Fewer than 30: the figure, and the better split by name.
    expect(asked.splitChosen.warning).toBe(
      `split 2025-01-01 leaves only ${asked.splitChosen.companies} companies forming a new tie after it (fewer than 30: the intervals will be wide); split ${doc.split} leaves ${doc.splitChosen.companies} (the most of any 1 January)`,
    );
    expect(asked.bootstrap).toBeUndefined();
  }, 120_000);

  it('reports progress within the scoring and bootstrap stages through the job’s progress (share of companies and resamples done)', async () => {
    const seen: [number, string][] = [];
    const out = TASKS.partnerEvaluation(
      { dataset: await sample, request: VersionEvaluateRequestSchema.parse({ split: '2022-01-01', bootstrap: 200 }) },
      (f, m) => seen.push([f, m ?? '']),
    );
    expect(out.ok).toBe(true);
    const fractions = seen.map(([f]) => f);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    const scoring = seen.filter(([, m]) => /^scoring every candidate pair \(\d+\/\d+ companies\)$/.test(m));
    const resamples = seen.filter(([, m]) => /^200 bootstrap resamples \(\d+\/200 resamples\)$/.test(m));
    for (const [stage, from, to] of [
      [scoring, 0.4, 0.6],
      [resamples, 0.8, 1],
    ] as const) {
      // Several reports strictly increasing inside the stage, at most 50 plus the last, the last at the stage's end.
      expect(stage.length).toBeGreaterThan(5);
      expect(stage.length).toBeLessThanOrEqual(51);
      for (let i = 1; i < stage.length; i++) expect(stage[i][0]).toBeGreaterThan(stage[i - 1][0]);
      expect(stage[0][0]).toBeGreaterThan(from);
      expect(stage.at(-1)![0]).toBeCloseTo(to, 12);
    }
    expect(resamples.at(-1)![1]).toBe('200 bootstrap resamples (200/200 resamples)');
  }, 60_000);

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
    expect(none.body.errors[0]).toMatchObject({ path: 'split', expected: expect.stringMatching(/after which some company forms a new tie/) });
    expect(none.body.detail).toMatch(/no company forms a new tie with a partner after 2023-04-01 \(0 companies\)/);
    // Checked before any job starts: with Prefer: respond-async the answer is the same 400, not a 202.
    for (const [ws, body, problem] of [
      ['small', { split: '2023-04-01' }, none.body],
      ['sample', { split: '1990-01-01' }, before.body],
      ['undated', {}, undated.body],
    ] as const) {
      const r = await request(s.app).post(EVAL(ws)).set('Prefer', 'respond-async').send(body).expect(400);
      expect({ detail: r.body.detail, errors: r.body.errors }).toEqual({ detail: problem.detail, errors: problem.errors });
    }
    const bad = await request(s.app)
      .post(EVAL('sample'))
      .send({ split: '2024-13-01', k: 0, config: { scoring: 'magic' } })
      .expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['config.scoring', 'k', 'split']);
    await request(s.app).post(EVAL('sample')).send({ colour: 'red' }).expect(400);
  }, 120_000);
  it('what only the worker finds (a company sample without a new tie) fails the job with the same problem, and the cache answers it again', async () => {
    // A seed whose one-company sample misses every company with a new tie after 2025-01-01 (found by the engine itself).
    const base = { split: '2025-01-01', k: 10, bootstrap: 0, maxCompanies: 1, config: { scoring: 'weights' as const } };
    const seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((seed) => evaluatePartners(d0, { ...base, seed }).newTies === 0)!;
    expect(seed).toBeDefined();
    const body = { ...base, seed };
    const first = await request(s.app).post(EVAL('sample')).set('Prefer', 'respond-async').send(body).expect(202);
    let job = JobSchema.parse(first.body);
    for (let i = 0; i < 300 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = JobSchema.parse((await request(s.app).get(job.url).expect(200)).body);
    }
    expect(job.status).toBe('failed');
    const error = job.error as { status: number; detail: string; errors: { path: string; expected: string }[] };
    expect(error.status).toBe(400);
    expect(error.errors[0]).toMatchObject({
      path: 'maxCompanies',
      expected: expect.stringMatching(/a larger maxCompanies \(1 of \d+ sampled\) or another seed/),
    });
    for (const prefer of [undefined, 'respond-async']) {
      const post = request(s.app).post(EVAL('sample'));
      const again = await (prefer ? post.set('Prefer', prefer) : post).send(body).expect(400);
      expect(again.headers['x-cache']).toBe('hit');
      expect({ detail: again.body.detail, errors: again.body.errors }).toEqual({ detail: error.detail, errors: error.errors });
    }
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
    // No 1 January of SwafS leaves 30 companies forming a new tie: the default is the one leaving the most (a property of the data).
    expect(byDefault.split).toBe('2019-01-01');
    expect(byDefault.splitChosen).toMatchObject({ companies: 13, reason: expect.stringMatching(/^no year leaves ≥ 30/) });
    expect(byDefault.splitChosen.years.find((y) => y.split === '2020-01-01')?.companies).toBe(10);
  }, 180_000);
});
