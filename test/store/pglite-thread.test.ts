/**
 * The PGlite-in-a-worker adapter (issue 20) behaves as the in-thread one where the store relies on it:
 * transactions commit or roll back, statements outside an open transaction wait behind it, a PostgreSQL
 * error keeps its class and fields, close releases the directory lock, and a thread that dies fails every
 * call with a clear error instead of leaving it unanswered.
 */
import { messages } from '@electric-sql/pglite';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqlAdapter } from '../../src/store/adapter.ts';
import { openStore } from '../../src/store/open.ts';
import { openPgliteAdapter } from '../../src/store/pglite-adapter.ts';
import { openPgliteThreadAdapter } from '../../src/store/pglite-thread.ts';
import { freshPgliteDir } from './engines.ts';
import { currentThreadId, threadNiceValues } from '../../src/util/thread-priority.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function opened(open: (dir: string) => Promise<SqlAdapter> = (d) => openPgliteThreadAdapter(d)) {
  const dir = await freshPgliteDir();
  const db = await open(dir);
  cleanup.push(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, db };
}

describe('PGlite in a worker thread', () => {
  it('commits a transaction, rolls one back when it throws, and runs a statement outside it after it', async () => {
    const { db } = await opened();
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1, $1)', ['rolled back']);
        expect(await tx.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]);
        throw new Error('the import failed');
      }),
    ).rejects.toThrow('the import failed');
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);

    let outside: Promise<unknown> | undefined;
    const order: string[] = [];
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (2, $1)', ['kept']);
      // Issued while the transaction is open: it waits for the commit, and then sees the row.
      outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t').then((r) => {
        order.push('outside');
        return r;
      });
      await new Promise((r) => setTimeout(r, 50));
      await tx.insertMany(
        't',
        [
          { name: 'id', type: 'int' },
          { name: 'v', type: 'text' },
        ],
        [
          [3, 4],
          ['tab\there', null],
        ],
      );
      order.push('commit');
    });
    expect(await outside).toEqual([{ n: 3 }]);
    expect(order).toEqual(['commit', 'outside']);
    expect(await db.selectText('SELECT id, v FROM t ORDER BY id')).toEqual([
      ['2', 'kept'],
      ['3', 'tab\there'],
      ['4', null],
    ]);
  });

  it('raises a unique violation with the same class and fields as the in-thread adapter', async () => {
    const violation = async (db: SqlAdapter) => {
      await db.exec('CREATE TABLE w (name text PRIMARY KEY)');
      await db.query('INSERT INTO w VALUES ($1)', ['sample']);
      return db.query('INSERT INTO w VALUES ($1)', ['sample']).then(
        () => null,
        (e: unknown) => e as InstanceType<typeof messages.DatabaseError>,
      );
    };
    const threaded = await violation((await opened()).db);
    const inline = await violation((await opened((d) => openPgliteAdapter(d))).db);
    expect(inline).toBeInstanceOf(messages.DatabaseError);
    expect(threaded).toBeInstanceOf(messages.DatabaseError);
    const shape = (e: typeof inline) => ({
      name: e?.name,
      message: e?.message,
      code: e?.code,
      constraint: e?.constraint,
      table: e?.table,
      detail: e?.detail,
      severity: e?.severity,
    });
    expect(shape(threaded)).toEqual(shape(inline));
    expect(threaded?.code).toBe('23505');
    expect(threaded?.detail).toBe('Key (name)=(sample) already exists.');
  });

  it('holds the directory lock while open and releases it on close', async () => {
    const { dir, db } = await opened();
    await expect(openPgliteAdapter(dir)).rejects.toThrow(/already open in this process/);
    await expect(openPgliteThreadAdapter(dir)).rejects.toThrow(/already open in this process/);
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow(/is closed/);
    const again = await openPgliteAdapter(dir);
    expect(await again.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await again.close();
  });

  it('fails every call with a clear error when its thread dies, and still closes', async () => {
    const { dir, db } = await opened((d) => openPgliteThreadAdapter(d, { maxHeapMb: 48 }));
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    // A result far over the thread's heap limit (a million row objects): the worker runs out of memory and stops.
    const crash = db.query("SELECT g, 'row ' || g AS label FROM generate_series(1, 1000000) g").then(
      () => null,
      (e: Error) => e,
    );
    const err = await crash;
    expect(err?.name).toBe('StoreError');
    expect(err?.message).toContain(`the PGlite store in ${dir} stopped: its thread`);
    await expect(db.query('SELECT 1')).rejects.toThrow(/stopped: its thread/);
    await db.close();
    const again = await openPgliteAdapter(dir); // the lock is released; what was committed is there
    expect(await again.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await again.close();
  });

  it.skipIf(process.platform !== 'linux')('runs PostgreSQL on a thread of lower priority than the caller [Linux]', async () => {
    const before = threadNiceValues();
    await opened();
    const fresh = [...threadNiceValues()].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
    expect(fresh).toContain(5);
    expect(threadNiceValues().get(currentThreadId()!)).toBe(0);
  });

  it('is what openStore opens with pgliteThread, migrated like the in-thread store', async () => {
    const dir = await freshPgliteDir();
    const store = await openStore({ dataDir: dir, pgliteThread: true, env: {} });
    cleanup.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    expect(store.engine).toBe('pglite');
    const [{ n }] = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM workspaces');
    expect(n).toBe(0);
  });
});
