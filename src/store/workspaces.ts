import type { SqlClient } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, iso, nowIso } from './clock.ts';
import { ConflictError, NotFoundError, StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { canonicalName, lookupName, nameProblem } from './names.ts';
export { lookupName };

export interface WorkspaceInfo {
  name: string;
  description: string | null;
  createdBy: string;
  createdAt: string;
  /** Number of the current (latest) dataset version; null before the first import. */
  currentVersion: number | null;
  versions: number;
  rounds: number;
}

/** The workspace name as stored (NFC), or a StoreError saying why it cannot be one. */
export function validateWorkspaceName(name: string): string {
  if (typeof name !== 'string' || name.trim() !== name || name.length < 1 || name.length > 100 || /[\p{Cc}\/\\]/u.test(name)) {
    throw new StoreError(
      `workspace name ${JSON.stringify(name)} is not valid: expected 1–100 characters, no leading/trailing spaces, slashes or control characters`,
      'invalid',
    );
  }
  const why = nameProblem(name);
  if (why) throw new StoreError(`workspace name ${JSON.stringify(name)} is not valid: ${why}`, 'invalid');
  return canonicalName(name);
}

export interface WorkspaceRow {
  id: number;
  name: string;
}

/** The workspace row, locked for update: every writer to one workspace serialises here. */
export async function lockWorkspace(tx: SqlClient, name: string): Promise<WorkspaceRow> {
  const rows = await tx.query<WorkspaceRow>('SELECT id, name FROM workspaces WHERE name = $1 FOR UPDATE', [lookupName(name)]);
  if (!rows.length) throw new NotFoundError(`no workspace named ${JSON.stringify(name)} (create it with \`hubgraph workspace create\`)`);
  return rows[0];
}

export async function findWorkspace(db: SqlClient, name: string): Promise<WorkspaceRow> {
  const rows = await db.query<WorkspaceRow>('SELECT id, name FROM workspaces WHERE name = $1', [lookupName(name)]);
  if (!rows.length) throw new NotFoundError(`no workspace named ${JSON.stringify(name)}`);
  return rows[0];
}

export interface CreateWorkspaceOptions {
  description?: string;
  actor?: string;
  /** Return the existing workspace instead of failing when the name is taken (default false). */
  ifMissing?: boolean;
}

export async function insertWorkspace(
  tx: SqlClient,
  name: string,
  fields: { description: string | null; createdBy: string; createdAt: string },
): Promise<WorkspaceRow> {
  const rows = await tx.query<WorkspaceRow>(
    'INSERT INTO workspaces (name, description, created_by, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING id, name',
    [name, fields.description, fields.createdBy, fields.createdAt],
  );
  if (!rows.length) throw new ConflictError(`a workspace named ${JSON.stringify(name)} already exists`);
  return rows[0];
}

export async function createWorkspace(store: Store, given: string, options: CreateWorkspaceOptions = {}): Promise<WorkspaceInfo> {
  const name = validateWorkspaceName(given);
  const actor = options.actor ?? defaultActor();
  try {
    await store.db.transaction(async (tx) => {
      const at = nowIso();
      const ws = await insertWorkspace(tx, name, { description: options.description ?? null, createdBy: actor, createdAt: at });
      await audit(tx, ws.id, actor, 'workspace.create', { name, description: options.description ?? null }, at);
    });
  } catch (e) {
    if (!(e instanceof ConflictError) || !options.ifMissing) throw e;
  }
  return getWorkspace(store, name);
}

const INFO_SQL = `
  SELECT w.name, w.description, w.created_by, w.created_at,
         (SELECT max(number) FROM dataset_versions v WHERE v.workspace_id = w.id) AS current_version,
         (SELECT count(*)::int FROM dataset_versions v WHERE v.workspace_id = w.id) AS versions,
         (SELECT count(*)::int FROM match_rounds r WHERE r.workspace_id = w.id) AS rounds
  FROM workspaces w`;

type InfoRow = {
  name: string;
  description: string | null;
  created_by: string;
  created_at: unknown;
  current_version: number | null;
  versions: number;
  rounds: number;
};

function toInfo(r: InfoRow): WorkspaceInfo {
  return {
    name: r.name,
    description: r.description,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    currentVersion: r.current_version,
    versions: r.versions,
    rounds: r.rounds,
  };
}

export async function getWorkspace(store: Store, name: string): Promise<WorkspaceInfo> {
  const rows = await store.db.query<InfoRow>(`${INFO_SQL} WHERE w.name = $1`, [lookupName(name)]);
  if (!rows.length) throw new NotFoundError(`no workspace named ${JSON.stringify(name)}`);
  return toInfo(rows[0]);
}

export async function listWorkspaces(store: Store): Promise<WorkspaceInfo[]> {
  const rows = await store.db.query<InfoRow>(`${INFO_SQL} ORDER BY w.name`);
  return rows.map(toInfo);
}

/**
 * Deletes a workspace and everything in it — versions, their nodes and ties, cached results, rounds
 * and their pairs, its audit log — in one transaction. A store-wide audit entry records the deletion
 * (name and counts). Callers confirm first; servers must also drop what they hold in memory.
 */
export async function deleteWorkspace(
  store: Store,
  name: string,
  options: { actor?: string } = {},
): Promise<{ name: string; versions: number; rounds: number }> {
  const actor = options.actor ?? defaultActor();
  return store.db.transaction(async (tx) => {
    const ws = await lockWorkspace(tx, name);
    const [{ versions, rounds }] = await tx.query<{ versions: number; rounds: number }>(
      `SELECT (SELECT count(*)::int FROM dataset_versions WHERE workspace_id = $1) AS versions,
              (SELECT count(*)::int FROM match_rounds WHERE workspace_id = $1) AS rounds`,
      [ws.id],
    );
    // Rounds first: they reference versions without ON DELETE CASCADE.
    await tx.query('DELETE FROM match_rounds WHERE workspace_id = $1', [ws.id]);
    await tx.query('DELETE FROM workspaces WHERE id = $1', [ws.id]);
    await audit(tx, null, actor, 'workspace.delete', { name: ws.name, versions, rounds });
    return { name: ws.name, versions, rounds };
  });
}
