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
  /**
   * Versions above this many nodes get node detail at once from cheap figures (degree, strength,
   * neighbours, cached results) while the analysis and matchings run in the background.
   */
  nodeDetailWaitNodes: number;
  /**
   * The graph waits for its ForceAtlas2 layout only up to this much work (layout.ts `layoutWork`); above it, a layout
   * not yet computed is answered with a seed layout while ForceAtlas2 runs in the background.
   */
  layoutWaitWork: number;
  startedAt: number;
}
