import type { SqlClient } from './adapter.ts';
import { iso, nowIso } from './clock.ts';
import type { Store } from './open.ts';
import { lookupName } from './names.ts';

export interface AuditEntry {
  id: number;
  workspace: string | null;
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** Records one change; always called inside the transaction that makes the change. */
export async function audit(
  tx: SqlClient,
  workspaceId: number | null,
  actor: string,
  action: string,
  details: Record<string, unknown>,
  at = nowIso(),
): Promise<void> {
  await tx.query('INSERT INTO audit_log (workspace_id, at, actor, action, details) VALUES ($1, $2, $3, $4, $5)', [
    workspaceId,
    at,
    actor,
    action,
    JSON.stringify(details),
  ]);
}

export interface AuditQuery {
  /** Only this workspace's entries; omitted → every entry, store-wide ones included. */
  workspace?: string;
  /** Newest first, at most this many (default all, oldest first). */
  limit?: number;
}

export async function listAudit(store: Store, q: AuditQuery = {}): Promise<AuditEntry[]> {
  const params: unknown[] = [];
  let where = '';
  if (q.workspace !== undefined) {
    params.push(lookupName(q.workspace));
    where = 'WHERE w.name = $1';
  }
  const order = q.limit ? `ORDER BY a.id DESC LIMIT ${Math.max(0, Math.floor(q.limit))}` : 'ORDER BY a.id';
  const rows = await store.db.query<{ id: number; name: string | null; at: unknown; actor: string; action: string; details: Record<string, unknown> }>(
    `SELECT a.id, w.name, a.at, a.actor, a.action, a.details FROM audit_log a LEFT JOIN workspaces w ON w.id = a.workspace_id ${where} ${order}`,
    params,
  );
  return rows.map((r) => ({ id: r.id, workspace: r.name, at: iso(r.at), actor: r.actor, action: r.action, details: r.details }));
}
