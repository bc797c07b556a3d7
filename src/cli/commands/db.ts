import type { Command } from 'commander';
import { openPgAdapter, redact } from '../../store/pg-adapter.ts';
import { openPgliteAdapter } from '../../store/pglite-adapter.ts';
import { migrate, resolveStoreTarget, schemaStatus } from '../../store/index.ts';
import type { SqlAdapter } from '../../store/adapter.ts';
import { action, emit } from '../output.ts';
import { addStoreOptions, storeLocation, type StoreFlags } from './workspace.ts';

/** Opens the store's database without migrating it, runs `fn`, always closes it. */
async function withRaw<T>(o: StoreFlags, fn: (db: SqlAdapter, location: string) => Promise<T>): Promise<T> {
  const t = resolveStoreTarget(storeLocation(o));
  const { db, location } = t.databaseUrl
    ? { db: await openPgAdapter(t.databaseUrl), location: redact(t.databaseUrl) }
    : { db: await openPgliteAdapter(t.dataDir), location: t.dataDir };
  try {
    return await fn(db, location);
  } finally {
    await db.close();
  }
}

export function register(program: Command): void {
  const db = program.command('db').description('the store’s database: schema migrations');

  addStoreOptions(db.command('migrate').description('apply pending schema migrations (also done automatically on open)')).action(
    action(async (o: StoreFlags) => {
      await withRaw(o, async (conn, location) => {
        const r = await migrate(conn);
        emit(o, { location, engine: conn.engine, schema: r.current, applied: r.applied.map((m) => ({ version: m.version, name: m.name })) }, () =>
          r.applied.length
            ? `${location}: applied ${r.applied.map((m) => `${m.version} ${m.name}`).join(', ')}; schema is at ${r.current}`
            : `${location}: schema is up to date (${r.current})`,
        );
      });
    }),
  );

  addStoreOptions(db.command('status').description('schema version of the store and pending migrations')).action(
    action(async (o: StoreFlags) => {
      await withRaw(o, async (conn, location) => {
        const s = await schemaStatus(conn);
        const state = s.current > s.latest ? 'newer than this hubgraph' : s.pending.length ? 'migrations pending' : 'up to date';
        emit(
          o,
          { location, engine: conn.engine, current: s.current, latest: s.latest, state, pending: s.pending.map((m) => ({ version: m.version, name: m.name })) },
          () => `${location} (${conn.engine}): schema ${s.current}, code ${s.latest} — ${state}`,
        );
      });
    }),
  );
}
