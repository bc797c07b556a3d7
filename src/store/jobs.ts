import type { SqlClient } from './adapter.ts';
import { iso, isoOrNull, nowIso } from './clock.ts';

/** A job as the store keeps it (the server's Job plus who owns it and which process runs it). */
export interface StoredJob {
  id: string;
  kind: string;
  owner: string;
  serverId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  message: string | null;
  resultUrl: string | null;
  error: Record<string, unknown> | null;
  createdAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
}

const ACTIVE = "('queued', 'running')";

/** Records a new job; `workspace` (a name) scopes it, so deleting or erasing in the workspace reaches it. */
export async function insertJob(db: SqlClient, j: Pick<StoredJob, 'id' | 'kind' | 'owner' | 'serverId' | 'createdAt'> & { workspace?: string }): Promise<void> {
  await db.query(
    `INSERT INTO jobs (id, kind, workspace_id, owner, server_id, status, created_at, heartbeat_at)
     VALUES ($1, $2, (SELECT id FROM workspaces WHERE name = $3), $4, $5, 'queued', $6, $6)`,
    [j.id, j.kind, j.workspace ?? null, j.owner, j.serverId, j.createdAt],
  );
}

/**
 * Updates a job that is still queued or running; false when it already ended (the first end wins: a
 * job marked failed by a restart stays failed when its old process, still alive, finishes it later).
 */
export async function updateJob(
  db: SqlClient,
  id: string,
  patch: Pick<StoredJob, 'status' | 'progress'> & Partial<Pick<StoredJob, 'message' | 'resultUrl' | 'error' | 'finishedAt'>>,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE jobs SET status = $2, progress = $3, message = $4, result_url = $5, error = $6::jsonb, finished_at = $7, heartbeat_at = $8
      WHERE id = $1 AND status IN ${ACTIVE} RETURNING 1`,
    [
      id,
      patch.status,
      patch.progress,
      patch.message ?? null,
      patch.resultUrl ?? null,
      patch.error ? JSON.stringify(patch.error) : null,
      patch.finishedAt ?? null,
      nowIso(),
    ],
  );
  return rows.length > 0;
}

export async function getJob(db: SqlClient, id: string): Promise<StoredJob | null> {
  const [r] = await db.query<Record<string, unknown>>('SELECT * FROM jobs WHERE id = $1', [id]);
  if (!r) return null;
  return {
    id: r.id as string,
    kind: r.kind as string,
    owner: r.owner as string,
    serverId: r.server_id as string,
    status: r.status as StoredJob['status'],
    progress: Number(r.progress),
    message: (r.message as string | null) ?? null,
    resultUrl: (r.result_url as string | null) ?? null,
    error: (r.error as Record<string, unknown> | null) ?? null,
    createdAt: iso(r.created_at),
    finishedAt: isoOrNull(r.finished_at),
    heartbeatAt: iso(r.heartbeat_at),
  };
}

/** The running process says its active jobs are alive (so another process does not mark them failed). */
export async function heartbeatJobs(db: SqlClient, serverId: string): Promise<void> {
  await db.query(`UPDATE jobs SET heartbeat_at = $2 WHERE server_id = $1 AND status IN ${ACTIVE}`, [serverId, nowIso()]);
}

/**
 * Job runners (each app's registry) live in this process, per store connection. Several apps may share
 * one store in a process (tests, an embedding program); a new one must not take the others' running
 * jobs for a stopped process's (issue 20: every createApp over PGlite failed them).
 */
const liveServers = new WeakMap<SqlClient, Set<string>>();

/** Says `serverId` runs jobs on `db` in this process until the returned release is called (its app closed). */
export function claimJobServer(db: SqlClient, serverId: string): () => void {
  let set = liveServers.get(db);
  if (!set) liveServers.set(db, (set = new Set()));
  set.add(serverId);
  return () => void liveServers.get(db)?.delete(serverId);
}

/**
 * Marks failed, with `error` as the reason, every active job whose heartbeat is older than
 * `staleBefore` (a process that stopped: restarted, crashed or killed) and that is run neither by
 * `serverId` nor by another runner live in this process. Returns their count.
 */
export async function failOrphanedJobs(db: SqlClient, serverId: string, staleBefore: string, error: Record<string, unknown>): Promise<number> {
  const live = JSON.stringify([serverId, ...(liveServers.get(db) ?? [])]);
  const rows = await db.query(
    `UPDATE jobs SET status = 'failed', error = $3::jsonb, finished_at = $4
      WHERE status IN ${ACTIVE} AND heartbeat_at < $2
        AND server_id NOT IN (SELECT jsonb_array_elements_text($1::jsonb)) RETURNING 1`,
    [live, staleBefore, JSON.stringify(error), nowIso()],
  );
  return rows.length;
}

/** Forgets ended jobs older than `before` (the registry keeps the recent ones answerable). */
export async function pruneJobs(db: SqlClient, before: string): Promise<number> {
  const rows = await db.query(`DELETE FROM jobs WHERE status NOT IN ${ACTIVE} AND finished_at < $1 RETURNING 1`, [before]);
  return rows.length;
}
