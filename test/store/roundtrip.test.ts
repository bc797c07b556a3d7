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
import { getLayout, saveLayout } from '../../src/store/layouts.ts';
import { createSurvey, getSurvey, issueLinks, openRespondentView, saveAnswers } from '../../src/store/surveys.ts';
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
    await saveLayout(store, 'Nord 2025', 1, new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12.5]).buffer), { actor: 'ana' });
    await saveVersion(store, 'Nord 2025', generatedDataset(300, 900), { author: 'ana', origin: { kind: 'import', source: 'data/spring' } });
    // Version 2 gets a layout of its own; the accepted round's version 3 inherits it.
    await saveLayout(store, 'Nord 2025', 2, new Uint8Array(new Float32Array(Array.from({ length: 600 }, (_, i) => i / 7)).buffer), { actor: 'bo' });
    await createSurvey(store, 'Nord 2025', { title: 'Who do you work with?' }, { actor: 'ana' });
    const links = await issueLinks(store, 'Nord 2025', 1);
    const view = await openRespondentView(store, links[0].token);
    await saveAnswers(store, links[0].token, { named: [{ key: view.roster[0].key }] }, { submit: true });
    await createRound(
      store,
      'Nord 2025',
      {
        kind: 'partnership',
        name: 'spring',
        config: { k: 3 },
        scoring: { kind: 'weights', weights: { themes: 1, adamicAdar: 0.5 } },
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
    return links;
  }

  it('restores all versions, rounds, decisions and audit identically', async () => {
    const links = await populate(a.store);
    const first = join(tmp, 'first');
    const summary = await exportWorkspace(a.store, 'Nord 2025', first);
    expect(summary).toMatchObject({ versions: 3, rounds: 2, layouts: 3, surveys: 1 });
    const restored = await restoreWorkspace(b.store, first, { actor: 'carla' });
    expect(restored).toMatchObject({ name: 'Nord 2025', versions: 3, rounds: 2, layouts: 3, surveys: 1, linksDropped: 0 });
    const second = join(tmp, 'second');
    await exportWorkspace(b.store, 'Nord 2025', second);
    expect(files(second)).toEqual(files(first));

    // and what a user sees through the API is the same
    for (const n of [1, 2, 3]) {
      expect((await loadWorkspaceDataset(b.store, 'Nord 2025', n)).dataset).toEqual((await loadWorkspaceDataset(a.store, 'Nord 2025', n)).dataset);
    }
    const strip = (r: Awaited<ReturnType<typeof getRound>>) => r;
    expect(strip(await getRound(b.store, 'Nord 2025', 1))).toEqual(strip(await getRound(a.store, 'Nord 2025', 1)));
    // how the partnership round was scored comes back with it, apart from its config
    const scored = await getRound(b.store, 'Nord 2025', 1);
    expect([scored.config, scored.scoring]).toEqual([{ k: 3 }, { kind: 'weights', weights: { themes: 1, adamicAdar: 0.5 } }]);
    expect((await listVersions(b.store, 'Nord 2025')).map(({ id: _id, ...v }) => v)).toEqual(
      (await listVersions(a.store, 'Nord 2025')).map(({ id: _id, ...v }) => v),
    );
    expect((await listAudit(b.store, { workspace: 'Nord 2025' })).map(({ id: _id, ...e }) => e)).toEqual(
      (await listAudit(a.store, { workspace: 'Nord 2025' })).map(({ id: _id, ...e }) => e),
    );
    // the restore itself is audited store-wide
    expect((await listAudit(b.store)).filter((e) => e.workspace === null).map((e) => `${e.actor}:${e.action}`)).toEqual(['carla:workspace.restore']);
    // saved layouts, the inherited one still marked so, and the survey with its answers
    for (const n of [1, 2, 3]) expect(await getLayout(b.store, 'Nord 2025', n)).toEqual(await getLayout(a.store, 'Nord 2025', n));
    expect((await getLayout(b.store, 'Nord 2025', 3))!.inheritedFrom).toBe(2);
    expect(await getSurvey(b.store, 'Nord 2025', 1)).toEqual(await getSurvey(a.store, 'Nord 2025', 1));
    expect((await getSurvey(b.store, 'Nord 2025', 1)).submitted).toBe(1);
    // links already sent open the restored survey, with the answers saved before the export
    const opened = await openRespondentView(b.store, links[0].token);
    expect(opened).toEqual(await openRespondentView(a.store, links[0].token));
    expect(opened.state).toBe('submitted');
    // the restored store goes on: the next round is numbered after the restored ones
    expect((await createRound(b.store, 'Nord 2025', { kind: 'mentoring', pairs: [] })).number).toBe(3);
  });

  it('a copy restored next to its original leaves the survey links with the original', async () => {
    const first = join(tmp, 'first');
    const copy = await restoreWorkspace(a.store, first, { name: 'Nord copy' });
    const links = (await getSurvey(a.store, 'Nord 2025', 1)).respondents;
    expect(copy).toMatchObject({ surveys: 1, linksDropped: links });
    expect((await getSurvey(a.store, 'Nord copy', 1)).submitted).toBe(1);
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
    const badLayout = join(tmp, 'bad-layout');
    await exportWorkspace(a.store, 'Nord 2025', badLayout);
    writeFileSync(join(badLayout, 'versions/0002/layout.json'), JSON.stringify({ encoding: 'float32le-xy-base64', positions: 'AAAAAA==' }));
    await expect(restoreWorkspace(b.store, badLayout, { name: 'copy' })).rejects.toThrow(
      /versions\/0002\/layout\.json: 4 bytes hold 0\.5 positions; this version has 300 nodes/,
    );
    await expect(exportWorkspace(a.store, 'Nord 2025', broken)).rejects.toThrow(/not empty/);
  });
});
