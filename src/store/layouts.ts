/**
 * Map positions saved with a version (migration 006): whoever opens the version in the app sees the
 * layout a colleague refined, not just the one this browser kept. Positions are little-endian
 * Float32 x,y pairs in the version's node order — 8 bytes a node, a few hundred kB at 50k nodes.
 */
import type { SqlClient } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, iso, nowIso } from './clock.ts';
import { StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { getVersion } from './versions.ts';
import { lockWorkspace } from './workspaces.ts';

export interface SavedLayout {
  /** Version number the positions belong to. */
  version: number;
  /** Nodes of that version (the positions hold 2 × nodes floats). */
  nodes: number;
  positions: Uint8Array;
  savedBy: string;
  savedAt: string;
}

/** Bytes of a layout for `nodes` nodes. */
export const layoutBytes = (nodes: number): number => nodes * 8;

/** Why `positions` cannot be the layout of `nodes` nodes; undefined when it can. */
export function layoutProblem(positions: Uint8Array, nodes: number): string | undefined {
  if (positions.byteLength !== layoutBytes(nodes))
    return `${positions.byteLength} bytes hold ${positions.byteLength / 8} positions; this version has ${nodes} nodes (expected ${layoutBytes(nodes)} bytes)`;
  const view = new DataView(positions.buffer, positions.byteOffset, positions.byteLength);
  for (let i = 0; i < positions.byteLength; i += 4)
    if (!Number.isFinite(view.getFloat32(i, true))) return `position ${Math.floor(i / 8)} (${i % 8 ? 'y' : 'x'}) is not a finite number`;
  return undefined;
}

async function versionRow(db: SqlClient, workspace: string, number?: number) {
  const v = await getVersion({ db }, workspace, number);
  return { id: v.id, number: v.number, nodes: v.nodeCount };
}

/** The saved layout of a version (the current one when `number` is omitted); null when none was saved or the node set changed. */
export async function getLayout(store: Store, workspace: string, number?: number): Promise<SavedLayout | null> {
  const v = await versionRow(store.db, workspace, number);
  const [row] = await store.db.query<{ node_count: number; positions: Uint8Array; saved_by: string; saved_at: unknown }>(
    'SELECT node_count, positions, saved_by, saved_at FROM version_layouts WHERE version_id = $1',
    [v.id],
  );
  if (!row || row.node_count !== v.nodes) return null;
  const positions = new Uint8Array(row.positions.buffer, row.positions.byteOffset, row.positions.byteLength);
  return { version: v.number, nodes: v.nodes, positions, savedBy: row.saved_by, savedAt: iso(row.saved_at) };
}

/** Saves (replaces) the layout of a version; refuses positions that do not fit its nodes. */
export async function saveLayout(
  store: Store,
  workspace: string,
  number: number | undefined,
  positions: Uint8Array,
  options: { actor?: string } = {},
): Promise<SavedLayout> {
  const actor = options.actor ?? defaultActor();
  return store.db.transaction(async (tx) => {
    const ws = await lockWorkspace(tx, workspace);
    const v = await versionRow(tx, workspace, number);
    const why = layoutProblem(positions, v.nodes);
    if (why) throw new StoreError(`layout of version ${v.number}: ${why}`, 'invalid');
    const at = nowIso();
    await tx.query(
      `INSERT INTO version_layouts (version_id, node_count, positions, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (version_id) DO UPDATE SET node_count = EXCLUDED.node_count, positions = EXCLUDED.positions, saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at`,
      [v.id, v.nodes, positions, actor, at],
    );
    await audit(tx, ws.id, actor, 'layout.save', { version: v.number, nodes: v.nodes }, at);
    return { version: v.number, nodes: v.nodes, positions, savedBy: actor, savedAt: at };
  });
}

/** Forgets the saved layout of a version (the app falls back to the computed one); true when there was one. */
export async function deleteLayout(store: Store, workspace: string, number: number | undefined, options: { actor?: string } = {}): Promise<boolean> {
  const actor = options.actor ?? defaultActor();
  return store.db.transaction(async (tx) => {
    const ws = await lockWorkspace(tx, workspace);
    const v = await versionRow(tx, workspace, number);
    const gone = (await tx.query('DELETE FROM version_layouts WHERE version_id = $1 RETURNING 1', [v.id])).length > 0;
    if (gone) await audit(tx, ws.id, actor, 'layout.delete', { version: v.number });
    return gone;
  });
}
