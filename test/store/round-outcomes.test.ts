/**
 * Outcomes close the loop, through the API on PGlite and a PostgreSQL server: per-pair met / rating /
 * note, dated maturity self-assessments, the maturity change of mentees against other schools, and a
 * next round that uses them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { createApp, type HubgraphApp } from '../../src/server/app.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { exportWorkspace, getRound, listAudit, restoreWorkspace, saveVersion } from '../../src/store/index.ts';
import { listMaturity, listOutcomes } from '../../src/store/round-outcomes.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallEcosystem } from '../server/fixtures.ts';
import { forEachEngine, type TestStore } from './engines.ts';

forEachEngine('round outcomes through the API', (engine) => {
  let t: TestStore;
  let h: HubgraphApp;
  const W = '/api/workspaces/outcomes';
  beforeAll(async () => {
    t = await engine.fresh();
    h = createApp({ store: t.store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local' });
    await saveVersion(t.store, 'outcomes', DatasetSchema.parse(smallEcosystem()), { createWorkspace: true });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await t?.dispose();
  });

  it('records how pairs went and new maturity, compares mentees with other schools, and the next round uses both', async () => {
    const r = (await request(h.app).post(`${W}/versions/latest/rounds?wait=true`).send({ kind: 'mentoring', config: {} }).expect(201)).body;
    await request(h.app)
      .put(`${W}/rounds/1/outcomes`)
      .send({ outcomes: [{ left: r.pairs[0].left, right: r.pairs[0].right, met: true }] })
      .expect(409);
    await request(h.app).post(`${W}/rounds/1/accept`).send({ proposed: 'accept', date: '2025-09-01' }).expect(200);

    // The first pair's mentor: none of its pairs met.
    const mentor = r.pairs[0].left as string;
    const outcomes = r.pairs.map((p: { left: string; right: string }) =>
      p.left === mentor
        ? { left: p.left, right: p.right, met: false, rating: 1, note: 'never found a date' }
        : { left: p.left, right: p.right, met: true, rating: 4 },
    );
    const bad = await request(h.app)
      .put(`${W}/rounds/1/outcomes`)
      .send({ outcomes: [{ ...outcomes[0], rating: 9 }] })
      .expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'outcomes.0.rating' });
    await request(h.app)
      .put(`${W}/rounds/1/outcomes`)
      .send({ outcomes: [{ left: 'x', right: 'y', met: true }] })
      .expect(404);
    const rec = await request(h.app).put(`${W}/rounds/1/outcomes`).send({ outcomes }).expect(200);
    expect(rec.body.outcomes).toHaveLength(r.pairs.length);
    expect(rec.body.outcomes.find((o: { left: string }) => o.left === mentor)).toMatchObject({ round: 1, met: false, rating: 1, note: 'never found a date' });

    const mentee = r.pairs[0].right as string;
    const before = smallEcosystem().nodes.find((n) => n.id === mentee)!.maturity!;
    await request(h.app)
      .post(`${W}/maturity`)
      .send({ assessments: [{ node: mentee, value: 6, date: '2026-06-01' }] })
      .expect(400);
    await request(h.app)
      .post(`${W}/maturity`)
      .send({ assessments: [{ node: 'nobody', value: 3, date: '2026-06-01' }] })
      .expect(404);
    await request(h.app)
      .post(`${W}/maturity`)
      .send({
        assessments: [
          { node: mentee, value: before + 1.5, date: '2026-06-01' },
          { node: 'constructor', value: 4.5, date: '2026-06-01' },
        ],
      })
      .expect(200);
    // Read back (the web shows the last value beside each mentee): by node, then date.
    const listed = (await request(h.app).get(`${W}/maturity`).expect(200)).body.assessments;
    expect(listed.map((x: { node: string; value: number; date: string }) => [x.node, x.value, x.date]).sort()).toEqual(
      [
        ['constructor', 4.5, '2026-06-01'],
        [mentee, before + 1.5, '2026-06-01'],
      ].sort(),
    );
    const change = (await request(h.app).get(`${W}/maturity-change`).expect(200)).body;
    expect(change.groups).toEqual([
      { group: 'mentees', schools: 1, meanChange: 1.5 },
      { group: 'others', schools: 1, meanChange: 0.5 },
    ]);

    const next = (await request(h.app).post(`${W}/versions/latest/rounds?wait=true`).send({ kind: 'mentoring', useOutcomes: true, config: {} }).expect(201))
      .body;
    expect(next.config.rules.excludeMentors).toEqual([mentor]);
    expect(next.config.maturityOverrides).toEqual({ [mentee]: before + 1.5, constructor: 4.5 });
    expect(next.pairs.some((p: { left: string }) => p.left === mentor)).toBe(false);
    const actions = (await listAudit(t.store, { workspace: 'outcomes' })).map((a) => a.action);
    expect(actions.filter((a) => a === 'pair.outcome')).toHaveLength(r.pairs.length);
    expect(actions.filter((a) => a === 'maturity.assess')).toHaveLength(2);

    // A reverted round, its outcomes and the assessments survive export → restore.
    await request(h.app).post(`${W}/rounds/1/revert`).send({}).expect(200);
    const dir = mkdtempSync(join(tmpdir(), 'hubgraph-outcomes-export-'));
    try {
      await exportWorkspace(t.store, 'outcomes', join(dir, 'x'));
      await restoreWorkspace(t.store, join(dir, 'x'), { name: 'outcomes copy' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [orig, copy] = await Promise.all([getRound(t.store, 'outcomes', 1), getRound(t.store, 'outcomes copy', 1)]);
    expect(copy).toMatchObject({
      status: 'reverted',
      revertedVersion: orig.revertedVersion,
      revertedBy: orig.revertedBy,
      revertedAt: orig.revertedAt,
      leftOut: orig.leftOut,
    });
    expect(await listOutcomes(t.store, 'outcomes copy')).toEqual(await listOutcomes(t.store, 'outcomes'));
    expect(await listMaturity(t.store, 'outcomes copy')).toEqual(await listMaturity(t.store, 'outcomes'));
  }, 120_000);
});
