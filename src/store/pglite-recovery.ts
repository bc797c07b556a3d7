/**
 * A PGlite store whose disk filled up (issue 20, defect 10): PostgreSQL then aborts or hangs mid-write,
 * and will not start again ("PGlite failed to initialize properly") until there is room to replay its
 * log, while the rows of the failed import keep their space.
 *
 * - A bulk write leaves `write-pending` in the data directory until its transaction ends. Found on
 *   open, or left by a write that failed, it means rows of an unfinished write may hold space:
 *   `VACUUM` (which truncates the dead rows at the end of each table) and `CHECKPOINT` reclaim it.
 * - When PGlite cannot start, the store first releases its space reserve (reserve.ts, 64 MB by
 *   default; on a real 200 MB tmpfs filled mid-import that was enough to replay the log and open) and
 *   tries again. Without a reserve to release, the error names the data directory, the free space and
 *   what to do: replaying the log needs room for its unapplied part and a new 16 MB segment (by hand,
 *   34 MB freed was not enough and 100 MB was).
 */
import { existsSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors.ts';

export const pendingPath = (dataDir: string) => join(dataDir, 'write-pending');

const freeBytes = (dir: string): number | undefined => {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
};
const mb = (b: number) => `${Math.max(0, Math.round(b / 2 ** 20))} MB`;

/** Marks a bulk write as begun (before its first row); idempotent. */
export function markPending(dataDir: string): void {
  if (!existsSync(pendingPath(dataDir))) writeFileSync(pendingPath(dataDir), new Date().toISOString());
}

export function clearPending(dataDir: string): void {
  try {
    unlinkSync(pendingPath(dataDir));
  } catch {
    /* already clear */
  }
}

export const hasPending = (dataDir: string) => existsSync(pendingPath(dataDir));

/** Reclaims the space of an unfinished write's rows; run outside any transaction. */
export async function reclaim(db: { exec(sql: string): Promise<unknown> }, dataDir: string): Promise<void> {
  await db.exec('VACUUM');
  await db.exec('CHECKPOINT');
  clearPending(dataDir);
}

/** Why PGlite would not start, in words a user can act on: the data directory, the free space, what to do. */
export function openFailure(dataDir: string, cause: unknown): StoreError {
  const msg = (cause as Error)?.message ?? String(cause);
  const free = freeBytes(dataDir);
  if (free !== undefined && free < 128 * 2 ** 20)
    return new StoreError(
      `the PGlite store in ${dataDir} cannot start: its disk has ${mb(free)} free, too little for PostgreSQL to replay its log (${msg}). ` +
        'Free some space on that disk, about 100 MB (or move the directory to a larger one), and open it again: what was stored before the failed write is kept, ' +
        'and the failed write’s space is reclaimed when it opens',
      'no_space',
    );
  return new StoreError(`the PGlite store in ${dataDir} cannot start (${msg}); if the disk was full, free some space and open it again`);
}
