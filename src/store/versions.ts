import { gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);
import type { Dataset } from '../model/index.ts';
import type { SqlClient } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, iso, isoOrNull, nowIso } from './clock.ts';
import { EDGE_COLUMNS, NODE_COLUMNS, edgeColumns, edgesFromText, nodeColumns, nodesFromText } from './dataset-rows.ts';
import { NotFoundError, PrunedVersionError, StoreError } from './errors.ts';
import { inheritLayout } from './layouts.ts';
import type { Store } from './open.ts';
import { ensureFreeSpace, estimateWriteBytes } from './space.ts';
import { findWorkspace, lockWorkspace, validateWorkspaceName, type WorkspaceRow } from './workspaces.ts';

/** Where a version came from: an import, an accepted match round, or a restore from an export. */
export type VersionOrigin = { kind: 'import'; source?: string } | { kind: 'round'; round: number } | { kind: 'restore'; source?: string };

export interface VersionInfo {
  workspace: string;
  number: number;
  /** Internal id: the key of cached analyses and rounds. Stable for the life of the store, not across export. */
  id: number;
  meta: Dataset['meta'];
  report: unknown;
  author: string;
  message: string | null;
  origin: VersionOrigin;
  nodeCount: number;
  edgeCount: number;
  createdAt: string;
  /** When retention reduced the version to its aggregate (nodes and ties gone); null for a whole version. */
  prunedAt: string | null;
}

export interface SaveVersionOptions {
  report?: unknown;
  author?: string;
  message?: string;
  origin?: VersionOrigin;
  /** Create the workspace when it does not exist (default false). */
  createWorkspace?: boolean;
  /** Called after each bulk step, e.g. to show progress (phase, rows written so far). */
  onProgress?: (phase: 'nodes' | 'edges', rows: number) => void;
  /** The packed copy of exactly this dataset (packVersion), made off the event loop; made here when absent. */
  packed?: Uint8Array;
}

/**
 * Writes `rows` as version `number` of workspace `ws` inside `tx`. The caller holds the workspace lock.
 * Nodes and edges go in set-based (COPY / unnest), never a statement per row.
 */
export async function insertVersion(
  tx: SqlClient,
  ws: WorkspaceRow,
  number: number,
  dataset: Dataset,
  fields: {
    report: unknown;
    author: string;
    message: string | null;
    origin: VersionOrigin;
    createdAt: string;
    /** The dataset already packed (made in the upload's parse worker, off the event loop). */
    packed?: Uint8Array;
    /** 'inherit' (default): start from the workspace's saved layout (layouts.ts); 'none': a restore brings its own. */
    layout?: 'inherit' | 'none';
  },
  onProgress?: SaveVersionOptions['onProgress'],
): Promise<number> {
  const [{ id }] = await tx.query<{ id: number }>(
    `INSERT INTO dataset_versions (workspace_id, number, meta, report, author, message, origin, node_count, edge_count, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      ws.id,
      number,
      JSON.stringify(dataset.meta ?? {}),
      fields.report === undefined ? null : JSON.stringify(fields.report),
      fields.author,
      fields.message,
      JSON.stringify(fields.origin),
      dataset.nodes.length,
      dataset.edges.length,
      fields.createdAt,
    ],
  );
  await tx.insertMany('version_nodes', NODE_COLUMNS, nodeColumns(id, dataset.nodes));
  onProgress?.('nodes', dataset.nodes.length);
  await tx.insertMany('version_edges', EDGE_COLUMNS, edgeColumns(id, dataset.edges));
  onProgress?.('edges', dataset.edges.length);
  // As base64 text, decoded by PostgreSQL: PGlite takes ~300 ms of the event loop per MiB of a bytea parameter, ~30 ms of text.
  const given = fields.packed;
  const packed = given ? Buffer.from(given.buffer, given.byteOffset, given.byteLength) : Buffer.from(await packDataset(dataset));
  await tx.query(`UPDATE dataset_versions SET packed = decode($1, 'base64') WHERE id = $2`, [packed.toString('base64'), id]);
  if (fields.layout !== 'none') await inheritLayout(tx, ws.id, { id, number }, dataset, fields.author, fields.createdAt);
  return id;
}

/** The nodes and edges as gzip'd JSON (level 6: the bytes cross into PGlite on the event loop, so size matters more than gzip time). */
function packDataset(dataset: Dataset): Promise<Uint8Array> {
  // Compressed on libuv's thread pool: gzip of a 100k-node version takes the event loop for ~1 s.
  return gzipAsync(JSON.stringify({ nodes: dataset.nodes, edges: dataset.edges }), { level: 6 });
}

export async function nextVersionNumber(tx: SqlClient, wsId: number): Promise<number> {
  const [{ n }] = await tx.query<{ n: number }>('SELECT coalesce(max(number), 0) + 1 AS n FROM dataset_versions WHERE workspace_id = $1', [wsId]);
  return n;
}

/**
 * Stores `dataset` as the new current version of the workspace: one transaction, so a crash or an error
 * leaves the previous version current; concurrent writers to the workspace queue on its row lock.
 */
/**
 * An import with no nodes is almost always a mistake (files holding only a header): refused unless the
 * caller asks for an empty version. `how` says how to ask (`--allow-empty`, `allowEmpty=true`).
 */
export function refuseEmpty(dataset: Dataset, source: string, how: string): void {
  if (dataset.nodes.length) return;
  throw new StoreError(
    `${source}: the dataset has no nodes (files with only a header?); nothing was stored. Use ${how} to store an empty version on purpose`,
    'invalid',
  );
}

export async function saveVersion(store: Store, given: string, dataset: Dataset, options: SaveVersionOptions = {}): Promise<VersionInfo> {
  const workspace = validateWorkspaceName(given);
  const author = options.author ?? defaultActor();
  const origin = options.origin ?? { kind: 'import' };
  // Before anything is written: a disk that fills mid-import leaves PGlite unable to open (issue 20, defect 10).
  await ensureFreeSpace(store, estimateWriteBytes(dataset));
  const number = await store.db.transaction(async (tx) => {
    const at = nowIso();
    let ws: WorkspaceRow;
    if (options.createWorkspace) {
      const made = await tx.query<{ id: number }>(
        'INSERT INTO workspaces (name, description, created_by, created_at) VALUES ($1, NULL, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING id',
        [workspace, author, at],
      );
      if (made.length) await audit(tx, made[0].id, author, 'workspace.create', { name: workspace, description: null }, at);
    }
    ws = await lockWorkspace(tx, workspace);
    const num = await nextVersionNumber(tx, ws.id);
    await insertVersion(
      tx,
      ws,
      num,
      dataset,
      { report: options.report, author, message: options.message ?? null, origin, createdAt: at, packed: options.packed },
      options.onProgress,
    );
    await audit(
      tx,
      ws.id,
      author,
      'version.create',
      {
        version: num,
        origin,
        nodes: dataset.nodes.length,
        edges: dataset.edges.length,
        message: options.message ?? null,
      },
      at,
    );
    return num;
  });
  return getVersion(store, workspace, number);
}

type VersionRow = {
  id: number;
  number: number;
  meta: Dataset['meta'];
  report: unknown;
  author: string;
  message: string | null;
  origin: VersionOrigin;
  node_count: number;
  edge_count: number;
  created_at: unknown;
  pruned_at: unknown;
};

const VERSION_COLS = 'v.id, v.number, v.meta, v.report, v.author, v.message, v.origin, v.node_count, v.edge_count, v.created_at, v.pruned_at';

function toVersion(workspace: string, r: VersionRow): VersionInfo {
  return {
    workspace,
    number: r.number,
    id: r.id,
    meta: r.meta,
    report: r.report,
    author: r.author,
    message: r.message,
    origin: r.origin,
    nodeCount: r.node_count,
    edgeCount: r.edge_count,
    createdAt: iso(r.created_at),
    prunedAt: isoOrNull(r.pruned_at),
  };
}

/** One version's record (no nodes/edges); the current one when `number` is omitted. */
export async function getVersion(store: Store | { db: SqlClient }, workspace: string, number?: number): Promise<VersionInfo> {
  const ws = await findWorkspace(store.db, workspace);
  const rows =
    number === undefined
      ? await store.db.query<VersionRow>(`SELECT ${VERSION_COLS} FROM dataset_versions v WHERE v.workspace_id = $1 ORDER BY v.number DESC LIMIT 1`, [ws.id])
      : await store.db.query<VersionRow>(`SELECT ${VERSION_COLS} FROM dataset_versions v WHERE v.workspace_id = $1 AND v.number = $2`, [ws.id, number]);
  if (!rows.length) {
    throw new NotFoundError(
      number === undefined
        ? `workspace ${JSON.stringify(workspace)} has no dataset yet (import one with \`hubgraph workspace import\`)`
        : `workspace ${JSON.stringify(workspace)} has no version ${number}`,
    );
  }
  return toVersion(workspace, rows[0]);
}

export async function listVersions(store: Store, workspace: string): Promise<VersionInfo[]> {
  const ws = await findWorkspace(store.db, workspace);
  const rows = await store.db.query<VersionRow>(`SELECT ${VERSION_COLS} FROM dataset_versions v WHERE v.workspace_id = $1 ORDER BY v.number`, [ws.id]);
  return rows.map((r) => toVersion(workspace, r));
}

/** The nodes and edges of a stored version (by internal id), in their original order. */
/** Rows whose first column is `ord`, sorted by it (a no-op check when already in order), without that column. */
function inOrder(rows: (string | null)[][]): (string | null)[][] {
  const ord = Int32Array.from(rows, (r) => Number(r[0]));
  let sorted = true;
  for (let i = 1; i < ord.length && sorted; i++) if (ord[i] < ord[i - 1]) sorted = false;
  const index = Array.from(ord.keys());
  if (!sorted) index.sort((a, b) => ord[a] - ord[b]);
  return index.map((i) => rows[i].slice(1));
}

/**
 * The packed copy of a version as UTF-8 JSON `{nodes, edges}`, or null for a version stored only as
 * rows. Unzipped on libuv's thread pool, not the event loop (a 100k-node version is tens of MB).
 */
export async function readVersionJson(db: SqlClient, versionId: number): Promise<Buffer | null> {
  if (!Number.isInteger(versionId)) throw new StoreError(`bad version id ${versionId}`);
  // Read as base64 text: PGlite returns a bytea column at ~100 ms of the event loop per MiB, base64 text at ~7.
  const [row] = await db.query<{ packed: string | null; number: number; pruned_at: unknown }>(
    `SELECT encode(packed, 'base64') AS packed, number, pruned_at FROM dataset_versions WHERE id = $1`,
    [versionId],
  );
  // Every reader of a version's nodes comes through here: a pruned one says so instead of reading as empty.
  if (row?.pruned_at) throw new PrunedVersionError(row.number, iso(row.pruned_at));
  return row?.packed ? gunzipAsync(Buffer.from(row.packed, 'base64')) : null;
}

export async function readVersionDataset(db: SqlClient, versionId: number, meta: Dataset['meta']): Promise<Dataset> {
  if (!Number.isInteger(versionId)) throw new StoreError(`bad version id ${versionId}`);
  const json = await readVersionJson(db, versionId);
  if (json) {
    const { nodes, edges } = JSON.parse(json.toString('utf8')) as Pick<Dataset, 'nodes' | 'edges'>;
    return { meta: meta ?? {}, nodes, edges };
  }
  // No ORDER BY: rows come back in insertion order in practice, and sorting 500k rows inside PGlite
  // costs about a second; `inOrder` checks `ord` and sorts only when the scan order differs.
  const nodeRows = inOrder(await db.selectText(`SELECT ord, id, type, props FROM version_nodes WHERE version_id = ${versionId}`));
  const edgeRows = inOrder(
    await db.selectText(`SELECT ord, source, target, type, weight, start_date, end_date, attrs FROM version_edges WHERE version_id = ${versionId}`),
  );
  return { meta: meta ?? {}, nodes: nodesFromText(nodeRows), edges: edgesFromText(edgeRows) };
}

/**
 * The dataset of a workspace version (current when `version` is omitted), ready for `buildSnapshot`,
 * `analyze` or `matchMentors`. This is what `--workspace NAME` on analyze/match reads.
 */
export async function loadWorkspaceDataset(store: Store, workspace: string, version?: number): Promise<{ dataset: Dataset; version: VersionInfo }> {
  const info = await getVersion(store, workspace, version);
  const dataset = await readVersionDataset(store.db, info.id, info.meta);
  return { dataset, version: info };
}
