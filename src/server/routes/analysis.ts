import { z } from 'zod';
import { IsoDateSchema, IsolationStatusSchema } from '../../model/index.ts';
import { AnalysisSchema, CommunitiesSchema, IndicatorsViewSchema, IsolationListSchema, MetricsTableSchema, TemporalDiffSchema } from '../contract/analysis.ts';
import { JobAccepted } from '../contract/common.ts';
import type { AnalysisResult, NodeResult } from '../../analysis/analyze.ts';
import { AnalyzeOptionsSchema, DEFAULT_METRICS, QUERY_OPTION_KEYS, type AnalyzeOptions } from '../../analysis/options.ts';
import { optionsFromQuery, queryFromSchema } from '../schema-query.ts';
import { shownDefault } from '../../model/option-fields.ts';
import { DiffCommunityOptionsSchema, DiffOptionsSchema, type DiffOptions } from '../../analysis/temporal/diff.ts';
import type { EcosystemIndicators } from '../../analysis/indicators.ts';
import { NODE_COLUMN_NAMES, nodeColumnValue } from '../../analysis/registry.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import type { ServerContext } from '../context.ts';
import { heavy } from '../heavy.ts';
import type { Pseudonymiser } from '../pseudonym.ts';
import { BoolQuery, IntQuery, PseudoQuery, VersionCache, VersionParams, wantsPseudonyms, type LoadedVersion } from './common.ts';
import type { Request, Response } from 'express';
import { DEFAULT_BUDGET_SECONDS } from '../../analysis/budget.ts';
import { HttpProblem } from '../problems.ts';
import { roleAtLeast, type Caller } from '../roles.ts';

/** The analysis options the API takes (QUERY_OPTION_KEYS), descriptions and defaults from the library's schema, three under the API's (and the CLI's) names. */
export const QUERY_NAMES = { communityMethod: 'communities', louvainTries: 'tries', budgetSeconds: 'budget' } as const;

export const AnalysisQuery = PseudoQuery.extend({
  ...queryFromSchema(AnalyzeOptionsSchema, QUERY_OPTION_KEYS, QUERY_NAMES).shape,
  coreperiphery: BoolQuery.default(false).describe('Also Borgatti–Everett core–periphery: coreness per node and the correlation fit'),
});
type AnalysisQueryOut = z.output<typeof AnalysisQuery>;

/** The temporal diff's community settings as query parameters, from the library's schema (`method` as `communities`, as in the CLI). */
const DIFF_COMMUNITY_KEYS = ['method', 'resolution', 'seed', 'tries'] as const;
const DIFF_NAMES = { method: 'communities' } as const;
export const DiffQuery = PseudoQuery.extend({
  from: IsoDateSchema.describe(DiffOptionsSchema.shape.from.description!),
  to: IsoDateSchema.describe(DiffOptionsSchema.shape.to.description!),
  weighted: BoolQuery.default(true).describe(`${DiffOptionsSchema.shape.weighted.description}${shownDefault(true)}`),
  ...queryFromSchema(DiffCommunityOptionsSchema, DIFF_COMMUNITY_KEYS, DIFF_NAMES).shape,
}).refine((q) => q.from.slice(0, 10) <= q.to.slice(0, 10), { message: 'to on or after from', path: ['to'] });

/** The diff options a query stands for (also the job's cache key: every default written out). */
export function diffOptions(q: z.output<typeof DiffQuery>): DiffOptions {
  const communities = DiffCommunityOptionsSchema.parse(optionsFromQuery(q, DIFF_COMMUNITY_KEYS, DIFF_NAMES));
  return { from: q.from, to: q.to, weighted: q.weighted, communities };
}

/**
 * The analysis options a query stands for, parsed by the library's schema: also the cache key (every
 * default written out, so equal requests share it). Brokerage (it needs a grouping, `group`) and
 * core–periphery (many O(m) sweeps, `coreperiphery`) are opt-in: the default metrics plus those asked for.
 */
export function analysisOptions(q: Partial<AnalysisQueryOut>): AnalyzeOptions {
  const given = optionsFromQuery(q, QUERY_OPTION_KEYS, QUERY_NAMES);
  const extra = [...(given.group ? (['brokerage'] as const) : []), ...(q.coreperiphery ? (['coreperiphery'] as const) : [])];
  return AnalyzeOptionsSchema.parse({ ...given, ...(extra.length ? { metrics: [...DEFAULT_METRICS, ...extra] } : {}) });
}

/** Replaces person ids, the labels of person records, and person names inside texts, anywhere in a result. */
export function pseudonymiseDeep<T>(value: T, ps: Pseudonymiser): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return ps.isPerson(v) ? ps.id(v) : ps.scrubText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const person = typeof o.id === 'string' && ps.isPerson(o.id) ? o.id : null;
      for (const [k, x] of Object.entries(o)) out[k] = person && k === 'label' ? ps.label(person, undefined) : walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

export interface AnalysisIndex {
  byId: Map<string, number>;
  isolationRank: Map<string, number>;
}
const indexes = new WeakMap<AnalysisResult, AnalysisIndex>();
/** Lookups by id into a (cached, immutable) analysis result, built once per result. */
export function analysisIndex(r: AnalysisResult): AnalysisIndex {
  let ix = indexes.get(r);
  if (!ix) {
    ix = { byId: new Map(r.nodes.map((n, i) => [n.id, i])), isolationRank: new Map((r.isolation ?? []).map((e, i) => [e.id, i])) };
    indexes.set(r, ix);
  }
  return ix;
}

/**
 * `exact=true`, or a budget above the default, can hold the one analysis worker for many minutes on a
 * large version (a 67k-node exact analysis took 21 minutes): only roles that may write ask for it, so a
 * viewer cannot monopolise the pool (issue 20, defect 5). Everyone gets the budgeted analysis.
 */
export function assertAffordable(caller: Caller | undefined, options: AnalyzeOptions): void {
  if (!caller || roleAtLeast(caller.role, 'coordinator')) return;
  if (options.exact)
    throw new HttpProblem('forbidden', `exact=true needs the coordinator role (it can hold the analysis worker for minutes); the token has ${caller.role}`);
  if ((options.budgetSeconds ?? DEFAULT_BUDGET_SECONDS) > DEFAULT_BUDGET_SECONDS)
    throw new HttpProblem(
      'forbidden',
      `a budget above ${DEFAULT_BUDGET_SECONDS} s needs the coordinator role; the token has ${caller.role} (ask for budget ≤ ${DEFAULT_BUDGET_SECONDS})`,
    );
}

export function getAnalysis(
  ctx: ServerContext,
  req: Request,
  res: Response,
  lv: LoadedVersion,
  q: Partial<AnalysisQueryOut>,
): Promise<AnalysisResult | undefined> {
  const options = analysisOptions(q);
  assertAffordable(res.locals.caller as Caller | undefined, options);
  return heavy<AnalysisResult>(ctx, req, res, {
    kind: 'analysis',
    versionId: lv.info.id,
    params: options,
    resultUrl: req.originalUrl,
    compute: (progress) => ctx.pool.run('analysis', { dataset: lv.shared, options }, { onProgress: progress }),
  });
}

/** Sortable per-node columns: every scalar column of the analysis registry. */
const METRIC_COLUMNS = NODE_COLUMN_NAMES;

export function analysisRoutes(ctx: ServerContext, versions: VersionCache): RouteSpec[] {
  const base = '/api/workspaces/:ws/versions/:v/analysis';
  const shown = <T>(lv: LoadedVersion, pseudo: boolean, value: T): T => (pseudo ? pseudonymiseDeep(value, lv.pseudonyms) : value);
  return [
    defineRoute({
      method: 'get',
      path: base,
      tag: 'analysis',
      role: 'viewer',
      heavy: true,
      summary: 'The whole analysis: graph figures, per-node metrics, communities, bridges, brokers, isolation, indicators',
      params: VersionParams,
      query: AnalysisQuery,
      responses: { 200: { description: 'The analyze() document', schema: AnalysisSchema }, 202: JobAccepted },
      handler: async ({ params, query, caller, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const r = await getAnalysis(ctx, req, res, lv, query);
        return r && shown(lv, wantsPseudonyms(caller, query.pseudonymise), r);
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/metrics`,
      tag: 'analysis',
      role: 'viewer',
      heavy: true,
      summary: 'Per-node metrics as a table, sortable and paged',
      params: VersionParams,
      query: AnalysisQuery.extend({
        sort: z.enum(METRIC_COLUMNS).optional().describe('Sort descending by this metric'),
        type: z.string().optional().describe('Only nodes of this type'),
        limit: IntQuery(1, 100000).default(1000),
        offset: IntQuery(0, 10_000_000).default(0),
      }),
      responses: { 200: { description: 'Table', schema: MetricsTableSchema }, 202: JobAccepted },
      handler: async ({ params, query, caller, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const r = await getAnalysis(ctx, req, res, lv, query);
        if (!r) return undefined;
        let rows: NodeResult[] = query.type ? r.nodes.filter((n) => n.type === query.type) : r.nodes.slice();
        if (query.sort) {
          const k = query.sort;
          const val = (n: NodeResult) => {
            const x = nodeColumnValue(n, k);
            return typeof x === 'number' && Number.isFinite(x) ? x : -Infinity;
          };
          rows.sort((a, b) => val(b) - val(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        }
        const total = rows.length;
        rows = rows.slice(query.offset, query.offset + query.limit);
        const columns = ['id', 'type', 'label', ...METRIC_COLUMNS.filter((c) => r.nodes.some((n) => nodeColumnValue(n, c) !== undefined))];
        return shown(lv, wantsPseudonyms(caller, query.pseudonymise), { columns, total, rows });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/communities`,
      tag: 'analysis',
      role: 'viewer',
      heavy: true,
      summary: 'Communities (Leiden by default, or Louvain) with their profiles and members',
      params: VersionParams,
      query: AnalysisQuery,
      responses: { 200: { description: 'Communities', schema: CommunitiesSchema }, 202: JobAccepted },
      handler: async ({ params, query, caller, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const r = await getAnalysis(ctx, req, res, lv, query);
        if (!r) return undefined;
        const members = new Map<number, string[]>();
        for (const n of r.nodes) if (n.community !== undefined) (members.get(n.community) ?? members.set(n.community, []).get(n.community)!).push(n.id);
        const communities = (r.communities ?? []).map((p) => ({ ...p, members: members.get(p.community) ?? [] }));
        return shown(lv, wantsPseudonyms(caller, query.pseudonymise), {
          modularity: r.graph.modularity ?? null,
          count: r.graph.communities ?? communities.length,
          communities,
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/isolation`,
      tag: 'analysis',
      role: 'viewer',
      heavy: true,
      summary: 'Isolated and peripheral schools, ranked, with reasons; filterable by region and hub',
      params: VersionParams,
      query: AnalysisQuery.extend({
        region: z.string().min(1).optional(),
        hub: z.string().min(1).optional(),
        status: IsolationStatusSchema.optional(),
        limit: IntQuery(1, 100000).default(500),
      }),
      responses: { 200: { description: 'Ranked schools', schema: IsolationListSchema }, 202: JobAccepted },
      handler: async ({ params, query, caller, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const r = await getAnalysis(ctx, req, res, lv, query);
        if (!r) return undefined;
        const list = (r.isolation ?? []).filter(
          (e) => (!query.region || e.region === query.region) && (!query.hub || e.hub === query.hub) && (!query.status || e.status === query.status),
        );
        return shown(lv, wantsPseudonyms(caller, query.pseudonymise), { total: list.length, schools: list.slice(0, query.limit) });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/indicators`,
      tag: 'analysis',
      role: 'viewer',
      heavy: true,
      summary: 'Ecosystem indicators overall and by region, country or hub',
      params: VersionParams,
      query: AnalysisQuery.extend({ by: z.enum(['region', 'country', 'hub']).default('region') }),
      responses: { 200: { description: 'Indicators', schema: IndicatorsViewSchema }, 202: JobAccepted },
      handler: async ({ params, query, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const o = analysisOptions(query);
        const p = { at: o.at, weighted: o.weighted };
        const ind = await heavy<EcosystemIndicators>(ctx, req, res, {
          kind: 'indicators',
          versionId: lv.info.id,
          params: p,
          resultUrl: req.originalUrl,
          compute: () => ctx.pool.run('indicators', { dataset: lv.shared, ...p }),
        });
        if (!ind) return undefined;
        const groups = query.by === 'region' ? ind.regions : query.by === 'country' ? ind.countries : ind.hubs;
        return { by: query.by, overall: ind.overall, groups };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/diff`,
      tag: 'analysis',
      role: 'viewer',
      heavy: true,
      summary: 'How the network changed between two dates: ties gained and lost, isolation, communities, indicators',
      params: VersionParams,
      query: DiffQuery,
      responses: { 200: { description: 'Temporal diff', schema: TemporalDiffSchema }, 202: JobAccepted },
      handler: async ({ params, query, caller, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const options = diffOptions(query);
        const d = await heavy<unknown>(ctx, req, res, {
          kind: 'temporal-diff',
          versionId: lv.info.id,
          params: options,
          resultUrl: req.originalUrl,
          compute: (progress) => ctx.pool.run('temporalDiff', { dataset: lv.shared, options }, { onProgress: progress }),
        });
        return d === undefined ? undefined : shown(lv, wantsPseudonyms(caller, query.pseudonymise), d);
      },
    }),
  ];
}
