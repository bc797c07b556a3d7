import { resolve } from 'node:path';
import type { SqlAdapter } from './adapter.ts';
import { assertSchemaCurrent, migrate } from './migrate.ts';
import { openPgAdapter, redact } from './pg-adapter.ts';
import { openPgliteAdapter } from './pglite-adapter.ts';
import { openPgliteThreadAdapter } from './pglite-thread.ts';
import { StoreError } from './errors.ts';
import { freeSpace, mb } from './free-space.ts';
import { hasPending, reclaim } from './pglite-recovery.ts';
import { ensureReserve, newReserveStatus, releaseReserve, reserveBytesFrom, type ReserveStatus } from './reserve.ts';

/**
 * Where the store lives, one name per setting everywhere: `databaseUrl` / `dataDir` here and in
 * startServer, `--db` / `--data` on the command line, `DATABASE_URL` / `HUBGRAPH_DATA` in the environment.
 */
export interface OpenStoreOptions {
  /** postgres:// URL of a server; default `DATABASE_URL` from the environment. When set, the server is used. */
  databaseUrl?: string;
  /** PGlite data directory when no URL; default `HUBGRAPH_DATA`, else `./.hubgraph`. */
  dataDir?: string;
  /** Apply pending migrations on open (default true); false only checks and refuses a mismatched schema. */
  migrate?: boolean;
  /** Server only: a schema to create and use (isolates test runs sharing one database). */
  schema?: string;
  /**
   * PGlite only: run PostgreSQL in a worker thread of its own (src/store/pglite-thread.ts), so that store work
   * does not stall the event loop; default `HUBGRAPH_PGLITE_THREAD=1` from the environment, else on this thread.
   */
  pgliteThread?: boolean;
  /** Environment to read defaults from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** PGlite only: bytes of the space reserve kept in the data directory (reserve.ts); default `HUBGRAPH_RESERVE_MB`, else 64 MB; 0: none. */
  reserveBytes?: number;
}

export interface Store {
  readonly db: SqlAdapter;
  readonly engine: SqlAdapter['engine'];
  /** Where the data lives: the PGlite directory, or the server URL without its password. */
  readonly location: string;
  /** PGlite only: the space reserve that lets a store on a full disk open and recover by itself. */
  readonly reserve?: ReserveStatus;
  close(): Promise<void>;
}

export function resolveStoreTarget(options: OpenStoreOptions = {}): { databaseUrl?: string; dataDir: string } {
  const env = options.env ?? process.env;
  const databaseUrl = options.databaseUrl ?? (options.dataDir ? undefined : env.DATABASE_URL || undefined);
  return { databaseUrl, dataDir: resolve(options.dataDir ?? (env.HUBGRAPH_DATA || '.hubgraph')) };
}

/**
 * Opens the store: a PostgreSQL server when a URL is given (or DATABASE_URL is set), otherwise embedded
 * PGlite in a local data directory (one process at a time). Migrates unless told not to.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const target = resolveStoreTarget(options);
  const thread = options.pgliteThread ?? (options.env ?? process.env).HUBGRAPH_PGLITE_THREAD === '1';
  const reserve = target.databaseUrl ? undefined : newReserveStatus(target.dataDir, options.reserveBytes ?? reserveBytesFrom(options.env ?? process.env));
  const db = target.databaseUrl ? await openPgAdapter(target.databaseUrl, { schema: options.schema }) : await openPglite(target.dataDir, reserve!, thread);
  try {
    if (options.migrate ?? true) await migrate(db);
    else await assertSchemaCurrent(db);
    // Made with the store, and again on each open it is missing and there is room (after a release: room for it and more, space.ts).
    if (reserve) await ensureReserve(reserve);
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    db,
    engine: db.engine,
    location: target.databaseUrl ? redact(target.databaseUrl) : target.dataDir,
    ...(reserve && { reserve }),
    close: () => db.close(),
  };
}

/**
 * Opens PGlite, using the space reserve when the disk is full: PostgreSQL cannot start without room to
 * replay its log, so the reserve is deleted and the open tried once more; an unfinished write the open
 * could not vacuum (no room either) is vacuumed then. Writes that find the disk full do the same.
 */
async function openPglite(dataDir: string, reserve: ReserveStatus, thread: boolean): Promise<SqlAdapter> {
  const open = thread ? openPgliteThreadAdapter : openPgliteAdapter;
  let db: SqlAdapter;
  try {
    db = await open(dataDir);
  } catch (e) {
    if ((e as StoreError).code !== 'no_space' || !(await releaseReserve(reserve, 'the disk was too full for the store to open'))) throw e;
    db = await open(dataDir);
  }
  if (hasPending(dataDir) && (await releaseReserve(reserve, 'the disk was too full to reclaim an unfinished write')))
    await reclaim(db, dataDir).catch(() => {});
  return guardWrites(db, dataDir, reserve);
}

const NO_SPACE = /No space left on device|could not extend file|could not write to file|ENOSPC|disk full/i;
/** Below this much free, a failed write is taken for a full disk whatever PGlite said (it says "cannot drop active portal", too). */
const NEARLY_FULL = 8 * 2 ** 20;

/**
 * A write that fails on a full disk: release the reserve, reclaim the failed write's rows (the
 * adapter's own VACUUM had no room), and say so in words (507 from the API) instead of PostgreSQL's.
 */
function guardWrites(db: SqlAdapter, dataDir: string, reserve: ReserveStatus): SqlAdapter {
  const failed = async (e: unknown): Promise<never> => {
    const msg = (e as Error)?.message ?? String(e);
    const free = await freeSpace(dataDir);
    if (!NO_SPACE.test(msg) && !(free !== undefined && free < NEARLY_FULL)) throw e;
    const released = await releaseReserve(reserve, 'a write found the disk full');
    if (hasPending(dataDir)) await reclaim(db, dataDir).catch(() => {});
    throw new StoreError(
      `the disk of ${dataDir} filled up during this write (${free === undefined ? '' : `${mb(free)} free; `}${msg}); nothing of it was kept` +
        `${released ? ', and the store released its space reserve to recover' : ''}. Free some space (or move the data directory) and try again`,
      'no_space',
    );
  };
  return {
    ...db,
    transaction: (fn) => db.transaction(fn).catch(failed),
    insertMany: (table, columns, values) => db.insertMany(table, columns, values).catch(failed),
  };
}
