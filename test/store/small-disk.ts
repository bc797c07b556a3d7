/**
 * Real small disks for the full-disk tests: tmpfs mounts under one temp folder (root only). `skip` says
 * why there can be none here; the tests then skip with that reason.
 */
import { afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisks {
  /** A tmpfs of `mb` MB named `name` under the folder. */
  make(name: string, mb: number): string;
  /** Why no tmpfs can be mounted here, or undefined. */
  skip: string | undefined;
}

/** Mounts are unmounted (lazily: PGlite's file system may still hold a file open after close) after the file's tests. */
export function smallDisks(prefix: string, what: string): SmallDisks {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const mounts: string[] = [];
  const make = (name: string, mb: number) => {
    const dir = join(root, name);
    mkdirSync(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], { stdio: 'pipe' });
    mounts.push(dir);
    return dir;
  };
  let skip: string | undefined;
  if (process.getuid?.() !== 0) skip = 'needs root to mount a small tmpfs';
  else
    try {
      make('probe', 1);
    } catch (e) {
      skip = `mount -t tmpfs was refused: ${(e as Error).message.split('\n')[0]}`;
    }
  if (skip) console.warn(`${what} skipped: ${skip}`);
  afterAll(() => {
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
    rmSync(root, { recursive: true, force: true });
  });
  return { make, skip };
}
