import { gzipSync } from 'node:zlib';
import type { SqlClient } from './adapter.ts';
import { assertIdent } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, nowIso } from './clock.ts';
import { NotFoundError, StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { readVersionDataset } from './versions.ts';
import { lockWorkspace } from './workspaces.ts';

/** What an erased id, name or mention becomes wherever it stays (free text, round configs, the audit log). */
/** Column names of every table of the store's schema. */
export async function tableColumns(db: SqlClient): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const r of await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema()`,
  ))
    (out.get(r.table_name) ?? out.set(r.table_name, new Set()).get(r.table_name)!).add(r.column_name);
  return out;
}

export const TOMBSTONE = '[erased]';

/** Columns that hold one node id: a row with the person there is about them and is deleted. */
export const PERSON_KEY_COLUMNS = ['left_id', 'right_id', 'node_id'] as const;

interface Column {
  table: string;
  column: string;
  type: 'text' | 'jsonb';
}

/** Every text and jsonb column of the store's tables (migrations added after this one included). */
async function storeColumns(tx: SqlClient): Promise<Column[]> {
  const rows = await tx.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'jsonb') ORDER BY c.table_name, c.ordinal_position`,
  );
  return rows.map((r) => ({ table: assertIdent(r.table_name), column: assertIdent(r.column_name), type: r.data_type as Column['type'] }));
}

/** SQL restricting `t` to rows of workspace `$1`, from the link column the table has; null when it has none. */
export function scope(table: string, columns: ReadonlySet<string>): string | null {
  if (table === 'workspaces') return 't.id = $1';
  if (columns.has('workspace_id')) return 't.workspace_id = $1';
  if (columns.has('version_id')) return 't.version_id IN (SELECT id FROM dataset_versions WHERE workspace_id = $1)';
  if (columns.has('round_id')) return 't.round_id IN (SELECT id FROM match_rounds WHERE workspace_id = $1)';
  if (columns.has('survey_id')) return 't.survey_id IN (SELECT id FROM surveys WHERE workspace_id = $1)';
  return null;
}

/** A PostgreSQL regular expression matching `literal` as a whole token (not inside a longer id or word). */
function tokenPattern(literal: string): string {
  const escaped = [...literal].map((ch) => (/[\p{L}\p{N} ]/u.test(ch) ? ch : `\\${ch}`)).join('');
  return `(?<![[:alnum:]_.@-])${escaped}(?![[:alnum:]_.@-])`;
}

export interface EraseResult {
  /** Versions the person was in (now without them). */
  versions: number;
  nodes: number;
  edges: number;
  /** Rows keyed by the person elsewhere (round pairs, outcomes, assessments…). */
  otherRows: number;
  /** Rows whose free text or JSON mentioned the id or a name, now with the tombstone. */
  scrubbed: number;
  cachedResults: number;
}

/**
 * Right to erasure: removes the person `id` from every version of the workspace — their node, their
 * ties, every row keyed by them (round pairs and what later migrations add), cached results of those
 * versions — and replaces every remaining mention of their id or any of their names (other nodes'
 * fields, import reports, round configs and explanations, audit details) with the tombstone. Versions
 * stay otherwise as they were. The audit log records that an erasure happened and its counts, never
 * the id or the name. One transaction: all of it or nothing.
 */
export async function erasePerson(store: Store, workspace: string, id: string, options: { actor?: string } = {}): Promise<EraseResult> {
  if (typeof id !== 'string' || !id) throw new StoreError('the id to erase must be a non-empty text', 'invalid');
  const actor = options.actor ?? defaultActor();
  return store.db.transaction(async (tx) => {
    const ws = await lockWorkspace(tx, workspace);
    const versionIds = (await tx.query<{ id: number }>('SELECT id FROM dataset_versions WHERE workspace_id = $1 ORDER BY number', [ws.id])).map((r) => r.id);
    // Names from every version, and from pruned_persons for versions retention reduced to aggregates.
    const labels = (
      await tx.query<{ label: string | null }>(
        `SELECT DISTINCT props->>'label' AS label FROM version_nodes WHERE version_id = ANY($1::int[]) AND id = $2
         UNION SELECT label FROM pruned_persons WHERE workspace_id = $3 AND node_id = $2`,
        [versionIds, id, ws.id],
      )
    )
      .map((r) => r.label)
      .filter((l): l is string => !!l && l.trim().length >= 2);
    const touched = (
      await tx.query<{ version_id: number }>(
        `SELECT DISTINCT version_id FROM version_nodes WHERE version_id = ANY($1::int[]) AND id = $2
       UNION SELECT DISTINCT version_id FROM version_edges WHERE version_id = ANY($1::int[]) AND (source = $2 OR target = $2)`,
        [versionIds, id],
      )
    ).map((r) => r.version_id);
    // Someone only in pruned versions is still named by rounds' pairs (pruned_persons): they can be erased too.
    const inPruned = (await tx.query('SELECT 1 FROM pruned_persons WHERE workspace_id = $1 AND node_id = $2', [ws.id, id])).length > 0;
    if (!touched.length && !inPruned) throw new NotFoundError(`no node ${JSON.stringify(id)} in any version of workspace ${JSON.stringify(ws.name)}`);

    const result: EraseResult = { versions: touched.length, nodes: 0, edges: 0, otherRows: 0, scrubbed: 0, cachedResults: 0 };
    result.nodes = (await tx.query('DELETE FROM version_nodes WHERE version_id = ANY($1::int[]) AND id = $2 RETURNING 1', [versionIds, id])).length;
    result.edges = (
      await tx.query('DELETE FROM version_edges WHERE version_id = ANY($1::int[]) AND (source = $2 OR target = $2) RETURNING 1', [versionIds, id])
    ).length;
    // Cached results of every version of the workspace: they hold the person's metrics and may name them.
    result.cachedResults = (await tx.query('DELETE FROM analysis_cache WHERE version_id = ANY($1::int[]) RETURNING 1', [versionIds])).length;
    await tx.query('DELETE FROM version_layouts WHERE version_id = ANY($1::int[])', [versionIds]);

    const columns = await storeColumns(tx);
    const allColumns = await tableColumns(tx);

    // Rows keyed by the person (round pairs, and tables later migrations add: outcomes, assessments…).
    for (const [table, cols] of allColumns) {
      const keys = PERSON_KEY_COLUMNS.filter((k) => cols.has(k));
      const where = scope(table, cols);
      if (!keys.length || !where) continue;
      result.otherRows += (
        await tx.query(`DELETE FROM ${assertIdent(table)} t WHERE ${where} AND (${keys.map((k) => `t.${k} = $2`).join(' OR ')}) RETURNING 1`, [ws.id, id])
      ).length;
    }

    // Mentions: the id and every name, as whole tokens, in every text and jsonb column of the workspace's rows.
    const needles = [id, ...labels];
    for (const c of columns) {
      const cols = allColumns.get(c.table)!;
      const where = scope(c.table, cols);
      if (!where || (c.table === 'workspaces' && c.column === 'name')) continue;
      for (const needle of needles) {
        const literal = c.type === 'jsonb' ? JSON.stringify(needle).slice(1, -1) : needle;
        const pattern = tokenPattern(literal);
        const expr = c.type === 'jsonb' ? `t.${c.column}::text` : `t.${c.column}`;
        const set = c.type === 'jsonb' ? `regexp_replace(${expr}, $2, $3, 'g')::jsonb` : `regexp_replace(${expr}, $2, $3, 'g')`;
        result.scrubbed += (
          await tx.query(`UPDATE ${c.table} t SET ${c.column} = ${set} WHERE ${where} AND ${expr} ~ $2 RETURNING 1`, [ws.id, pattern, TOMBSTONE])
        ).length;
      }
    }

    // The packed copy of each version is rebuilt from the rows, which no longer hold the person. A pruned
    // version has neither rows nor a packed copy; its aggregate holds counts only (and was scrubbed above).
    const whole = (await tx.query<{ id: number }>('SELECT id FROM dataset_versions WHERE id = ANY($1::int[]) AND pruned_at IS NULL', [versionIds])).map(
      (r) => r.id,
    );
    await tx.query('UPDATE dataset_versions SET packed = NULL WHERE id = ANY($1::int[])', [whole]);
    for (const v of whole) {
      const [{ meta }] = await tx.query<{ meta: Record<string, unknown> }>('SELECT meta FROM dataset_versions WHERE id = $1', [v]);
      const d = await readVersionDataset(tx, v, meta);
      await tx.query('UPDATE dataset_versions SET packed = $2, node_count = $3, edge_count = $4 WHERE id = $1', [
        v,
        gzipSync(JSON.stringify({ nodes: d.nodes, edges: d.edges }), { level: 6 }),
        d.nodes.length,
        d.edges.length,
      ]);
    }
    await audit(tx, ws.id, actor, 'person.erase', { ...result }, nowIso());
    return result;
  });
}
