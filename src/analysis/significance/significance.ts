import { z } from 'zod';
import type { Worker } from 'node:worker_threads';
import type { Dataset } from '../../model/index.ts';
import { buildSnapshot } from '../../graph/snapshot.ts';
import { encode, groupLabels } from '../structure/mixing.ts';
import { defaultWorkerCount, siblingModule, startTsWorker } from '../workers/pool.ts';
import type { SignificanceReply, SignificanceRequest } from '../workers/significance-worker.ts';
import { edgeList, NULL_MODELS, sampleStatistics, STATISTICS, statistics, type SampleJob } from './null-models.ts';

/** Options of `significance` (`hubgraph significance` and the API share them). */
/** Options of `significance`; `.describe()` is each one's help text (the CLI flags are derived from it). */
export const SignificanceOptionsSchema = z.object({
  stats: z
    .array(z.enum(STATISTICS))
    .min(1)
    .default([...STATISTICS])
    .describe(`statistics to test: ${STATISTICS.join(', ')}`),
  null: z.enum(NULL_MODELS).default('degree').describe('null model: degree-preserving double edge swaps, or G(n, m) with the same n and m'),
  samples: z.number().int().min(1).max(100_000).default(200).describe('null samples'),
  seed: z.number().int().min(0).default(1).describe('seed: sample k draws from its own stream, so the result does not depend on the threads'),
  swapsPerTie: z
    .number()
    .min(1)
    .max(1000)
    .default(10)
    .describe("successful double edge swaps per sample, in multiples of the number of ties (NetworkX's usual 10·m)"),
  group: z.enum(['region', 'type', 'country', 'hub']).default('region').describe('grouping of the E-I statistic; nodes without a value are left out'),
  workers: z.number().int().min(1).max(64).optional().describe('threads, the calling one included (default: one per core)'),
});
export type SignificanceOptions = z.infer<typeof SignificanceOptionsSchema>;
export type SignificanceOptionsInput = z.input<typeof SignificanceOptionsSchema>;

export const StatTestSchema = z.object({
  stat: z.enum(STATISTICS),
  observed: z.number().nullable(),
  nullMean: z.number().nullable(),
  nullSd: z.number().nullable(),
  /** (observed − mean) / sd; null when sd is 0 or undefined. */
  z: z.number().nullable(),
  /** Empirical one-sided p-values with the +1 correction, (1 + #{null ≥ observed}) / (1 + samples), and ≤. */
  pGreater: z.number().nullable(),
  pLess: z.number().nullable(),
  /** Two-sided: min(1, 2·min(pGreater, pLess)). */
  p: z.number().nullable(),
  /** Samples where the statistic was defined. */
  samples: z.number().int(),
});
export const SignificanceResultSchema = z.object({
  nodes: z.number().int(),
  edges: z.number().int(),
  tests: z.array(StatTestSchema),
  settings: z.object({
    null: z.enum(NULL_MODELS),
    samples: z.number().int(),
    seed: z.number().int(),
    swapsPerTie: z.number(),
    /** Mean successful swaps per sample (degree null), to show the ≥ swapsPerTie·m target was met. */
    meanSwaps: z.number().nullable(),
    group: z.string(),
    threads: z.number().int(),
    conventions: z.string(),
  }),
});
export type StatTest = z.infer<typeof StatTestSchema>;
export type SignificanceResult = z.infer<typeof SignificanceResultSchema>;

export interface SignificanceProgress {
  done: number;
  total: number;
}

const CHUNK = 4;

/**
 * Is a graph-level figure real? Each statistic of the observed network (ties unweighted, as in the
 * null graphs) against its distribution over null samples: degree-preserving rewiring (NetworkX
 * `double_edge_swap`, ≥ swapsPerTie·m swaps from the observed graph each sample) or G(n, m).
 * Samples run on worker threads in chunks; the result is identical for any thread count.
 */
export async function significance(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  options: SignificanceOptionsInput = {},
  onProgress?: (p: SignificanceProgress) => void,
): Promise<SignificanceResult> {
  const o = SignificanceOptionsSchema.parse(options);
  const s = buildSnapshot(dataset, { weighted: false });
  const base = edgeList(s);
  const { codes } = encode(groupLabels(s, o.group));
  const job: SampleJob = { base, model: o.null, stats: o.stats, codes: o.stats.includes('ei') ? codes : null, seed: o.seed, swapsPerTie: o.swapsPerTie };
  const observed = statistics(s, o.stats, job.codes, o.seed);
  const values = new Float64Array(o.samples * o.stats.length);
  const swaps = new Float64Array(o.samples);
  const threads = Math.max(1, Math.min(o.workers ?? defaultWorkerCount(), Math.ceil(o.samples / CHUNK)));
  await runSamples(job, o.samples, threads, values, swaps, onProgress);
  const tests = o.stats.map((stat, j) => summarise(stat, observed[j], values, j, o.stats.length, o.samples));
  let sw = 0;
  for (const x of swaps) sw += x;
  return {
    nodes: s.n,
    edges: s.m,
    tests,
    settings: {
      null: o.null,
      samples: o.samples,
      seed: o.seed,
      swapsPerTie: o.swapsPerTie,
      meanSwaps: o.null === 'degree' ? sw / o.samples : null,
      group: o.group,
      threads,
      conventions:
        'unweighted simple graph; modularity = Leiden (best partition found, 2 iterations) on each graph; transitivity and degree assortativity as NetworkX; E-I of each tie once, ties touching a node without the group value left out',
    },
  };
}

function summarise(stat: StatTest['stat'], observed: number, values: Float64Array, j: number, width: number, samples: number): StatTest {
  let count = 0,
    sum = 0,
    ge = 0,
    le = 0;
  for (let k = 0; k < samples; k++) {
    const x = values[k * width + j];
    if (!Number.isFinite(x)) continue;
    count++;
    sum += x;
    if (x >= observed) ge++;
    if (x <= observed) le++;
  }
  const mean = count ? sum / count : NaN;
  let ss = 0;
  for (let k = 0; k < samples; k++) {
    const x = values[k * width + j];
    if (Number.isFinite(x)) ss += (x - mean) ** 2;
  }
  const sd = count > 1 ? Math.sqrt(ss / (count - 1)) : NaN;
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  const ok = Number.isFinite(observed) && count > 0;
  const pG = ok ? (1 + ge) / (1 + count) : NaN,
    pL = ok ? (1 + le) / (1 + count) : NaN;
  return {
    stat,
    observed: fin(observed),
    nullMean: fin(mean),
    nullSd: fin(sd),
    z: ok && sd > 0 ? (observed - mean) / sd : null,
    pGreater: fin(pG),
    pLess: fin(pL),
    p: ok ? Math.min(1, 2 * Math.min(pG, pL)) : null,
    samples: count,
  };
}

async function runSamples(
  job: SampleJob,
  samples: number,
  threads: number,
  values: Float64Array,
  swaps: Float64Array,
  onProgress?: (p: SignificanceProgress) => void,
): Promise<void> {
  const width = job.stats.length;
  let next = 0,
    done = 0;
  const take = (): SignificanceRequest | null => {
    if (next >= samples) return null;
    const from = next;
    next = Math.min(samples, next + CHUNK);
    return { from, to: next };
  };
  const store = (from: number, v: Float64Array, sw: Float64Array) => {
    values.set(v, from * width);
    swaps.set(sw, from);
    done += sw.length;
    onProgress?.({ done, total: samples });
  };
  const pool: Worker[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  // From the build (dist/js/…) the worker is dist/workers/significance-worker.js, built beside the betweenness one.
  const url = siblingModule('../workers/significance-worker.ts', import.meta.url);
  for (let i = 0; i < threads - 1; i++) pool.push(startTsWorker(url, job));
  for (const w of pool) {
    const send = () => {
      const r = take();
      if (r) w.postMessage(r);
    };
    w.on('message', (msg: SignificanceReply) => {
      if ('error' in msg) {
        failure ??= new Error(`significance worker failed: ${msg.error}`);
        wake?.();
        return;
      }
      store(msg.from, msg.values, msg.swaps);
      send();
      wake?.();
    });
    w.on('error', (err) => {
      failure ??= err;
      wake?.();
    });
    send();
  }
  try {
    // This thread samples too, yielding between chunks so worker replies are handled.
    for (let r = take(); r && !failure; r = take()) {
      const out = sampleStatistics(job, r.from, r.to);
      store(r.from, out.values, out.swaps);
      await new Promise<void>((res) => setImmediate(res));
    }
    while (done < samples && !failure)
      await new Promise<void>((res) => {
        wake = res;
      });
    if (failure) throw failure;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
