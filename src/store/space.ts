import { statfs } from 'node:fs/promises';
import type { Dataset } from '../model/index.ts';
import { StoreError } from './errors.ts';
import type { Store } from './open.ts';

/** Free bytes where a directory lives (for tests: replaced by setFreeSpaceProbe). */
export type FreeSpaceProbe = (dir: string) => Promise<number>;

const statfsProbe: FreeSpaceProbe = async (dir) => {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
};
let probe: FreeSpaceProbe = statfsProbe;

/** Replaces how free space is measured (a test simulating a full disk); undefined restores fs.statfs. */
export function setFreeSpaceProbe(p: FreeSpaceProbe | undefined): void {
  probe = p ?? statfsProbe;
}

/** Kept free beyond what a write needs: PGlite aborts, and may not open again, when the disk fills mid-write. */
export const MIN_FREE_BYTES = 64 * 2 ** 20;

/**
 * About how many bytes storing `dataset` takes on disk: its rows, the packed copy and the write-ahead
 * log, from the JSON size of a sample of nodes and edges (issue 20, defect 10).
 */
export function estimateWriteBytes(dataset: Pick<Dataset, 'nodes' | 'edges'>): number {
  const sample = <T>(a: readonly T[]) => {
    if (!a.length) return 0;
    const k = Math.min(a.length, 200);
    let sum = 0;
    for (let i = 0; i < k; i++) sum += JSON.stringify(a[Math.floor((i * a.length) / k)]).length;
    return (sum / k) * a.length;
  };
  // Rows (text + indexes) and WAL about 3× the JSON; the packed gzip copy is small beside them.
  return Math.round(3 * (sample(dataset.nodes) + sample(dataset.edges)));
}

/**
 * Refuses a large write before it starts when the PGlite data directory's disk has less than the
 * estimate plus MIN_FREE_BYTES free, with a message saying how much is free and needed. A PostgreSQL
 * server manages its own disk and is not checked.
 */
export async function ensureFreeSpace(store: Pick<Store, 'engine' | 'location'>, needBytes: number, minFree = MIN_FREE_BYTES): Promise<void> {
  if (store.engine !== 'pglite') return;
  let free: number;
  try {
    free = await probe(store.location);
  } catch {
    return; // no statfs here: the write goes ahead as before
  }
  if (free >= needBytes + minFree) return;
  const mb = (b: number) => `${Math.max(0, Math.round(b / 2 ** 20))} MB`;
  throw new StoreError(
    `not enough free disk space for this write: ${mb(free)} free in ${store.location}, it needs about ${mb(needBytes)} plus ${mb(minFree)} kept free; ` +
      'free some space (or move the data directory) and try again — nothing was written',
    'no_space',
  );
}
