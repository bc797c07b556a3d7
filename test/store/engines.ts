/**
 * Runs a suite against every engine: PGlite always; a PostgreSQL server when DATABASE_URL is set
 * (otherwise that variant is reported as skipped, with the reason in its name).
 */
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { loadMigrations } from '../../src/store/migrate.ts';
import { openStore, type Store } from '../../src/store/index.ts';

export interface Engine {
  name: 'pglite' | 'postgres';
  available: boolean;
  /** A fresh, empty, migrated store of its own. */
  fresh(): Promise<TestStore>;
}

export interface TestStore {
  store: Store;
  /** Opens the same data again (after `store.close()`). */
  reopen(options?: { migrate?: boolean }): Promise<Store>;
  /** Closes and deletes everything. */
  dispose(): Promise<void>;
}

const url = process.env.DATABASE_URL;

/** A migrated, cleanly closed PGlite data dir, made once and copied per test: initdb costs seconds. */
async function pgliteTemplate(): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(loadMigrations())).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `hubgraph-pglite-template-${key}`);
  if (existsSync(join(dir, 'pgdata', 'PG_VERSION'))) return dir;
  const build = mkdtempSync(join(tmpdir(), 'hubgraph-template-build-'));
  const s = await openStore({ dataDir: build });
  await s.close();
  try {
    renameSync(build, dir);
  } catch {
    rmSync(build, { recursive: true, force: true }); // another worker won the race
  }
  return dir;
}

export async function freshPgliteDir(): Promise<string> {
  const template = await pgliteTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-store-test-'));
  cpSync(join(template, 'pgdata'), join(dir, 'pgdata'), { recursive: true });
  return dir;
}

export const ENGINES: Engine[] = [
  {
    name: 'pglite',
    available: true,
    async fresh() {
      const dir = await freshPgliteDir();
      const store = await openStore({ dataDir: dir });
      return {
        store,
        reopen: (o = {}) => openStore({ dataDir: dir, ...o }),
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    available: Boolean(url),
    async fresh() {
      const schema = `hubgraph_test_${randomBytes(6).toString('hex')}`;
      const store = await openStore({ databaseUrl: url!, schema });
      const opened: Store[] = [store];
      return {
        store,
        async reopen(o = {}) {
          const s = await openStore({ databaseUrl: url!, schema, ...o });
          opened.push(s);
          return s;
        },
        async dispose() {
          for (const s of opened) await s.close();
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      };
    },
  },
];

export function forEachEngine(title: string, fn: (engine: Engine) => void): void {
  for (const e of ENGINES) {
    const name = e.available ? `${title} [${e.name}]` : `${title} [${e.name}: skipped, set DATABASE_URL to run against a PostgreSQL server]`;
    describe.skipIf(!e.available)(name, () => fn(e));
  }
}
