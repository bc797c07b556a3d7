import { z } from 'zod';
import { qapVariableProblem, QapResultSchema, type QapOptionsInput, type QapResult } from '../../analysis/qap.ts';
import { HttpProblem } from '../problems.ts';
import { NULL_MODELS, STATISTICS } from '../../analysis/significance/null-models.ts';
import { SignificanceResultSchema, type SignificanceOptionsInput, type SignificanceResult } from '../../analysis/significance/significance.ts';
import type { ServerContext } from '../context.ts';
import { heavy } from '../heavy.ts';
import { JobAccepted } from '../contract/common.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { IntQuery, VersionParams, type VersionCache } from './common.ts';

const List = <T extends [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));

/** Query of the significance route (defaults as `hubgraph significance`). */
export const SignificanceQuery = z.object({
  stat: List([...STATISTICS] as [string, ...string[]])
    .optional()
    .describe('Comma-separated statistics: modularity, transitivity, assortativity, ei (default all)'),
  null: z.enum(NULL_MODELS).default('degree').describe('degree (double edge swaps) or erdos-renyi (G(n, m))'),
  samples: IntQuery(1, 5000).default(200).describe('Null samples (default 200)'),
  seed: IntQuery(0, 2 ** 31).default(1),
  group: z.enum(['region', 'type', 'country', 'hub']).default('region').describe('Grouping of the E-I statistic'),
});

export const QapQuery = z.object({
  y: z.string().min(1).default('collaboration').describe('Dependent relation: an edge type or ties'),
  x: z.string().min(1).default('same-region,same-type,distance').describe('Comma-separated predictors: same-<field>, distance, an edge type or ties'),
  permutations: IntQuery(1, 10_000).default(1000),
  seed: IntQuery(0, 2 ** 31).default(1),
});

/**
 * Research routes: significance of graph-level figures against null models, and QAP/MRQAP tests of
 * dyadic hypotheses. Both are heavy: computed once per (version, parameters) in the worker pool,
 * cached, and with `Prefer: respond-async` answered by a job with progress.
 */
export function researchRoutes(ctx: ServerContext, versions: VersionCache): RouteSpec[] {
  const base = '/api/workspaces/:ws/versions/:v';
  return [
    defineRoute({
      method: 'get',
      path: `${base}/significance`,
      tag: 'research',
      role: 'viewer',
      heavy: true,
      summary: 'Graph-level statistics against degree-preserving or G(n, m) null samples: observed, null mean, sd, z, empirical p',
      params: VersionParams,
      query: SignificanceQuery,
      responses: { 200: { description: 'Significance tests', schema: SignificanceResultSchema }, 202: JobAccepted },
      handler: async ({ params, query, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const options: SignificanceOptionsInput = {
          stats: (query.stat ?? [...STATISTICS]) as SignificanceOptionsInput['stats'],
          null: query.null,
          samples: query.samples,
          seed: query.seed,
          group: query.group,
        };
        return heavy<SignificanceResult>(ctx, req, res, {
          kind: 'significance',
          versionId: lv.info.id,
          params: options,
          resultUrl: req.originalUrl,
          compute: (progress) => ctx.pool.run('significance', { dataset: lv.shared, options }, { onProgress: progress }),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/qap`,
      tag: 'research',
      role: 'viewer',
      heavy: true,
      summary: 'QAP correlations and MRQAP regression (Dekker semi-partialling, sna::netlm conventions) with permutation p-values',
      params: VersionParams,
      query: QapQuery,
      responses: { 200: { description: 'QAP tests', schema: QapResultSchema }, 202: JobAccepted },
      handler: async ({ params, query, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const options: QapOptionsInput = {
          y: query.y,
          x: query.x
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          permutations: query.permutations,
          seed: query.seed,
        };
        // Names are checked here, before the pool: a worker's error would come back as a 500.
        const problems = [{ path: 'y', p: qapVariableProblem(query.y, 'y') }, ...options.x!.map((x) => ({ path: 'x', p: qapVariableProblem(x, 'x') }))].filter(
          (e) => e.p,
        );
        if (problems.length) {
          throw new HttpProblem(
            'validation',
            problems[0].p!,
            problems.map((e) => ({ in: 'query' as const, path: e.path, expected: 'an edge type, ties, same-<field> or distance', message: e.p! })),
          );
        }
        return heavy<QapResult>(ctx, req, res, {
          kind: 'qap',
          versionId: lv.info.id,
          params: options,
          resultUrl: req.originalUrl,
          compute: (progress) => ctx.pool.run('qap', { dataset: lv.shared, options }, { onProgress: progress }),
        });
      },
    }),
  ];
}
