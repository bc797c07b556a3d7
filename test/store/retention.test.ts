/**
 * Retention keeps accepted rounds' history in aggregate (issue 20): a version past the period that a
 * round used keeps its record and an aggregate, loses its nodes, ties, report, layout and cached
 * results; the round's pairs stay readable as ids, pseudonymised and erasable. PGlite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { exportWorkspace, getRound, listVersions, loadWorkspaceDataset, restoreWorkspace } from '../../src/store/index.ts';
import { erasePerson } from '../../src/store/erase.ts';
import { PrunedVersionError } from '../../src/store/errors.ts';
import { workspacePersons } from '../../src/store/persons.ts';
import { prunedVersionView, pruneVersions, setRetention } from '../../src/store/retention.ts';
import type { Store } from '../../src/store/open.ts';
import { forEachEngine, type TestStore } from './engines.ts';
import { ID, NAME, programme } from './retention-fixture.ts';

/** Rows of every table (all columns as text) that contain `needle`. */
async function rowsContaining(store: Store, needle: string): Promise<string[]> {
  const tables = await store.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const out: string[] = [];
  for (const { table_name } of tables) {
    const rows = await store.db.query<{ r: string }>(`SELECT t::text AS r FROM ${table_name} t WHERE strpos(t::text, $1) > 0`, [needle]);
    out.push(...rows.map((x) => `${table_name}: ${x.r.slice(0, 160)}`));
  }
  return out;
}

const rowsOf = async (store: Store, table: string, versionNumber: number) =>
  (
    await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE version_id = (SELECT id FROM dataset_versions WHERE number = $1)`, [
      versionNumber,
    ])
  )[0].n;

forEachEngine('retention keeps rounds’ versions as aggregates', (engine) => {
  let t: TestStore | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('deletes unused old versions, reduces the rounds’ ones to aggregates, keeps the pairs as ids', async () => {
    t = await engine.fresh();
    const { store } = t;
    await programme(store);
    await setRetention(store, 'w', 30, { actor: 'admin' });
    const r = await pruneVersions(store, 'w', { actor: 'admin' });
    expect(r).toEqual({ workspace: 'w', retentionDays: 30, pruned: [1], aggregated: [2, 3], kept: 3 });

    const versions = await listVersions(store, 'w');
    expect(versions.map((v) => [v.number, v.prunedAt !== null])).toEqual([
      [2, true],
      [3, true],
      [4, false],
    ]);
    // The record stays with its counts; the rows, the report, the packed copy and the cached results go.
    expect(versions[0]).toMatchObject({ nodeCount: 5, edgeCount: 3, report: null });
    for (const table of ['version_nodes', 'version_edges', 'analysis_cache', 'version_layouts'])
      for (const n of [2, 3]) expect(`${table} v${n}: ${await rowsOf(store, table, n)}`).toBe(`${table} v${n}: 0`);
    const [{ packed }] = await store.db.query<{ packed: number }>(
      `SELECT count(*)::int AS packed FROM dataset_versions WHERE number IN (2, 3) AND packed IS NOT NULL`,
    );
    expect(packed).toBe(0);

    // Reading its nodes says what happened, with the date, instead of reading as an empty version.
    const err = await loadWorkspaceDataset(store, 'w', 2).catch((e) => e);
    expect(err).toBeInstanceOf(PrunedVersionError);
    expect(err.message).toMatch(/^version 2 was pruned on \d{4}-\d\d-\d\d; aggregate only/);

    const view = await prunedVersionView(store, 'w', 2);
    expect(view.note).toBe(`version 2 was pruned on ${view.prunedAt.slice(0, 10)}; aggregate only`);
    expect(view.aggregate).toMatchObject({
      nodes: 5,
      ties: 3,
      nodesByType: { school: 2, company: 1, teacher: 2 },
      tiesByType: { affiliation: 2, collaboration: 1 },
      nodesByRegion: { North: 3, South: 2 },
    });
    expect(view.aggregate.indicators.overall).toMatchObject({ key: null, nodes: 5, schools: 2 });
    expect(view.aggregate.indicators.regions.map((g) => g.key)).toEqual(['North', 'South']);
    expect(view.rounds).toEqual([
      {
        number: 1,
        kind: 'mentoring',
        name: null,
        status: 'accepted',
        uses: ['computed'],
        pairs: 2,
        counts: { proposed: 0, accepted: 1, rejected: 1, locked: 0 },
        outcomes: { recorded: 0, met: 0 },
      },
    ]);
    expect((await prunedVersionView(store, 'w', 3)).rounds[0].uses).toEqual(['accepted']);
    await expect(prunedVersionView(store, 'w', 4)).rejects.toThrow(/was not pruned/);
    // No id or name in the aggregates.
    const aggregates = JSON.stringify(await store.db.query(`SELECT aggregate FROM dataset_versions WHERE aggregate IS NOT NULL`));
    for (const needle of [ID, NAME, 't2', 'Jaan', 'North School']) expect(aggregates).not.toContain(needle);

    // The round is whole, by id; its teacher is still known as a person (pseudonyms), though no kept version has her.
    const round = await getRound(store, 'w', 1);
    expect(round).toMatchObject({ status: 'accepted', version: 2, acceptedVersion: 3 });
    expect(round.pairs.map((p) => [p.left, p.right, p.status])).toEqual([
      [ID, 's2', 'accepted'],
      ['t2', 's1', 'rejected'],
    ]);
    expect(await workspacePersons(store.db, 'w')).toEqual(expect.arrayContaining([{ id: ID, label: NAME }]));

    // Pruning again changes nothing.
    expect(await pruneVersions(store, 'w')).toMatchObject({ pruned: [], aggregated: [], kept: 3 });
  });

  it('erasing a person who is only in pruned versions reaches their pairs and leaves no trace', async () => {
    t = await engine.fresh();
    const { store } = t;
    await programme(store);
    await setRetention(store, 'w', 30, { actor: 'admin' });
    await pruneVersions(store, 'w', { actor: 'admin' });
    const r = await erasePerson(store, 'w', ID, { actor: 'dpo' });
    expect(r).toMatchObject({ versions: 0, nodes: 0 });
    for (const needle of [ID, NAME]) expect(await rowsContaining(store, needle)).toEqual([]);
    // The tallies are read from the rounds as they are now: her accepted pair is gone from them too.
    expect((await prunedVersionView(store, 'w', 2)).rounds[0]).toMatchObject({ pairs: 1, counts: { accepted: 0, rejected: 1 } });
    expect((await prunedVersionView(store, 'w', 2)).aggregate.nodes).toBe(5);
    await expect(erasePerson(store, 'w', ID)).rejects.toThrow(/no node/);
  });

  it('a workspace export carries pruned versions and their persons; the restore is the same', async () => {
    t = await engine.fresh();
    const { store } = t;
    await programme(store);
    await setRetention(store, 'w', 30, { actor: 'admin' });
    await pruneVersions(store, 'w', { actor: 'admin' });
    const dir = join(mkdtempSync(join(tmpdir(), 'hubgraph-retention-export-')), 'w');
    dirs.push(dir, join(dir, '..'));
    await exportWorkspace(store, 'w', dir);
    await restoreWorkspace(store, dir, { name: 'copy', actor: 'test' });
    const a = await prunedVersionView(store, 'w', 2);
    const b = await prunedVersionView(store, 'copy', 2);
    expect({ ...b, workspace: 'w' }).toEqual(a);
    expect((await listVersions(store, 'copy')).map((v) => [v.number, v.nodeCount, v.prunedAt])).toEqual(
      (await listVersions(store, 'w')).map((v) => [v.number, v.nodeCount, v.prunedAt]),
    );
    expect(await workspacePersons(store.db, 'copy')).toEqual(expect.arrayContaining([{ id: ID, label: NAME }]));
    await expect(loadWorkspaceDataset(store, 'copy', 3)).rejects.toThrow(/version 3 was pruned on/);
  });
});
