import type { Dataset } from '../model/index.ts';
import { StoreError } from './errors.ts';
import { freeSpace, mb } from './free-space.ts';
import type { Store } from './open.ts';
import { ensureReserve, RESERVED_MIN_FREE_BYTES } from './reserve.ts';

export { setFreeSpaceProbe, type FreeSpaceProbe } from './free-space.ts';

/**
 * Kept free beyond what a write needs: PGlite aborts, and may not open again, when the disk fills
 * mid-write. While the store holds its space reserve, RESERVED_MIN_FREE_BYTES instead: should the disk
 * fill anyway, releasing the reserve is what lets the store open again.
 */
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
 * estimate plus `minFree` free (RESERVED_MIN_FREE_BYTES while the store holds its space reserve), with
 * a message saying how much is free and needed. A store that released its reserve on a full disk
 * (reserve.ts) takes no import until there is room to make the reserve again as well; then it makes
 * it and goes on. A PostgreSQL server manages its own disk and is not checked.
 */
export async function ensureFreeSpace(store: Pick<Store, 'engine' | 'location' | 'reserve'>, needBytes: number, minFree = MIN_FREE_BYTES): Promise<void> {
  if (store.engine !== 'pglite') return;
  let free = await freeSpace(store.location);
  if (free === undefined) return; // no statfs here: the write goes ahead as before
  const reserve = store.reserve;
  const keep = () => (reserve?.held ? Math.min(minFree, RESERVED_MIN_FREE_BYTES) : minFree);
  if (reserve?.released) {
    if (free >= reserve.bytes + needBytes + RESERVED_MIN_FREE_BYTES) await ensureReserve(reserve);
    if (!reserve.held)
      throw new StoreError(
        `the disk of ${store.location} is nearly full: ${mb(free)} free. The store released its ${mb(reserve.bytes)} space reserve to open or recover, ` +
          `so it answers reads but takes no new imports until about ${mb(reserve.bytes + needBytes + RESERVED_MIN_FREE_BYTES)} are free (to make the reserve again and write this). ` +
          'Free some space (or move the data directory) and try again — nothing was written',
        'no_space',
      );
    free = (await freeSpace(store.location)) ?? free;
  }
  if (free >= needBytes + keep()) return;
  throw new StoreError(
    `not enough free disk space for this write: ${mb(free)} free in ${store.location}, it needs about ${mb(needBytes)} plus ${mb(keep())} kept free; ` +
      'free some space (or move the data directory) and try again — nothing was written',
    'no_space',
  );
}
