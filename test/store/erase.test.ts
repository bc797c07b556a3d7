/** Right to erasure and workspace deletion, checked with SQL over every table of the store. */
import { afterEach, expect, it } from 'vitest';
import { DatasetSchema, type DatasetInput } from '../../src/model/index.ts';
import { createRound, decidePairs, getWorkspace, listAudit, listVersions, loadWorkspaceDataset, saveVersion } from '../../src/store/index.ts';
import { putCachedResult } from '../../src/store/cache.ts';
import { erasePerson, TOMBSTONE } from '../../src/store/erase.ts';
import { exportPerson } from '../../src/store/person-data.ts';
import { deleteWorkspace } from '../../src/store/workspaces.ts';
import { forEachEngine, type TestStore } from './engines.ts';
import type { Store } from '../../src/store/open.ts';

const ID = 'teacher-liis-7';
const NAME = 'Liis Kask';

function dataset(extra = 0): DatasetInput {
  return {
    meta: { name: 'erasure test' },
    nodes: [
      { id: 's1', type: 'school', label: 'North School', attrs: { notes: `contact ${NAME} (${ID}) about robotics` } },
      { id: 's2', type: 'school', label: 'South School' },
      { id: ID, type: 'teacher', label: NAME, attrs: { email: 'liis@example.org' } },
      { id: 't2', type: 'teacher', label: 'Jaan Tamm' },
      ...Array.from({ length: extra }, (_, i) => ({ id: `x${i}`, type: 'school' as const })),
    ],
    edges: [
      { source: ID, target: 's1', type: 'affiliation' },
      { source: 't2', target: 's2', type: 'affiliation' },
      { source: ID, target: 't2', type: 'mentoring' },
      { source: 's1', target: 's2', type: 'partnership' },
    ],
  };
}

/** Rows of every table (all columns as text) that contain `needle`, as `table: row`. */
async function rowsContaining(store: Store, needle: string): Promise<string[]> {
  const tables = await store.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const out: string[] = [];
  for (const { table_name } of tables) {
    const rows = await store.db.query<{ r: string }>(`SELECT t::text AS r FROM ${table_name} t WHERE strpos(t::text, $1) > 0`, [needle]);
    out.push(...rows.map((x) => `${table_name}: ${x.r.slice(0, 200)}`));
  }
  return out;
}

forEachEngine('erasure and deletion', (engine) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('erases a person from every version, round, cache and audit entry; the SQL finds no trace', async () => {
    t = await engine.fresh();
    const { store } = t;
    const v1 = await saveVersion(store, 'w', DatasetSchema.parse(dataset()), { author: 'test', createWorkspace: true, message: `import with ${NAME}` });
    const v2 = await saveVersion(store, 'w', DatasetSchema.parse(dataset(2)), { author: 'test' });
    await createRound(
      store,
      'w',
      {
        kind: 'mentoring',
        config: { lock: [[ID, 's2']] },
        pairs: [
          { left: ID, right: 's2', score: 0.9, explanation: { text: `${NAME} mentors South School` } },
          { left: 't2', right: 's1', score: 0.5, explanation: { text: `Jaan Tamm; like ${NAME}` } },
        ],
      },
      'test',
    );
    await decidePairs(store, 'w', 1, [{ left: ID, right: 's2', status: 'accepted' }], 'test');
    await putCachedResult(store, v2.id, 'analysis', {}, { nodes: [{ id: ID, label: NAME, degree: 2 }] });
    expect((await rowsContaining(store, ID)).length).toBeGreaterThan(5);

    const before = await exportPerson(store, 'w', ID);
    expect(before.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(before.versions[0].node).toMatchObject({ id: ID, label: NAME, attrs: { email: 'liis@example.org' } });
    expect(before.versions[0].ties).toHaveLength(2);
    expect(Object.keys(before.records)).toContain('round_pairs');

    const r = await erasePerson(store, 'w', ID, { actor: 'dpo' });
    expect(r).toMatchObject({ versions: 2, nodes: 2, edges: 4, otherRows: 1 });
    for (const needle of [ID, NAME, 'liis@example.org']) expect(await rowsContaining(store, needle)).toEqual([]);

    // The packed copies (gzip, invisible to SQL) are rebuilt too, and the rest of each version is intact.
    for (const v of [v1.number, v2.number]) {
      const { dataset: d, version } = await loadWorkspaceDataset(store, 'w', v);
      const text = JSON.stringify(d);
      expect(text).not.toContain(ID);
      expect(text).not.toContain(NAME);
      expect(d.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['s1', 's2', 't2']));
      expect(d.edges).toHaveLength(2);
      expect(version.nodeCount).toBe(d.nodes.length);
      expect(d.nodes.find((n) => n.id === 's1')!.attrs.notes).toBe(`contact ${TOMBSTONE} (${TOMBSTONE}) about robotics`);
    }
    const audit = await listAudit(store, { workspace: 'w' });
    const entry = audit.find((a) => a.action === 'person.erase')!;
    expect(entry).toMatchObject({ actor: 'dpo', details: { versions: 2 } });
    await expect(erasePerson(store, 'w', ID)).rejects.toThrow(/no node/);
    await expect(exportPerson(store, 'w', ID)).rejects.toThrow(/holds nothing/);
  });

  it('deletes a workspace with everything in it; a recreated one starts clean', async () => {
    t = await engine.fresh();
    const { store } = t;
    await saveVersion(store, 'gone', DatasetSchema.parse(dataset()), { author: 'test', createWorkspace: true });
    await saveVersion(store, 'kept', DatasetSchema.parse(dataset()), { author: 'test', createWorkspace: true });
    const v = await saveVersion(store, 'gone', DatasetSchema.parse(dataset(1)), { author: 'test' });
    await createRound(store, 'gone', { kind: 'mentoring', pairs: [{ left: ID, right: 's2', score: 1 }] }, 'test');
    await putCachedResult(store, v.id, 'analysis', {}, { x: 1 });
    const [{ id: wsId }] = await store.db.query<{ id: number }>(`SELECT id FROM workspaces WHERE name = 'gone'`);
    expect(await deleteWorkspace(store, 'gone', { actor: 'admin' })).toEqual({ name: 'gone', versions: 2, rounds: 1 });
    await expect(getWorkspace(store, 'gone')).rejects.toThrow(/no workspace/);
    for (const [table, where] of [
      ['dataset_versions', `workspace_id = ${wsId}`],
      ['match_rounds', `workspace_id = ${wsId}`],
      ['audit_log', `workspace_id = ${wsId}`],
      ['analysis_cache', `version_id = ${v.id}`],
      ['version_nodes', `version_id = ${v.id}`],
    ]) {
      expect(`${table}: ${(await store.db.query(`SELECT 1 FROM ${table} WHERE ${where}`)).length}`).toBe(`${table}: 0`);
    }
    expect((await listVersions(store, 'kept')).length).toBe(1);
    const global = await listAudit(store);
    expect(global.find((a) => a.action === 'workspace.delete')).toMatchObject({
      workspace: null,
      actor: 'admin',
      details: { name: 'gone', versions: 2, rounds: 1 },
    });
    await saveVersion(store, 'gone', DatasetSchema.parse(dataset()), { author: 'test', createWorkspace: true });
    expect((await listVersions(store, 'gone')).map((x) => x.number)).toEqual([1]);
    expect((await getWorkspace(store, 'gone')).rounds).toBe(0);
  });
});
