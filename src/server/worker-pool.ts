import { AsyncLocalStorage } from 'node:async_hooks';
import type { Worker } from 'node:worker_threads';
import { HttpProblem } from './problems.ts';
import os from 'node:os';
import { startModuleWorker } from '../util/module-worker.ts';
import type { TaskName, TaskPayload, TaskResult } from './tasks.ts';
import { decodeJsonResult } from './json-result.ts';

/**
 * Who a task runs for (a token, or a client address without one), set per request by the app, so that
 * every pool.run under that request is counted for its caller without threading it through routes.
 */
export const poolCaller = new AsyncLocalStorage<string>();

/** The key a caller is counted (and owns jobs) under: their token, else their address. */
export const callerKey = (tokenId: string | undefined, ip: string | undefined): string => (tokenId ? `token:${tokenId}` : `ip:${ip ?? ''}`);

/**
 * The cancellation signal of the job a task runs for, set by the job registry around a job's work, so
 * that cancelling the job (`DELETE /jobs/:id`) stops its tasks without threading a signal through routes.
 */
export const poolSignal = new AsyncLocalStorage<AbortSignal>();

/** The error of a task stopped by its job's cancellation. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

export interface PoolOptions {
  /** Tasks one caller may have queued (not yet running) before more are refused with 429 (default 8). */
  maxQueuedPerCaller?: number;
  /** Worker threads (default: available cores − 1, at least 1, at most 4). */
  size?: number;
  /** Worker entry module (default ./worker.ts beside this file). */
  entry?: URL;
  /**
   * Nice value of the worker threads (default 10; Linux sets it per thread): on a busy machine the event loop that
   * answers requests then wins the CPU over computations. 0 runs them at the process's own priority.
   */
  nice?: number;
}

export interface RunOptions {
  onProgress?: (fraction: number, message?: string) => void;
  /** Whose task this is (default: the request's caller from poolCaller, else "anonymous"). */
  caller?: string;
  /** Stops the task (default: the job's signal from poolSignal): dropped from the queue, or its worker terminated. */
  signal?: AbortSignal;
  /**
   * A short task a request waits on (a version's first read): started before every queued task, and when
   * all workers are busy, on a lane worker of its own (one thread beyond `size`, used only for these), so it
   * never waits behind a long analysis (default false).
   */
  urgent?: boolean;
}

/** An error raised inside a task, carried across the thread boundary with its useful fields. */
export class TaskError extends Error {
  constructor(
    message: string,
    override readonly name: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Pending {
  id: number;
  task: string;
  caller: string;
  payload: unknown;
  opts: RunOptions;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}
interface Slot {
  worker: Worker;
  current: Pending | null;
  /** The urgent lane's worker: runs only urgent tasks. */
  lane: boolean;
}

/**
 * A fixed pool of worker threads running named tasks (see tasks.ts), so heavy computations never
 * run on the event loop. Workers start lazily and are replaced if one dies.
 */
export class WorkerPool {
  readonly size: number;
  private readonly entry: URL;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly maxQueuedPerCaller: number;

  constructor(options: PoolOptions = {}) {
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    this.size = Math.max(1, options.size ?? Math.min(4, cores - 1));
    // The compiled copy (dist/) runs its compiled worker; the sources run worker.ts through tsx.
    this.entry = options.entry ?? new URL(import.meta.url.endsWith('.js') ? './worker.js' : './worker.ts', import.meta.url);
    this.maxQueuedPerCaller = options.maxQueuedPerCaller ?? 8;
    this.nice = options.nice ?? 10;
  }
  private readonly nice: number;

  stats() {
    return {
      size: this.size,
      started: this.slots.length,
      busy: this.slots.filter((s) => s.current).length,
      queued: this.queue.length,
      cancelled: this.cancelled,
    };
  }

  /** Runs task `task` of tasks.ts in a worker: its payload is checked and its result typed by the registry. */
  run<K extends TaskName>(task: K, payload: TaskPayload<K>, opts: RunOptions = {}): Promise<TaskResult<K>> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    const caller = opts.caller ?? poolCaller.getStore() ?? 'anonymous';
    if (this.queue.filter((p) => p.caller === caller).length >= this.maxQueuedPerCaller) {
      return Promise.reject(
        new HttpProblem('rate-limited', `at most ${this.maxQueuedPerCaller} computations may wait per caller; wait for yours to finish`, undefined, {
          'Retry-After': '10',
        }),
      );
    }
    const signal = opts.signal ?? poolSignal.getStore();
    if (signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<TaskResult<K>>((resolve, reject) => {
      const p: Pending = {
        id: this.nextId++,
        task,
        caller,
        payload,
        opts,
        resolve: (v) => {
          signal?.removeEventListener('abort', abort);
          resolve(v as TaskResult<K>);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', abort);
          reject(e);
        },
      };
      const abort = () => this.cancel(p);
      signal?.addEventListener('abort', abort, { once: true });
      this.queue.push(p);
      this.pump();
    });
  }

  /** Drops a queued task, or terminates the worker running it (a new one starts for the next task). */
  private cancel(p: Pending): void {
    const q = this.queue.indexOf(p);
    if (q >= 0) {
      this.queue.splice(q, 1);
      p.reject(new CancelledError());
      return;
    }
    const slot = this.slots.find((s) => s.current === p);
    if (!slot) return;
    slot.current = null;
    this.slots.splice(this.slots.indexOf(slot), 1); // before terminate: its exit is not a failure to report
    void slot.worker.terminate();
    this.cancelled++;
    p.reject(new CancelledError());
    if (!this.closed) this.pump();
  }
  /** Workers terminated by cancellation (for tests and stats). */
  private cancelled = 0;

  private spawn(lane = false): Slot {
    const worker = startModuleWorker(this.entry, { workerData: { nice: this.nice } });
    const slot: Slot = { worker, current: null, lane };
    worker.on(
      'message',
      (msg: {
        id: number;
        type: string;
        fraction?: number;
        message?: string;
        value?: unknown;
        bytes?: Uint8Array;
        error?: { message: string; name: string; details?: Record<string, unknown> };
      }) => {
        const cur = slot.current;
        if (!cur || cur.id !== msg.id) return;
        if (msg.type === 'progress') {
          cur.opts.onProgress?.(msg.fraction ?? 0, msg.message);
          return;
        }
        slot.current = null;
        if (msg.type === 'result') cur.resolve(msg.value);
        else if (msg.type === 'json')
          decodeJsonResult(msg.bytes!).then(cur.resolve, cur.reject); // in slices: see json-result.ts
        else cur.reject(new TaskError(msg.error?.message ?? 'task failed', msg.error?.name ?? 'Error', msg.error?.details));
        this.pump();
      },
    );
    const fail = (err: Error) => {
      const cur = slot.current;
      slot.current = null;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      cur?.reject(new TaskError(`worker stopped: ${err.message}`, 'WorkerError'));
      if (!this.closed) this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`exit code ${code}`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length) {
      const urgent = this.queue.findIndex((p) => p.opts.urgent);
      let slot = this.slots.find((s) => !s.current && (!s.lane || urgent >= 0));
      if (!slot && this.slots.filter((s) => !s.lane).length < this.size) slot = this.spawn();
      if (!slot && urgent >= 0 && !this.slots.some((s) => s.lane)) slot = this.spawn(true);
      if (!slot) return;
      const job = this.queue.splice(urgent >= 0 ? urgent : this.fairest(), 1)[0];
      slot.current = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task, payload: job.payload });
    }
    for (const s of this.slots) if (!s.current) s.worker.unref();
  }

  /** When each caller last had a task started (a counter), for round-robin between callers. */
  private readonly lastStart = new Map<string, number>();
  private starts = 0;

  /**
   * Fair queue: the oldest task of the caller with the fewest tasks running, and among those the one
   * served longest ago — so one caller's burst (three 5000-iteration layouts) cannot hold back
   * another caller's quick request behind all of it.
   */
  private fairest(): number {
    const running = new Map<string, number>();
    for (const s of this.slots) if (s.current) running.set(s.current.caller, (running.get(s.current.caller) ?? 0) + 1);
    const key = (p: Pending): [number, number] => [running.get(p.caller) ?? 0, this.lastStart.get(p.caller) ?? -1];
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const [r, l] = key(this.queue[i]);
      const [br, bl] = key(this.queue[best]);
      if (r < br || (r === br && l < bl)) best = i;
    }
    this.lastStart.set(this.queue[best].caller, this.starts++);
    if (this.lastStart.size > 10_000) this.lastStart.clear(); // bounded: many one-off callers
    return best;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    await Promise.all(
      this.slots.splice(0).map((s) => {
        s.current?.reject(new Error('worker pool closed'));
        return s.worker.terminate();
      }),
    );
  }
}
