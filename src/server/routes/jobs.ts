import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../route.ts';
import type { ServerContext } from '../context.ts';
import { JobSchema, jobEnded, type Job } from '../jobs.ts';
import { HttpProblem, notFound } from '../problems.ts';
import { callerKey } from '../worker-pool.ts';
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
            ctx.jobs.start(
              'analysis',
              async (progress) => {
                await ctx.cache.get<AnalysisResult>(lv.info.id, 'analysis', options, () =>
                  ctx.pool.run('analysis', { dataset: lv.shared, options }, { onProgress: progress }),
                );
                return `${at}/analysis${qs(body.params)}`;
              },
              { workspace: body.workspace },
            ),
          );
        } else {
          const p = { iterations: body.params.layoutIterations, seed: body.params.seed };
          sendJob(
            res,
            ctx.jobs.start(
              'layout',
              async (progress) => {
                await ctx.cache.get<Layout>(lv.info.id, 'layout', p, () => ctx.pool.run('layout', { dataset: lv.shared, ...p }, { onProgress: progress }));
                return `${at}/graph${qs(body.params)}`;
              },
              { workspace: body.workspace },
            ),
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
      description: 'Kept in the store: after a restart, a job the stopped server was running answers `failed` with the reason.',
      params: JobParams,
      responses: { 200: { description: 'Job', schema: JobSchema } },
      handler: async ({ params }) => (await ctx.jobs.find(params.id))?.job ?? notFoundJob(params.id),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/jobs/:id',
      tag: 'jobs',
      role: 'viewer',
      summary: 'Cancel a job: its queued tasks are dropped and running ones stopped (their worker is replaced); it ends as `cancelled`',
      description: 'Callers may cancel only the jobs they started (an admin any). Cancelling a job that has ended answers it unchanged.',
      params: JobParams,
      responses: { 200: { description: 'The job after cancellation', schema: JobSchema } },
      handler: async ({ params, caller, req }) => {
        const found = await ctx.jobs.find(params.id);
        if (!found) return notFoundJob(params.id);
        if (caller.role !== 'admin' && found.owner !== callerKey(caller.tokenId, req.ip))
          throw new HttpProblem('forbidden', 'only the caller who started this job (or an admin) may cancel it');
        if (jobEnded(found.job)) return found.job;
        if (!found.local) throw new HttpProblem('conflict', 'this job runs in another server process; cancel it there');
        ctx.jobs.cancel(params.id);
        return ctx.jobs.get(params.id) ?? found.job;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/jobs/:id/events',
      tag: 'jobs',
      role: 'viewer',
      summary: 'Server-sent events: `progress` {fraction, message}, then `done` {resultUrl}, `failed` (a problem) or `cancelled`',
      params: JobParams,
      responses: { 200: { description: 'Event stream', contentType: 'text/event-stream' } },
      handler: async ({ params, res, req }) => {
        const found = await ctx.jobs.find(params.id);
        if (!found) notFoundJob(params.id);
        const job = found!.job;
        res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
        res.flushHeaders();
        const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        const finish = (j: Job) => {
          if (j.status === 'succeeded') send('done', { resultUrl: j.resultUrl, job: j });
          else if (j.status === 'cancelled') send('cancelled', { job: j });
          else send('failed', j.error ?? {});
          res.end();
        };
        send('progress', { ...job.progress, status: job.status });
        if (jobEnded(job)) {
          finish(job);
          return;
        }
        if (!found!.local) {
          // Running in another process on the same PostgreSQL database: follow it through the store.
          const timer = setInterval(async () => {
            const again = await ctx.jobs.find(params.id).catch(() => undefined);
            if (!again) return;
            if (jobEnded(again.job)) {
              clearInterval(timer);
              finish(again.job);
            } else send('progress', { ...again.job.progress, status: again.job.status });
          }, 1000);
          req.on('close', () => clearInterval(timer));
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

function notFoundJob(id: string): never {
  throw notFound(`job ${id}`);
}
