// Worker-thread entry: runs one named task at a time from tasks.ts and posts progress and the result.
import { parentPort } from 'node:worker_threads';
import { TASKS } from './tasks.ts';

parentPort!.on('message', async (msg: { id: number; task: string; payload: unknown }) => {
  const progress = (fraction: number, message?: string) => parentPort!.postMessage({ id: msg.id, type: 'progress', fraction, message });
  try {
    const fn = TASKS[msg.task];
    if (!fn) throw new Error(`unknown task ${msg.task}`);
    const value = await fn(msg.payload as never, progress);
    parentPort!.postMessage({ id: msg.id, type: 'result', value });
  } catch (err) {
    const e = err as Error & Record<string, unknown>;
    const details: Record<string, unknown> = {};
    for (const k of ['issues', 'total', 'code', 'path']) if (k in e) details[k] = JSON.parse(JSON.stringify(e[k]));
    parentPort!.postMessage({ id: msg.id, type: 'error', error: { message: e?.message ?? String(err), name: e?.name ?? 'Error', details } });
  }
});
