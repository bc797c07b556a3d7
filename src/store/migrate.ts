import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SqlAdapter } from './adapter.ts';
import { StoreError } from './errors.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant: serialises concurrent migrators on a shared server. */
const MIGRATION_LOCK = 4_807_001;

/** The migrations shipped with this code, `NNN_name.sql`, in order. */
export function loadMigrations(dir = DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(dir + f, 'utf8') }));
}

export const SCHEMA_TABLE = 'hubgraph_schema';

export interface SchemaStatus {
  /** Highest applied migration (0 for an empty database). */
  current: number;
  /** Highest migration this code knows. */
  latest: number;
  pending: Migration[];
}

export async function schemaStatus(db: SqlAdapter, migrations = loadMigrations()): Promise<SchemaStatus> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('${SCHEMA_TABLE}')::text AS t`);
  const current = exists[0].t ? ((await db.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA_TABLE}`))[0].v ?? 0) : 0;
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  return { current, latest, pending: migrations.filter((m) => m.version > current) };
}

function tooNew(current: number, latest: number): StoreError {
  return new StoreError(
    `the database schema is version ${current}, newer than this hubgraph understands (up to ${latest}); ` +
      `upgrade hubgraph instead of running an older version against this store`,
    'schema_too_new',
  );
}

/**
 * Applies pending migrations, each in its own transaction with its schema row, under an advisory lock
 * so two processes starting against one server do not both apply it. Refuses a schema newer than the code.
 */
export async function migrate(db: SqlAdapter, migrations = loadMigrations()): Promise<{ applied: Migration[]; current: number }> {
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const before = await schemaStatus(db, migrations);
  if (before.current > latest) throw tooNew(before.current, latest);
  if (!before.pending.length) return { applied: [], current: before.current };
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${SCHEMA_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const cur = (await tx.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA_TABLE}`))[0].v ?? 0;
    if (cur > latest) throw tooNew(cur, latest);
    const applied: Migration[] = [];
    for (const m of migrations) {
      if (m.version <= cur) continue;
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO ${SCHEMA_TABLE} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m);
    }
    return { applied, current: latest };
  });
}

/** Throws unless the schema is exactly what this code expects (used when opening without migrating). */
export async function assertSchemaCurrent(db: SqlAdapter, migrations = loadMigrations()): Promise<void> {
  const s = await schemaStatus(db, migrations);
  if (s.current > s.latest) throw tooNew(s.current, s.latest);
  if (s.current < s.latest) {
    throw new StoreError(`the database schema is version ${s.current}, this hubgraph needs ${s.latest}: run \`hubgraph db migrate\``, 'schema_old');
  }
}
