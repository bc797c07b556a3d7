import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { loadDataset } from '../io/load.ts';
import { openStore, resolveStoreTarget, type Store } from '../store/open.ts';
import { listWorkspaces } from '../store/workspaces.ts';
import { seedIfEmpty as seedStore } from '../store/seed.ts';
import { createApp, type AppOptions, type HubgraphApp } from './app.ts';
import { isLoopback } from './auth.ts';
import { lowerHelperThreads } from '../util/thread-priority.ts';

/** Nice value of the server's helper threads (V8 platform, libuv pool): between PGlite's thread (5) and the pool workers (10). */
const HELPER_NICE = 5;

export interface StartOptions extends Omit<AppOptions, 'store' | 'mode' | 'logger'> {
  /** Port (default `PORT`, else 3000; 0 picks a free one). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** `local` (default on loopback): no token needed; refused on other hosts. `token`: bearer tokens required. */
  auth?: 'local' | 'token';
  /** Dataset to seed the `sample` workspace with when the store is empty (default data/sample). */
  source?: string;
  /** Store location (defaults as openStore: DATABASE_URL, else HUBGRAPH_DATA, else ./.hubgraph). */
  dataDir?: string;
  databaseUrl?: string;
  logger?: Logger;
}

export interface RunningServer extends HubgraphApp {
  url: string;
  server: Server;
  store: Store;
  mode: 'local' | 'token';
  stop(): Promise<void>;
}

export const DEFAULT_SAMPLE = fileURLToPath(new URL('../../data/sample', import.meta.url));

/**
 * Stable pseudonyms need a stable key: HUBGRAPH_PSEUDONYM_KEY, else one kept in the PGlite data
 * directory (created on first start), else (PostgreSQL without the variable) a key per process.
 */
function pseudonymKey(dataDir: string | undefined, log: Logger): string {
  if (process.env.HUBGRAPH_PSEUDONYM_KEY) return process.env.HUBGRAPH_PSEUDONYM_KEY;
  if (dataDir && existsSync(dataDir)) {
    const file = path.join(dataDir, 'pseudonym.key');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    const key = randomBytes(32).toString('hex');
    writeFileSync(file, key + '\n', { mode: 0o600 });
    return key;
  }
  log.warn('HUBGRAPH_PSEUDONYM_KEY is not set: teacher pseudonyms will change when the server restarts');
  return randomBytes(32).toString('hex');
}

/** Seeds a `sample` workspace from `source` when the store has no workspace at all (once, however many servers start). */
export async function seedIfEmpty(store: Store, source: string, log: Logger): Promise<boolean> {
  if ((await listWorkspaces(store)).length) return false;
  const { dataset, report } = await loadDataset(source);
  const seeded = await seedStore(store, 'sample', dataset, {
    report,
    author: 'hubgraph serve',
    message: `seeded from ${path.basename(source)} at first start`,
    origin: { kind: 'import', source: path.basename(source) },
  });
  if (seeded) log.info({ source, nodes: dataset.nodes.length, edges: dataset.edges.length }, 'store was empty: seeded workspace "sample"');
  return seeded;
}

/**
 * Binds the server. Not express's `app.listen`: express 5 hands a bind error to the callback as its
 * argument, which then found no address ("Cannot read properties of null (reading 'family')").
 */
export function listen(app: RequestListener, port: number, host: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = createServer(app);
    s.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new Error(`port ${port} is in use on ${host}: stop the other server or pick another port (--port)`));
      else if (e.code === 'EACCES') reject(new Error(`port ${port} on ${host} needs privileges this process does not have: pick a port above 1023 (--port)`));
      else if (e.code === 'EADDRNOTAVAIL') reject(new Error(`cannot bind ${host}: it is not an address of this machine (--host)`));
      else reject(e);
    });
    s.listen(port, host, () => resolve(s));
  });
}

/** Opens the store, seeds it if empty, and serves the API and the web app on one port. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const log = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (process.env.PORT ? Number(process.env.PORT) : 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port ${port} is not valid: expected 0–65535`);
  const loopback = isLoopback(host);
  const mode = options.auth ?? (loopback ? 'local' : 'token');
  if (mode === 'local' && !loopback) {
    throw new Error(`local mode (no token) is only allowed on a loopback address; bind to 127.0.0.1 or use --auth token (host was ${host})`);
  }
  const target = resolveStoreTarget({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  // PGlite in a thread of its own, so store work does not stall requests (HUBGRAPH_PGLITE_THREAD=0: on the event loop's thread).
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, pgliteThread: process.env.HUBGRAPH_PGLITE_THREAD !== '0' });
  // No reserve, or one used up on a full disk: the operator should know before the disk fills (again).
  if (store.reserve?.bytes && store.reserve.note) log.warn({ dataDir: store.location, reserve: store.reserve }, store.reserve.note);
  try {
    await seedIfEmpty(store, options.source ?? DEFAULT_SAMPLE, log);
  } catch (e) {
    await store.close();
    throw e;
  }
  const h = createApp({
    ...options,
    store,
    mode,
    logger: log,
    pseudonymKey: options.pseudonymKey ?? pseudonymKey(target.databaseUrl ? undefined : target.dataDir, log),
  });
  const server = await listen(h.app, port, host).catch(async (e) => {
    await h.close();
    await store.close();
    throw e;
  });
  server.requestTimeout = 10 * 60_000;
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  log.info({ url, store: store.location, engine: store.engine, mode }, `hubgraph serving on ${url}`);
  if (mode === 'local') log.warn(`local single-user mode: requests without a token act as admin; allowed because the server is bound to loopback (${host})`);
  else log.info('token mode: every API request except health and docs needs Authorization: Bearer <token> (hubgraph token create)');
  // Retention: workspaces with a period are pruned at start and then daily (the versions go from this server's memory too).
  const prune = () =>
    h
      .pruneRetention()
      .then((rs) => {
        for (const r of rs) if (r.pruned.length) log.info({ workspace: r.workspace, pruned: r.pruned }, 'retention pruned old versions');
      })
      .catch((err) => log.warn({ err }, 'retention prune failed'));
  void prune();
  const daily = setInterval(prune, 86_400_000);
  daily.unref();
  // The event loop answers requests: the process's helper threads (V8's, libuv's) yield the CPU to it, now and as
  // more are started lazily (the thread pool on first use), like the pool workers (10) and PGlite (5) do.
  lowerHelperThreads(HELPER_NICE);
  const helpers = setInterval(() => lowerHelperThreads(HELPER_NICE), 10_000);
  helpers.unref();
  let stopped: Promise<void> | undefined;
  return {
    ...h,
    url,
    server,
    store,
    mode,
    stop: () =>
      (stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        clearInterval(daily);
        clearInterval(helpers);
        await h.close();
        await store.close();
      })()),
  };
}
