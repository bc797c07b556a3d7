/** Issue 20, retention: an optional per-workspace period after which old versions are pruned (API and CLI, admin only). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DatasetSchema } from '../../src/model/index.ts';
import { createToken } from '../../src/store/tokens.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';
import { hubgraph } from '../cli/run-cli.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.ts';
import { setRetention } from '../../src/store/retention.ts';
import { getVersion } from '../../src/store/versions.ts';
import { analysisOptions } from '../../src/server/routes/analysis.ts';

let s: TestServer;
let coordinator = '';
const ds = DatasetSchema.parse(smallEcosystem());
const age = (ws: string, number: number, days: number) =>
  s.store.db.query(`UPDATE dataset_versions SET created_at = $3 WHERE number = $2 AND workspace_id = (SELECT id FROM workspaces WHERE name = $1)`, [
    ws,
    number,
    new Date(Date.now() - days * 86_400_000).toISOString(),
  ]);

beforeAll(async () => {
  s = await makeServer({ mode: 'local' });
  coordinator = (await createToken(s.store, { name: 'coord', role: 'coordinator', actor: 'test' })).token;
  for (let i = 0; i < 4; i++) await saveVersion(s.store, 'w', ds, { author: 'test', createWorkspace: true });
  await age('w', 1, 400);
  await age('w', 2, 100);
  await age('w', 3, 10);
  await age('w', 4, 200); // the current version, old as it is
  // v1 is the version a match round ran on: kept whatever its age.
  await s.store.db.query(
    `INSERT INTO match_rounds (workspace_id, number, kind, version_id, config, status, created_by, created_at)
     SELECT w.id, 1, 'mentoring', v.id, '{}'::jsonb, 'open', 'test', now() FROM workspaces w JOIN dataset_versions v ON v.workspace_id = w.id AND v.number = 1 WHERE w.name = 'w'`,
  );
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

describe('retention over HTTP', () => {
  it('prunes versions older than the period, keeping the current one and those rounds used; audited; admin only', async () => {
    const t = s.variant({ mode: 'token' });
    await request(t.app).put('/api/workspaces/w/retention').set('Authorization', `Bearer ${coordinator}`).send({ days: 30 }).expect(403);
    const r = await request(s.app).put('/api/workspaces/w/retention').send({ days: 30 }).expect(200);
    // v1 is past the period too, but a round ran on it: reduced to its aggregate, not deleted.
    expect(r.body).toEqual({ workspace: 'w', retentionDays: 30, pruned: [2], aggregated: [1], kept: 3 });
    const left = (await request(s.app).get('/api/workspaces/w/versions').expect(200)).body.versions.map((v: { number: number }) => v.number);
    expect(left).toEqual([4, 3, 1]);
    await request(s.app).get('/api/workspaces/w/versions/2').expect(404);
    const audit = (await request(s.app).get('/api/workspaces/w/audit').expect(200)).body.entries as { action: string; details: Record<string, unknown> }[];
    expect(audit.find((e) => e.action === 'version.prune')?.details).toMatchObject({ versions: [2], aggregated: [1], retentionDays: 30 });
    expect(audit.find((e) => e.action === 'workspace.retention')?.details).toEqual({ retentionDays: 30 });
    // Nothing more to prune now; with no period nothing is ever pruned.
    expect((await request(s.app).post('/api/workspaces/w/prune').expect(200)).body.pruned).toEqual([]);
    await request(s.app).put('/api/workspaces/w/retention').send({ days: 0 }).expect(400);
  });

  it("the daily prune also drops this server's in-memory copies of the versions it removed", async () => {
    for (let i = 0; i < 2; i++) await saveVersion(s.store, 'd', ds, { author: 'test', createWorkspace: true });
    await age('d', 1, 100);
    const v1 = (await getVersion(s.store, 'd', 1)).id;
    // The server has read v1 and analysed it: its record, decoded copy and result are in memory.
    await request(s.app).get('/api/workspaces/d/versions/1').expect(200);
    await request(s.app).get('/api/workspaces/d/versions/1/analysis').expect(200);
    expect(s.ctx.cache.peek(v1, 'analysis', analysisOptions({}))).toBeDefined();
    await setRetention(s.store, 'd', 30, { actor: 'test' }); // set in the store: nothing pruned yet
    await request(s.app).get('/api/workspaces/d/versions/1').expect(200);
    const rs = await s.pruneRetention();
    expect(rs.find((r) => r.workspace === 'd')).toMatchObject({ pruned: [1], kept: 1 });
    expect(s.ctx.cache.peek(v1, 'analysis', analysisOptions({}))).toBeUndefined();
    await request(s.app).get('/api/workspaces/d/versions/1').expect(404);
    await request(s.app).get('/api/workspaces/d/versions/1/analysis').expect(404);
    await request(s.app).get('/api/workspaces/d/versions/2').expect(200);
  });

  it('is set and cleared from the CLI', async () => {
    // The CLI opens the store itself (PGlite is one process's at a time): a data directory of its own.
    const dir = mkdtempSync(join(tmpdir(), 'hubgraph-retention-'));
    const st = await openStore({ dataDir: dir, env: {} });
    await saveVersion(st, 'c', ds, { author: 'test', createWorkspace: true });
    await saveVersion(st, 'c', ds, { author: 'test' });
    await st.db.query(`UPDATE dataset_versions SET created_at = now() - interval '90 days'`);
    await st.close();
    try {
      const bad = await hubgraph('workspace', 'retention', 'c', '--data', dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/either --days N or --off/);
      const set = await hubgraph('workspace', 'retention', 'c', '--days', '7', '--data', dir, '--json');
      expect(set.code).toBe(0);
      expect(JSON.parse(set.stdout)).toEqual({ workspace: 'c', retentionDays: 7, pruned: [1], aggregated: [], kept: 1 });
      const off = await hubgraph('workspace', 'retention', 'c', '--off', '--data', dir);
      expect(off.stdout).toMatch(/versions kept forever; pruned none; 1 left/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
