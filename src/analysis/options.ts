import { z } from 'zod';
import { IsoDateSchema } from '../model/index.ts';

/** Everything `analyze` can compute; `metrics` selects a subset (and what it needs comes along). */
export const METRIC_NAMES = [
  'degree', 'strength', 'betweenness', 'closeness', 'harmonic', 'pagerank', 'eigenvector', 'core',
  'clustering', 'constraint', 'effectiveSize', 'communities', 'brokerage', 'structure', 'assortativity', 'paths',
  'isolation', 'indicators',
] as const;
export const MetricNameSchema = z.enum(METRIC_NAMES);
export type MetricName = z.infer<typeof MetricNameSchema>;
/** What `analyze` computes without `metrics`: everything except the opt-in analyses (brokerage needs a grouping). */
export const DEFAULT_METRICS: readonly MetricName[] = METRIC_NAMES.filter((m) => m !== 'brokerage');

/** Options of `analyze` (the library API and `hubgraph analyze` share them). */
export const AnalyzeOptionsSchema = z.object({
  /** Compute only these (default: DEFAULT_METRICS). */
  metrics: z.array(MetricNameSchema).min(1).optional(),
  /** Ignore weights everywhere (default false: weights are tie strengths in strength, PageRank, eigenvector, Louvain, modularity). */
  unweighted: z.boolean().default(false),
  /** Path metrics (betweenness, closeness, harmonic, diameter, path length) on distance = 1/weight (default false: hops). */
  weightedPaths: z.boolean().default(false),
  /** Community detection: 'leiden' (default; every community connected) or 'louvain'. */
  communityMethod: z.enum(['leiden', 'louvain']).default('leiden'),
  /** Quality Leiden optimises: 'modularity' (default) or 'cpm' (constant Potts model; γ is then a density threshold). Louvain: modularity only. */
  quality: z.enum(['modularity', 'cpm']).default('modularity'),
  /**
   * Grouping for Gould–Fernandez brokerage: region (default), type, hub, country, community (the
   * communities computed in the same run), or the name of any extra node attribute.
   */
  group: z.string().min(1).default('region'),
  /** Resolution γ of the community quality (default 1). */
  resolution: z.number().positive().default(1),
  /** Seed for community detection and betweenness sampling (default 1): same seed, same result. */
  seed: z.number().int().min(0).default(1),
  /**
   * Community runs (Leiden or Louvain) from seed, seed+1, …; the best quality is kept. Default: 5 up to 20,000 nodes
   * (one run can land a few % below the best partition), 1 above (each run costs seconds there).
   */
  louvainTries: z.number().int().min(1).max(50).optional(),
  /** Sampled betweenness from this many pivots (Brandes–Pich); default exact. */
  samples: z.number().int().positive().optional(),
  /** Analyse the network as it stood on this date (edges active then); also the reference date for "inactive". */
  at: IsoDateSchema.optional(),
  /** "Inactive" reason: no tie active in this many months before `at` (default 12). */
  recentMonths: z.number().int().positive().default(12),
  /** Restrict the isolation list to a region / hub (id). */
  region: z.string().min(1).optional(),
  hub: z.string().min(1).optional(),
  /** Threads for betweenness, the calling one included (default: one per core). */
  workers: z.number().int().min(1).max(64).optional(),
  /** How many central members and brokers per community profile (default 5). */
  top: z.number().int().min(1).max(100).default(5),
});
export type AnalyzeOptions = z.infer<typeof AnalyzeOptionsSchema>;
export type AnalyzeOptionsInput = z.input<typeof AnalyzeOptionsSchema>;
