import { PGlite, type Transaction } from '@electric-sql/pglite';
import { join } from 'node:path';
import { checkColumns, type BulkColumn, type BulkValue, type SqlAdapter, type SqlClient } from './adapter.ts';
import { decodeCopyText, encodeCopyText } from './copy-text.ts';
import { acquireDirLock } from './lock.ts';
import { clearPending, hasPending, markPending, openFailure, reclaim } from './pglite-recovery.ts';

type Runner = Pick<Transaction, 'query' | 'exec'>;

/**
 * Rows per COPY chunk. PGlite runs on the event loop's thread, so one COPY is one stall of it: 40k
 * edge rows took 1.4 s. 500 rows take about 10–30 ms, and the loop runs between chunks.
 */
const COPY_CHUNK = 500;

function client(run: Runner, beforeBulk: () => void): SqlClient {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const res = await run.query<R>(sql, params as unknown[]);
      return res.rows;
    },
    async exec(sql: string) {
      await run.exec(sql);
    },
    async insertMany(table: string, columns: readonly BulkColumn[], values: readonly (readonly BulkValue[])[]) {
      const n = checkColumns(columns, values);
      const cols = columns.map((c) => c.name).join(', ');
      beforeBulk();
      for (let from = 0; from < n; from += COPY_CHUNK) {
        const text = encodeCopyText(values, from, Math.min(n, from + COPY_CHUNK));
        await run.query(`COPY ${table} (${cols}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
        await new Promise((resolve) => setImmediate(resolve)); // let requests in between chunks
      }
    },
    async selectText(sql: string) {
      const res = await run.query(`COPY (${sql}) TO '/dev/blob'`);
      return res.blob ? decodeCopyText(await res.blob.text()) : [];
    },
  };
}

/**
 * Embedded PostgreSQL in `dataDir/pgdata`, guarded by `dataDir/lock` (one process per data directory).
 * PGlite serialises statements itself; `transaction` holds its mutex for the whole callback. A store
 * whose disk filled up is recovered on open (src/store/pglite-recovery.ts).
 */
export async function openPgliteAdapter(dataDir: string): Promise<SqlAdapter> {
  const lock = acquireDirLock(dataDir);
  const pgdata = join(dataDir, 'pgdata');
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: pgdata });
  } catch (e) {
    lock.release();
    throw openFailure(dataDir, e); // most often a full disk: say where and what to do
  }
  // An unfinished bulk write (the process died, or its transaction failed and could not clean up): reclaim its rows' space.
  if (hasPending(dataDir))
    await reclaim(db, dataDir).catch(() => {
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
    else await reclaim(db, dataDir).catch(() => {});
  };
  const base = client(db, beforeBulk);
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
        const r = await db.transaction((tx) => fn(client(tx, beforeBulk)));
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
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}
