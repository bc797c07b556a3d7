import { Worker } from 'node:worker_threads';
import os from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// The ESM build of tsx's register API (require.resolve finds the CommonJS twin beside it).
const tsxApi = () => pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;

export interface PoolOptions {
  /** Worker threads (default: available cores − 1, at least 1, at most 4). */
  size?: number;
  /** Worker entry module (default ./worker.ts beside this file). */
  entry?: URL;
}

export interface RunOptions {
  onProgress?: (fraction: number, message?: string) => void;
}

/** An error raised inside a task, carried across the thread boundary with its useful fields. */
export class TaskError extends Error {
  constructor(message: string, override readonly name: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

interface Pending { id: number; task: string; payload: unknown; opts: RunOptions; resolve: (v: unknown) => void; reject: (e: Error) => void }
interface Slot { worker: Worker; current: Pending | null }

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

  constructor(options: PoolOptions = {}) {
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    this.size = Math.max(1, options.size ?? Math.min(4, cores - 1));
    // The compiled copy (dist/) runs its compiled worker; the sources run worker.ts through tsx.
    this.entry = options.entry ?? new URL(import.meta.url.endsWith('.js') ? './worker.js' : './worker.ts', import.meta.url);
  }

  stats() {
    return { size: this.size, started: this.slots.length, busy: this.slots.filter((s) => s.current).length, queued: this.queue.length };
  }

  run<T>(task: string, payload: unknown, opts: RunOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, payload, opts, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private spawn(): Slot {
    // Node 20 does not apply loader hooks from a worker's own `--import tsx` to its entry module, so a
    // tiny JavaScript bootstrap registers tsx and then imports the TypeScript entry.
    const worker = this.entry.pathname.endsWith('.js')
      ? new Worker(this.entry)
      : new Worker(`import(${JSON.stringify(tsxApi())}).then((m) => { m.register(); return import(${JSON.stringify(this.entry.href)}); })`, { eval: true, execArgv: ['--import', 'tsx'] });
    const slot: Slot = { worker, current: null };
    worker.on('message', (msg: { id: number; type: string; fraction?: number; message?: string; value?: unknown; error?: { message: string; name: string; details?: Record<string, unknown> } }) => {
      const cur = slot.current;
      if (!cur || cur.id !== msg.id) return;
      if (msg.type === 'progress') { cur.opts.onProgress?.(msg.fraction ?? 0, msg.message); return; }
      slot.current = null;
      if (msg.type === 'result') cur.resolve(msg.value);
      else cur.reject(new TaskError(msg.error?.message ?? 'task failed', msg.error?.name ?? 'Error', msg.error?.details));
      this.pump();
    });
    const fail = (err: Error) => {
      const cur = slot.current;
      slot.current = null;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      cur?.reject(new TaskError(`worker stopped: ${err.message}`, 'WorkerError'));
      if (!this.closed) this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => { if (this.slots.includes(slot)) fail(new Error(`exit code ${code}`)); });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.current);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.current = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task, payload: job.payload });
    }
    for (const s of this.slots) if (!s.current) s.worker.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => { s.current?.reject(new Error('worker pool closed')); return s.worker.terminate(); }));
  }
}
