import { PGlite, type Transaction } from '@electric-sql/pglite';
import { join } from 'node:path';
import { checkColumns, type BulkColumn, type BulkValue, type SqlAdapter, type SqlClient } from './adapter.ts';
import { decodeCopyText, encodeCopyText } from './copy-text.ts';
import { acquireDirLock } from './lock.ts';

type Runner = Pick<Transaction, 'query' | 'exec'>;

/**
 * Rows per COPY chunk. PGlite runs on the event loop's thread, so one COPY is one stall of it: 40k
 * edge rows took 1.4 s. 500 rows take about 10–30 ms, and the loop runs between chunks.
 */
const COPY_CHUNK = 500;

function client(run: Runner): SqlClient {
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
 * PGlite serialises statements itself; `transaction` holds its mutex for the whole callback.
 */
export async function openPgliteAdapter(dataDir: string): Promise<SqlAdapter> {
  const lock = acquireDirLock(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
  } catch (e) {
    lock.release();
    throw e;
  }
  const base = client(db);
  let closed = false;
  return {
    engine: 'pglite',
    ...base,
    transaction: (fn) => db.transaction((tx) => fn(client(tx))),
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
