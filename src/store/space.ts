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
 * Thrown by ensureFreeSpace inside a transaction (`inTransaction`) when the reserve was released and there is room
 * now to make it again and write: `withReserveRemade` makes it outside the transaction and runs the write again.
 */
class RemakeReserve extends Error {
  constructor(readonly needBytes: number) {
    super('the space reserve can be made again: make it outside the transaction and write again');
  }
}

export interface FreeSpaceOptions {
  /** Kept free beyond the write (default MIN_FREE_BYTES; RESERVED_MIN_FREE_BYTES while the reserve is held). */
  minFree?: number;
  /**
   * The caller holds a transaction (the workspace's row lock, and PGlite's mutex that every other statement
   * queues on): the 64 MB reserve is never written here. Run the transaction through `withReserveRemade`.
   */
  inTransaction?: boolean;
}

/**
 * Refuses a large write before it starts when the PGlite data directory's disk has less than the
 * estimate plus `minFree` free (RESERVED_MIN_FREE_BYTES while the store holds its space reserve), with
 * a message saying how much is free and needed. A store that released its reserve on a full disk
 * (reserve.ts) takes no import until there is room to make the reserve again as well; then it makes
 * it and goes on. A PostgreSQL server manages its own disk and is not checked.
 */
export async function ensureFreeSpace(
  store: Pick<Store, 'engine' | 'location' | 'reserve'>,
  needBytes: number,
  options: FreeSpaceOptions | number = {},
): Promise<void> {
  const o = typeof options === 'number' ? { minFree: options } : options;
  const minFree = o.minFree ?? MIN_FREE_BYTES;
  if (store.engine !== 'pglite') return;
  let free = await freeSpace(store.location);
  if (free === undefined) return; // no statfs here: the write goes ahead as before
  const reserve = store.reserve;
  const keep = () => (reserve?.held ? Math.min(minFree, RESERVED_MIN_FREE_BYTES) : minFree);
  if (reserve?.released) {
    if (free >= reserve.bytes + needBytes + RESERVED_MIN_FREE_BYTES) {
      if (o.inTransaction) throw new RemakeReserve(needBytes);
      await ensureReserve(reserve);
    }
    if (!reserve.held) throw releasedError(store.location, free, reserve.bytes, needBytes);
    free = (await freeSpace(store.location)) ?? free;
  }
  if (free >= needBytes + keep()) return;
  throw new StoreError(
    `not enough free disk space for this write: ${mb(free)} free in ${store.location}, it needs about ${mb(needBytes)} plus ${mb(keep())} kept free; ` +
      'free some space (or move the data directory) and try again — nothing was written',
    'no_space',
  );
}

function releasedError(location: string, free: number, reserveBytes: number, needBytes: number): StoreError {
  return new StoreError(
    `the disk of ${location} is nearly full: ${mb(free)} free. The store released its ${mb(reserveBytes)} space reserve to open or recover, ` +
      `so it answers reads but takes no new imports until about ${mb(reserveBytes + needBytes + RESERVED_MIN_FREE_BYTES)} are free (to make the reserve again and write this). ` +
      'Free some space (or move the data directory) and try again — nothing was written',
    'no_space',
  );
}

/**
 * Runs `write`, a transaction that checks free space with `{ inTransaction: true }`. When the check found that the
 * released reserve can be made again, the transaction has rolled back; the reserve is made here, outside it (64 MB
 * of writes must not hold the workspace lock and PGlite's mutex), and the write runs once more, whole: still
 * all-or-nothing. If the reserve could not be made after all, the write is refused as ensureFreeSpace refuses it.
 */
export async function withReserveRemade<T>(store: Pick<Store, 'engine' | 'location' | 'reserve'>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!(e instanceof RemakeReserve) || !store.reserve) throw e;
    await ensureReserve(store.reserve);
    const refused = async () => releasedError(store.location, (await freeSpace(store.location)) ?? 0, store.reserve!.bytes, e.needBytes);
    if (!store.reserve.held) throw await refused();
    try {
      return await write();
    } catch (again) {
      // Released once more meanwhile (another write filled the disk): refused, not tried a third time.
      throw again instanceof RemakeReserve ? await refused() : again;
    }
  }
}
