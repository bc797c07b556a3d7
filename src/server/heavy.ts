import type { Request, Response } from 'express';
import type { ServerContext } from './context.ts';
import type { Job } from './jobs.ts';
import { roleAtLeast, type Caller } from './roles.ts';

export interface HeavyWork<T> {
  kind: string;
  versionId: number;
  params: unknown;
  /** Where the result can be read once computed (the same GET, answered from the cache). */
  resultUrl: string;
  /** Runs the computation (in the worker pool), reporting progress. */
  compute: (progress: (fraction: number, message?: string) => void) => Promise<T>;
  /**
   * A computed value that answers with an error (cached like any result, so asking again answers
   * alike): the job ends `failed` with it instead of succeeding. The synchronous answer is the route's to give.
   */
  failure?: (value: T) => Error | undefined;
}

/** Client asked for a job instead of waiting (RFC 7240 `Prefer: respond-async`). */
export const wantsAsync = (req: Request): boolean => /\brespond-async\b/i.test(req.get('prefer') ?? '');

export function sendJob(res: Response, job: Job): void {
  res.status(202).setHeader('Location', job.url);
  res.json(job);
}

/**
 * A cached heavy result: answered from the cache, or computed (once, however many ask) in the pool.
 * With `Prefer: respond-async` a 202 job is returned unless the result is already in memory.
 */
export async function heavy<T>(ctx: ServerContext, req: Request, res: Response, work: HeavyWork<T>): Promise<T | undefined> {
  // Only roles that may write grow the stored cache (issue 20: viewers drove it without limit).
  const caller = res.locals.caller as Caller | undefined;
  const persist = { persist: !!caller && roleAtLeast(caller.role, 'coordinator') };
  const memo = ctx.cache.peek<T>(work.versionId, work.kind, work.params);
  if (memo !== undefined) {
    res.setHeader('X-Cache', 'hit');
    return memo;
  }
  if (wantsAsync(req)) {
    const job = ctx.jobs.start(
      work.kind,
      async (progress) => {
        const { value } = await ctx.cache.get(work.versionId, work.kind, work.params, () => work.compute(progress), persist);
        const failed = work.failure?.(value);
        if (failed) throw failed;
        return work.resultUrl;
      },
      { instance: req.originalUrl, workspace: typeof req.params?.ws === 'string' ? req.params.ws.normalize('NFC') : undefined },
    );
    sendJob(res, job);
    return undefined;
  }
  const { value, hit } = await ctx.cache.get(work.versionId, work.kind, work.params, () => work.compute(() => {}), persist);
  res.setHeader('X-Cache', hit ? 'hit' : 'miss');
  return value;
}

/** Background computations started by cheap answers, per app: one job per (version, kind, parameters) at a time. */
const background = new WeakMap<ServerContext, Map<string, Job>>();

/**
 * A heavy result if it is already computed (memory or store); otherwise starts it in the background
 * as a job (one per key, however many ask) and answers with that job, never waiting for it — for
 * answers that can say "still being computed" (node detail on a 100k-node version, issue 20 defect 16).
 */
export async function cachedOrStarted<T>(ctx: ServerContext, res: Response, work: HeavyWork<T>): Promise<{ value: T } | { job: Job }> {
  const value = await ctx.cache.lookup<T>(work.versionId, work.kind, work.params);
  if (value !== undefined) return { value };
  const caller = res.locals.caller as Caller | undefined;
  const persist = { persist: !!caller && roleAtLeast(caller.role, 'coordinator') };
  let jobs = background.get(ctx);
  if (!jobs) background.set(ctx, (jobs = new Map()));
  const key = `${work.versionId}\u0000${work.kind}\u0000${JSON.stringify(work.params ?? {})}`;
  const running = jobs.get(key);
  if (running && (running.status === 'queued' || running.status === 'running')) return { job: running };
  const job = ctx.jobs.start(work.kind, async (progress) => {
    await ctx.cache.get(work.versionId, work.kind, work.params, () => work.compute(progress), persist);
    return work.resultUrl;
  });
  jobs.set(key, job);
  if (jobs.size > 1000) jobs.delete(jobs.keys().next().value as string);
  return { job };
}
