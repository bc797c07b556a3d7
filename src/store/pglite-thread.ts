/**
 * PGlite in a worker thread of its own (issue 20): PostgreSQL's work — COPY of an import, index updates, the
 * planner, result rows — runs beside the event loop instead of on it, so a store write no longer stalls the
 * requests in between. The main side is an ordinary PgliteEngine (src/store/pglite-adapter.ts), so the lock,
 * the recovery of unfinished bulk writes and the adapter's behaviour are the in-thread adapter's own code.
 *
 * Transactions: `begin` makes the worker enter `db.transaction` (which holds PGlite's mutex) and wait there
 * for the statements of that transaction id, then `end` commits or rolls back. Statements outside it queue on
 * the same mutex behind it, as they do on the thread. Errors cross as their fields (a PostgreSQL error keeps
 * its class, `code`, `constraint`, `detail`…); a worker that dies fails every call with a StoreError naming
 * the data directory.
 */
import { messages } from '@electric-sql/pglite';
import type { Worker } from 'node:worker_threads';
import type { SqlAdapter } from './adapter.ts';
import { StoreError } from './errors.ts';
import { acquireDirLock } from './lock.ts';
import { pgliteAdapter, type PgliteEngine, type PgliteRunner } from './pglite-adapter.ts';
import { openFailure } from './pglite-recovery.ts';
import { startModuleWorker } from '../util/module-worker.ts';

/** A statement for the worker; `tx` names the open transaction it belongs to (none: outside any). */
export type ThreadCall =
  | { op: 'query'; tx?: number; sql: string; params: readonly unknown[] }
  | { op: 'exec'; tx?: number; sql: string }
  | { op: 'copyIn'; tx?: number; sql: string; text: string }
  | { op: 'copyOut'; tx?: number; sql: string }
  | { op: 'begin'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'close' };
export type ThreadRequest = ThreadCall & { id: number };

/** An error as it crosses the thread boundary: structured clone keeps only an Error's message. */
export interface WireError {
  name: string;
  message: string;
  /** A PostgreSQL error (PGlite's DatabaseError), rebuilt as one on the main side. */
  database: boolean;
  fields: Record<string, unknown>;
}

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'open-failed'; error: WireError }
  | { type: 'result'; id: number; value?: unknown }
  | { type: 'error'; id: number; error: WireError };

export interface PgliteThreadOptions {
  /** Nice value of the PGlite thread (default 5, Linux): the event loop wins the CPU over a long write, and PGlite over computations (pool workers run at 10). */
  nice?: number;
  /** Rows per COPY chunk of a bulk insert (default 2,000: the event loop only encodes them; the worker copies). */
  copyChunkRows?: number;
  /** Heap limit of the thread's JavaScript in MB (default Node's); PostgreSQL's own memory is WebAssembly's, outside it. */
  maxHeapMb?: number;
}

/** Rebuilds an error from the worker: a PostgreSQL error as PGlite's own DatabaseError with its fields, else an Error. */
export function fromWire(w: WireError): Error {
  const e: Error = w.database ? new messages.DatabaseError(w.message, Number(w.fields.length ?? 0), 'error') : new Error(w.message);
  Object.assign(e, w.fields);
  e.name = w.name;
  return e;
}

const entry = new URL(import.meta.url.endsWith('.js') ? './pglite-thread-worker.js' : './pglite-thread-worker.ts', import.meta.url);

/**
 * Opens the PGlite store in `dataDir` with PostgreSQL in a worker thread. The lock is this thread's (one
 * process per data directory, and a second open in this process is refused as with the in-thread adapter).
 */
export async function openPgliteThreadAdapter(dataDir: string, options: PgliteThreadOptions = {}): Promise<SqlAdapter> {
  const lock = acquireDirLock(dataDir);
  let worker: Worker;
  try {
    worker = startModuleWorker(entry, {
      workerData: { dataDir, nice: options.nice ?? 5 },
      ...(options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {}),
    });
  } catch (e) {
    lock.release();
    throw e;
  }
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let dead: StoreError | undefined;
  let closing = false;
  const ready = new Promise<void>((resolve, reject) => {
    const onOpen = (m: ThreadReply) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'open-failed') reject(openFailure(dataDir, fromWire(m.error)));
      else return;
      worker.off('message', onOpen);
    };
    worker.on('message', onOpen);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new StoreError(`the PGlite store in ${dataDir} did not start: its thread exited with code ${code}`)));
  });
  try {
    await ready;
  } catch (e) {
    await worker.terminate();
    lock.release();
    throw e;
  }
  worker.unref(); // referenced only while a statement is out: an idle store does not keep the process alive
  worker.on('message', (m: ThreadReply) => {
    if (m.type !== 'result' && m.type !== 'error') return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (!pending.size) worker.unref();
    if (m.type === 'result') p.resolve(m.value);
    else p.reject(fromWire(m.error));
  });
  const die = (why: string) => {
    if (closing && !pending.size) return;
    dead ??= new StoreError(`the PGlite store in ${dataDir} stopped: its thread ${why}; restart the process to open it again`);
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  worker.on('error', (e) => die(`failed (${e.message})`));
  worker.on('exit', (code) => die(`exited with code ${code}`));

  const call = <T>(req: ThreadCall): Promise<T> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (pending.size === 1) worker.ref();
      worker.postMessage({ ...req, id });
    });
  };
  const runner = (tx?: number): PgliteRunner => ({
    query: (sql, params) => call({ op: 'query', tx, sql, params }),
    exec: (sql) => call({ op: 'exec', tx, sql }),
    copyIn: (sql, text) => call({ op: 'copyIn', tx, sql, text }),
    copyOut: (sql) => call({ op: 'copyOut', tx, sql }),
  });
  let nextTx = 1;
  const engine: PgliteEngine = {
    ...runner(),
    async transaction(fn) {
      const tx = nextTx++;
      await call({ op: 'begin', tx }); // answered once the worker holds the mutex, inside BEGIN
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(runner(tx));
      } catch (e) {
        await call({ op: 'end', tx, commit: false }).catch(() => {});
        throw e;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    async close() {
      closing = true;
      try {
        if (!dead) await call({ op: 'close' });
      } finally {
        await worker.terminate();
        dead ??= new StoreError(`the PGlite store in ${dataDir} is closed`);
      }
    },
  };
  return pgliteAdapter(dataDir, engine, lock, { copyChunkRows: options.copyChunkRows ?? 2000 });
}
