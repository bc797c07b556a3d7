import type { Dataset } from '../model/index.ts';
import { audit } from './audit.ts';
import { nowIso } from './clock.ts';
import type { Store } from './open.ts';
import { insertVersion, type VersionOrigin } from './versions.ts';
import { insertWorkspace, validateWorkspaceName } from './workspaces.ts';

/**
 * Creates workspace `name` with `dataset` as version 1 when the store has no workspace at all.
 * Under a transaction-scoped advisory lock (keyed by schema), so that two servers starting on one
 * empty PostgreSQL database seed once, not twice (which gave `sample` v1 and v2). False when not empty.
 */
export async function seedIfEmpty(
  store: Store,
  name: string,
  dataset: Dataset,
  options: { author: string; message: string; report?: unknown; origin: VersionOrigin },
): Promise<boolean> {
  const ws = validateWorkspaceName(name);
  return store.db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('hubgraph.seed:' || current_schema()))`);
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM workspaces');
    if (n) return false;
    const at = nowIso();
    const row = await insertWorkspace(tx, ws, { description: null, createdBy: options.author, createdAt: at });
    await audit(tx, row.id, options.author, 'workspace.create', { name: ws, description: null }, at);
    await insertVersion(tx, row, 1, dataset, {
      report: options.report,
      author: options.author,
      message: options.message,
      origin: options.origin,
      createdAt: at,
    });
    await audit(
      tx,
      row.id,
      options.author,
      'version.create',
      { version: 1, origin: options.origin, nodes: dataset.nodes.length, edges: dataset.edges.length, message: options.message },
      at,
    );
    return true;
  });
}
