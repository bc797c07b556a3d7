import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../route.ts';
import type { ServerContext } from '../context.ts';
import { JobSchema, type Job } from '../jobs.ts';
import { notFound } from '../problems.ts';
import { sendJob } from '../heavy.ts';
import type { AnalysisResult } from '../../analysis/analyze.ts';
import type { Layout } from '../layout.ts';
import { AnalysisQuery, analysisOptions } from './analysis.ts';
import { IntQuery, VersionCache, VersionRef, WorkspaceName } from './common.ts';

const JobParams = z.object({ id: z.string().uuid() });

const AnalysisParams = AnalysisQuery.omit({ pseudonymise: true });
export const JobBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('analysis'), workspace: WorkspaceName, version: VersionRef, params: AnalysisParams.prefault({}) }).strict(),
  z
    .object({
      kind: z.literal('layout'),
      workspace: WorkspaceName,
      version: VersionRef,
      params: z.object({ layoutIterations: IntQuery(1, 5000).optional(), seed: AnalysisParams.shape.seed }).prefault({}),
    })
    .strict(),
]);

export function jobRoutes(ctx: ServerContext, versions: VersionCache): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/jobs',
      tag: 'jobs',
      role: 'coordinator',
      summary: 'Start a computation (analysis or layout) as a job; its resultUrl answers from the cache once done',
      description:
        'Query parameters in `params` are given as strings, as in the matching GET (e.g. {"weighted": "false"}). Matching runs as a job through POST …/rounds; any heavy GET also accepts `Prefer: respond-async`.',
      body: JobBody,
      responses: { 202: { description: 'Job', schema: JobSchema } },
      handler: async ({ body, res }) => {
        const lv = await versions.load(body.workspace, body.version);
        const at = `/api/workspaces/${encodeURIComponent(body.workspace)}/versions/${lv.info.number}`;
        const qs = (o: Record<string, unknown>) => {
          const u = new URLSearchParams();
          for (const [k, v] of Object.entries(o)) if (v !== undefined) u.set(k, String(v));
          const t = u.toString();
          return t ? `?${t}` : '';
        };
        if (body.kind === 'analysis') {
          const options = analysisOptions(body.params);
          sendJob(
            res,
            ctx.jobs.start('analysis', async (progress) => {
              await ctx.cache.get<AnalysisResult>(lv.info.id, 'analysis', options, () =>
                ctx.pool.run('analysis', { dataset: lv.shared, options }, { onProgress: progress }),
              );
              return `${at}/analysis${qs(body.params)}`;
            }),
          );
        } else {
          const p = { iterations: body.params.layoutIterations, seed: body.params.seed };
          sendJob(
            res,
            ctx.jobs.start('layout', async (progress) => {
              await ctx.cache.get<Layout>(lv.info.id, 'layout', p, () => ctx.pool.run('layout', { dataset: lv.shared, ...p }, { onProgress: progress }));
              return `${at}/graph${qs(body.params)}`;
            }),
          );
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/jobs/:id',
      tag: 'jobs',
      role: 'viewer',
      summary: 'A job: status, progress, result URL',
      params: JobParams,
      responses: { 200: { description: 'Job', schema: JobSchema } },
      handler: ({ params }) =>
        ctx.jobs.get(params.id) ??
        (() => {
          throw notFound(`job ${params.id}`);
        })(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/jobs/:id/events',
      tag: 'jobs',
      role: 'viewer',
      summary: 'Server-sent events: `progress` {fraction, message}, then `done` {resultUrl} or `failed` (a problem)',
      params: JobParams,
      responses: { 200: { description: 'Event stream', contentType: 'text/event-stream' } },
      handler: ({ params, res, req }) => {
        const job = ctx.jobs.get(params.id);
        if (!job) throw notFound(`job ${params.id}`);
        res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
        res.flushHeaders();
        const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        const finish = (j: Job) => {
          if (j.status === 'succeeded') send('done', { resultUrl: j.resultUrl, job: j });
          else send('failed', j.error ?? {});
          res.end();
        };
        send('progress', { ...job.progress, status: job.status });
        if (job.status === 'succeeded' || job.status === 'failed') {
          finish(job);
          return;
        }
        const off = ctx.jobs.subscribe(job.id, (event, j) => {
          if (event === 'progress') send('progress', { ...j.progress, status: j.status });
          else {
            off();
            finish(j);
          }
        });
        req.on('close', off);
      },
    }),
  ];
}
