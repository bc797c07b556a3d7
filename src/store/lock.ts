/**
 * PGlite runs PostgreSQL inside this process, so one data directory must never be open in two
 * processes at once (both would write the same files and corrupt them). A lock file holding the owner's
 * pid guards it; a lock whose pid is no longer alive (a killed process) is stale and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from './errors.ts';

export interface DirLock {
  path: string;
  release(): void;
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/** Paths locked by this process: a second open in the same process is refused just like another process. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

export function acquireDirLock(dir: string): DirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'lock');
  if (held.has(path)) throw new StoreError(`the data directory ${dir} is already open in this process (close the other store first)`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      held.add(path);
      const onExit = () => release();
      process.once('exit', onExit);
      let released = false;
      function release() {
        if (released) return;
        released = true;
        held.delete(path);
        process.removeListener('exit', onExit);
        const cur = readLock(path);
        if (cur && cur.pid === process.pid)
          try {
            unlinkSync(path);
          } catch {
            /* already gone */
          }
      }
      return { path, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const info = readLock(path);
      const sameHost = !info || info.host === hostname();
      if (info && (!sameHost || alive(info.pid))) {
        throw new StoreError(
          `the data directory ${dir} is in use by process ${info.pid} on ${info.host} (since ${info.since}); ` +
            `PGlite allows one process per data directory — stop that process, or use a PostgreSQL server via DATABASE_URL for shared use`,
        );
      }
      // Stale (owner is dead) or unreadable (owner died while writing it): take it over.
      try {
        unlinkSync(path);
      } catch {
        /* raced with another taker */
      }
    }
  }
  throw new StoreError(`could not acquire the lock ${path}`);
}
