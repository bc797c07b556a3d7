import type { Logger } from 'pino';
import type { ResultCache } from './cache.ts';
import type { JobRegistry } from './jobs.ts';
import type { WorkerPool } from './worker-pool.ts';

/** What route handlers share: one per app. */
export interface ServerContext {
  pool: WorkerPool;
  cache: ResultCache;
  jobs: JobRegistry;
  log: Logger;
  mode: 'local' | 'token';
  /** Key for teacher pseudonyms (stable across restarts when it is). */
  pseudonymKey: string;
  version: string;
  startedAt: number;
}
