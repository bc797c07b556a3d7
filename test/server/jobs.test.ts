/** Issue 20, defects 5 and 11: jobs are kept in the store (a restart reports them failed) and can be cancelled. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DatasetSchema } from '../../src/model/index.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { createToken } from '../../src/store/tokens.ts';
import { getJob, insertJob, updateJob } from '../../src/store/jobs.ts';
import type { Express } from 'express';
import { makeServer, type TestServer } from './helpers.ts';
import { randomEcosystem } from './fixtures.ts';

let s: TestServer;
const tok: Record<'a' | 'b' | 'admin', string> = { a: '', b: '', admin: '' };
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

beforeAll(async () => {
  s = await makeServer({ mode: 'token' });
  tok.a = (await createToken(s.store, { name: 'coord-a', role: 'coordinator', actor: 'test' })).token;
  tok.b = (await createToken(s.store, { name: 'coord-b', role: 'coordinator', actor: 'test' })).token;
  tok.admin = (await createToken(s.store, { name: 'root', role: 'admin', actor: 'test' })).token;
  await saveVersion(s.store, 'w', DatasetSchema.parse(randomEcosystem(2000, 8000)), { createWorkspace: true, author: 'test' });
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

/** A layout of 5000 iterations on 2000 nodes: long enough (tens of seconds) to be caught running. */
async function startSlowJob(app: Express, token: string): Promise<string> {
  const r = await request(app)
    .post('/api/jobs')
    .set(bearer(token))
    .send({ kind: 'layout', workspace: 'w', version: 'latest', params: { layoutIterations: '5000', seed: String(Math.floor(Math.random() * 1e9)) } })
    .expect(202);
  return r.body.id as string;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The SSE stream of a job, read until it ends, through a listening server (supertest buffers it too, but this is the client's view). */
async function events(app: Express, id: string, token: string): Promise<{ server: Server; text: Promise<string> }> {
  const server = await new Promise<Server>((resolve) => {
    const x = app.listen(0, '127.0.0.1', () => resolve(x));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/jobs/${id}/events`;
  const r = await fetch(url, { headers: bearer(token) });
  expect(r.status).toBe(200);
  return { server, text: r.text() };
}

describe('DELETE /api/jobs/:id', () => {
  it("stops a running job's worker, ends it as cancelled (events, GET, store), and only its owner or an admin may", async () => {
    const id = await startSlowJob(s.app, tok.a);
    await until('running', async () => (await request(s.app).get(`/api/jobs/${id}`).set(bearer(tok.a))).body.status === 'running');
    const stream = await events(s.app, id, tok.a);
    try {
      const forbidden = await request(s.app).delete(`/api/jobs/${id}`).set(bearer(tok.b)).expect(403);
      expect(forbidden.body.detail).toMatch(/only the caller who started/);
      const before = s.ctx.pool.stats().cancelled;
      const t0 = Date.now();
      const r = await request(s.app).delete(`/api/jobs/${id}`).set(bearer(tok.a)).expect(200);
      expect(r.body.status).toBe('cancelled');
      expect(s.ctx.pool.stats().cancelled).toBe(before + 1);
      const text = await stream.text;
      expect(text).toMatch(/event: cancelled/);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect((await request(s.app).get(`/api/jobs/${id}`).set(bearer(tok.b)).expect(200)).body.status).toBe('cancelled');
      await until('store', async () => (await getJob(s.store.db, id))?.status === 'cancelled', 5000);
      // A second cancel answers the ended job unchanged.
      expect((await request(s.app).delete(`/api/jobs/${id}`).set(bearer(tok.a)).expect(200)).body.status).toBe('cancelled');
    } finally {
      stream.server.closeAllConnections();
      stream.server.close();
    }
    // The pool replaced the terminated worker: the next computation runs.
    const g = await request(s.app).get('/api/workspaces/w/versions/latest/graph?layoutIterations=1').set(bearer(tok.b)).expect(200);
    expect(g.body.nodes).toHaveLength(2000);
    // An admin may cancel anyone's job.
    const other = await startSlowJob(s.app, tok.b);
    expect((await request(s.app).delete(`/api/jobs/${other}`).set(bearer(tok.admin)).expect(200)).body.status).toBe('cancelled');
    await request(s.app).delete('/api/jobs/00000000-0000-4000-8000-000000000000').set(bearer(tok.a)).expect(404);
  }, 120_000);
});

describe('jobs across a restart', () => {
  it('a job the stopped server was running answers failed with the reason, on GET and on its event stream', async () => {
    // What a stopped server leaves in the store: a job it had started and was running.
    const id = '6d1b9a52-3f0e-4c7a-9d55-0c3e2b7a1f00';
    const then = new Date(Date.now() - 60_000).toISOString();
    await insertJob(s.store.db, { id, kind: 'layout', owner: 'token:x', serverId: 'a-stopped-process', createdAt: then, workspace: 'w' });
    await updateJob(s.store.db, id, { status: 'running', progress: 0.4 });
    // The restarted server (PGlite is held by one process at a time: every job it finds active and not
    // run by an app of its own process was the stopped server's).
    const restarted = s.variant({});
    await restarted.ctx.jobs.recovered;
    const r = await request(restarted.app).get(`/api/jobs/${id}`).set(bearer(tok.b)).expect(200);
    expect(r.body.status).toBe('failed');
    expect(r.body.error.detail).toMatch(/server process running this job stopped/);
    const stream = await events(restarted.app, id, tok.b);
    try {
      const text = await stream.text;
      expect(text).toMatch(/event: failed/);
      expect(text).toMatch(/restart or crash/);
    } finally {
      stream.server.closeAllConnections();
      stream.server.close();
    }
    // The old process finishing it later does not overwrite the recorded end.
    expect(await updateJob(s.store.db, id, { status: 'succeeded', progress: 1 })).toBe(false);
    expect((await getJob(s.store.db, id))?.status).toBe('failed');
  }, 120_000);

  it("a second app over the same store in the same process leaves the first app's running job alone", async () => {
    const id = await startSlowJob(s.app, tok.a);
    await until('running in the store', async () => (await getJob(s.store.db, id))?.status === 'running');
    const second = s.variant({});
    await second.ctx.jobs.recovered;
    expect((await getJob(s.store.db, id))?.status).toBe('running');
    expect((await request(second.app).get(`/api/jobs/${id}`).set(bearer(tok.a)).expect(200)).body.status).toBe('running');
    expect((await request(s.app).get(`/api/jobs/${id}`).set(bearer(tok.a)).expect(200)).body.status).toBe('running');
    // The first app still owns it: it can cancel it, and that end is what the store records.
    expect((await request(s.app).delete(`/api/jobs/${id}`).set(bearer(tok.a)).expect(200)).body.status).toBe('cancelled');
    await until('store', async () => (await getJob(s.store.db, id))?.status === 'cancelled', 5000);
  }, 120_000);
});
