/**
 * The refined layout of a large version's first map. The server answers such a graph at once with a seed layout
 * and names the job computing ForceAtlas2 (`layout.refining`); this follows that job and fetches the positions
 * (…/graph/positions, 8 bytes a node) when it is done, instead of the whole graph again.
 */
import type { Job } from '../../../src/server/contract/common.ts';
import type { GraphPositions } from '../../../src/server/contract/graph.ts';
import { api, ApiError } from '../api/client.ts';
import { decodePositions } from './saved-layout.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerLayoutOptions {
  /** Nodes of the map: the positions must hold one pair for each. */
  n: number;
  /** Called with each progress report of the job. */
  onProgress: (fraction: number) => void;
  /** True once the map is gone or reloaded: polling stops. */
  stale: () => boolean;
  /** Between polls of the job (default 1 s). */
  pollMs?: number;
}

/**
 * Waits for the job and returns the refined positions; null when the map went away meanwhile. A job another
 * caller started cannot be read by this one (the jobs route answers only its owner): the positions are then asked
 * for as a job of this caller's own (`Prefer: respond-async`), which joins the computation already running.
 */
export async function awaitServerLayout(
  refining: { job: Job; positions: string },
  o: ServerLayoutOptions,
): Promise<{ x: Float32Array; y: Float32Array } | null> {
  const url = refining.positions;
  let job: Job = refining.job;
  for (;;) {
    if (o.stale()) return null;
    o.onProgress(job.status === 'succeeded' ? 1 : job.progress.fraction);
    if (job.status === 'succeeded') break;
    if (job.status === 'failed' || job.status === 'cancelled') {
      const e = job.error as { detail?: string; title?: string } | undefined;
      throw new Error(`the layout job ${job.status}${e ? `: ${e.detail ?? e.title}` : ''}`);
    }
    await sleep(o.pollMs ?? 1000);
    try {
      job = await api<Job>(job.url);
    } catch (e) {
      if (!(e instanceof ApiError && (e.status === 404 || e.status === 403))) throw e;
      const mine = await api<GraphPositions | Job>(url, { headers: { Prefer: 'respond-async' } });
      if (!('eventsUrl' in mine)) return positionsOf(mine, o.n);
      job = mine;
    }
  }
  if (o.stale()) return null;
  return positionsOf(await api<GraphPositions>(url), o.n);
}

function positionsOf(p: GraphPositions, n: number): { x: Float32Array; y: Float32Array } {
  const got = p.nodes === n ? decodePositions(p.positions, n) : null;
  if (!got) throw new Error(`the refined layout does not fit this map (${p.nodes} positions for ${n} nodes)`);
  return got;
}
