import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { HttpProblem, problemBody, toProblem } from './problems.ts';
import { CancelledError, poolCaller, poolSignal } from './worker-pool.ts';

import type { Job } from './contract/common.ts';
import type { StoredJob } from '../store/jobs.ts';

export { JobSchema, JobStatusSchema, type Job } from './contract/common.ts';

/** Where jobs outlive the process (the store's jobs table); every method may fail, and the registry carries on. */
export interface JobPersistence {
  insert(j: Pick<StoredJob, 'id' | 'kind' | 'owner' | 'serverId' | 'createdAt'> & { workspace?: string }): Promise<void>;
  update(
    id: string,
    patch: Pick<StoredJob, 'status' | 'progress'> & Partial<Pick<StoredJob, 'message' | 'resultUrl' | 'error' | 'finishedAt'>>,
  ): Promise<boolean>;
  get(id: string): Promise<StoredJob | null>;
  heartbeat(serverId: string): Promise<void>;
  failOrphaned(serverId: string, staleBefore: string, error: Record<string, unknown>): Promise<number>;
  /** Marks `serverId` as running in this process (its jobs are no orphans) until the release is called. */
  claim?(serverId: string): () => void;
}

export interface JobRegistryOptions {
  /** Ended jobs kept in memory (default 500); older ones are answered from the store when there is one. */
  keep?: number;
  persistence?: JobPersistence;
  /** Heartbeat period of this process's active jobs in the store (default 30 s). */
  heartbeatMs?: number;
  /** A job whose process has not beaten for this long is taken as orphaned (default 3 heartbeats). */
  staleMs?: number;
  /**
   * At start, which other runners' active jobs are failed: `all` (PGlite: one process holds the store at
   * a time, so all but those of registries live in this process are dead) or `stale` (default;
   * PostgreSQL, where other live servers share the table).
   */
  orphansAtStart?: 'all' | 'stale';
  /** Progress is written to the store at most this often per job (default 1 s). */
  progressWriteMs?: number;
  onError?: (err: unknown) => void;
}

export interface StartOptions {
  /** Problem `instance` of a failure (default /api/jobs). */
  instance?: string;
  /** Who started it (default: the request's caller key from poolCaller): only they or an admin may cancel it. */
  owner?: string;
  /** Workspace it works on: deleting the workspace deletes the job's record. */
  workspace?: string;
}

const ENDED = new Set<Job['status']>(['succeeded', 'failed', 'cancelled']);
export const jobEnded = (j: Job): boolean => ENDED.has(j.status);

/** Why a job of a stopped process is failed (issue 20, defect 11: jobs vanished on restart). */
export const INTERRUPTED = {
  type: 'about:blank',
  title: 'Job interrupted',
  status: 500,
  detail: 'the server process running this job stopped (restart or crash) before it finished; start it again',
  instance: '/api/jobs',
};

interface Entry {
  job: Job;
  owner: string;
  events: EventEmitter;
  abort: AbortController;
  /** Writes the job's state to the store (`force`: now, else at most every progressWriteMs). */
  persist: (force: boolean) => void;
}

/**
 * Long computations as jobs: an id, progress, and a result URL (the result itself is cached where the
 * URL reads it). Live jobs are in memory; with a persistence their state is also in the store, so a
 * restart answers a job it was running as `failed` with the reason instead of a 404. A job can be
 * cancelled: its worker tasks are dropped or their workers terminated.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private readonly keep: number;
  private readonly persistence?: JobPersistence;
  private readonly onError: (err: unknown) => void;
  private readonly progressWriteMs: number;
  private readonly staleMs: number;
  /** This process, as the store knows it. */
  readonly serverId = randomUUID();
  /** Settles when jobs orphaned by a stopped process have been marked failed. */
  readonly recovered: Promise<void>;
  private readonly timer?: NodeJS.Timeout;
  private readonly release?: () => void;

  constructor(options: JobRegistryOptions | number = {}) {
    const o = typeof options === 'number' ? { keep: options } : options;
    this.keep = o.keep ?? 500;
    this.persistence = o.persistence;
    this.onError = o.onError ?? (() => {});
    this.progressWriteMs = o.progressWriteMs ?? 1000;
    const beat = o.heartbeatMs ?? 30_000;
    this.staleMs = o.staleMs ?? 3 * beat;
    this.release = this.persistence?.claim?.(this.serverId);
    this.recovered = this.failOrphaned(o.orphansAtStart === 'all' ? -1000 : this.staleMs);
    if (this.persistence) {
      this.timer = setInterval(() => this.persistence!.heartbeat(this.serverId).catch(this.onError), beat);
      this.timer.unref();
    }
  }

  /** Marks failed the active jobs of other processes silent for `staleMs` (negative: all of them). */
  failOrphaned(staleMs: number): Promise<void> {
    if (!this.persistence) return Promise.resolve();
    const before = new Date(Date.now() - staleMs).toISOString();
    return this.persistence
      .failOrphaned(this.serverId, before, INTERRUPTED)
      .then(() => {})
      .catch(this.onError);
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id)?.job;
  }

  /** A job of this process, or from the store (ended, or running in another process); with its owner. */
  async find(id: string): Promise<{ job: Job; owner: string; local: boolean } | undefined> {
    const e = this.jobs.get(id);
    if (e) return { job: e.job, owner: e.owner, local: true };
    if (!this.persistence) return undefined;
    await this.recovered;
    let s = await this.persistence.get(id);
    if (!s) return undefined;
    // Another process stopped without ending it (seen here before any restart of that process's own).
    if ((s.status === 'queued' || s.status === 'running') && Date.now() - Date.parse(s.heartbeatAt) > this.staleMs) {
      await this.failOrphaned(this.staleMs);
      s = (await this.persistence.get(id)) ?? s;
    }
    return { job: fromStored(s), owner: s.owner, local: false };
  }

  /** Listen for progress and the end (succeeded, failed or cancelled); returns an unsubscribe function. */
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
   * Failures are kept as problem objects. Worker tasks it starts stop when the job is cancelled.
   */
  start(kind: string, work: (progress: (fraction: number, message?: string) => void) => Promise<string>, options: StartOptions | string = {}): Job {
    const o = typeof options === 'string' ? { instance: options } : options;
    const instance = o.instance ?? '/api/jobs';
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
    const entry: Entry = {
      job,
      owner: o.owner ?? poolCaller.getStore() ?? 'anonymous',
      events: new EventEmitter(),
      abort: new AbortController(),
      persist: () => {},
    };
    this.jobs.set(id, entry);
    this.trim();
    // Writes are chained per job, so the store sees them in order.
    let written = this.persistence
      ? this.persistence.insert({ id, kind, owner: entry.owner, serverId: this.serverId, createdAt: job.createdAt, workspace: o.workspace }).catch(this.onError)
      : Promise.resolve();
    let lastWrite = 0;
    const persist = (force: boolean) => {
      if (!this.persistence) return;
      const now = Date.now();
      if (!force && now - lastWrite < this.progressWriteMs) return;
      lastWrite = now;
      const patch = {
        status: job.status,
        progress: job.progress.fraction,
        message: job.progress.message ?? null,
        resultUrl: job.resultUrl ?? null,
        error: (job.error as Record<string, unknown> | undefined) ?? null,
        finishedAt: job.finishedAt ?? null,
      };
      written = written.then(() => this.persistence!.update(id, patch).then(() => {}, this.onError));
    };
    let lastEmit = 0;
    const progress = (fraction: number, message?: string) => {
      if (jobEnded(job)) return;
      job.status = 'running';
      job.progress = { fraction: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) };
      const now = Date.now();
      if (now - lastEmit > 50 || fraction >= 1) {
        lastEmit = now;
        entry.events.emit('progress', job);
      }
      persist(false);
    };
    queueMicrotask(() => {
      if (jobEnded(job)) return; // cancelled before it began
      job.status = 'running';
      persist(true);
      poolSignal
        .run(entry.abort.signal, () => work(progress))
        .then(
          (resultUrl) => {
            if (jobEnded(job)) return;
            job.status = 'succeeded';
            job.progress = { fraction: 1 };
            job.resultUrl = resultUrl;
            this.end(entry, persist);
          },
          (err) => {
            if (jobEnded(job)) return;
            if (err instanceof CancelledError && entry.abort.signal.aborted) return;
            job.status = 'failed';
            const p = err instanceof HttpProblem ? err : toProblem(err);
            job.error = problemBody(p, instance, undefined);
            this.end(entry, persist);
          },
        );
    });
    entry.persist = persist;
    return job;
  }

  /** Cancels a job of this process: its tasks stop, it ends as `cancelled`. False when it had already ended. */
  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry || jobEnded(entry.job)) return false;
    entry.job.status = 'cancelled';
    entry.abort.abort();
    this.end(entry, entry.persist);
    return true;
  }

  private end(entry: Entry, persist: (force: boolean) => void): void {
    entry.job.finishedAt = new Date().toISOString();
    persist(true);
    entry.events.emit('done', entry.job);
  }

  /** Stops the heartbeat (the app's close). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.release?.();
  }

  private trim(): void {
    if (this.jobs.size <= this.keep) return;
    for (const [id, { job }] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (jobEnded(job)) this.jobs.delete(id);
    }
  }
}

function fromStored(s: StoredJob): Job {
  return {
    id: s.id,
    kind: s.kind,
    status: s.status,
    progress: { fraction: s.progress, ...(s.message ? { message: s.message } : {}) },
    createdAt: s.createdAt,
    ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
    ...(s.resultUrl ? { resultUrl: s.resultUrl } : {}),
    ...(s.error ? { error: s.error } : {}),
    url: `/api/jobs/${s.id}`,
    eventsUrl: `/api/jobs/${s.id}/events`,
  };
}
