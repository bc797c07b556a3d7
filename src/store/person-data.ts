import { PERSON_KEY_COLUMNS, scope, tableColumns } from './erase.ts';
import { findWorkspace } from './workspaces.ts';
import { NotFoundError } from './errors.ts';
import type { Store } from './open.ts';
import { assertIdent } from './adapter.ts';

export interface PersonData {
  workspace: string;
  id: string;
  /** The person's node and ties in each version that has them. */
  versions: { number: number; createdAt: string; node: Record<string, unknown> | null; ties: Record<string, unknown>[] }[];
  /** Rows keyed by the person in other tables (round pairs, outcomes, assessments…), by table. */
  records: Record<string, Record<string, unknown>[]>;
}

/**
 * Access request: everything the workspace holds about one id — their node and ties in every version,
 * and every row keyed by them (whatever tables later migrations add, found by their id columns).
 */
export async function exportPerson(store: Store, workspace: string, id: string): Promise<PersonData> {
  const ws = await findWorkspace(store.db, workspace);
  const nodes = await store.db.query<{ number: number; created_at: unknown; type: string; props: Record<string, unknown> }>(
    `SELECT v.number, v.created_at, n.type, n.props FROM version_nodes n JOIN dataset_versions v ON v.id = n.version_id
      WHERE v.workspace_id = $1 AND n.id = $2 ORDER BY v.number`,
    [ws.id, id],
  );
  const edges = await store.db.query<{
    number: number;
    created_at: unknown;
    source: string;
    target: string;
    type: string;
    weight: number;
    start_date: string | null;
    end_date: string | null;
    attrs: Record<string, unknown>;
  }>(
    `SELECT v.number, v.created_at, e.source, e.target, e.type, e.weight, e.start_date, e.end_date, e.attrs FROM version_edges e JOIN dataset_versions v ON v.id = e.version_id
      WHERE v.workspace_id = $1 AND (e.source = $2 OR e.target = $2) ORDER BY v.number, e.ord`,
    [ws.id, id],
  );
  const byVersion = new Map<number, PersonData['versions'][number]>();
  const at = (n: number, created: unknown) =>
    byVersion.get(n) ?? byVersion.set(n, { number: n, createdAt: new Date(created as string).toISOString(), node: null, ties: [] }).get(n)!;
  for (const n of nodes) at(n.number, n.created_at).node = { id, type: n.type, ...n.props };
  for (const e of edges) {
    const { number, created_at, start_date, end_date, ...tie } = e;
    at(number, created_at).ties.push({ ...tie, ...(start_date ? { start: start_date } : {}), ...(end_date ? { end: end_date } : {}) });
  }
  const records: PersonData['records'] = {};
  for (const [table, cols] of await tableColumns(store.db)) {
    const keys = PERSON_KEY_COLUMNS.filter((k) => cols.has(k));
    const where = scope(table, cols);
    if (!keys.length || !where) continue;
    const rows = await store.db.query<Record<string, unknown>>(
      `SELECT t.* FROM ${assertIdent(table)} t WHERE ${where} AND (${keys.map((k) => `t.${k} = $2`).join(' OR ')})`,
      [ws.id, id],
    );
    if (rows.length) records[table] = rows;
  }
  if (!byVersion.size && !Object.keys(records).length)
    throw new NotFoundError(`workspace ${JSON.stringify(ws.name)} holds nothing about ${JSON.stringify(id)}`);
  return { workspace: ws.name, id, versions: [...byVersion.values()].sort((a, b) => a.number - b.number), records };
}
