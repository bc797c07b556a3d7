/** Issue 20, defect 11: job state in the store, and which jobs a restart marks failed, on both engines. */
import { afterEach, expect, it } from 'vitest';
import { failOrphanedJobs, getJob, heartbeatJobs, insertJob, updateJob } from '../../src/store/jobs.ts';
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
});
