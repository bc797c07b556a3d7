import { resolve } from 'node:path';
import type { SqlAdapter } from './adapter.ts';
import { assertSchemaCurrent, migrate } from './migrate.ts';
import { openPgAdapter, redact } from './pg-adapter.ts';
import { openPgliteAdapter } from './pglite-adapter.ts';
import { openPgliteThreadAdapter } from './pglite-thread.ts';

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
}

export interface Store {
  readonly db: SqlAdapter;
  readonly engine: SqlAdapter['engine'];
  /** Where the data lives: the PGlite directory, or the server URL without its password. */
  readonly location: string;
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
  const db = target.databaseUrl
    ? await openPgAdapter(target.databaseUrl, { schema: options.schema })
    : thread
      ? await openPgliteThreadAdapter(target.dataDir)
      : await openPgliteAdapter(target.dataDir);
  try {
    if (options.migrate ?? true) await migrate(db);
    else await assertSchemaCurrent(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    db,
    engine: db.engine,
    location: target.databaseUrl ? redact(target.databaseUrl) : target.dataDir,
    close: () => db.close(),
  };
}
