/**
 * Map positions saved with a version (migration 006): whoever opens the version in the app sees the
 * layout a colleague refined, not just the one this browser kept. Positions are little-endian
 * Float32 x,y pairs in the version's node order — 8 bytes a node, a few hundred kB at 50k nodes.
 */
import type { Dataset } from '../model/index.ts';
import type { SqlClient } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, iso, nowIso } from './clock.ts';
import { StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { getVersion, readVersionDataset } from './versions.ts';
import { lockWorkspace } from './workspaces.ts';

export interface SavedLayout {
  /** Version number the positions belong to. */
  version: number;
  /** Nodes of that version (the positions hold 2 × nodes floats). */
  nodes: number;
  positions: Uint8Array;
  savedBy: string;
  savedAt: string;
  /** The earlier version these positions were carried over from when the version was made; null when someone saved them. */
  inheritedFrom: number | null;
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
  const [row] = await store.db.query<{ node_count: number; positions: Uint8Array; saved_by: string; saved_at: unknown; inherited_from: number | null }>(
    'SELECT node_count, positions, saved_by, saved_at, inherited_from FROM version_layouts WHERE version_id = $1',
    [v.id],
  );
  if (!row || row.node_count !== v.nodes) return null;
  const positions = new Uint8Array(row.positions.buffer, row.positions.byteOffset, row.positions.byteLength);
  return { version: v.number, nodes: v.nodes, positions, savedBy: row.saved_by, savedAt: iso(row.saved_at), inheritedFrom: row.inherited_from ?? null };
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
      `INSERT INTO version_layouts (version_id, node_count, positions, saved_by, saved_at, inherited_from) VALUES ($1, $2, $3, $4, $5, NULL)
       ON CONFLICT (version_id) DO UPDATE SET node_count = EXCLUDED.node_count, positions = EXCLUDED.positions, saved_by = EXCLUDED.saved_by,
         saved_at = EXCLUDED.saved_at, inherited_from = NULL`,
      [v.id, v.nodes, positions, actor, at],
    );
    await audit(tx, ws.id, actor, 'layout.save', { version: v.number, nodes: v.nodes }, at);
    return { version: v.number, nodes: v.nodes, positions, savedBy: actor, savedAt: at, inheritedFrom: null };
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

/** How a new version's positions were carried over from an earlier layout. */
export interface InheritedPositions {
  /** Float32 x,y pairs in the new version's node order. */
  positions: Uint8Array;
  /** Nodes whose id persists: exactly their old position. */
  kept: number;
  /** New nodes tied (directly or through other new nodes) to kept ones: next to those neighbours. */
  nearNeighbours: number;
  /** New nodes with no path to a kept one: in a compact patch beside the old layout. */
  elsewhere: number;
}

export interface InheritOptions {
  /**
   * Carry the layout over only when at least this share of the new version's nodes kept their id
   * (default 0.5): below it most of the map would be guessed, and the normal layout is better.
   */
  minKeptShare?: number;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Positions for a new version from an earlier version's layout (pure). Nodes whose id persists keep
 * their position; new nodes are placed, layer by layer out from the kept ones, at the mean of their
 * already placed neighbours plus a small deterministic offset (so siblings of one node do not
 * overlap); nodes with no path to a kept node go in a sunflower patch right of the old layout.
 * Null when too few ids persist (options.minKeptShare).
 */
export function inheritPositions(
  prevIds: readonly string[],
  prevPositions: Uint8Array,
  next: Pick<Dataset, 'nodes' | 'edges'>,
  options: InheritOptions = {},
): InheritedPositions | null {
  const n = next.nodes.length;
  if (!n || prevPositions.byteLength !== layoutBytes(prevIds.length)) return null;
  const prev = new DataView(prevPositions.buffer, prevPositions.byteOffset, prevPositions.byteLength);
  const prevIndex = new Map<string, number>();
  prevIds.forEach((id, i) => prevIndex.set(id, i));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  // 0 = not placed; otherwise the BFS layer + 1 (kept nodes are layer 0 → 1).
  const layer = new Int32Array(n);
  let kept = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = next.nodes[i].id;
    index.set(id, i);
    const j = prevIndex.get(id);
    if (j === undefined) continue;
    x[i] = prev.getFloat32(j * 8, true);
    y[i] = prev.getFloat32(j * 8 + 4, true);
    layer[i] = 1;
    kept++;
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
    if (y[i] < minY) minY = y[i];
    if (y[i] > maxY) maxY = y[i];
  }
  if (!kept || kept < (options.minKeptShare ?? 0.5) * n) return null;
  // About the distance between neighbouring nodes of the old layout: the scale of every offset.
  const spacing = Math.max(Math.hypot(maxX - minX, maxY - minY) / Math.sqrt(kept), 1e-3) * 0.5;

  // Adjacency of the new version (CSR), both directions: placement follows ties either way.
  const deg = new Int32Array(n + 1);
  const ends: [number, number][] = [];
  for (const e of next.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    ends.push([a, b]);
    deg[a + 1]++;
    deg[b + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const adj = new Int32Array(deg[n]);
  const fill = deg.slice(0, n);
  for (const [a, b] of ends) {
    adj[fill[a]++] = b;
    adj[fill[b]++] = a;
  }

  let frontier: number[] = [];
  for (let i = 0; i < n; i++) if (layer[i]) frontier.push(i);
  let nearNeighbours = 0;
  for (let l = 2; frontier.length; l++) {
    const found: number[] = [];
    for (const u of frontier)
      for (let k = deg[u]; k < deg[u + 1]; k++) {
        const v = adj[k];
        if (layer[v]) continue;
        layer[v] = l;
        found.push(v);
      }
    // Each new node sits at the mean of its neighbours from earlier layers (never of its own layer, so the order of `found` does not matter).
    for (const v of found) {
      let sx = 0;
      let sy = 0;
      let c = 0;
      for (let k = deg[v]; k < deg[v + 1]; k++) {
        const u = adj[k];
        if (layer[u] && layer[u] < l) {
          sx += x[u];
          sy += y[u];
          c++;
        }
      }
      const a = v * GOLDEN_ANGLE;
      x[v] = sx / c + spacing * Math.cos(a);
      y[v] = sy / c + spacing * Math.sin(a);
    }
    nearNeighbours += found.length;
    frontier = found;
  }

  let elsewhere = 0;
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (!layer[i]) rest.push(i);
  if (rest.length) {
    const radius = spacing * Math.sqrt(rest.length);
    const cx = maxX + 2 * spacing + radius;
    const cy = (minY + maxY) / 2;
    for (const v of rest) {
      const r = spacing * Math.sqrt(elsewhere + 0.5);
      const a = elsewhere * GOLDEN_ANGLE;
      x[v] = cx + r * Math.cos(a);
      y[v] = cy + r * Math.sin(a);
      elsewhere++;
    }
  }

  const out = new Uint8Array(layoutBytes(n));
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    view.setFloat32(i * 8, x[i], true);
    view.setFloat32(i * 8 + 4, y[i], true);
  }
  return { positions: out, kept, nearNeighbours, elsewhere };
}

/**
 * Gives a version just written in `tx` the workspace's saved layout: the positions of the latest
 * earlier version that has one, carried over by inheritPositions. Called by insertVersion; the
 * caller holds the workspace lock. Returns what was carried over, or null when nothing was.
 */
export async function inheritLayout(
  tx: SqlClient,
  workspaceId: number,
  version: { id: number; number: number },
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  actor: string,
  at: string,
  options: InheritOptions = {},
): Promise<(InheritedPositions & { from: number }) | null> {
  const [src] = await tx.query<{ id: number; number: number; positions: Uint8Array }>(
    `SELECT v.id, v.number, l.positions FROM dataset_versions v JOIN version_layouts l ON l.version_id = v.id AND l.node_count = v.node_count
     WHERE v.workspace_id = $1 AND v.number < $2 ORDER BY v.number DESC LIMIT 1`,
    [workspaceId, version.number],
  );
  if (!src) return null;
  const before = await readVersionDataset(tx, src.id, {});
  const positions = new Uint8Array(src.positions.buffer, src.positions.byteOffset, src.positions.byteLength);
  const got = inheritPositions(
    before.nodes.map((nd) => nd.id),
    positions,
    dataset,
    options,
  );
  if (!got) return null;
  await tx.query('INSERT INTO version_layouts (version_id, node_count, positions, saved_by, saved_at, inherited_from) VALUES ($1, $2, $3, $4, $5, $6)', [
    version.id,
    dataset.nodes.length,
    got.positions,
    actor,
    at,
    src.number,
  ]);
  const { positions: _, ...counts } = got;
  await audit(tx, workspaceId, actor, 'layout.inherit', { version: version.number, from: src.number, ...counts }, at);
  return { ...got, from: src.number };
}
