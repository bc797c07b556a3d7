import { z } from 'zod';
import { erasePerson } from '../../store/erase.ts';
import { exportPerson } from '../../store/person-data.ts';
import type { Store } from '../../store/open.ts';
import { deleteWorkspace } from '../../store/workspaces.ts';
import { aggregationCandidates, prunedVersionView, pruneVersions, retainedWorkspaces, setRetention, type RetentionResult } from '../../store/retention.ts';
import { readVersionJson } from '../../store/versions.ts';
import type { VersionAggregate } from '../../model/index.ts';
import { shareJson } from '../shared-dataset.ts';
import { PrunedVersionViewSchema, RetentionSchema } from '../contract/workspaces.ts';
import type { ServerContext } from '../context.ts';
import { HttpProblem } from '../problems.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { VersionCache, VersionParams, WorkspaceName, WsParams } from './common.ts';

const NodeId = z.string().min(1).max(1000);

const EraseResultSchema = z.object({
  versions: z.number().int(),
  nodes: z.number().int(),
  edges: z.number().int(),
  otherRows: z.number().int(),
  scrubbed: z.number().int(),
  cachedResults: z.number().int(),
});

/** Version ids of a workspace (only those kept whole, with `whole`), to drop what this server holds in memory for them. */
async function versionIds(store: Store, ws: string, whole = false): Promise<number[]> {
  return (
    await store.db.query<{ id: number }>(
      `SELECT v.id FROM dataset_versions v JOIN workspaces w ON w.id = v.workspace_id WHERE w.name = $1${whole ? ' AND v.pruned_at IS NULL' : ''}`,
      [ws],
    )
  ).map((r) => r.id);
}

/**
 * Prunes `ws` by its retention period and drops what this server holds in memory for the removed
 * versions: their results, decoded copies and version records (else a pruned version would still be
 * served from memory).
 */
export async function pruneWorkspace(
  ctx: ServerContext,
  store: Store,
  versions: VersionCache,
  ws: string,
  options: { actor?: string; now?: Date } = {},
): Promise<RetentionResult> {
  const before = await versionIds(store, ws, true);
  // The aggregates are computed in a worker first: on the event loop they take seconds per large version.
  const aggregates = new Map<number, VersionAggregate>();
  for (const c of await aggregationCandidates(store, ws, options)) {
    const json = await readVersionJson(store.db, c.id); // unzipped on libuv's pool, not parsed here
    if (json) aggregates.set(c.id, await ctx.pool.run('aggregate', { dataset: shareJson(`aggregate-v${c.id}.${Date.now()}`, json) }));
  }
  const r = await pruneVersions(store, ws, { ...options, aggregates });
  if (r.pruned.length || r.aggregated.length) {
    // Deleted and aggregated alike: nothing decoded or computed from them may be served again.
    const after = new Set(await versionIds(store, ws, true));
    ctx.cache.forgetVersions(before.filter((id) => !after.has(id)));
    versions.forget(ws);
  }
  return r;
}

/** The daily prune: every workspace with a retention period, memory cleared as by the API's prune. */
export async function pruneAllRetained(ctx: ServerContext, store: Store, versions: VersionCache, options: { now?: Date } = {}): Promise<RetentionResult[]> {
  const out: RetentionResult[] = [];
  for (const ws of await retainedWorkspaces(store)) out.push(await pruneWorkspace(ctx, store, versions, ws, { actor: 'retention', now: options.now }));
  return out;
}

/** Teachers' data rights: workspace delete, erasure, access request. Admin only; each is audited. */
export function privacyRoutes(ctx: ServerContext, store: Store, versions: VersionCache): RouteSpec[] {
  const forget = (ws: string, ids: number[]) => {
    ctx.cache.forgetVersions(ids);
    versions.forget(ws);
  };
  return [
    defineRoute({
      method: 'put',
      path: '/api/workspaces/:ws/retention',
      tag: 'admin',
      role: 'admin',
      summary: 'Set (days) or clear (null) how long old versions are kept; then prune at once',
      description:
        'Versions older than the period are removed daily and by this call, except the current one; one a match round was run on, produced or reverted is reduced to its aggregate (GET …/versions/:v/aggregate). Audited as workspace.retention and version.prune.',
      params: WsParams,
      body: z.object({ days: z.number().int().min(1).max(36_500).nullable() }).strict(),
      responses: { 200: { description: 'Retention and what was pruned', schema: RetentionSchema } },
      handler: async ({ params, body, caller }) => {
        await setRetention(store, params.ws, body.days, { actor: caller.name });
        return pruneWorkspace(ctx, store, versions, params.ws, { actor: caller.name });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions/:v/aggregate',
      tag: 'versions',
      role: 'viewer',
      summary: 'What retention kept of a pruned version: counts by node type, tie type and region, headline indicators, and the rounds that used it',
      description:
        "A version past the workspace's retention period that a match round used keeps only this (its other routes answer 410 Gone). Holds counts and region names only, no ids or names; 404 for a version kept whole.",
      params: VersionParams,
      responses: { 200: { description: 'The aggregate', schema: PrunedVersionViewSchema } },
      handler: async ({ params }) => prunedVersionView(store, params.ws, (await versions.info(params.ws, params.v)).number),
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/prune',
      tag: 'admin',
      role: 'admin',
      summary: "Remove versions older than the workspace's retention period now",
      params: WsParams,
      responses: { 200: { description: 'What was pruned', schema: RetentionSchema } },
      handler: async ({ params, caller }) => pruneWorkspace(ctx, store, versions, params.ws, { actor: caller.name }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/workspaces/:ws',
      tag: 'admin',
      role: 'admin',
      summary: 'Delete a workspace with its versions, rounds, cached results and audit (irreversible)',
      description: 'Needs `confirm` = the workspace name. A store-wide audit entry records the deletion.',
      params: WsParams,
      query: z.object({ confirm: WorkspaceName.describe('The workspace name again') }),
      responses: {
        200: { description: 'Deleted', schema: z.object({ deleted: z.object({ name: z.string(), versions: z.number().int(), rounds: z.number().int() }) }) },
      },
      handler: async ({ params, query, caller }) => {
        if (query.confirm !== params.ws)
          throw new HttpProblem('validation', 'confirm must repeat the workspace name', [
            { in: 'query', path: 'confirm', expected: `the workspace name (${params.ws})`, message: 'does not match' },
          ]);
        const ids = await versionIds(store, params.ws);
        const deleted = await deleteWorkspace(store, params.ws, { actor: caller.name });
        forget(params.ws, ids);
        return { deleted };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/erasures',
      tag: 'admin',
      role: 'admin',
      summary: 'Erase a person from every version of the workspace (right to erasure; irreversible)',
      description:
        'Removes their node, ties, round pairs and cached results and replaces mentions of their id and names with "[erased]". The audit log records that an erasure happened, not who.',
      params: WsParams,
      body: z.object({ id: NodeId.describe('The node id (or its pseudonym)'), confirm: NodeId.describe('The same id again') }).strict(),
      responses: { 200: { description: 'Erased', schema: z.object({ erased: EraseResultSchema }) }, 404: { description: 'No such node in any version' } },
      handler: async ({ params, body, caller }) => {
        if (body.confirm !== body.id)
          throw new HttpProblem('validation', 'confirm must repeat the id', [
            { in: 'body', path: 'confirm', expected: 'the same id as `id`', message: 'does not match' },
          ]);
        const id = (await versions.pseudonymiser(params.ws)).resolve(body.id);
        const ids = await versionIds(store, params.ws);
        const erased = await erasePerson(store, params.ws, id, { actor: caller.name });
        forget(params.ws, ids);
        return { erased };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/people/:id',
      tag: 'admin',
      role: 'admin',
      summary: 'Everything the workspace holds about one id (access request)',
      params: WsParams.extend({ id: NodeId }),
      responses: {
        200: {
          description: 'Their node and ties per version, and rows keyed by them',
          schema: z.object({
            workspace: z.string(),
            id: z.string(),
            versions: z.array(
              z.object({
                number: z.number().int(),
                createdAt: z.string(),
                node: z.record(z.string(), z.unknown()).nullable(),
                ties: z.array(z.record(z.string(), z.unknown())),
              }),
            ),
            records: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
          }),
        },
      },
      handler: async ({ params }) => exportPerson(store, params.ws, (await versions.pseudonymiser(params.ws)).resolve(params.id)),
    }),
  ];
}
