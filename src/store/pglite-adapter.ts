import { PGlite, type Transaction } from '@electric-sql/pglite';
import { join } from 'node:path';
import { checkColumns, type BulkColumn, type BulkValue, type SqlAdapter, type SqlClient } from './adapter.ts';
import { decodeCopyText, encodeCopyText } from './copy-text.ts';
import { acquireDirLock, type DirLock } from './lock.ts';
import { clearPending, hasPending, markPending, openFailure, reclaim } from './pglite-recovery.ts';

/**
 * What the store needs of one PGlite, wherever it runs (on this thread, or in a worker of its own:
 * src/store/pglite-thread.ts): statements, COPY in and out as text, one transaction at a time.
 */
export interface PgliteRunner {
  query<R>(sql: string, params: readonly unknown[]): Promise<R[]>;
  exec(sql: string): Promise<void>;
  /** `COPY … FROM '/dev/blob'` with `text` as the blob. */
  copyIn(sql: string, text: string): Promise<void>;
  /** `COPY (…) TO '/dev/blob'`: the blob's text, undefined when none. */
  copyOut(sql: string): Promise<string | undefined>;
}

export interface PgliteEngine extends PgliteRunner {
  /** Holds PGlite's mutex for the whole callback: statements outside it wait behind it. */
  transaction<T>(fn: (tx: PgliteRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

type Runner = Pick<Transaction, 'query' | 'exec'>;

function localRunner(run: Runner): PgliteRunner {
  return {
    query: async <R>(sql: string, params: readonly unknown[]) => (await run.query<R>(sql, params as unknown[])).rows,
    exec: async (sql) => {
      await run.exec(sql);
    },
    copyIn: async (sql, text) => {
      await run.query(sql, [], { blob: new Blob([text]) });
    },
    copyOut: async (sql) => {
      const res = await run.query(sql);
      return res.blob ? await res.blob.text() : undefined;
    },
  };
}

/** A PGlite on the calling thread as an engine. */
export function localEngine(db: PGlite): PgliteEngine {
  return {
    ...localRunner(db),
    transaction: (fn) => db.transaction((tx) => fn(localRunner(tx))),
    close: () => db.close(),
  };
}

/**
 * Rows per COPY chunk on the event loop's thread, where one COPY is one stall of it: 40k edge rows took 1.4 s.
 * 500 rows take about 10–30 ms, and the loop runs between chunks.
 */
const COPY_CHUNK = 500;

export interface PgliteAdapterOptions {
  /** Rows per COPY of a bulk insert; the event loop runs between chunks (default 500). */
  copyChunkRows?: number;
}

function client(run: PgliteRunner, beforeBulk: () => void, chunk: number): SqlClient {
  return {
    query: <R>(sql: string, params: readonly unknown[] = []) => run.query<R>(sql, params),
    exec: (sql: string) => run.exec(sql),
    async insertMany(table: string, columns: readonly BulkColumn[], values: readonly (readonly BulkValue[])[]) {
      const n = checkColumns(columns, values);
      const cols = columns.map((c) => c.name).join(', ');
      beforeBulk();
      for (let from = 0; from < n; from += chunk) {
        await run.copyIn(`COPY ${table} (${cols}) FROM '/dev/blob'`, encodeCopyText(values, from, Math.min(n, from + chunk)));
        await new Promise((resolve) => setImmediate(resolve)); // let requests in between chunks
      }
    },
    async selectText(sql: string) {
      const text = await run.copyOut(`COPY (${sql}) TO '/dev/blob'`);
      return text === undefined ? [] : decodeCopyText(text);
    },
  };
}

/**
 * The store's adapter over a PGlite engine in `dataDir/pgdata`, whose lock the caller holds: recovers an
 * unfinished bulk write on open, marks bulk writes while they run (src/store/pglite-recovery.ts), and
 * releases the lock on close.
 */
export async function pgliteAdapter(dataDir: string, engine: PgliteEngine, lock: DirLock, options: PgliteAdapterOptions = {}): Promise<SqlAdapter> {
  const chunk = options.copyChunkRows ?? COPY_CHUNK;
  // An unfinished bulk write (the process died, or its transaction failed and could not clean up): reclaim its rows' space.
  if (hasPending(dataDir))
    await reclaim(engine, dataDir).catch(() => {
      /* still too full: the marker stays, and the next open tries again */
    });
  let bulk = false;
  const beforeBulk = () => {
    if (bulk) return;
    markPending(dataDir);
    bulk = true;
  };
  // A bulk write's rows hold their space until VACUUM if its transaction fails: reclaim it then, or leave the marker for the next open.
  const settle = async (ok: boolean) => {
    if (!bulk) return;
    bulk = false;
    if (ok) clearPending(dataDir);
    else await reclaim(engine, dataDir).catch(() => {});
  };
  const base = client(engine, beforeBulk, chunk);
  let closed = false;
  return {
    engine: 'pglite',
    ...base,
    async insertMany(table, columns, values) {
      let ok = false;
      try {
        await base.insertMany(table, columns, values);
        ok = true;
      } finally {
        await settle(ok);
      }
    },
    async transaction(fn) {
      let ok = false;
      try {
        const r = await engine.transaction((tx) => fn(client(tx, beforeBulk, chunk)));
        ok = true;
        return r;
      } finally {
        await settle(ok);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await engine.close();
      } finally {
        lock.release();
      }
    },
  };
}

/**
 * Embedded PostgreSQL in `dataDir/pgdata` on the calling thread, guarded by `dataDir/lock` (one process per
 * data directory). PGlite serialises statements itself; `transaction` holds its mutex for the whole
 * callback. A store whose disk filled up is recovered on open (src/store/pglite-recovery.ts).
 */
export async function openPgliteAdapter(dataDir: string): Promise<SqlAdapter> {
  const lock = acquireDirLock(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
  } catch (e) {
    lock.release();
    throw openFailure(dataDir, e); // most often a full disk: say where and what to do
  }
  return pgliteAdapter(dataDir, localEngine(db), lock);
}
