import { z } from 'zod';
import { EDGE_TYPES, isDirected, tieTypeKey } from '../../model/index.ts';
import { HttpProblem } from '../problems.ts';
import { degreeOf } from '../../graph/snapshot.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import type { ServerContext } from '../context.ts';
import { cachedOrStarted, heavy, wantsAsync } from '../heavy.ts';
import { type Layout, layoutWork } from '../layout.ts';
import { GraphPositionsSchema, GraphSchema, type GraphPositions, type TieTypeCount } from '../contract/graph.ts';
import { type Job, JobAccepted } from '../contract/common.ts';
import { LAYOUT_ENCODING } from '../contract/layouts.ts';
import { BoolQuery, IntQuery, PseudoQuery, VersionCache, VersionParams, wantsPseudonyms, type LoadedVersion } from './common.ts';
import type { Dataset } from '../../model/index.ts';
import type { Pseudonymiser } from '../pseudonym.ts';
import { sendBytes } from '../send.ts';

const LayoutQuery = z.object({
  layoutIterations: IntQuery(1, 5000).optional().describe('ForceAtlas2 iterations (default 200 up to 5k nodes, fewer above)'),
  seed: IntQuery(0, 2 ** 31)
    .default(1)
    .describe('Seed of the initial positions'),
});
const GraphQuery = PseudoQuery.extend({
  ...LayoutQuery.shape,
  layoutWait: BoolQuery.optional().describe(
    'Wait for the ForceAtlas2 layout however large the version (default: a version whose layout takes more than a few seconds and is not computed yet answers at once with a seed layout, and ForceAtlas2 runs in the background)',
  ),
  edgeTypes: z
    .string()
    .optional()
    .transform((s) =>
      s === undefined
        ? undefined
        : new Set(
            s
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean),
          ),
    )
    .describe(
      "Only ties of these types (comma list): a tie's own type as the file names it when it has one, else its built-in kind — the names the map's tie-type filter lists",
    ),
});

/** Refuses tie-type names this version has no ties of and that are no built-in kind, naming the ones it has. */
function checkTieTypes(wanted: Set<string>, ownTypes: readonly string[]): void {
  const own = new Set<string>(ownTypes);
  const known = new Set<string>([...EDGE_TYPES, ...own]);
  const bad = [...wanted].filter((t) => !known.has(t));
  if (!bad.length) return;
  const names = [...EDGE_TYPES, ...[...own].filter((t) => !(EDGE_TYPES as readonly string[]).includes(t)).sort()];
  const expected = `a comma list of this version's tie types: ${names.join(', ')}`;
  throw new HttpProblem('validation', `unknown tie type ${bad.join(', ')}`, [
    { in: 'query', path: 'edgeTypes', value: bad.join(','), expected, message: `edgeTypes: unknown tie type ${bad.join(', ')}; expected ${expected}` },
  ]);
}

/** Per-node overlays (community, isolation score) that the analysis routes put in the cache, when they are there. */
export type Overlay = (versionId: number) => { community?: (i: number) => number | null; isolation?: (id: string) => number | null };

export function graphRoutes(ctx: ServerContext, versions: VersionCache, overlay: Overlay = () => ({})): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions/:v/graph',
      tag: 'graph',
      role: 'viewer',
      heavy: true,
      summary: 'Nodes and edges for display, with a precomputed ForceAtlas2 layout',
      description: 'The layout runs in a worker from seeded initial positions and is cached per (version, iterations, seed).',
      params: VersionParams,
      query: GraphQuery,
      responses: { 200: { description: 'Graph', schema: GraphSchema }, 202: JobAccepted },
      handler: async ({ params, query, caller, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        await lv.decodeGraph(); // nodes in slices, the snapshot in a worker: the loop keeps answering meanwhile
        if (query.edgeTypes) checkTieTypes(query.edgeTypes, lv.ownTypes);
        const layoutParams = { iterations: query.layoutIterations, seed: query.seed };
        // A large version's first map does not wait a minute for ForceAtlas2: a seed layout now, the refined one later.
        const quick = !query.layoutWait && !wantsAsync(req) && layoutWork(lv.snapshot.n, lv.snapshot.m, query.layoutIterations) > ctx.layoutWaitWork;
        // Started once this answer is sent (or abandoned): on a 2-core machine it would otherwise take half the CPU from the render.
        let answered = () => {};
        const sent = quick ? new Promise<void>((resolve) => (answered = resolve)) : undefined;
        res.once('close', () => answered());
        const work = layoutJob(ctx, lv, layoutParams, positionsUrl(req.originalUrl, layoutParams), sent);
        let layout: Layout | undefined;
        let refining: GraphInput['refining'];
        if (quick) {
          const got = await cachedOrStarted(ctx, res, work);
          if ('value' in got) layout = got.value;
          else {
            refining = { job: got.job, positions: work.resultUrl };
            const { n, offsets, targets } = lv.snapshot;
            layout = await ctx.pool.run('seedLayout', { n, offsets, targets }, { urgent: true });
          }
          res.setHeader('X-Cache', refining ? 'miss' : 'hit');
        } else layout = await heavy<Layout>(ctx, req, res, { ...work, resultUrl: req.originalUrl });
        if (!layout) return undefined;
        const pseudo = wantsPseudonyms(caller, query.pseudonymise);
        const ov = overlay(lv.info.id);
        const n = lv.snapshot.n;
        const degree = new Int32Array(n);
        for (let i = 0; i < n; i++) degree[i] = degreeOf(lv.snapshot, i);
        const byIndex = (f: ((i: number) => number | null) | undefined) => {
          if (!f) return undefined;
          const a = new Float64Array(n);
          for (let i = 0; i < n; i++) a[i] = f(i) ?? Number.NaN;
          return a;
        };
        const iso = ov.isolation;
        const input: GraphInput = {
          workspace: params.ws,
          version: lv.info.number,
          layout,
          degree,
          community: byIndex(ov.community),
          isolation: byIndex(iso && ((i) => iso(lv.snapshot.ids[i]))),
          edgeTypes: query.edgeTypes && [...query.edgeTypes],
          refining,
        };
        // Serialised in a worker and streamed: a 100k-node graph is tens of MB of JSON (issue 20, defect 4).
        // With a seed layout the refined one occupies a worker: the render takes the urgent lane, not the queue behind it.
        const out = await ctx.pool.run(
          'render',
          { dataset: lv.shared, request: { kind: 'graph', input }, ...(pseudo && { pseudonyms: lv.pseudonyms.shared() }) },
          { urgent: !!refining },
        );
        await sendBytes(res, out.bytes!, 'application/json; charset=utf-8');
        answered();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions/:v/graph/positions',
      tag: 'graph',
      role: 'viewer',
      heavy: true,
      summary: 'The ForceAtlas2 layout alone (x,y per node), for a map first drawn with the seed layout',
      description:
        'The same layout, cache and parameters as GET …/graph; computed now when it is not yet (with `Prefer: respond-async`, a job). ' +
        'The graph of a large version answers first with a seed layout and names the job computing this one (`layout.refining`).',
      params: VersionParams,
      query: LayoutQuery,
      responses: { 200: { description: 'Positions', schema: GraphPositionsSchema }, 202: JobAccepted },
      handler: async ({ params, query, req, res }): Promise<GraphPositions | undefined> => {
        const lv = await versions.load(params.ws, params.v);
        const layoutParams = { iterations: query.layoutIterations, seed: query.seed };
        const layout = await heavy<Layout>(ctx, req, res, { ...layoutJob(ctx, lv, layoutParams, req.originalUrl), resultUrl: req.originalUrl });
        if (!layout) return undefined;
        return {
          workspace: params.ws,
          version: lv.info.number,
          layout: { algorithm: 'forceatlas2', iterations: layout.iterations, seed: layout.seed },
          nodes: layout.x.length,
          encoding: LAYOUT_ENCODING,
          positions: encodePositions(layout),
        };
      },
    }),
  ];
}

/** The ForceAtlas2 layout of a version as cached heavy work (kind `layout`, keyed by iterations and seed); computed after `after` when given. */
function layoutJob(ctx: ServerContext, lv: LoadedVersion, params: { iterations?: number; seed: number }, resultUrl: string, after?: Promise<void>) {
  return {
    kind: 'layout',
    versionId: lv.info.id,
    params,
    resultUrl,
    compute: async (progress: (fraction: number, message?: string) => void) => {
      await after;
      return ctx.pool.run('layout', { dataset: lv.shared, ...params }, { onProgress: progress });
    },
  };
}

/** The positions route of a graph request, with its layout parameters (where a seed layout's refined one is read). */
function positionsUrl(graphUrl: string, p: { iterations?: number; seed: number }): string {
  const path = graphUrl.split('?')[0].replace(/\/graph$/, '/graph/positions');
  const q = new URLSearchParams();
  if (p.iterations !== undefined) q.set('layoutIterations', String(p.iterations));
  if (p.seed !== 1) q.set('seed', String(p.seed));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Float32 little-endian x,y pairs in base64 (the saved layout's encoding). */
function encodePositions(layout: Layout): string {
  const n = layout.x.length;
  const buf = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) {
    buf.writeFloatLE(layout.x[i], i * 8);
    buf.writeFloatLE(layout.y[i], i * 8 + 4);
  }
  return buf.toString('base64');
}

/** What the graph body is built from besides the dataset; plain data, so it crosses to a worker. */
export interface GraphInput {
  workspace: string;
  version: number;
  layout: Layout;
  /** By node index, in dataset order; NaN where there is none (sent as null). */
  degree: Int32Array;
  community?: Float64Array;
  isolation?: Float64Array;
  edgeTypes?: string[];
  /** With a seed layout: the job computing the ForceAtlas2 one, and where its positions are read. */
  refining?: { job: Job; positions: string };
}

const orNull = (a: Float64Array | undefined, i: number) => (a && !Number.isNaN(a[i]) ? a[i] : null);

/** The graph body (pure; runs in a worker). `ps` pseudonymises person nodes when given. */
export function graphBody(dataset: Dataset, g: GraphInput, ps?: Pseudonymiser) {
  const pseudo = !!ps;
  const layout = g.layout;
  const types = g.edgeTypes && new Set(g.edgeTypes);
  const nodes = dataset.nodes.map((n0, i) => {
    const n = pseudo ? ps.node(n0) : n0;
    const { id, type, ownType, label, region, hub, attrs, ...rest } = n;
    return {
      id,
      type,
      ownType: ownType ?? null,
      label: label ?? null,
      region: region ?? null,
      hub: hub ?? null,
      x: layout.x[i],
      y: layout.y[i],
      degree: g.degree[i],
      community: orNull(g.community, i),
      isolation: orNull(g.isolation, i),
      attrs: { ...attrs, ...rest },
    };
  });
  const edges = [];
  const tieTypes = new Map<string, TieTypeCount>();
  for (const e of dataset.edges) {
    const key = tieTypeKey(e);
    let c = tieTypes.get(key);
    if (!c) tieTypes.set(key, (c = { key, kind: e.type, own: !!e.ownType, count: 0, directed: 0 }));
    c.count++;
    if (isDirected(e)) c.directed++;
    if (types && !types.has(key)) continue;
    edges.push({
      source: pseudo ? ps.id(e.source) : e.source,
      target: pseudo ? ps.id(e.target) : e.target,
      type: e.type,
      ownType: e.ownType ?? null,
      directed: isDirected(e),
      weight: e.weight,
      start: e.start ?? null,
      end: e.end ?? null,
    });
  }
  return {
    workspace: g.workspace,
    version: g.version,
    layout: { algorithm: layout.algorithm, iterations: layout.iterations, seed: layout.seed, ...(g.refining && { refining: g.refining }) },
    nodes,
    edges,
    tieTypes: [...tieTypes.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}
