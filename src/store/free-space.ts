import { statfs } from 'node:fs/promises';

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

/** Free bytes on the disk of `dir`, by the current probe; undefined where it cannot be measured. */
export async function freeSpace(dir: string): Promise<number | undefined> {
  try {
    return await probe(dir);
  } catch {
    return undefined;
  }
}

export const mb = (b: number) => `${Math.max(0, Math.round(b / 2 ** 20))} MB`;
