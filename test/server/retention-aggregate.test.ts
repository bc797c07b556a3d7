/**
 * Versions that rounds used, past retention, as the API shows them (issue 20): the aggregate route, a
 * 410 saying "pruned on <date>; aggregate only" where the nodes are needed, rounds readable by id (and
 * pseudonymised for viewers), and reports that say so instead of failing. PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { createApp, type HubgraphApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/tokens.ts';
import { forEachEngine, type TestStore } from '../store/engines.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { aggregateDataset } from '../../src/store/version-aggregate.ts';
import { dataset, ID, NAME, programme } from '../store/retention-fixture.ts';
import { contractChecked } from './helpers.ts';

const W = '/api/workspaces/w';
const PRUNED = /version 2 was pruned on \d{4}-\d\d-\d\d; aggregate only/;

forEachEngine('pruned versions over HTTP', (engine) => {
  let t: TestStore;
  let h: HubgraphApp;
  let tokenApp: HubgraphApp;
  const violations: string[] = [];
  let app: ReturnType<typeof contractChecked>;
  let viewer = '';

  beforeAll(async () => {
    t = await engine.fresh();
    h = createApp({ store: t.store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local' });
    tokenApp = createApp({ store: t.store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'token' });
    app = contractChecked(h, violations);
    viewer = `Bearer ${(await createToken(t.store, { name: `viewer-${engine.name}`, role: 'viewer' })).token}`;
    await programme(t.store);
    // The server has the old versions in memory before the prune: it must not serve them from there after.
    await request(app).get(`${W}/versions/2/dataset`).expect(200);
    await request(app).get(`${W}/rounds/1`).expect(200);
    const r = await request(app).put(`${W}/retention`).send({ days: 30 }).expect(200);
    expect(r.body).toEqual({ workspace: 'w', retentionDays: 30, pruned: [1], aggregated: [2, 3], kept: 3 });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await tokenApp?.close();
    await t?.dispose();
    expect(violations).toEqual([]);
  });

  it('lists pruned versions with the date, serves their aggregate, and answers 410 where their nodes are needed', async () => {
    const list = (await request(app).get(`${W}/versions`).expect(200)).body.versions as { number: number; prunedAt: string | null }[];
    expect(list.map((v) => [v.number, v.prunedAt !== null])).toEqual([
      [4, false],
      [3, true],
      [2, true],
    ]);
    const agg = await request(tokenApp.app).get(`${W}/versions/2/aggregate`).set('Authorization', viewer).expect(200);
    expect(agg.body.note).toMatch(PRUNED);
    expect(agg.body.aggregate.nodesByType).toEqual({ school: 2, company: 1, teacher: 2 });
    // The server computed it in a worker, from the packed copy: the same as the store's own computation.
    expect(agg.body.aggregate).toEqual(aggregateDataset(DatasetSchema.parse(dataset(true))));
    expect(agg.body.rounds[0]).toMatchObject({ number: 1, uses: ['computed'], counts: { accepted: 1, rejected: 1 } });
    expect(JSON.stringify(agg.body)).not.toContain(ID);
    for (const path of ['dataset', 'graph', 'analysis', 'export?format=csv']) {
      const r = await request(app).get(`${W}/versions/2/${path}`).expect(410);
      expect(`${path}: ${r.body.detail}`).toMatch(new RegExp(`^${path.replace('?', '\\?')}: ${PRUNED.source}`));
    }
    await request(app).get(`${W}/versions/4/aggregate`).expect(404);
  });

  it('shows the round by id, pseudonymised for viewers, and exports it with a note', async () => {
    const round = (await request(app).get(`${W}/rounds/1`).expect(200)).body;
    expect(round.versionPruned).toMatch(PRUNED);
    expect(round.pairs.map((p: { left: string; leftName: string; status: string }) => [p.left, p.leftName, p.status])).toEqual([
      [ID, ID, 'accepted'],
      ['t2', 't2', 'rejected'],
    ]);
    // A viewer sees no real teacher id or name, though no kept version has her any more.
    const seen = await request(tokenApp.app).get(`${W}/rounds/1`).set('Authorization', viewer).expect(200);
    const text = JSON.stringify(seen.body);
    for (const needle of [ID, NAME, 'Jaan Tamm']) expect(text).not.toContain(needle);
    expect(seen.body.pairs[0].left).toMatch(/^p-[0-9a-f]{10}$/);
    const csv = await request(app).get(`${W}/rounds/1/export?format=csv`).expect(200);
    expect(csv.text).toContain(ID);
    expect(csv.text).toMatch(/\nnote,"version 2 was pruned on [0-9-]+; aggregate only: names, schools and regions are not kept, pairs are by id"\n$/);
  });

  it("reports say so: the current version's report without the round's impact, a pruned version's from its aggregate", async () => {
    const now = await request(app).get(`${W}/versions/4/report`).expect(200);
    expect(now.text).toContain('data-round="1"');
    expect(now.text).toMatch(/data-pruned>version 2 was pruned on [0-9-]+; aggregate only: its expected impact is not simulated again/);
    const old = await request(tokenApp.app).get(`${W}/versions/2/report`).set('Authorization', viewer).expect(200);
    expect(old.headers['content-type']).toMatch(/text\/html/);
    expect(old.text).toMatch(/Version 2 was pruned on [0-9-]+; aggregate only/);
    expect(old.text).toContain('<tr data-round="1">');
    for (const needle of [ID, NAME]) expect(old.text).not.toContain(needle);
  });
});
