import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/snapshot.ts';
import {
  acceptRound,
  cachedAnalysis,
  createRound,
  createToken,
  createWorkspace,
  decidePairs,
  diffVersions,
  getRound,
  listAudit,
  listTokens,
  listVersions,
  listWorkspaces,
  loadWorkspaceDataset,
  revokeToken,
  saveVersion,
  verifyToken,
  flushTokenUse,
  getCachedResult,
  type Store,
} from '../../src/store/index.ts';
import { forEachEngine, type TestStore } from './engines.ts';
import { trickyDataset } from './fixtures.ts';

forEachEngine('store', (engine) => {
  let t: TestStore;
  let store: Store;
  beforeAll(async () => {
    t = await engine.fresh();
    store = t.store;
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('creates workspaces, refuses duplicates and bad names', async () => {
    const ws = await createWorkspace(store, 'Region Nord', { description: 'north', actor: 'ana' });
    expect(ws).toMatchObject({ name: 'Region Nord', description: 'north', createdBy: 'ana', currentVersion: null, versions: 0 });
    await expect(createWorkspace(store, 'Region Nord')).rejects.toThrow(/already exists/);
    await expect(createWorkspace(store, ' padded')).rejects.toThrow(/not valid/);
    expect((await createWorkspace(store, 'Region Nord', { ifMissing: true })).description).toBe('north');
    expect((await listWorkspaces(store)).map((w) => w.name)).toContain('Region Nord');
  });

  it('stores a dataset as a version and loads back the same dataset, tricky ids and texts included', async () => {
    const ds = trickyDataset();
    const v = await saveVersion(store, 'tricky', ds, { createWorkspace: true, author: 'ana', report: { warnings: ['w1'] }, message: 'first' });
    expect(v).toMatchObject({ number: 1, nodeCount: 6, edgeCount: 6, author: 'ana', message: 'first', origin: { kind: 'import' } });
    const { dataset, version } = await loadWorkspaceDataset(store, 'tricky');
    expect(version.number).toBe(1);
    expect(version.report).toEqual({ warnings: ['w1'] });
    expect(dataset).toEqual(ds);
    expect(Object.getPrototypeOf(dataset.nodes[0])).toBe(Object.prototype);
    const snap = buildSnapshot(dataset);
    expect(snap.n).toBe(6);
    expect(snap.index.get('__proto__')).toBe(0);
    expect(snap.m).toBe(5); // the two uni–hub partnerships merge
  });

  it('loads a version from its rows when it has no packed copy (versions stored before migration 2)', async () => {
    const ds = trickyDataset();
    const v = await saveVersion(store, 'unpacked', ds, { createWorkspace: true });
    const [{ packed }] = await store.db.query<{ packed: Uint8Array | null }>('SELECT packed FROM dataset_versions WHERE id = $1', [v.id]);
    expect(packed).not.toBeNull();
    await store.db.query('UPDATE dataset_versions SET packed = NULL WHERE id = $1', [v.id]);
    const { dataset } = await loadWorkspaceDataset(store, 'unpacked');
    expect(dataset).toEqual(ds);
  });

  it('numbers versions per workspace, keeps older ones readable, and diffs them', async () => {
    const ds = trickyDataset();
    await saveVersion(store, 'diffy', ds, { createWorkspace: true });
    const next = structuredClone(ds);
    next.nodes = next.nodes.filter((n) => n.id !== 'teacher:1');
    next.edges = next.edges.filter((e) => e.source !== 'teacher:1');
    next.nodes.push({ id: 'new co', type: 'company', attrs: {} });
    next.nodes[0].maturity = 4;
    next.nodes[3].attrs.verified = false;
    next.edges[0].weight = 5;
    next.edges.push({ source: 'new co', target: 'uni', type: 'collaboration', weight: 1, attrs: {} });
    const v2 = await saveVersion(store, 'diffy', next);
    expect(v2.number).toBe(2);
    expect((await listVersions(store, 'diffy')).map((v) => v.number)).toEqual([1, 2]);
    expect((await loadWorkspaceDataset(store, 'diffy', 1)).dataset).toEqual(ds);
    const d = await diffVersions(store, 'diffy', 1, 2);
    expect(d.from).toBe(1);
    expect(d.nodes.added).toEqual(['new co']);
    expect(d.nodes.removed).toEqual(['teacher:1']);
    expect(d.nodes.changed).toEqual([
      { id: '__proto__', fields: ['maturity'] },
      { id: 'hub one', fields: ['attrs.verified'] },
    ]);
    expect(d.edges.added).toEqual([{ source: 'new co', target: 'uni', type: 'collaboration' }]);
    expect(d.edges.removed).toEqual([{ source: 'teacher:1', target: '__proto__', type: 'affiliation' }]);
    expect(d.edges.changed).toEqual([{ source: '__proto__', target: 'hub one', type: 'partnership', fields: ['weight'] }]);
    await expect(loadWorkspaceDataset(store, 'diffy', 9)).rejects.toThrow(/no version 9/);
  });

  it('a failed import leaves the previous version current and no stray rows', async () => {
    await saveVersion(store, 'atomic', trickyDataset(), { createWorkspace: true });
    const big = trickyDataset();
    await expect(
      saveVersion(store, 'atomic', big, {
        onProgress: (phase) => {
          if (phase === 'nodes') throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect((await listVersions(store, 'atomic')).map((v) => v.number)).toEqual([1]);
    const [{ n }] = await store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM version_nodes WHERE version_id NOT IN (SELECT id FROM dataset_versions)',
    );
    expect(n).toBe(0);
    expect((await saveVersion(store, 'atomic', big)).number).toBe(2);
  });

  it('caches analysis results per version and parameters; a new version misses', async () => {
    const v1 = await saveVersion(store, 'cachey', trickyDataset(), { createWorkspace: true });
    let computed = 0;
    const compute = () => ({ value: ++computed });
    expect(await cachedAnalysis(store, v1.id, 'centrality', { a: 1, b: [2] }, compute)).toEqual({ result: { value: 1 }, cached: false });
    expect(await cachedAnalysis(store, v1.id, 'centrality', { b: [2], a: 1 }, compute)).toEqual({ result: { value: 1 }, cached: true });
    expect(await getCachedResult(store, v1.id, 'centrality', { a: 2 })).toBeUndefined();
    const v2 = await saveVersion(store, 'cachey', trickyDataset());
    expect(await cachedAnalysis(store, v2.id, 'centrality', { a: 1, b: [2] }, compute)).toEqual({ result: { value: 2 }, cached: false });
  });

  it('runs a match round: decisions, acceptance into a new version with dated edges, audit', async () => {
    await saveVersion(store, 'mentoring', trickyDataset(), { createWorkspace: true, author: 'ana' });
    const round = await createRound(
      store,
      'mentoring',
      {
        kind: 'mentoring',
        config: { maxPerMentor: 2 },
        pairs: [
          { left: 'uni', right: '__proto__', score: 0.9, explanation: { reasons: ['shared theme STEM'] } },
          { left: 'uni', right: 'constructor', score: 0.7 },
          { left: 'hub one', right: 'Škola Žilina 1', score: 0.5 },
          { left: 'uni', right: 'Škola Žilina 1', score: 0.4, status: 'locked' },
        ],
      },
      'ana',
    );
    expect(round).toMatchObject({ number: 1, version: 1, status: 'open', counts: { proposed: 3, locked: 1, accepted: 0, rejected: 0 } });
    const decided = await decidePairs(
      store,
      'mentoring',
      1,
      [
        { left: 'uni', right: '__proto__', status: 'accepted' },
        { left: 'uni', right: 'constructor', status: 'rejected' },
      ],
      'bo',
    );
    expect(decided.pairs[0]).toMatchObject({ status: 'accepted', changedBy: 'bo', explanation: { reasons: ['shared theme STEM'] } });
    await expect(decidePairs(store, 'mentoring', 1, [{ left: 'x', right: 'y', status: 'accepted' }])).rejects.toThrow(/no pair x → y/);
    // a later import between proposal and acceptance is kept: acceptance (rebased) builds on the current version
    const later = trickyDataset();
    later.nodes.push({ id: 'late', type: 'school', attrs: {} });
    await saveVersion(store, 'mentoring', later);
    const res = await acceptRound(store, 'mentoring', 1, { actor: 'bo', date: '2025-02-01', proposed: 'leave', rebase: true });
    expect(res.version.number).toBe(3);
    expect(res.written).toBe(2);
    expect(res.round).toMatchObject({ status: 'accepted', acceptedBy: 'bo', acceptedVersion: 3 });
    const { dataset } = await loadWorkspaceDataset(store, 'mentoring');
    expect(dataset.nodes.map((n) => n.id)).toContain('late');
    const mentoring = dataset.edges.filter((e) => e.type === 'mentoring');
    expect(mentoring).toEqual([
      { source: 'uni', target: '__proto__', type: 'mentoring', weight: 1, start: '2025-02-01', attrs: { round: 1 } },
      { source: 'uni', target: 'Škola Žilina 1', type: 'mentoring', weight: 1, start: '2025-02-01', attrs: { round: 1 } },
    ]);
    await expect(acceptRound(store, 'mentoring', 1)).rejects.toThrow(/already accepted/);
    await expect(decidePairs(store, 'mentoring', 1, [{ left: 'uni', right: 'constructor', status: 'accepted' }])).rejects.toThrow(/can no longer change/);
    expect((await getRound(store, 'mentoring', 1)).pairs[1]).toMatchObject({ status: 'rejected', changedBy: 'bo' });
    const actions = (await listAudit(store, { workspace: 'mentoring' })).map((a) => `${a.actor}:${a.action}`);
    expect(actions).toEqual([
      'ana:workspace.create',
      'ana:version.create',
      'ana:round.create',
      'bo:pair.status',
      'bo:pair.status',
      expect.stringMatching(/:version\.create$/),
      'bo:round.accept',
    ]);
  });

  it('rejects malformed rounds with the offending path', async () => {
    await saveVersion(store, 'bad rounds', trickyDataset(), { createWorkspace: true });
    await expect(createRound(store, 'bad rounds', { kind: 'mentoring', pairs: [{ left: 'a', right: 'b', score: Number.NaN }] })).rejects.toThrow(
      /pairs\.0\.score/,
    );
    await expect(
      createRound(store, 'bad rounds', {
        kind: 'mentoring',
        pairs: [
          { left: 'a', right: 'b', score: 1 },
          { left: 'a', right: 'b', score: 2 },
        ],
      }),
    ).rejects.toThrow(/pairs\[1\] repeats/);
  });

  it('issues API tokens once, stores only their hash, verifies and revokes them', async () => {
    const { token, info } = await createToken(store, { name: 'coordinator-nord', role: 'coordinator', actor: 'admin' });
    expect(token).toMatch(/^hg_[A-Za-z0-9_-]{40,}$/);
    expect(info).toMatchObject({ name: 'coordinator-nord', role: 'coordinator', revoked: false, lastUsedAt: null });
    const [row] = await store.db.query<{ hash: string }>('SELECT hash FROM api_tokens WHERE name = $1', ['coordinator-nord']);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.hash).not.toContain(token);
    expect(await verifyToken(store, token)).toEqual({ name: 'coordinator-nord', role: 'coordinator' });
    expect(await verifyToken(store, token + 'x')).toBeNull();
    await flushTokenUse(); // the use is recorded after the answer
    expect((await listTokens(store)).find((x) => x.name === 'coordinator-nord')!.lastUsedAt).not.toBeNull();
    await expect(createToken(store, { name: 'coordinator-nord', role: 'viewer' })).rejects.toThrow(/already exists/);
    await expect(createToken(store, { name: 'x', role: 'root' })).rejects.toThrow(/viewer, coordinator, admin/);
    expect((await revokeToken(store, 'coordinator-nord')).revoked).toBe(true);
    expect(await verifyToken(store, token)).toBeNull();
    const global = (await listAudit(store)).filter((a) => a.workspace === null).map((a) => a.action);
    expect(global).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
  });

  it('survives a restart: everything written is there when reopened', async () => {
    await store.close();
    store = await t.reopen();
    t.store = store;
    const { dataset, version } = await loadWorkspaceDataset(store, 'mentoring');
    expect(version.number).toBe(3);
    expect(dataset.edges.filter((e) => e.type === 'mentoring')).toHaveLength(2);
    expect((await getRound(store, 'mentoring', 1)).status).toBe('accepted');
  });

  it('refuses to run against a schema newer than the code', async () => {
    await store.db.query(`INSERT INTO hubgraph_schema (version, name) VALUES (999, 'from_the_future')`);
    await store.close();
    await expect(t.reopen()).rejects.toThrow(/schema is version 999, newer than this hubgraph understands/);
    await expect(t.reopen({ migrate: false })).rejects.toThrow(/newer than this hubgraph/);
  });
});
