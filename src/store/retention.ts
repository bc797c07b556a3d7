import { PERSON_TYPES, type Dataset, type PrunedVersionView, type VersionAggregate, VersionAggregateSchema } from '../model/index.ts';
import type { SqlClient } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, iso, nowIso } from './clock.ts';
import { NotFoundError, prunedNote, StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { aggregateDataset } from './version-aggregate.ts';
import { readVersionDataset } from './versions.ts';
import { findWorkspace, lockWorkspace, validateWorkspaceName } from './workspaces.ts';

export interface RetentionResult {
  workspace: string;
  /** Days a version is kept; null: forever (the default). */
  retentionDays: number | null;
  /** Version numbers removed by this prune (empty for a setting change). */
  pruned: number[];
  /** Version numbers reduced to their aggregate by this prune: past the period, but a match round used them. */
  aggregated: number[];
  /** Version numbers left (aggregated ones included). */
  kept: number;
}

/** Sets (days ≥ 1) or clears (null) a workspace's retention period; audited as `workspace.retention`. */
export async function setRetention(store: Store, name: string, days: number | null, options: { actor?: string } = {}): Promise<RetentionResult> {
  if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 36_500))
    throw new StoreError('retention must be a whole number of days from 1 to 36500, or off', 'invalid');
  const actor = options.actor ?? defaultActor();
  return store.db.transaction(async (tx) => {
    const ws = await lockWorkspace(tx, validateWorkspaceName(name));
    await tx.query('UPDATE workspaces SET retention_days = $2 WHERE id = $1', [ws.id, days]);
    await audit(tx, ws.id, actor, 'workspace.retention', { retentionDays: days });
    return { workspace: ws.name, retentionDays: days, pruned: [], aggregated: [], kept: await versionCount(tx, ws.id) };
  });
}

const versionCount = async (tx: SqlClient, wsId: number) =>
  (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM dataset_versions WHERE workspace_id = $1', [wsId]))[0].n;

/** Past the cut-off ($2), not yet pruned, not the current version, in workspace $1. */
const PAST = `v.workspace_id = $1 AND v.created_at < $2 AND v.pruned_at IS NULL
              AND v.number < (SELECT max(number) FROM dataset_versions WHERE workspace_id = $1)`;
const cutoffOf = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** A round refers to the version: computed on it, accepted into it or reverted by it. */
const USED_BY_ROUND = 'EXISTS (SELECT 1 FROM match_rounds r WHERE r.version_id = v.id OR r.accepted_version_id = v.id OR r.reverted_version_id = v.id)';

/**
 * Applies the workspace's retention period, in one transaction. Past the period (and not current):
 * a version no match round used is deleted with its nodes, ties and cached results (ON DELETE
 * CASCADE); a version a round was computed on, accepted into or reverted by keeps its record and an
 * aggregate (counts by node type, tie type and region, the report's headline indicators: see
 * aggregateDataset), and loses its nodes, ties, import report, packed copy, layout and cached results.
 * The rounds keep their pairs as ids, the programme's record; the persons those pairs name are kept
 * in `pruned_persons` (id and label only) so that pseudonymisation and erasure still know them. The
 * audit entry `version.prune` records the numbers and the cut-off.
 */
export async function pruneVersions(
  store: Store,
  name: string,
  options: {
    actor?: string;
    now?: Date;
    /** Aggregates already computed, by version id (the server makes them in a worker: aggregationCandidates); the rest are computed here. */
    aggregates?: ReadonlyMap<number, VersionAggregate>;
  } = {},
): Promise<RetentionResult> {
  const actor = options.actor ?? defaultActor();
  const now = options.now ?? new Date();
  return store.db.transaction(async (tx) => {
    const ws = await lockWorkspace(tx, validateWorkspaceName(name));
    const [{ days }] = await tx.query<{ days: number | null }>('SELECT retention_days AS days FROM workspaces WHERE id = $1', [ws.id]);
    let pruned: number[] = [];
    const aggregated: number[] = [];
    if (days !== null) {
      const cutoff = cutoffOf(now, days);
      pruned = (await tx.query<{ number: number }>(`DELETE FROM dataset_versions v WHERE ${PAST} AND NOT ${USED_BY_ROUND} RETURNING v.number`, [ws.id, cutoff]))
        .map((r) => r.number)
        .sort((a, b) => a - b);
      const at = nowIso();
      for (const v of await usedPastVersions(tx, ws.id, cutoff)) {
        await aggregateVersion(tx, ws.id, v, at, options.aggregates?.get(v.id));
        aggregated.push(v.number);
      }
      if (pruned.length || aggregated.length) await audit(tx, ws.id, actor, 'version.prune', { versions: pruned, aggregated, retentionDays: days, cutoff }, at);
    }
    return { workspace: ws.name, retentionDays: days, pruned, aggregated, kept: await versionCount(tx, ws.id) };
  });
}

/** Past the period and used by a round: the versions a prune reduces to aggregates. */
async function usedPastVersions(db: SqlClient, wsId: number, cutoff: string) {
  return db.query<{ id: number; number: number; meta: Dataset['meta'] }>(
    `SELECT v.id, v.number, v.meta FROM dataset_versions v WHERE ${PAST} AND ${USED_BY_ROUND} ORDER BY v.number`,
    [wsId, cutoff],
  );
}

/**
 * The versions a prune of `name` would reduce to aggregates now, so that a caller can compute their
 * aggregates off its thread first (pruneVersions' `aggregates`). Empty without a retention period.
 */
export async function aggregationCandidates(store: Store, name: string, options: { now?: Date } = {}): Promise<{ id: number; number: number }[]> {
  const ws = await findWorkspace(store.db, name);
  const [{ days }] = await store.db.query<{ days: number | null }>('SELECT retention_days AS days FROM workspaces WHERE id = $1', [ws.id]);
  if (days === null) return [];
  return (await usedPastVersions(store.db, ws.id, cutoffOf(options.now ?? new Date(), days))).map((v) => ({ id: v.id, number: v.number }));
}

/** Reduces one version to its aggregate (see pruneVersions); inside the caller's transaction. */
async function aggregateVersion(
  tx: SqlClient,
  wsId: number,
  v: { id: number; meta: Dataset['meta'] },
  at: string,
  precomputed: VersionAggregate | undefined,
): Promise<void> {
  const aggregate = precomputed ?? aggregateDataset(await readVersionDataset(tx, v.id, v.meta));
  // The persons the rounds name, by id or among those left out: their pairs stay, so must their pseudonyms.
  await tx.query(
    `INSERT INTO pruned_persons (workspace_id, node_id, label)
     SELECT DISTINCT ON (n.id) $1, n.id, n.props->>'label' FROM version_nodes n
      WHERE n.version_id = $2 AND n.type = ANY($3::text[])
        AND (EXISTS (SELECT 1 FROM round_pairs p JOIN match_rounds r ON r.id = p.round_id
                      WHERE r.workspace_id = $1 AND (p.left_id = n.id OR p.right_id = n.id))
             OR EXISTS (SELECT 1 FROM match_rounds r WHERE r.workspace_id = $1 AND r.left_out @> jsonb_build_array(jsonb_build_object('id', n.id))))
      ORDER BY n.id
     ON CONFLICT (workspace_id, node_id) DO UPDATE SET label = EXCLUDED.label`,
    [wsId, v.id, [...PERSON_TYPES]],
  );
  for (const table of ['version_nodes', 'version_edges', 'analysis_cache', 'version_layouts'])
    await tx.query(`DELETE FROM ${table} WHERE version_id = $1`, [v.id]);
  await tx.query('UPDATE dataset_versions SET packed = NULL, report = NULL, pruned_at = $2, aggregate = $3 WHERE id = $1', [
    v.id,
    at,
    JSON.stringify(aggregate),
  ]);
}

/**
 * What is left of a pruned version: its record, its aggregate and the rounds that used it, with their
 * pair tallies read from the rounds as they are now (an erasure since is reflected). Not found for a
 * version that was never pruned (read it whole instead) or that was deleted.
 */
export async function prunedVersionView(store: Store | { db: SqlClient }, workspace: string, number: number): Promise<PrunedVersionView> {
  const ws = await findWorkspace(store.db, workspace);
  const [v] = await store.db.query<{ id: number; created_at: unknown; pruned_at: unknown; aggregate: unknown }>(
    'SELECT id, created_at, pruned_at, aggregate FROM dataset_versions WHERE workspace_id = $1 AND number = $2',
    [ws.id, number],
  );
  if (!v) throw new NotFoundError(`workspace ${JSON.stringify(workspace)} has no version ${number}`);
  if (!v.pruned_at) throw new NotFoundError(`version ${number} of workspace ${JSON.stringify(workspace)} was not pruned: it is kept whole`);
  const rounds = await store.db.query<{
    number: number;
    kind: string;
    name: string | null;
    status: string;
    version_id: number;
    accepted_version_id: number | null;
    reverted_version_id: number | null;
    proposed: number;
    accepted: number;
    rejected: number;
    locked: number;
    recorded: number;
    met: number;
  }>(
    `SELECT r.number, r.kind, r.name, r.status, r.version_id, r.accepted_version_id, r.reverted_version_id,
            (SELECT count(*)::int FROM round_pairs p WHERE p.round_id = r.id AND p.status = 'proposed') AS proposed,
            (SELECT count(*)::int FROM round_pairs p WHERE p.round_id = r.id AND p.status = 'accepted') AS accepted,
            (SELECT count(*)::int FROM round_pairs p WHERE p.round_id = r.id AND p.status = 'rejected') AS rejected,
            (SELECT count(*)::int FROM round_pairs p WHERE p.round_id = r.id AND p.status = 'locked') AS locked,
            (SELECT count(*)::int FROM pair_outcomes o WHERE o.round_id = r.id) AS recorded,
            (SELECT count(*)::int FROM pair_outcomes o WHERE o.round_id = r.id AND o.met) AS met
       FROM match_rounds r
      WHERE r.workspace_id = $1 AND $2 IN (r.version_id, r.accepted_version_id, r.reverted_version_id)
      ORDER BY r.number`,
    [ws.id, v.id],
  );
  const prunedAt = iso(v.pruned_at);
  return {
    workspace: ws.name,
    version: number,
    createdAt: iso(v.created_at),
    prunedAt,
    note: prunedNote(number, prunedAt),
    aggregate: VersionAggregateSchema.parse(v.aggregate),
    rounds: rounds.map((r) => ({
      number: r.number,
      kind: r.kind,
      name: r.name,
      status: r.status,
      uses: [
        ...(r.version_id === v.id ? (['computed'] as const) : []),
        ...(r.accepted_version_id === v.id ? (['accepted'] as const) : []),
        ...(r.reverted_version_id === v.id ? (['reverted'] as const) : []),
      ],
      pairs: r.proposed + r.accepted + r.rejected + r.locked,
      counts: { proposed: r.proposed, accepted: r.accepted, rejected: r.rejected, locked: r.locked },
      outcomes: { recorded: r.recorded, met: r.met },
    })),
  };
}

/** Names of the workspaces that have a retention period. */
export async function retainedWorkspaces(store: Store): Promise<string[]> {
  return (await store.db.query<{ name: string }>('SELECT name FROM workspaces WHERE retention_days IS NOT NULL ORDER BY name')).map((r) => r.name);
}

/** Prunes every workspace that has a retention period (the server runs this daily, through its own copy that also clears its memory). */
export async function pruneAllWorkspaces(store: Store, options: { actor?: string; now?: Date } = {}): Promise<RetentionResult[]> {
  const out: RetentionResult[] = [];
  for (const name of await retainedWorkspaces(store)) out.push(await pruneVersions(store, name, { actor: options.actor ?? 'retention', now: options.now }));
  return out;
}
