import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { HttpProblem, problemBody, toProblem } from './problems.ts';

import type { Job } from './contract/common.ts';

export { JobSchema, JobStatusSchema, type Job } from './contract/common.ts';

/**
 * Long computations as jobs: an id, progress, and a result URL (the result itself is cached where
 * the URL reads it). In memory only; finished jobs beyond `keep` are forgotten oldest first.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, { job: Job; events: EventEmitter }>();
  constructor(private readonly keep = 500) {}

  get(id: string): Job | undefined {
    return this.jobs.get(id)?.job;
  }

  /** Listen for progress and completion; returns an unsubscribe function. */
  subscribe(id: string, on: (event: 'progress' | 'done', job: Job) => void): () => void {
    const entry = this.jobs.get(id);
    if (!entry) return () => {};
    const p = (j: Job) => on('progress', j);
    const d = (j: Job) => on('done', j);
    entry.events.on('progress', p);
    entry.events.on('done', d);
    return () => {
      entry.events.off('progress', p);
      entry.events.off('done', d);
    };
  }

  /**
   * Starts `work` now; it reports progress through the callback and resolves to the result URL.
   * Failures are kept as problem objects.
   */
  start(kind: string, work: (progress: (fraction: number, message?: string) => void) => Promise<string>, instance = '/api/jobs'): Job {
    const id = randomUUID();
    const job: Job = {
      id,
      kind,
      status: 'queued',
      progress: { fraction: 0 },
      createdAt: new Date().toISOString(),
      url: `/api/jobs/${id}`,
      eventsUrl: `/api/jobs/${id}/events`,
    };
    const events = new EventEmitter();
    this.jobs.set(id, { job, events });
    this.trim();
    let lastEmit = 0;
    const progress = (fraction: number, message?: string) => {
      if (job.status === 'succeeded' || job.status === 'failed') return;
      job.status = 'running';
      job.progress = { fraction: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) };
      const now = Date.now();
      if (now - lastEmit > 50 || fraction >= 1) {
        lastEmit = now;
        events.emit('progress', job);
      }
    };
    queueMicrotask(() => {
      job.status = 'running';
      work(progress)
        .then(
          (resultUrl) => {
            job.status = 'succeeded';
            job.progress = { fraction: 1 };
            job.resultUrl = resultUrl;
          },
          (err) => {
            job.status = 'failed';
            const p = err instanceof HttpProblem ? err : toProblem(err);
            job.error = problemBody(p, instance, undefined);
          },
        )
        .finally(() => {
          job.finishedAt = new Date().toISOString();
          events.emit('done', job);
        });
    });
    return job;
  }

  private trim(): void {
    if (this.jobs.size <= this.keep) return;
    for (const [id, { job }] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (job.status === 'succeeded' || job.status === 'failed') this.jobs.delete(id);
    }
  }
}
