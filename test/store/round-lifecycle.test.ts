/**
 * A programme lead's round lifecycle through the HTTP API, on PGlite and on a PostgreSQL server:
 * preview = what is written, stale rounds refused or rebased, no tie written twice (also under
 * concurrent accepts), revert and reopen with both in the audit log.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { createApp, type HubgraphApp } from '../../src/server/app.ts';
import { DatasetSchema, type Dataset } from '../../src/model/index.ts';
import { listAudit, saveVersion, loadWorkspaceDataset } from '../../src/store/index.ts';
import { smallEcosystem } from '../server/fixtures.ts';
import { forEachEngine, type TestStore } from './engines.ts';

const mentoringKeys = (d: Dataset) => d.edges.filter((e) => e.type === 'mentoring').map((e) => `${e.source}→${e.target}`);

forEachEngine('round lifecycle through the API', (engine) => {
  let t: TestStore;
  let h: HubgraphApp;
  const W = (ws: string) => `/api/workspaces/${encodeURIComponent(ws)}`;
  const newRound = async (ws: string) =>
    (
      await request(h.app)
        .post(`${W(ws)}/versions/latest/rounds?wait=true`)
        .send({ kind: 'mentoring', config: {} })
        .expect(201)
    ).body;

  beforeAll(async () => {
    t = await engine.fresh();
    h = createApp({ store: t.store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local' });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await t?.dispose();
  });

  it('previews exactly what the accept writes, refuses a stale round, rebases it without writing a tie twice, reverts and reopens', async () => {
    const ws = 'lead flow';
    await saveVersion(t.store, ws, DatasetSchema.parse(smallEcosystem()), { createWorkspace: true });
    const r1 = await newRound(ws);
    const r2 = await newRound(ws);
    expect(r1.pairs.length).toBeGreaterThanOrEqual(2);
    expect(r1.pairs.map((p: { leftName: string }) => p.leftName)).toEqual(expect.arrayContaining(['Proto School']));
    expect(r1.leftOut).toEqual(expect.any(Array));
    expect(r2.pairs.map((p: { left: string; right: string }) => [p.left, p.right])).toEqual(
      r1.pairs.map((p: { left: string; right: string }) => [p.left, p.right]),
    );
    // One pair rejected, one accepted, the rest proposed: accepting must ask about the proposed ones.
    const [a, b] = r2.pairs;
    await request(h.app)
      .patch(`${W(ws)}/rounds/2/pairs`)
      .send({
        decisions: [
          { left: a.left, right: a.right, status: 'accepted' },
          { left: b.left, right: b.right, status: 'rejected' },
        ],
      })
      .expect(200);
    const ask = await request(h.app)
      .post(`${W(ws)}/rounds/2/accept`)
      .send({ date: '2025-09-01' })
      .expect(400);
    expect(ask.body.errors[0]).toMatchObject({ in: 'body', path: 'proposed', expected: 'accept or leave' });
    expect(ask.body.detail).toMatch(/still has \d+ proposed pair/);

    const pv = await request(h.app)
      .get(`${W(ws)}/rounds/2/accept-preview`)
      .query({ date: '2025-09-01', proposed: 'accept' })
      .expect(200);
    const plan = pv.body.plan;
    expect(plan).toMatchObject({ round: 2, roundVersion: 1, currentVersion: 1, stale: false, date: '2025-09-01', rejected: 1, dropped: [] });
    expect(plan.write).toHaveLength(r2.pairs.length - 1);
    expect(plan.write.find((w: { left: string; right: string }) => w.left === b.left && w.right === b.right)).toBeUndefined();
    expect(pv.body.impact.newTies).toBe(plan.write.length);
    expect(plan.write[0].leftName).toEqual(expect.any(String));
    const leave = (
      await request(h.app)
        .get(`${W(ws)}/rounds/2/accept-preview`)
        .query({ date: '2025-09-01', proposed: 'leave' })
        .expect(200)
    ).body.plan;
    expect(leave.write.map((w: { left: string }) => w.left)).toEqual([a.left]);
    expect(leave.dropped.every((d: { code: string }) => d.code === 'left-proposed')).toBe(true);

    const acc = await request(h.app)
      .post(`${W(ws)}/rounds/2/accept`)
      .send({ date: '2025-09-01', proposed: 'accept', expectVersion: plan.currentVersion })
      .expect(200);
    expect(acc.body).toMatchObject({
      written: plan.write.length,
      version: { number: 2 },
      round: { status: 'accepted', acceptedVersion: 2, counts: { proposed: 0, rejected: 1 } },
    });
    expect(acc.body.plan.write).toEqual(plan.write);
    const v2 = (await loadWorkspaceDataset(t.store, ws, 2)).dataset;
    const written = v2.edges.filter((e) => e.type === 'mentoring' && e.attrs.round === 2);
    expect(written.map((e) => [e.source, e.target, e.start])).toEqual(plan.write.map((w: { left: string; right: string }) => [w.left, w.right, '2025-09-01']));
    // Accepting again writes nothing.
    const again = await request(h.app)
      .post(`${W(ws)}/rounds/2/accept`)
      .send({ proposed: 'accept' })
      .expect(409);
    expect(again.body.detail).toMatch(/already accepted \(into version 2\)/);

    // Round 1 was made on version 1: refused with a clear message, unless rebased.
    const stale = await request(h.app)
      .post(`${W(ws)}/rounds/1/accept`)
      .send({ proposed: 'accept' })
      .expect(409);
    expect(stale.body.detail).toMatch(/made on version 1, but the current version is 2/);
    const rebased = (
      await request(h.app)
        .get(`${W(ws)}/rounds/1/accept-preview`)
        .query({ proposed: 'accept', rebase: 'true', date: '2025-09-02' })
        .expect(200)
    ).body.plan;
    expect(rebased.stale).toBe(true);
    expect(rebased.dropped.filter((d: { code: string }) => d.code === 'already-tied')).toHaveLength(plan.write.length);
    // Pairs already tied by round 2 are dropped with that reason; the one round 2 rejected now meets a full mentor or a mentee that has one.
    for (const d of rebased.dropped) {
      const tiedBy2 = plan.write.some((w: { left: string; right: string }) => w.left === d.left && w.right === d.right);
      if (tiedBy2) expect(d).toMatchObject({ code: 'already-tied', reason: expect.stringContaining('round 2 (2025-09-01)') });
    }
    const acc1 = await request(h.app)
      .post(`${W(ws)}/rounds/1/accept`)
      .send({ proposed: 'accept', rebase: true, date: '2025-09-02', expectVersion: 2 })
      .expect(200);
    expect(acc1.body.written).toBe(rebased.write.length);
    expect(acc1.body.plan.dropped).toEqual(rebased.dropped);
    const v3 = (await loadWorkspaceDataset(t.store, ws, 3)).dataset;
    const keys = mentoringKeys(v3);
    expect(new Set(keys).size).toBe(keys.length);

    // Revert round 2: a new version without its ties; the accepted version keeps them.
    const rev = await request(h.app)
      .post(`${W(ws)}/rounds/2/revert`)
      .send({})
      .expect(200);
    expect(rev.body).toMatchObject({
      removed: plan.write.length,
      version: { number: 4 },
      round: { status: 'reverted', revertedVersion: 4, acceptedVersion: 2 },
    });
    const v4 = (await loadWorkspaceDataset(t.store, ws, 4)).dataset;
    expect(v4.edges.filter((e) => e.attrs.round === 2)).toEqual([]);
    expect((await loadWorkspaceDataset(t.store, ws, 2)).dataset.edges.filter((e) => e.attrs.round === 2)).toHaveLength(plan.write.length);
    await request(h.app)
      .post(`${W(ws)}/rounds/2/revert`)
      .send({})
      .expect(409);
    await request(h.app)
      .post(`${W(ws)}/rounds/2/accept`)
      .send({ proposed: 'accept' })
      .expect(409);
    const re = await request(h.app)
      .post(`${W(ws)}/rounds/2/reopen`)
      .send({})
      .expect(200);
    expect(re.body.round).toMatchObject({ status: 'open', acceptedVersion: null });
    await request(h.app)
      .patch(`${W(ws)}/rounds/2/pairs`)
      .send({ decisions: [{ left: b.left, right: b.right, status: 'accepted' }] })
      .expect(200);
    const audit = (await listAudit(t.store, { workspace: ws })).map((e) => e.action);
    expect(audit.filter((x) => x.startsWith('round.'))).toEqual([
      'round.create',
      'round.create',
      'round.accept',
      'round.accept',
      'round.revert',
      'round.reopen',
    ]);
  }, 120_000);

  it('two concurrent accepts never write the same tie twice', async () => {
    const ws = 'race';
    await saveVersion(t.store, ws, DatasetSchema.parse(smallEcosystem()), { createWorkspace: true });
    const r1 = await newRound(ws);
    await newRound(ws);
    const send = (n: number) =>
      request(h.app)
        .post(`${W(ws)}/rounds/${n}/accept`)
        .send({ proposed: 'accept', rebase: true, date: '2025-10-01' });
    // The same round twice at once: one writes, the other is told it was already accepted.
    const same = await Promise.all([send(1), send(1)]);
    expect(same.map((r) => r.status).sort()).toEqual([200, 409]);
    // Another round on the same version, two requests at once: rebased, it finds every tie already there.
    const other = await Promise.all([send(2), send(2)]);
    expect(other.map((r) => r.status).sort()).toEqual([200, 409]);
    const ok = other.find((r) => r.status === 200)!;
    expect(ok.body.written).toBe(0);
    expect(ok.body.plan.dropped.map((d: { code: string }) => d.code)).toEqual(r1.pairs.map(() => 'already-tied'));
    const cur = (await loadWorkspaceDataset(t.store, ws)).dataset;
    const keys = mentoringKeys(cur);
    expect(keys).toHaveLength(r1.pairs.length);
    expect(new Set(keys).size).toBe(keys.length);
  }, 120_000);
});
