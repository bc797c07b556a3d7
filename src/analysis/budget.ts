/**
 * How `analyze` keeps its all-pairs metrics (betweenness, closeness, harmonic, average path length)
 * inside a time budget. Each needs one traversal from every node — O(n·(n + m)) — so their cost is
 * estimated from n and m before anything runs: under the budget they are computed exactly; over it,
 * betweenness is sampled from as many pivots (Brandes–Pich) as the budget pays for, and closeness,
 * harmonic and the average path length (which have no sampled estimate here) are left out unless
 * asked for by name. The pivots are capped (MAX_PIVOTS): past it they cost time without ranking
 * the brokers better. `exact` insists on exact values whatever the cost. Pure: no clock, no I/O.
 */

/** All-pairs metrics the budget governs. */
export const ALL_PAIRS_METRICS = ['betweenness', 'closeness', 'harmonic', 'paths'] as const;
export type AllPairsMetric = (typeof ALL_PAIRS_METRICS)[number];

/**
 * CPU seconds per node or arc visited by one traversal. Calibrated on the bench graphs
 * (docs/scale.md): `analyze` at 10k nodes / 50k ties spends ~14 CPU s on its all-pairs metrics
 * (10⁴ traversals × 1.1·10⁵ visits ≈ 1.3·10⁻⁸ s per visit); sampled traversals on 100k–1M nodes run
 * at 2.6·10⁻⁸ (cache misses), the figure used here so that estimates err on the slow side.
 */
export const SECONDS_PER_VISIT = 2.5e-8;

/** Default budget for the all-pairs metrics, in seconds. */
export const DEFAULT_BUDGET_SECONDS = 20;

/** Fewest pivots a sampled run uses: at 100, 17 of the exact top-20 brokers were found at 10k nodes (docs/scale.md). */
export const MIN_PIVOTS = 100;

/**
 * Most pivots the budget buys by default. How well the top brokers are ranked depends on the number of
 * pivots rather than on n (each pivot is one more sample of every node's share of shortest paths): at
 * 10k nodes, 100 pivots already found 17 of the exact top 20. Uncapped, the 20 s budget bought 4,484
 * pivots on the 67k-node CORDIS-sized network (62 CPU s for the default analyze); with 1,000 it takes
 * 12 CPU s and still ranks 19 of the exact top-20 brokers in its top 20 (docs/scale.md). More pivots
 * sharpen node-by-node values: ask for them with `samples`.
 */
export const MAX_PIVOTS = 1000;

export interface BudgetOptions {
  /** Seconds the all-pairs metrics may take (default 20). */
  budgetSeconds?: number;
  /** Exact values whatever the estimate (default false). */
  exact?: boolean;
  /** Pivots asked for explicitly (`--samples`): used as given, no budget. */
  samples?: number;
  /** Threads for betweenness (default 1): the estimate divides by them. */
  threads?: number;
}

export interface AllPairsPlan {
  mode: 'exact' | 'sampled';
  /** How the mode was chosen. */
  chosenBy: 'budget' | 'exact' | 'samples';
  /** Pivots of sampled betweenness (mode 'sampled'). */
  samples?: number;
  budgetSeconds: number;
  /** Estimated seconds of the exact all-pairs metrics. */
  exactSeconds: number;
  /** Estimated seconds of what was chosen. */
  estimatedSeconds: number;
  /** All-pairs metrics left out by default in sampled mode (still computed when named in `metrics`). */
  skipped: AllPairsMetric[];
  /** Expected error of the sampled betweenness, in words, for people. */
  expectedError: string | null;
  /** One sentence saying what was chosen and why. */
  message: string;
}

/** Seconds, rounded for a message. */
function secs(x: number): string {
  if (x < 1) return `${x.toFixed(1)} s`;
  if (x < 120) return `${Math.round(x)} s`;
  if (x < 7200) return `${Math.round(x / 60)} min`;
  return `${(x / 3600).toFixed(1)} h`;
}

/**
 * Expected rank agreement of the top-20 brokers between betweenness sampled from `k` pivots and
 * exact betweenness on a network of `n` nodes. The figure is the bench's measurement (17 of 20 at
 * 100 pivots, 10k nodes; see docs/scale.md and `npm run bench -- --only scale`), stated as a lower
 * bound for at least that many pivots; node-by-node values are rougher (relative L1 error ≈ 0.5 at 100 pivots).
 */
export function expectedSamplingError(k: number, n: number): string {
  const share = `${k} of ${n} nodes as pivots`;
  return k >= MIN_PIVOTS
    ? `betweenness estimated from ${share}: expect at least 17 of the exact top-20 brokers among the top 20 (rank the brokers; do not quote a node's value)`
    : `betweenness estimated from ${share}: fewer than ${MIN_PIVOTS} pivots, expect a rough ranking only`;
}

/** Plans the all-pairs metrics of a network with `n` nodes and `m` ties. */
export function planAllPairs(n: number, m: number, options: BudgetOptions = {}): AllPairsPlan {
  const budgetSeconds = options.budgetSeconds ?? DEFAULT_BUDGET_SECONDS;
  const threads = Math.max(1, options.threads ?? 1);
  const perTraversal = (SECONDS_PER_VISIT * (n + 2 * m)) / threads;
  const exactSeconds = n * perTraversal;
  const exact = (chosenBy: AllPairsPlan['chosenBy'], why: string): AllPairsPlan => ({
    mode: 'exact',
    chosenBy,
    budgetSeconds,
    exactSeconds,
    estimatedSeconds: exactSeconds,
    skipped: [],
    expectedError: null,
    message: `exact all-pairs metrics (${why}; estimated ${secs(exactSeconds)})`,
  });
  if (options.exact) return exact('exact', 'asked for with exact');
  if (options.samples !== undefined) {
    if (options.samples >= n) return exact('samples', `${options.samples} pivots ≥ ${n} nodes`);
    const k = options.samples;
    return {
      mode: 'sampled',
      chosenBy: 'samples',
      samples: k,
      budgetSeconds,
      exactSeconds,
      estimatedSeconds: k * perTraversal,
      skipped: [],
      expectedError: expectedSamplingError(k, n),
      message: `sampled betweenness from ${k} pivots (asked for)`,
    };
  }
  if (exactSeconds <= budgetSeconds) return exact('budget', `within the ${secs(budgetSeconds)} budget`);
  const k = Math.min(n, Math.max(MIN_PIVOTS, Math.min(MAX_PIVOTS, Math.floor(budgetSeconds / perTraversal))));
  if (k >= n) return exact('budget', 'the minimum sample is the whole network');
  return {
    mode: 'sampled',
    chosenBy: 'budget',
    samples: k,
    budgetSeconds,
    exactSeconds,
    estimatedSeconds: k * perTraversal,
    skipped: ['closeness', 'harmonic', 'paths'],
    expectedError: expectedSamplingError(k, n),
    message:
      `sampled betweenness from ${k} pivots: exact all-pairs metrics would take about ${secs(exactSeconds)}, over the ` +
      `${secs(budgetSeconds)} budget; closeness, harmonic and path lengths left out (name them in metrics, or use exact, to compute them)`,
  };
}

/**
 * `analyze`'s use of the plan: given the metrics to compute (`named` when the caller listed them),
 * the metrics that will run and the pivots for betweenness (undefined: exact). `plan` is null when
 * no all-pairs metric is asked for.
 */
export function applyAllPairsPlan<M extends string>(
  n: number,
  m: number,
  options: BudgetOptions,
  metrics: readonly M[],
  named: boolean,
): { metrics: M[]; samples: number | undefined; plan: AllPairsPlan | null } {
  if (!metrics.some((x) => (ALL_PAIRS_METRICS as readonly string[]).includes(x))) return { metrics: [...metrics], samples: options.samples, plan: null };
  const plan = planAllPairs(n, m, options);
  const skipped = named ? [] : plan.skipped;
  const kept = metrics.filter((x) => !(skipped as readonly string[]).includes(x));
  return { metrics: kept, samples: plan.mode === 'sampled' ? plan.samples : undefined, plan: { ...plan, skipped } };
}
