/**
 * The PGlite store's space reserve (issue 20, defect 10), without filling a disk: made with the store,
 * sized by HUBGRAPH_RESERVE_MB, skipped with a note on a small disk, and — once released — imports
 * refused until there is room to make it again. The real full disk is in full-disk.test.ts (root only).
 */
import { existsSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetSchema } from '../../src/model/index.ts';
import { openStore } from '../../src/store/open.ts';
import { releasedPath, releaseReserve, reservePath } from '../../src/store/reserve.ts';
import { setFreeSpaceProbe } from '../../src/store/space.ts';
import { listVersions, saveVersion } from '../../src/store/versions.ts';
import { exportWorkspace, restoreWorkspace } from '../../src/store/export.ts';
import { listWorkspaces } from '../../src/store/workspaces.ts';
import { join } from 'node:path';
import { smallEcosystem } from '../server/fixtures.ts';
import { freshPgliteDir } from './engines.ts';

const MB = 2 ** 20;
const dirs: string[] = [];
const fresh = async () => {
  const d = await freshPgliteDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  setFreeSpaceProbe(undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the space reserve of a PGlite store', () => {
  it('is made with the store, 64 MB by default, and sized or switched off by HUBGRAPH_RESERVE_MB', async () => {
    const a = await fresh();
    const s = await openStore({ dataDir: a, env: {} });
    expect(s.reserve).toMatchObject({ bytes: 64 * MB, held: true, released: false, note: null });
    expect(statSync(reservePath(a)).size).toBe(64 * MB);
    await s.close();

    const b = await fresh();
    const small = await openStore({ dataDir: b, env: { HUBGRAPH_RESERVE_MB: '8' } });
    expect(statSync(reservePath(b)).size).toBe(8 * MB);
    await small.close();

    const c = await fresh();
    const off = await openStore({ dataDir: c, env: { HUBGRAPH_RESERVE_MB: '0' } });
    expect(off.reserve).toMatchObject({ bytes: 0, held: false, note: 'no space reserve (HUBGRAPH_RESERVE_MB=0)' });
    expect(existsSync(reservePath(c))).toBe(false);
    await off.close();
  });

  it('is skipped, with a note naming the free space, on a disk without room for it', async () => {
    const d = await fresh();
    setFreeSpaceProbe(async () => 50 * MB);
    const s = await openStore({ dataDir: d, env: {} });
    try {
      expect(s.reserve).toMatchObject({ held: false, released: false });
      expect(s.reserve?.note).toBe(`the 64 MB space reserve was not made: 50 MB free in ${d}, it needs 80 MB`);
      expect(existsSync(reservePath(d))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('once released, the store refuses imports naming the free space until there is room to make it again', async () => {
    const d = await fresh();
    const ds = DatasetSchema.parse(smallEcosystem());
    let s = await openStore({ dataDir: d, env: {} });
    await saveVersion(s, 'w', ds, { author: 't', createWorkspace: true });
    await s.close();
    // As a process that used the reserve on a full disk leaves it.
    unlinkSync(reservePath(d));
    writeFileSync(releasedPath(d), 'released on a full disk\n');
    setFreeSpaceProbe(async () => 40 * MB);
    s = await openStore({ dataDir: d, env: {} });
    try {
      expect(s.reserve).toMatchObject({ held: false, released: true });
      expect((await listVersions(s, 'w')).length).toBe(1); // reads work
      const refused = await saveVersion(s, 'w', ds, { author: 't' }).catch((e: Error & { code?: string }) => e);
      expect((refused as { code?: string }).code).toBe('no_space');
      expect((refused as Error).message).toMatch(
        /^the disk of .* is nearly full: 40 MB free\. The store released its 64 MB space reserve to open or recover, so it answers reads but takes no new imports until about 80 MB are free/,
      );
      expect((await listVersions(s, 'w')).length).toBe(1);
      setFreeSpaceProbe(async () => 10_000 * MB); // space is back
      await saveVersion(s, 'w', ds, { author: 't' });
      expect(s.reserve).toMatchObject({ held: true, released: false, note: null });
      expect(statSync(reservePath(d)).size).toBe(64 * MB);
      expect(existsSync(releasedPath(d))).toBe(false);
      expect((await listVersions(s, 'w')).length).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('a workspace restore checks free space like an import: refused, nothing written, while the reserve is released', async () => {
    const d = await fresh();
    const ds = DatasetSchema.parse(smallEcosystem());
    const s = await openStore({ dataDir: d, env: {} });
    try {
      await saveVersion(s, 'w', ds, { author: 't', createWorkspace: true });
      const out = join(d, 'export');
      await exportWorkspace(s, 'w', out);
      expect(await releaseReserve(s.reserve!, 'a write found the disk full')).toBe(true);
      setFreeSpaceProbe(async () => 20 * MB);
      const refused = await restoreWorkspace(s, out, { name: 'copy' }).catch((e: Error & { code?: string }) => e);
      expect((refused as { code?: string }).code).toBe('no_space');
      expect((refused as Error).message).toMatch(/is nearly full: 20 MB free/);
      expect((await listWorkspaces(s)).map((w) => w.name)).toEqual(['w']);
      setFreeSpaceProbe(async () => 10_000 * MB);
      await restoreWorkspace(s, out, { name: 'copy' });
      expect((await listWorkspaces(s)).map((w) => w.name).sort()).toEqual(['copy', 'w']);
      expect(statSync(reservePath(d)).size).toBe(64 * MB); // made again first
    } finally {
      await s.close();
    }
  });
});
