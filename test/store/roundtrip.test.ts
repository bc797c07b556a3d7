import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  acceptRound,
  createRound,
  decidePairs,
  exportWorkspace,
  getRound,
  listAudit,
  listVersions,
  loadWorkspaceDataset,
  restoreWorkspace,
  saveVersion,
  type Store,
} from '../../src/store/index.ts';
import { forEachEngine, type TestStore } from './engines.ts';
import { generatedDataset, trickyDataset } from './fixtures.ts';

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

forEachEngine('workspace export → import', (engine) => {
  let a: TestStore;
  let b: TestStore;
  let tmp: string;
  beforeAll(async () => {
    [a, b] = await Promise.all([engine.fresh(), engine.fresh()]);
    tmp = mkdtempSync(join(tmpdir(), 'hubgraph-export-'));
  }, 120_000);
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function populate(store: Store) {
    await saveVersion(store, 'Nord 2025', trickyDataset(), { createWorkspace: true, author: 'ana', report: { warnings: [] }, message: 'autumn' });
    await saveVersion(store, 'Nord 2025', generatedDataset(300, 900), { author: 'ana', origin: { kind: 'import', source: 'data/spring' } });
    await createRound(
      store,
      'Nord 2025',
      {
        kind: 'partnership',
        name: 'spring',
        config: { k: 3 },
        pairs: [
          { left: 'n1', right: 'n2', score: 0.81, explanation: { shared: ['AI'] } },
          { left: 'n3', right: 'n4', score: 0.5 },
        ],
      },
      'ana',
    );
    await decidePairs(
      store,
      'Nord 2025',
      1,
      [
        { left: 'n1', right: 'n2', status: 'accepted' },
        { left: 'n3', right: 'n4', status: 'rejected' },
      ],
      'bo',
    );
    await acceptRound(store, 'Nord 2025', 1, { actor: 'bo', date: '2025-03-01' });
    await createRound(store, 'Nord 2025', { kind: 'mentoring', pairs: [{ left: 'n5', right: 'n6', score: 1 }] }, 'ana');
  }

  it('restores all versions, rounds, decisions and audit identically', async () => {
    await populate(a.store);
    const first = join(tmp, 'first');
    const summary = await exportWorkspace(a.store, 'Nord 2025', first);
    expect(summary).toMatchObject({ versions: 3, rounds: 2 });
    const restored = await restoreWorkspace(b.store, first, { actor: 'carla' });
    expect(restored).toMatchObject({ name: 'Nord 2025', versions: 3, rounds: 2 });
    const second = join(tmp, 'second');
    await exportWorkspace(b.store, 'Nord 2025', second);
    expect(files(second)).toEqual(files(first));

    // and what a user sees through the API is the same
    for (const n of [1, 2, 3]) {
      expect((await loadWorkspaceDataset(b.store, 'Nord 2025', n)).dataset).toEqual((await loadWorkspaceDataset(a.store, 'Nord 2025', n)).dataset);
    }
    const strip = (r: Awaited<ReturnType<typeof getRound>>) => r;
    expect(strip(await getRound(b.store, 'Nord 2025', 1))).toEqual(strip(await getRound(a.store, 'Nord 2025', 1)));
    expect((await listVersions(b.store, 'Nord 2025')).map(({ id: _id, ...v }) => v)).toEqual(
      (await listVersions(a.store, 'Nord 2025')).map(({ id: _id, ...v }) => v),
    );
    expect((await listAudit(b.store, { workspace: 'Nord 2025' })).map(({ id: _id, ...e }) => e)).toEqual(
      (await listAudit(a.store, { workspace: 'Nord 2025' })).map(({ id: _id, ...e }) => e),
    );
    // the restore itself is audited store-wide
    expect((await listAudit(b.store)).filter((e) => e.workspace === null).map((e) => `${e.actor}:${e.action}`)).toEqual(['carla:workspace.restore']);
    // the restored store goes on: the next round is numbered after the restored ones
    expect((await createRound(b.store, 'Nord 2025', { kind: 'mentoring', pairs: [] })).number).toBe(3);
  });

  it('refuses to restore over an existing workspace, or from broken files, naming file and line', async () => {
    const first = join(tmp, 'first');
    await expect(restoreWorkspace(b.store, first)).rejects.toThrow(/already exists/);
    const broken = join(tmp, 'broken');
    await exportWorkspace(a.store, 'Nord 2025', broken);
    const edges = join(broken, 'versions/0002/edges.jsonl');
    const lines = readFileSync(edges, 'utf8').split('\n');
    lines[4] = JSON.stringify({ source: 'n1', target: 'n2', weight: -1 });
    writeFileSync(edges, lines.join('\n'));
    await expect(restoreWorkspace(b.store, broken, { name: 'copy' })).rejects.toThrow(/versions\/0002\/edges\.jsonl line 5 at weight/);
    await expect(loadWorkspaceDataset(b.store, 'copy')).rejects.toThrow(/no workspace named "copy"/);
    await expect(exportWorkspace(a.store, 'Nord 2025', broken)).rejects.toThrow(/not empty/);
  });
});
