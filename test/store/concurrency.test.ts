import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptRound, createRound, decidePairs, listAudit, listVersions, loadWorkspaceDataset, saveVersion, type Store } from '../../src/store/index.ts';
import { forEachEngine, type TestStore } from './engines.ts';
import { generatedDataset } from './fixtures.ts';

// On the server each Store is its own connection pool, as two processes would be; PGlite serialises in-process.
forEachEngine('concurrent writers', (engine) => {
  let t: TestStore;
  let other: Store;
  beforeAll(async () => {
    t = await engine.fresh();
    other = engine.name === 'postgres' ? await t.reopen() : t.store;
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('parallel imports get distinct, gap-free version numbers and all land whole', async () => {
    const sizes = [
      [2000, 8000],
      [1500, 6000],
      [1800, 7000],
      [1200, 5000],
      [2200, 9000],
      [1000, 3000],
    ];
    await saveVersion(t.store, 'busy', generatedDataset(10, 20), { createWorkspace: true });
    const results = await Promise.all(
      sizes.map(([n, m], i) => saveVersion(i % 2 ? other : t.store, 'busy', generatedDataset(n, m, i + 1), { author: `writer${i}` })),
    );
    const numbers = results.map((v) => v.number).sort((x, y) => x - y);
    expect(numbers).toEqual([2, 3, 4, 5, 6, 7]);
    for (const [i, v] of results.entries()) {
      const { dataset } = await loadWorkspaceDataset(t.store, 'busy', v.number);
      expect(dataset.nodes.length).toBe(sizes[i][0]);
      expect(dataset.edges).toEqual(generatedDataset(sizes[i][0], sizes[i][1], i + 1).edges);
    }
  }, 120_000);

  it('an import racing a round acceptance: each sees the other whole, in some serial order', async () => {
    const base = generatedDataset(500, 2000, 11);
    await saveVersion(t.store, 'race', base, { createWorkspace: true });
    await createRound(t.store, 'race', {
      kind: 'mentoring',
      pairs: [
        { left: 'n1', right: 'n2', score: 1 },
        { left: 'n3', right: 'n4', score: 1 },
      ],
    });
    await decidePairs(t.store, 'race', 1, [
      { left: 'n1', right: 'n2', status: 'accepted' },
      { left: 'n3', right: 'n4', status: 'locked' },
    ]);
    const incoming = generatedDataset(600, 2500, 12);
    const [imported, accepted] = await Promise.all([
      saveVersion(other, 'race', incoming, { author: 'importer' }),
      // rebase: when the import wins the race the round is stale, and is re-checked against it instead of refused.
      acceptRound(t.store, 'race', 1, { actor: 'coordinator', date: '2025-04-01', rebase: true }),
    ]);
    expect(new Set([imported.number, accepted.version.number])).toEqual(new Set([2, 3]));
    const acceptedDs = (await loadWorkspaceDataset(t.store, 'race', accepted.version.number)).dataset;
    // acceptance built on whatever was current when it got the lock: the base, or the whole import
    const builtOn = accepted.version.number === 3 ? incoming : base;
    expect(acceptedDs.nodes).toEqual(builtOn.nodes);
    expect(acceptedDs.edges.slice(0, builtOn.edges.length)).toEqual(builtOn.edges);
    expect(acceptedDs.edges.slice(builtOn.edges.length).map((e) => [e.source, e.target, e.type, e.start])).toEqual([
      ['n1', 'n2', 'mentoring', '2025-04-01'],
      ['n3', 'n4', 'mentoring', '2025-04-01'],
    ]);
    expect((await loadWorkspaceDataset(t.store, 'race', imported.number)).dataset.edges).toEqual(incoming.edges);
    expect((await listVersions(t.store, 'race')).map((v) => v.number)).toEqual([1, 2, 3]);
  }, 120_000);

  it('two acceptances of one round: exactly one wins', async () => {
    await saveVersion(t.store, 'twice', generatedDataset(50, 100), { createWorkspace: true });
    await createRound(t.store, 'twice', { kind: 'partnership', pairs: [{ left: 'n1', right: 'n2', score: 1, status: 'accepted' }] });
    const results = await Promise.allSettled([acceptRound(t.store, 'twice', 1), acceptRound(other, 'twice', 1)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(failed.reason)).toMatch(/already accepted/);
    expect((await listVersions(t.store, 'twice')).map((v) => v.number)).toEqual([1, 2]);
    expect((await listAudit(t.store, { workspace: 'twice' })).filter((a) => a.action === 'round.accept')).toHaveLength(1);
  }, 60_000);
});
