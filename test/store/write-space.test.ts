/**
 * Issue 20, defect 10: accepting a round and closing a survey check free space before they write their
 * new version, as imports do. On a real small disk (a tmpfs: root only, skipped with the reason
 * otherwise), with the reserve held and then released; and on both engines with the probe as a seam
 * (a PostgreSQL server manages its own disk and is not checked).
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.ts';
import { releaseReserve, reservePath } from '../../src/store/reserve.ts';
import { acceptRound, revertRound } from '../../src/store/round-lifecycle.ts';
import { getRound } from '../../src/store/rounds.ts';
import { setFreeSpaceProbe } from '../../src/store/space.ts';
import { closeSurvey, getSurvey } from '../../src/store/surveys.ts';
import { listVersions } from '../../src/store/versions.ts';
import { forEachEngine, type TestStore } from './engines.ts';
import { smallDisks } from './small-disk.ts';
import { MB, seedRoundAndSurvey } from './write-space-fixture.ts';

const code = (e: unknown) => (e as { code?: string }).code;

/** How many transactions are open whenever the reserve is made (the store's transaction is counted by the test). */
const seen = vi.hoisted(() => ({ open: 0, remadeWithOpen: [] as number[] }));
vi.mock('../../src/store/reserve.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/store/reserve.ts')>();
  return {
    ...real,
    ensureReserve: (status: Parameters<typeof real.ensureReserve>[0]) => {
      seen.remadeWithOpen.push(seen.open);
      return real.ensureReserve(status);
    },
  };
});

afterEach(() => setFreeSpaceProbe(undefined));

forEachEngine('round accept and survey close check free space', (engine) => {
  let t: TestStore;
  afterAll(async () => t?.dispose());
  it(engine.name === 'pglite' ? 'are refused on a nearly full disk, nothing written' : 'go ahead: the server manages its own disk', async () => {
    t = await engine.fresh();
    await seedRoundAndSurvey(t.store, 'w');
    setFreeSpaceProbe(async () => 10 * MB);
    const acc = await acceptRound(t.store, 'w', 1, { proposed: 'accept', actor: 't' }).catch((e: Error) => e);
    const close = await closeSurvey(t.store, 'w', 1, { actor: 't' }).catch((e: Error) => e);
    if (engine.name === 'pglite') {
      expect(code(acc)).toBe('no_space');
      expect(code(close)).toBe('no_space');
      expect((await listVersions(t.store, 'w')).length).toBe(1);
      expect((await getRound(t.store, 'w', 1)).status).toBe('open');
      expect((await getSurvey(t.store, 'w', 1)).status).toBe('open');
    } else {
      expect(acc).not.toBeInstanceOf(Error);
      expect(close).not.toBeInstanceOf(Error);
      expect((await listVersions(t.store, 'w')).length).toBe(3);
    }
  }, 120_000);
});

describe('a released reserve is made again outside the write’s transaction', () => {
  it('accept, revert and survey close make it before their transaction and write whole; refused without room, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubgraph-reserve-tx-'));
    const store = await openStore({ dataDir: dir, env: {}, reserveBytes: 2 * MB });
    try {
      await seedRoundAndSurvey(store, 'w');
      const transaction = store.db.transaction.bind(store.db);
      store.db.transaction = async (fn) => {
        seen.open++;
        try {
          return await transaction(fn);
        } finally {
          seen.open--;
        }
      };
      const released = async () => {
        expect(await releaseReserve(store.reserve!, 'a write found the disk full')).toBe(true);
        seen.remadeWithOpen.length = 0;
      };
      // No room to make it again: refused as before, nothing written, the reserve not touched.
      await released();
      setFreeSpaceProbe(async () => 10 * MB);
      const refused = await acceptRound(store, 'w', 1, { proposed: 'accept', actor: 't' }).catch((e: Error) => e);
      expect(code(refused)).toBe('no_space');
      expect((refused as Error).message).toMatch(/The store released its 2 MB space reserve/);
      expect(seen.remadeWithOpen).toEqual([]);
      expect((await getRound(store, 'w', 1)).status).toBe('open');
      expect((await listVersions(store, 'w')).length).toBe(1);
      // Room: made with no transaction open (it used to be written inside the accept's), then the write goes ahead whole.
      setFreeSpaceProbe(async () => 10_000 * MB);
      const acc = await acceptRound(store, 'w', 1, { proposed: 'accept', actor: 't' });
      expect(acc.version.number).toBe(2);
      expect(seen.remadeWithOpen).toEqual([0]);
      expect(store.reserve).toMatchObject({ held: true, released: false });
      expect(statSync(reservePath(dir)).size).toBe(2 * MB);
      expect((await getRound(store, 'w', 1)).pairs.map((p) => p.status)).toEqual(['accepted']);
      await released();
      expect((await revertRound(store, 'w', 1, { actor: 't' })).version.number).toBe(3);
      expect(seen.remadeWithOpen).toEqual([0]);
      await released();
      expect((await closeSurvey(store, 'w', 1, { actor: 't' })).version.number).toBe(4);
      expect(seen.remadeWithOpen).toEqual([0]);
      expect((await listVersions(store, 'w')).map((v) => v.number)).toEqual([1, 2, 3, 4]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const disks = smallDisks('hubgraph-write-space-', 'small-disk write tests');
const skip = disks.skip;
const smallDisk = disks.make;

/** Writes a file that leaves about `leaveMb` MB free on the disk of `dir` (what someone else's data does). */
async function fillTo(dir: string, leaveMb: number): Promise<string> {
  const s = await statfs(dir);
  const free = Number(s.bavail) * Number(s.bsize);
  const path = join(dir, `someone-elses-file-${leaveMb}`);
  writeFileSync(path, Buffer.alloc(Math.max(0, free - leaveMb * MB)));
  return path;
}

describe.skipIf(!!skip)('on a real small disk (tmpfs)', () => {
  it('refuses the accept and the close with the reserve held and then released; both go ahead once space is freed', async () => {
    const disk = smallDisk('d', 200);
    const dataDir = join(disk, 'data');
    const store = await openStore({ dataDir, env: {} });
    try {
      expect(store.reserve).toMatchObject({ held: true });
      await seedRoundAndSurvey(store, 'w');
      // Reserve held: 16 MB are kept free beside a write; 8 MB free is too little.
      let other = await fillTo(disk, 8);
      const acc = await acceptRound(store, 'w', 1, { proposed: 'accept', actor: 't' }).catch((e: Error) => e);
      expect(code(acc)).toBe('no_space');
      expect((acc as Error).message).toMatch(/^not enough free disk space for this write: \d+ MB free in .*data, it needs about \d+ MB plus 16 MB kept free/);
      const close = await closeSurvey(store, 'w', 1, { actor: 't' }).catch((e: Error) => e);
      expect(code(close)).toBe('no_space');
      expect((await listVersions(store, 'w')).length).toBe(1);
      expect((await getRound(store, 'w', 1)).pairs.map((p) => p.status)).toEqual(['proposed']);
      rmSync(other);
      await acceptRound(store, 'w', 1, { proposed: 'accept', actor: 't' });

      // Reserve released (as a write that filled the disk leaves it): the close waits for room to make it again.
      expect(await releaseReserve(store.reserve!, 'a write found the disk full')).toBe(true);
      other = await fillTo(disk, 40);
      const closed = await closeSurvey(store, 'w', 1, { actor: 't' }).catch((e: Error) => e);
      expect(code(closed)).toBe('no_space');
      expect((closed as Error).message).toMatch(/is nearly full: \d+ MB free\. The store released its 64 MB space reserve/);
      expect((await getSurvey(store, 'w', 1)).status).toBe('open');
      rmSync(other);
      await closeSurvey(store, 'w', 1, { actor: 't' });
      expect(store.reserve).toMatchObject({ held: true, released: false });
      expect((await listVersions(store, 'w')).map((v) => v.number)).toEqual([1, 2, 3]);
    } finally {
      await store.close();
    }
  }, 300_000);
});
