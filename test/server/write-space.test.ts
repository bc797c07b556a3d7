/**
 * Issue 20, defect 10, for the writes that are not imports: accepting a round and closing a survey each
 * store a whole new version, so they check free space first, as imports do (src/store/space.ts). On a
 * disk without room, or with the space reserve released, the answer is 507 in words (the CLI prints the
 * same and exits 1), and nothing changed: no version, the round still open, the survey still open.
 * The free-space probe is the unit seam here; test/store/write-space.test.ts uses a real small disk.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { openStore } from '../../src/store/open.ts';
import { releaseReserve } from '../../src/store/reserve.ts';
import { getRound } from '../../src/store/rounds.ts';
import { setFreeSpaceProbe } from '../../src/store/space.ts';
import { getSurvey } from '../../src/store/surveys.ts';
import { listVersions } from '../../src/store/versions.ts';
import { freshPgliteDir } from '../store/engines.ts';
import { hubgraph } from '../cli/run-cli.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { MB, seedRoundAndSurvey } from '../store/write-space-fixture.ts';

afterEach(() => setFreeSpaceProbe(undefined));

describe('round accept and survey close over HTTP', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await makeServer({ mode: 'local' });
    await seedRoundAndSurvey(s.store, 'w');
  }, 120_000);
  afterAll(async () => s?.dispose());

  it('answer 507 in words on a nearly full disk and write nothing; go ahead once there is room', async () => {
    setFreeSpaceProbe(async () => 10 * MB);
    const acc = await request(s.app).post('/api/workspaces/w/rounds/1/accept').send({ proposed: 'accept' }).expect(507);
    expect(acc.body.detail).toMatch(
      /^not enough free disk space for this write: 10 MB free in .*, it needs about \d+ MB plus \d+ MB kept free; .*nothing was written$/,
    );
    const close = await request(s.app).post('/api/workspaces/w/surveys/1/close').send({}).expect(507);
    expect(close.body.detail).toMatch(/not enough free disk space for this write: 10 MB free/);
    expect((await listVersions(s.store, 'w')).map((v) => v.number)).toEqual([1]);
    const round = await getRound(s.store, 'w', 1);
    expect(round.status).toBe('open');
    expect(round.pairs.map((p) => p.status)).toEqual(['proposed']); // the accept's pair update was rolled back
    expect((await getSurvey(s.store, 'w', 1)).status).toBe('open');

    setFreeSpaceProbe(undefined);
    await request(s.app).post('/api/workspaces/w/rounds/1/accept').send({ proposed: 'accept' }).expect(200);
    await request(s.app).post('/api/workspaces/w/surveys/1/close').send({}).expect(200);
    expect((await listVersions(s.store, 'w')).map((v) => v.number)).toEqual([1, 2, 3]);
  });

  it('refuse both while the space reserve is released, naming it, until there is room to make it again', async () => {
    await seedRoundAndSurvey(s.store, 'r');
    expect(await releaseReserve(s.store.reserve!, 'a write found the disk full')).toBe(true);
    setFreeSpaceProbe(async () => 30 * MB);
    const acc = await request(s.app).post('/api/workspaces/r/rounds/1/accept').send({ proposed: 'accept' }).expect(507);
    expect(acc.body.detail).toMatch(
      /is nearly full: 30 MB free\. The store released its 64 MB space reserve to open or recover, so it answers reads but takes no new imports/,
    );
    await request(s.app).post('/api/workspaces/r/surveys/1/close').send({}).expect(507);
    expect((await listVersions(s.store, 'r')).length).toBe(1);
    setFreeSpaceProbe(undefined);
    await request(s.app).post('/api/workspaces/r/rounds/1/accept').send({ proposed: 'accept' }).expect(200);
    expect(s.store.reserve).toMatchObject({ held: true, released: false });
  });
});

describe('round accept and survey close in the CLI', () => {
  let data = '';
  beforeAll(async () => {
    data = await freshPgliteDir();
    const store = await openStore({ dataDir: data, env: {} });
    await seedRoundAndSurvey(store, 'w');
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('print why and exit 1 on a nearly full disk, with nothing written', async () => {
    setFreeSpaceProbe(async () => 10 * MB);
    const acc = await hubgraph('workspace', 'accept', 'w', '1', '--proposed', 'accept', '--data', data);
    expect(acc.code).toBe(1);
    expect(acc.stderr).toMatch(/not enough free disk space for this write: 10 MB free in .*nothing was written/);
    const close = await hubgraph('survey', 'close', 'w', '1', '--data', data);
    expect(close.code).toBe(1);
    expect(close.stderr).toMatch(/not enough free disk space for this write/);
    const versions = await hubgraph('workspace', 'versions', 'w', '--data', data, '--json');
    setFreeSpaceProbe(undefined);
    expect(versions.stdout).toMatch(/"number": 1\b/);
    expect(versions.stdout).not.toMatch(/"number": 2\b/);
    const ok = await hubgraph('workspace', 'accept', 'w', '1', '--proposed', 'accept', '--data', data);
    expect(ok.code).toBe(0);
    expect((await hubgraph('survey', 'close', 'w', '1', '--data', data)).code).toBe(0);
  }, 120_000);
});
