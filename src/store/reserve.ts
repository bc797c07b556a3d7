/**
 * A PGlite store's space reserve (issue 20, defect 10): a file of zeros in the data directory, made
 * with the store, that the store deletes when its disk is full. PostgreSQL cannot start on a full disk
 * (it must replay its log), and a write that fills the disk leaves rows that only VACUUM reclaims; with
 * the reserve released the store opens and recovers by itself, answers reads, and refuses new imports
 * (space.ts) until there is room to make the reserve again.
 *
 * Size: `HUBGRAPH_RESERVE_MB` (default 64; 0 switches it off), or `openStore({ reserveBytes })`. It is
 * not made, with a note saying why, when the disk has less free than the reserve plus RESERVED_MIN_FREE_BYTES.
 */
import { existsSync } from 'node:fs';
import { open, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freeSpace, mb } from './free-space.ts';

export const RESERVE_FILE = 'reserve.ballast';
export const DEFAULT_RESERVE_BYTES = 64 * 2 ** 20;
/**
 * Kept free beside the reserve (room for a new 16 MB log segment): making the reserve must not be what
 * fills the disk, and while it is held a write needs only this much free beyond its own size (space.ts).
 */
export const RESERVED_MIN_FREE_BYTES = 16 * 2 ** 20;

export const reservePath = (dataDir: string) => join(dataDir, RESERVE_FILE);
/** Left when the reserve is released, so that the next process over the store knows too; removed when it is made again. */
export const releasedPath = (dataDir: string) => join(dataDir, 'reserve.released');

/** The reserve size from `HUBGRAPH_RESERVE_MB` (whole MB, 0 = none), else the default. */
export function reserveBytesFrom(env: NodeJS.ProcessEnv): number {
  const v = env.HUBGRAPH_RESERVE_MB;
  return v !== undefined && /^[0-9]+$/.test(v) ? Number(v) * 2 ** 20 : DEFAULT_RESERVE_BYTES;
}

/** What the store's reserve is doing, for the free-space check and for people (`hubgraph db status`, logs). */
export interface ReserveStatus {
  readonly dataDir: string;
  /** Configured size; 0 when switched off. */
  readonly bytes: number;
  /** The file is there now. */
  held: boolean;
  /** The store deleted it to open or to recover from a full disk: imports are refused until it is made again. */
  released: boolean;
  /** Why it is not held, in words (switched off, too little free space, released on a full disk). */
  note: string | null;
}

/** Is the reserve file there at its full size? */
async function present(status: ReserveStatus): Promise<boolean> {
  try {
    return (await stat(reservePath(status.dataDir))).size >= status.bytes;
  } catch {
    return false;
  }
}

/** Writes the file in 1 MiB steps (each its own libuv write, so the event loop is not held); removes a partial one. */
async function write(path: string, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(Math.min(bytes, 2 ** 20));
  const fh = await open(path, 'w');
  try {
    // No fsync: the file system counts the blocks as used when they are written (ext4's delayed allocation
    // reserves them, tmpfs allocates them), which is all the reserve is for; a sync would cost every new store.
    for (let done = 0; done < bytes; done += chunk.length) await fh.write(chunk, 0, Math.min(chunk.length, bytes - done));
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(path).catch(() => {});
    throw e;
  }
  await fh.close();
}

/**
 * Makes the reserve when it is missing and the disk has room for it and RESERVED_MIN_FREE_BYTES beside it; otherwise
 * records why not in `note`. Never throws: a store without its reserve works, it only loses the
 * automatic recovery from a full disk.
 */
export async function ensureReserve(status: ReserveStatus): Promise<ReserveStatus> {
  if (!status.bytes) return Object.assign(status, { held: false, note: 'no space reserve (HUBGRAPH_RESERVE_MB=0)' });
  if (await present(status)) return Object.assign(status, { held: true, released: false, note: null });
  const free = await freeSpace(status.dataDir);
  if (free !== undefined && free < status.bytes + RESERVED_MIN_FREE_BYTES)
    return Object.assign(status, {
      held: false,
      // After a release, why it went says more than why it is not back yet.
      note: status.released
        ? status.note
        : `the ${mb(status.bytes)} space reserve was not made: ${mb(free)} free in ${status.dataDir}, it needs ${mb(status.bytes + RESERVED_MIN_FREE_BYTES)}`,
    });
  try {
    await write(reservePath(status.dataDir), status.bytes);
    await unlink(releasedPath(status.dataDir)).catch(() => {});
    return Object.assign(status, { held: true, released: false, note: null });
  } catch (e) {
    return Object.assign(status, { held: false, note: `the ${mb(status.bytes)} space reserve was not made: ${(e as Error).message}` });
  }
}

/** Deletes the reserve (the disk is full): true when there was one to delete. */
export async function releaseReserve(status: ReserveStatus, why: string): Promise<boolean> {
  const had =
    status.bytes > 0 &&
    (await unlink(reservePath(status.dataDir)).then(
      () => true,
      () => false,
    ));
  if (had) {
    Object.assign(status, { held: false, released: true, note: `the ${mb(status.bytes)} space reserve was released: ${why}` });
    await writeFile(releasedPath(status.dataDir), `${new Date().toISOString()} ${why}\n`).catch(() => {});
  }
  return had;
}

/** The reserve of the store in `dataDir`; `released` carries over from the process that released it. */
export function newReserveStatus(dataDir: string, bytes: number): ReserveStatus {
  const released = bytes > 0 && existsSync(releasedPath(dataDir));
  return { dataDir, bytes, held: false, released, note: released ? `the ${mb(bytes)} space reserve was released on a full disk` : null };
}
