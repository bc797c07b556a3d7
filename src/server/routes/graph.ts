import { z } from 'zod';
import { EDGE_TYPES, isDirected, tieTypeKey } from '../../model/index.ts';
import { HttpProblem } from '../problems.ts';
import { degreeOf } from '../../graph/snapshot.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import type { ServerContext } from '../context.ts';
import { heavy } from '../heavy.ts';
import type { Layout } from '../layout.ts';
import { GraphSchema, type TieTypeCount } from '../contract/graph.ts';
import { JobAccepted } from '../contract/common.ts';
import { IntQuery, PseudoQuery, VersionCache, VersionParams, wantsPseudonyms } from './common.ts';
import type { Dataset } from '../../model/index.ts';
import type { Pseudonymiser } from '../pseudonym.ts';
import { sendBytes } from '../send.ts';

const GraphQuery = PseudoQuery.extend({
  layoutIterations: IntQuery(1, 5000).optional().describe('ForceAtlas2 iterations (default 200 up to 5k nodes, fewer above)'),
  seed: IntQuery(0, 2 ** 31)
    .default(1)
    .describe('Seed of the initial positions'),
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
        const layout = await heavy<Layout>(ctx, req, res, {
          kind: 'layout',
          versionId: lv.info.id,
          params: layoutParams,
          resultUrl: req.originalUrl,
          compute: (progress) => ctx.pool.run('layout', { dataset: lv.shared, ...layoutParams }, { onProgress: progress }),
        });
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
        };
        // Serialised in a worker and streamed: a 100k-node graph is tens of MB of JSON (issue 20, defect 4).
        const out = await ctx.pool.run('render', {
          dataset: lv.shared,
          request: { kind: 'graph', input },
          ...(pseudo && { pseudonyms: lv.pseudonyms.shared() }),
        });
        await sendBytes(res, out.bytes!, 'application/json; charset=utf-8');
      },
    }),
  ];
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
    layout: { algorithm: layout.algorithm, iterations: layout.iterations, seed: layout.seed },
    nodes,
    edges,
    tieTypes: [...tieTypes.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}
