import { parentPort, workerData } from 'node:worker_threads';
import { sampleStatistics, type SampleJob } from '../significance/null-models.ts';

/**
 * Worker side of `significance`: holds the observed edge list (shared arrays) and the job, receives
 * sample ranges, answers with their statistics (transferred, not copied).
 */
export type SignificanceRequest = { from: number; to: number };
export type SignificanceReply = { from: number; values: Float64Array; swaps: Float64Array } | { error: string };

const job = workerData as SampleJob;
const port = parentPort!;
port.on('message', (msg: SignificanceRequest) => {
  try {
    const { values, swaps } = sampleStatistics(job, msg.from, msg.to);
    port.postMessage({ from: msg.from, values, swaps } satisfies SignificanceReply, [values.buffer as ArrayBuffer, swaps.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies SignificanceReply);
  }
});
