import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openStore, type Store } from '../../src/store/open.ts';
import { createApp, type AppOptions, type HubgraphApp } from '../../src/server/app.ts';

export interface TestServer extends HubgraphApp {
  store: Store;
  dir: string;
  /** Another app over the same store (opening PGlite is the slow part). Closed by dispose(). */
  variant(options: Partial<AppOptions>): HubgraphApp;
  dispose(): Promise<void>;
}

/** A fresh app on a fresh PGlite data dir in a temp folder. */
export async function makeServer(options: Partial<AppOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hubgraph-server-'));
  const store = await openStore({ dataDir: dir, env: {} });
  const make = (o: Partial<AppOptions>) => createApp({ store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local', ...o });
  const h = make(options);
  const others: HubgraphApp[] = [];
  return {
    ...h, store, dir,
    variant(o) { const v = make({ ...options, ...o }); others.push(v); return v; },
    async dispose() {
      await h.close();
      for (const o of others) await o.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
