/**
 * Issue 20, defect 10: a PGlite store whose disk really filled up mid-import (a small tmpfs) opens
 * again once space is freed, keeps what was stored before, and reclaims the failed import's rows; until
 * then it says which directory and what to do. Needs root to mount the tmpfs; skipped with the reason otherwise.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/open.ts';
import { listVersions, saveVersion } from '../../src/store/versions.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { randomEcosystem } from '../server/fixtures.ts';
import { pendingPath } from '../../src/store/pglite-recovery.ts';
import { reservePath } from '../../src/store/reserve.ts';
import { smallDisks } from './small-disk.ts';

const disks = smallDisks('hubgraph-fulldisk-', 'full-disk tests');
const skip = disks.skip;
const smallDisk = disks.make;

const child = fileURLToPath(new URL('./fill-disk-child.ts', import.meta.url));
/** Imports 20k-node versions in another process until the disk is full; the versions it stored. */
function fill(dataDir: string): { saved: number; end: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, dataDir], { encoding: 'utf8', timeout: 150_000, killSignal: 'SIGKILL' });
  const lines = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { saved?: number; failed?: string });
  const saved = Math.max(0, ...lines.map((l) => l.saved ?? 0));
  const last = lines.at(-1);
  return { saved, end: last?.failed ? `failed: ${last.failed}` : `exit ${r.status} ${r.signal}` };
}

describe.skipIf(!!skip)('a PGlite store after its disk filled up', () => {
  it('says which directory cannot start and what to do; once space is freed it opens with every version stored before, and vacuums the failed import away', async () => {
    const disk = smallDisk('b', 200);
    const other = join(disk, 'someone-elses-file'); // what the user will delete to make room
    writeFileSync(other, Buffer.alloc(100 * 2 ** 20));
    const dataDir = join(disk, 'data');
    const r = fill(dataDir);
    expect(r.saved).toBeGreaterThanOrEqual(1);
    expect(r.end).not.toMatch(/^exit 0/); // the disk did fill
    expect(existsSync(pendingPath(dataDir))).toBe(true);
    const refused = await openStore({ dataDir, env: {} }).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: Error & { code?: string }) => e,
    );
    expect(refused?.code).toBe('no_space');
    expect(refused?.message).toContain(`the PGlite store in ${dataDir} cannot start: its disk has`);
    expect(refused?.message).toMatch(/Free some space on that disk, about 100 MB .* and open it again/);
    rmSync(other); // the user frees space
    const store = await openStore({ dataDir, env: {} });
    try {
      expect((await listVersions(store, 'w')).map((v) => v.number)).toEqual(Array.from({ length: r.saved }, (_, i) => i + 1));
      expect(existsSync(pendingPath(dataDir))).toBe(false);
      const [t] = await store.db.query<{ vacuumed: boolean; dead: number }>(
        "SELECT last_vacuum IS NOT NULL AS vacuumed, n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = 'version_edges'",
      );
      expect(t).toEqual({ vacuumed: true, dead: 0 });
    } finally {
      await store.close();
    }
  }, 600_000);
});

describe.skipIf(!!skip)('a PGlite store whose disk is still full', () => {
  it('opens by itself on its space reserve, answers reads, refuses imports naming the free space, and makes the reserve again once there is room', async () => {
    const disk = smallDisk('c', 200);
    const dataDir = join(disk, 'data');
    // The store is made while the disk has room: with its 64 MB reserve.
    const made = await openStore({ dataDir, env: {} });
    expect(made.reserve).toMatchObject({ bytes: 64 * 2 ** 20, held: true, released: false, note: null });
    await made.close();
    const other = join(disk, 'someone-elses-file');
    writeFileSync(other, Buffer.alloc(50 * 2 ** 20));
    const r = fill(dataDir);
    expect(r.saved).toBeGreaterThanOrEqual(1);
    expect(r.end).not.toMatch(/^exit 0/); // the disk did fill
    // PGlite hangs, aborts or fails with an odd error ("cannot drop active portal") when the disk fills: either way the next open must cope.
    console.log(`full disk: ${r.saved} versions stored, then ${r.end.slice(0, 200)}`);

    // Nothing is freed: the store opens anyway, with every version stored before.
    const store = await openStore({ dataDir, env: {} });
    try {
      expect(store.reserve).toMatchObject({ held: false, released: true });
      expect(store.reserve?.note).toMatch(/the 64 MB space reserve was released/);
      expect(existsSync(reservePath(dataDir))).toBe(false);
      expect(existsSync(pendingPath(dataDir))).toBe(false);
      expect((await listVersions(store, 'w')).map((v) => v.number)).toEqual(Array.from({ length: r.saved }, (_, i) => i + 1));
      const small = DatasetSchema.parse(randomEcosystem(50, 100));
      const refused = await saveVersion(store, 'w', small, { author: 't' }).catch((e: Error & { code?: string }) => e);
      expect((refused as { code?: string }).code).toBe('no_space');
      expect((refused as Error).message).toMatch(
        new RegExp(
          `^the disk of ${dataDir} is nearly full: \\d+ MB free\\. The store released its 64 MB space reserve to open or recover, so it answers reads but takes no new imports`,
        ),
      );
      expect((await listVersions(store, 'w')).length).toBe(r.saved);
      // The user frees space: the next import makes the reserve again, then goes ahead.
      rmSync(other);
      await saveVersion(store, 'w', small, { author: 't' });
      expect(store.reserve).toMatchObject({ held: true, released: false, note: null });
      expect(existsSync(reservePath(dataDir))).toBe(true);
      expect((await listVersions(store, 'w')).length).toBe(r.saved + 1);
    } finally {
      await store.close();
    }
  }, 600_000);
});

describe('an unfinished bulk write (no disk filling needed)', () => {
  it('a write-pending marker left by a killed process makes the next open vacuum; a clean import leaves none', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hubgraph-pending-'));
    try {
      let store = await openStore({ dataDir, env: {} });
      await saveVersion(store, 'w', DatasetSchema.parse(randomEcosystem(200, 400)), { author: 't', createWorkspace: true });
      expect(existsSync(pendingPath(dataDir))).toBe(false);
      await store.close();
      writeFileSync(pendingPath(dataDir), 'as a SIGKILL mid-import leaves it');
      store = await openStore({ dataDir, env: {} });
      try {
        expect(existsSync(pendingPath(dataDir))).toBe(false);
        const [t] = await store.db.query<{ vacuumed: boolean }>(
          "SELECT last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'version_edges'",
        );
        expect(t.vacuumed).toBe(true);
        expect((await listVersions(store, 'w')).length).toBe(1);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
