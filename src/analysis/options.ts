import { z } from 'zod';
import { IsoDateSchema, NodeTypeSchema, SCHOOL_PARTNER_TYPES } from '../model/index.ts';
import { DEFAULT_ISOLATION_WEIGHTS, ISOLATION_REASONS, type IsolationReasonCode } from './isolation.ts';

/** Everything `analyze` can compute; `metrics` selects a subset (and what it needs comes along). */
export const METRIC_NAMES = [
  'degree',
  'strength',
  'betweenness',
  'closeness',
  'harmonic',
  'pagerank',
  'eigenvector',
  'core',
  'coreperiphery',
  'clustering',
  'constraint',
  'effectiveSize',
  'communities',
  'brokerage',
  'structure',
  'assortativity',
  'paths',
  'isolation',
  'indicators',
] as const;
export const MetricNameSchema = z.enum(METRIC_NAMES);
export type MetricName = z.infer<typeof MetricNameSchema>;
/**
 * What `analyze` computes without `metrics`: everything except the opt-in analyses — brokerage
 * needs a grouping; core–periphery iterates O(m) sweeps until stable, hundreds on large graphs.
 */
export const DEFAULT_METRICS: readonly MetricName[] = METRIC_NAMES.filter((m) => m !== 'brokerage' && m !== 'coreperiphery');

/**
 * Options of `analyze` (the library API, `hubgraph analyze` and the API share them). Each option's
 * `.describe()` is its help text and its `.default()` the documented default: the CLI's flags are
 * derived from this schema (src/cli/schema-options.ts), so help and defaults cannot disagree.
 */
export const AnalyzeOptionsSchema = z.object({
  metrics: z
    .array(MetricNameSchema)
    .min(1)
    .optional()
    .describe(
      `compute only these (default: all but brokerage, which needs a grouping, and coreperiphery; what they need comes along): ${METRIC_NAMES.join(', ')}`,
    ),
  weighted: z
    .boolean()
    .default(true)
    .describe('weights as tie strengths in strength, PageRank, eigenvector, Leiden/Louvain and modularity; false ignores them everywhere'),
  weightedPaths: z
    .boolean()
    .default(false)
    .describe('path metrics (betweenness, closeness, harmonic, diameter, path length) on distance = 1/weight instead of hops'),
  communityMethod: z.enum(['leiden', 'louvain']).default('leiden').describe('community detection: leiden (every community connected) or louvain'),
  quality: z
    .enum(['modularity', 'cpm'])
    .default('modularity')
    .describe('quality Leiden optimises: modularity, or cpm (constant Potts model; γ is then a density threshold). Louvain: modularity only'),
  group: z
    .string()
    .min(1)
    .default('region')
    .describe('grouping for Gould–Fernandez brokerage (--metrics brokerage): region, type, hub, country, community, or a node attribute'),
  resolution: z.number().positive().default(1).describe('resolution γ of the community quality'),
  seed: z.number().int().min(0).default(1).describe('seed for community detection and betweenness sampling: same seed, same result'),
  louvainTries: z
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .describe('community runs (Leiden or Louvain) from seed, seed+1, …; the best quality is kept (default: 5 up to 20,000 nodes, 1 above)'),
  samples: z
    .number()
    .int()
    .positive()
    .max(1_000_000)
    .optional()
    .describe('sampled betweenness from this many pivots (Brandes–Pich) (default: chosen by the time budget)'),
  exact: z.boolean().default(false).describe('exact all-pairs metrics (betweenness, closeness, harmonic, path lengths) whatever their estimated cost'),
  budgetSeconds: z
    .number()
    .positive()
    .default(20)
    .describe('seconds the all-pairs metrics may take (estimated from nodes × ties) before betweenness is sampled instead'),
  at: IsoDateSchema.optional().describe('the network as it stood on this date (ISO 8601); also the reference date for inactivity'),
  recentMonths: z.number().int().positive().default(12).describe('a school with no tie active in this many months before the reference date is inactive'),
  isolatedThreshold: z.number().min(0).max(1).default(0.5).describe('isolation score (0–1) from which a school counts as isolated'),
  peripheralThreshold: z.number().min(0).max(1).default(0.2).describe('isolation score (0–1) from which a school counts as peripheral'),
  lowCore: z.number().int().min(0).default(1).describe('isolation reason "low-core": the best core number of the school and its teachers is at most this'),
  maxHubDistance: z.number().int().min(0).default(2).describe('isolation reason "far-from-hub": more than this many hops from the nearest hub'),
  partnerTypes: z
    .array(NodeTypeSchema)
    .min(1)
    .default([...SCHOOL_PARTNER_TYPES])
    .describe('isolation reason "no-partner-nearby": node types that count as a partner within two steps'),
  weights: z
    .partialRecord(z.enum(ISOLATION_REASONS as [IsolationReasonCode, ...IsolationReasonCode[]]), z.number().min(0).max(1))
    .optional()
    .describe(
      `isolation reason weights to change (the score is their clipped sum), e.g. inactive=0,far-from-hub=0.3 (defaults: ${Object.entries(
        DEFAULT_ISOLATION_WEIGHTS,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(',')})`,
    ),
  region: z.string().min(1).optional().describe('isolation list for this region only'),
  hub: z.string().min(1).optional().describe('isolation list for this hub (id) only'),
  workers: z.number().int().min(1).max(64).optional().describe('threads for betweenness, the calling one included (default: one per core)'),
  profileSize: z.number().int().min(1).max(100).default(5).describe('central members and brokers listed per community profile'),
});
export type AnalyzeOptions = z.infer<typeof AnalyzeOptionsSchema>;
export type AnalyzeOptionsInput = z.input<typeof AnalyzeOptionsSchema>;

/**
 * The options the API's analysis query takes as well as the CLI (which takes them all): with the
 * time budget (exact, budgetSeconds), not the thread count (workers), metrics, the list filters or profileSize.
 */
export const QUERY_OPTION_KEYS = [
  'weighted',
  'weightedPaths',
  'communityMethod',
  'quality',
  'group',
  'resolution',
  'seed',
  'louvainTries',
  'samples',
  'at',
  'recentMonths',
  'isolatedThreshold',
  'peripheralThreshold',
  'lowCore',
  'maxHubDistance',
  'partnerTypes',
  'weights',
  'exact',
  'budgetSeconds',
] as const satisfies readonly (keyof AnalyzeOptionsInput)[];
