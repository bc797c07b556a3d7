/** Issue 20, defect 16: node detail on a large version answers at once from cheap figures and says what is still computed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DatasetSchema } from '../../src/model/index.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { randomEcosystem } from './fixtures.ts';

let s: TestServer;
const data = DatasetSchema.parse(randomEcosystem(3000, 12000));
const N = '/api/workspaces/w/versions/latest/nodes';

beforeAll(async () => {
  // 3000 nodes count as "large" here (the default threshold is 20,000), so the test stays quick.
  s = await makeServer({ limits: { nodeDetailWaitNodes: 1000 } });
  await saveVersion(s.store, 'w', data, { createWorkspace: true, author: 'test' });
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

const neighboursOf = (id: string) =>
  new Set(data.edges.flatMap((e) => (e.source === id ? [e.target] : e.target === id ? [e.source] : [])).filter((x) => x !== id));

describe('node detail on a large version', () => {
  it('answers from degree, strength and neighbours while the analysis runs in the background, then in full', async () => {
    const first = await request(s.app).get(`${N}/n0`).expect(200);
    expect(first.body.pending.figures).toEqual(expect.arrayContaining(['metrics', 'community', 'isolation', 'suggestions']));
    expect(Object.keys(first.body.metrics).sort()).toEqual(['degree', 'strength']);
    expect(first.body.metrics.degree).toBe(neighboursOf('n0').size);
    expect(new Set(first.body.neighbours.map((n: { id: string }) => n.id))).toEqual(neighboursOf('n0'));
    expect(first.body.community).toBeNull();
    const job = first.body.pending.job as string;
    expect(job).toMatch(/^\/api\/jobs\//);
    // Asking again while it runs joins the same background job instead of starting another.
    const again = await request(s.app).get(`${N}/n1?suggestions=none`).expect(200);
    expect(again.body.pending).toEqual({ figures: ['metrics', 'community', 'isolation'], job });
    const end = Date.now() + 120_000;
    let status = '';
    while (Date.now() < end) {
      status = (await request(s.app).get(job).expect(200)).body.status;
      if (status !== 'queued' && status !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('succeeded');
    const full = await request(s.app).get(`${N}/n0?suggestions=none`).expect(200);
    expect(full.body.pending).toBeUndefined();
    expect(full.body.metrics.degree).toBe(first.body.metrics.degree);
    expect(full.body.metrics).toHaveProperty('betweenness');
    expect(full.body.community).not.toBeNull();
  }, 180_000);

  it('waits for the analysis on versions up to the threshold, as before', async () => {
    await saveVersion(s.store, 'w2', data, { createWorkspace: true, author: 'test' });
    const small = s.variant({ limits: { nodeDetailWaitNodes: 1_000_000 } });
    const r = await request(small.app).get('/api/workspaces/w2/versions/latest/nodes/n2?suggestions=none').expect(200);
    expect(r.body.pending).toBeUndefined();
    expect(r.body.metrics).toHaveProperty('betweenness');
  }, 180_000);
});
