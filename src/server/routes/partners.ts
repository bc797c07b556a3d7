import { VersionEvaluateRequestSchema } from '../../match/evaluate-options.ts';
import type { EvaluationProblem, VersionEvaluateOutcome } from '../../match/evaluate-version.ts';
import type { ServerContext } from '../context.ts';
import { JobAccepted } from '../contract/common.ts';
import { VersionEvaluationSchema } from '../contract/partners.ts';
import { heavy } from '../heavy.ts';
import { HttpProblem } from '../problems.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { type VersionCache, VersionParams } from './common.ts';

/** Nothing to evaluate, in the same words whether found before the job, by the worker, or read back from the cache. */
function evaluationProblem(out: EvaluationProblem): HttpProblem {
  const range = out.datedRange ? ` The ties are dated ${out.datedRange.first} to ${out.datedRange.last}.` : '';
  return new HttpProblem('validation', `nothing to evaluate: ${out.message}.${range}`.replace('..', '.'), [
    { in: 'body', path: out.path, expected: out.expected, message: out.message },
  ]);
}

/**
 * "Would these suggestions have predicted the partnerships that formed?" on a stored version: the
 * temporal hold-out of `match evaluate`, computed once per (version, parameters) in the worker pool
 * and cached; with `Prefer: respond-async` a job with progress, whose result is the same POST again.
 */
export function partnerRoutes(ctx: ServerContext, versions: VersionCache): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/versions/:v/partners/evaluate',
      tag: 'matching',
      role: 'viewer',
      heavy: true,
      summary: 'Partner suggestions judged on a temporal hold-out: recall@k, precision@k and AUC of ours and the baselines, with 95 % bootstrap intervals',
      description:
        'Scores use the ties before the split; candidates are judged on the company–partner ties formed on or after it (headline: both organisations active before the split). Without `split` the server picks the latest 1 January after which at least 30 companies form a new tie, else the one with the most (`splitChosen` says why, with the count, and warns when an asked split leaves fewer than 30). 400 with the body path `split`, before any job starts, when the ties have no dates, the split is outside their dated range, or no company forms a new tie after it; a job whose company sample finds none ends `failed` with the same problem (path `maxCompanies`), and the same POST then answers it again. With `Prefer: respond-async`: 202 and a job; once it succeeds, the same POST answers from the cache.',
      params: VersionParams,
      // `match evaluate`'s own settings (src/match/evaluate-options.ts), the split optional.
      // The partner config may list excluded pairs: 10,000 pairs of ~90 bytes.
      bodyBytes: 2 ** 20,
      body: VersionEvaluateRequestSchema,
      responses: {
        200: { description: 'Evaluation', schema: VersionEvaluationSchema },
        202: JobAccepted,
        400: {
          description:
            'A bad body, or nothing to evaluate: undated ties, a split outside their dated range, or no new company–partner tie after it (path `split`), or none in the company sample (path `maxCompanies`)',
        },
      },
      handler: async ({ params, body, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        // The cheap checks first, in the pool and cached: nothing to evaluate is a 400 before any job starts.
        const request = { split: body.split, config: body.config };
        const { value: plan } = await ctx.cache.get(
          lv.info.id,
          'partnerEvaluationPlan',
          request,
          () => ctx.pool.run('partnerEvaluationPlan', { dataset: lv.shared, request }),
          { persist: false },
        );
        if (!plan.ok) throw evaluationProblem(plan);
        const out = await heavy<VersionEvaluateOutcome>(ctx, req, res, {
          kind: 'partnerEvaluation',
          versionId: lv.info.id,
          params: body,
          resultUrl: req.originalUrl,
          // The plan just checked goes with the job, which then does not compute it again.
          compute: (progress) => ctx.pool.run('partnerEvaluation', { dataset: lv.shared, request: body, plan }, { onProgress: progress }),
          // What only the scoring finds (a company sample without a new tie) fails the job, and the cached outcome answers alike.
          failure: (o) => (o.ok ? undefined : evaluationProblem(o)),
        });
        if (out === undefined) return undefined;
        if (!out.ok) throw evaluationProblem(out);
        return out.evaluation;
      },
    }),
  ];
}
