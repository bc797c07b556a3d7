/** Issue 20, defect 11: job state in the store, and which jobs a restart marks failed, on both engines. */
import { afterEach, expect, it } from 'vitest';
import { claimJobServer, failOrphanedJobs, getJob, heartbeatJobs, insertJob, updateJob } from '../../src/store/jobs.ts';
import { createWorkspace, deleteWorkspace } from '../../src/store/workspaces.ts';
import { forEachEngine, type TestStore } from './engines.ts';

const reason = { title: 'Job interrupted', detail: 'stopped' };

forEachEngine('job state', (engine) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('fails only the silent processes’ active jobs, keeps the first end, and goes with its workspace', async () => {
    t = await engine.fresh();
    const db = t.store.db;
    await createWorkspace(t.store, 'w', { actor: 't' });
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const now = new Date().toISOString();
    await insertJob(db, { id: 'dead', kind: 'layout', owner: 'token:a', serverId: 'p1', createdAt: old, workspace: 'w' });
    await insertJob(db, { id: 'alive', kind: 'layout', owner: 'token:a', serverId: 'p2', createdAt: now, workspace: 'w' });
    await insertJob(db, { id: 'mine', kind: 'layout', owner: 'token:b', serverId: 'p3', createdAt: old });
    await insertJob(db, { id: 'done', kind: 'layout', owner: 'token:b', serverId: 'p1', createdAt: old });
    expect(await updateJob(db, 'done', { status: 'succeeded', progress: 1, resultUrl: '/r', finishedAt: old })).toBe(true);
    await heartbeatJobs(db, 'p2');
    // p3 restarts: p1's silent job fails, p2 (beating) and p3's own are left alone, ended ones stay.
    expect(await failOrphanedJobs(db, 'p3', new Date(Date.now() - 60_000).toISOString(), reason)).toBe(1);
    expect(await getJob(db, 'dead')).toMatchObject({ status: 'failed', error: reason });
    expect((await getJob(db, 'alive'))?.status).toBe('queued');
    expect((await getJob(db, 'mine'))?.status).toBe('queued');
    expect(await getJob(db, 'done')).toMatchObject({ status: 'succeeded', resultUrl: '/r' });
    // The first end wins: the dead process's late success does not overwrite the failure.
    expect(await updateJob(db, 'dead', { status: 'succeeded', progress: 1 })).toBe(false);
    expect((await getJob(db, 'dead'))?.status).toBe('failed');
    await deleteWorkspace(t.store, 'w', { actor: 't' });
    expect(await getJob(db, 'alive')).toBeNull();
    expect((await getJob(db, 'mine'))?.status).toBe('queued');
  });

  it('never fails the jobs of another runner live in this process (two apps on one store), only once it is released', async () => {
    t = await engine.fresh();
    const db = t.store.db;
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    await insertJob(db, { id: 'a-job', kind: 'layout', owner: 'token:a', serverId: 'app-a', createdAt: old });
    await insertJob(db, { id: 'gone', kind: 'layout', owner: 'token:a', serverId: 'earlier', createdAt: old });
    const releaseA = claimJobServer(db, 'app-a');
    // App b opens over the same store, with PGlite's "all" rule (stale before a second from now).
    const all = new Date(Date.now() + 1000).toISOString();
    expect(await failOrphanedJobs(db, 'app-b', all, reason)).toBe(1);
    expect((await getJob(db, 'gone'))?.status).toBe('failed');
    expect((await getJob(db, 'a-job'))?.status).toBe('queued');
    // Once app a has closed, its unfinished job is an orphan like any other.
    releaseA();
    expect(await failOrphanedJobs(db, 'app-c', all, reason)).toBe(1);
    expect(await getJob(db, 'a-job')).toMatchObject({ status: 'failed', error: reason });
  });
});
