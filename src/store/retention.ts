import { audit } from './audit.ts';
import { defaultActor, nowIso } from './clock.ts';
import { StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { lockWorkspace, validateWorkspaceName } from './workspaces.ts';

export interface RetentionResult {
  workspace: string;
  /** Days a version is kept; null: forever (the default). */
  retentionDays: number | null;
  /** Version numbers removed by this prune (empty for a setting change). */
  pruned: number[];
  /** Version numbers left. */
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
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM dataset_versions WHERE workspace_id = $1', [ws.id]);
    return { workspace: ws.name, retentionDays: days, pruned: [], kept: n };
  });
}

/**
 * Removes the workspace's versions older than its retention period, in one transaction. Kept always:
 * the current version, and every version a match round was run on, produced or reverted (so round
 * history stays whole). Their nodes, ties and cached results go with them (ON DELETE CASCADE). The
 * audit entry `version.prune` records the numbers removed and the cut-off.
 */
export async function pruneVersions(store: Store, name: string, options: { actor?: string; now?: Date } = {}): Promise<RetentionResult> {
  const actor = options.actor ?? defaultActor();
  const now = options.now ?? new Date();
  return store.db.transaction(async (tx) => {
    const ws = await lockWorkspace(tx, validateWorkspaceName(name));
    const [{ days }] = await tx.query<{ days: number | null }>('SELECT retention_days AS days FROM workspaces WHERE id = $1', [ws.id]);
    let pruned: number[] = [];
    if (days !== null) {
      const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
      pruned = (
        await tx.query<{ number: number }>(
          `DELETE FROM dataset_versions v
            WHERE v.workspace_id = $1 AND v.created_at < $2
              AND v.number < (SELECT max(number) FROM dataset_versions WHERE workspace_id = $1)
              AND NOT EXISTS (SELECT 1 FROM match_rounds r
                               WHERE r.version_id = v.id OR r.accepted_version_id = v.id OR r.reverted_version_id = v.id)
            RETURNING v.number`,
          [ws.id, cutoff],
        )
      )
        .map((r) => r.number)
        .sort((a, b) => a - b);
      if (pruned.length) await audit(tx, ws.id, actor, 'version.prune', { versions: pruned, retentionDays: days, cutoff }, nowIso());
    }
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM dataset_versions WHERE workspace_id = $1', [ws.id]);
    return { workspace: ws.name, retentionDays: days, pruned, kept: n };
  });
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
