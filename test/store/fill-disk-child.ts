/**
 * Child process of full-disk.test.ts: imports versions into a PGlite store until its disk is full,
 * past the free-space check (as when the estimate is short), printing one JSON line per step.
 * PGlite may abort, or hang without returning to the event loop, when the disk fills mid-write: the
 * parent kills it after a while, as an operator would, and reads what came before.
 */
import { openStore } from '../../src/store/open.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { setFreeSpaceProbe } from '../../src/store/space.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { randomEcosystem } from '../server/fixtures.ts';

async function main() {
  const store = await openStore({ dataDir: process.argv[2], env: process.env });
  setFreeSpaceProbe(async () => 1e12);
  const ds = DatasetSchema.parse(randomEcosystem(20_000, 80_000));
  for (let i = 1; i <= 50; i++) {
    try {
      await saveVersion(store, 'w', ds, { author: 'fill', createWorkspace: true });
      console.log(JSON.stringify({ saved: i }));
    } catch (e) {
      console.log(JSON.stringify({ failed: (e as Error).message.slice(0, 500) }));
      break;
    }
  }
  await store.close().catch(() => {});
}
void main().then(() => process.exit(0));
