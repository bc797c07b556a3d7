// Worker-thread entry: runs one named task at a time from tasks.ts and posts progress and the result.
import { parentPort, workerData } from 'node:worker_threads';
import { TASKS, type Progress } from './tasks.ts';
import { lowerThreadPriority } from '../util/thread-priority.ts';
import { encodeJsonResult, JSON_RESULT_TASKS } from './json-result.ts';

// Lower this thread's priority, so that on a busy machine the event loop thread that answers requests wins the CPU over the computation.
lowerThreadPriority((workerData as { nice?: number } | undefined)?.nice ?? 10);

parentPort!.on('message', async (msg: { id: number; task: string; payload: unknown }) => {
  const progress = (fraction: number, message?: string) => parentPort!.postMessage({ id: msg.id, type: 'progress', fraction, message });
  try {
    const fn = (TASKS as Record<string, (payload: never, progress: Progress) => unknown>)[msg.task];
    if (!fn) throw new Error(`unknown task ${msg.task}`);
    const value = await fn(msg.payload as never, progress);
    if (JSON_RESULT_TASKS.has(msg.task)) {
      const bytes = encodeJsonResult(value);
      parentPort!.postMessage({ id: msg.id, type: 'json', bytes }, [bytes.buffer as ArrayBuffer]);
    } else parentPort!.postMessage({ id: msg.id, type: 'result', value }, transferables(value));
  } catch (err) {
    const e = err as Error & Record<string, unknown>;
    const details: Record<string, unknown> = {};
    for (const k of ['kind', 'issues', 'total', 'code', 'path']) if (k in e) details[k] = JSON.parse(JSON.stringify(e[k]));
    parentPort!.postMessage({ id: msg.id, type: 'error', error: { message: e?.message ?? String(err), name: e?.name ?? 'Error', details } });
  }
});

/** Rendered bytes (a top-level `bytes` field) move to the main thread instead of being copied. */
function transferables(value: unknown): ArrayBuffer[] {
  const b = value && typeof value === 'object' ? (value as { bytes?: unknown }).bytes : undefined;
  return b instanceof Uint8Array && b.buffer instanceof ArrayBuffer ? [b.buffer] : [];
}
