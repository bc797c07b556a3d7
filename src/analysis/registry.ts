/**
 * The analysis registry, Gephi Lite style: one declaration per analysis — its id, the options it
 * reads, the shared intermediates it needs, and the node / graph fields it writes. Declarations
 * only (no algorithm imports), so the CLI, the server and the web can list metrics from here
 * without loading the engine. `analyze.ts` binds one runner to each id (type-checked complete).
 */
import { METRIC_NAMES, type AnalyzeOptions, type MetricName } from './options.ts';

/** Intermediates computed at most once per run and shared between analyses. */
export type Intermediate = 'distances' | 'triangles' | 'components' | 'cores' | 'hubDistances' | 'centrality' | 'communities' | 'isolation';

/** Role counts of Gould–Fernandez brokerage (keys of `brokerage` and `brokerageZ`). */
export const BROKERAGE_ROLES = ['coordinator', 'itinerant', 'gatekeeper', 'representative', 'liaison', 'total'] as const;
export type BrokerageRole = (typeof BROKERAGE_ROLES)[number];

export interface NodeFieldSpec {
  /** Key on NodeResult. */
  key: string;
  /** number: real (null when undefined); integer: count; category: a label number (community); record: an object of numbers. */
  kind: 'number' | 'integer' | 'category' | 'record';
  /** The record's numeric parts (kind record): flattened as `key.part` in tables. */
  parts?: readonly string[];
  /** Short human label. */
  label: string;
  /** Not a generic table column: its writer formats it itself (isolation: score and status). */
  ownColumns?: true;
}

export interface AnalysisSpec {
  id: MetricName;
  /** One line for help texts. */
  description: string;
  /** Options it reads (beyond `weighted`, which every tie-strength metric honours). */
  params: readonly (keyof AnalyzeOptions)[];
  needs: readonly Intermediate[];
  /** Per-node fields it writes. */
  nodeFields: readonly NodeFieldSpec[];
  /** Graph-level fields it writes (keys of GraphResult). */
  graphFields: readonly string[];
}

const num = (key: string, label: string): NodeFieldSpec => ({ key, kind: 'number', label });
const int = (key: string, label: string): NodeFieldSpec => ({ key, kind: 'integer', label });

/** In run order (PageRank is moved first by `analyze` when communities want it for profiles). */
export const ANALYSES: readonly AnalysisSpec[] = [
  { id: 'degree', description: 'number of distinct neighbours', params: [], needs: [], nodeFields: [int('degree', 'Degree')], graphFields: [] },
  { id: 'strength', description: 'sum of tie strengths', params: ['weighted'], needs: [], nodeFields: [num('strength', 'Strength')], graphFields: [] },
  {
    // `samples` (and any time budget choosing exact vs sampled) parameterise this entry only.
    id: 'betweenness',
    description: 'normalised shortest-path betweenness (exact, or sampled from k pivots)',
    params: ['samples', 'seed', 'weightedPaths', 'workers'],
    needs: ['distances'],
    nodeFields: [num('betweenness', 'Betweenness')],
    graphFields: [],
  },
  {
    id: 'closeness',
    description: 'Wasserman–Faust closeness',
    params: ['weightedPaths'],
    needs: ['distances'],
    nodeFields: [num('closeness', 'Closeness')],
    graphFields: [],
  },
  {
    id: 'harmonic',
    description: 'harmonic centrality',
    params: ['weightedPaths'],
    needs: ['distances'],
    nodeFields: [num('harmonic', 'Harmonic')],
    graphFields: [],
  },
  {
    id: 'pagerank',
    description: 'PageRank, α = 0.85',
    params: ['weighted'],
    needs: [],
    nodeFields: [num('pagerank', 'PageRank')],
    graphFields: ['pagerankConverged'],
  },
  {
    id: 'eigenvector',
    description: 'eigenvector centrality',
    params: ['weighted'],
    needs: [],
    nodeFields: [num('eigenvector', 'Eigenvector')],
    graphFields: ['eigenvectorConverged'],
  },
  { id: 'core', description: 'k-core number', params: [], needs: ['cores'], nodeFields: [int('core', 'k-core')], graphFields: [] },
  {
    id: 'coreperiphery',
    description: 'Borgatti–Everett continuous coreness and its correlation fit',
    params: ['weighted'],
    needs: [],
    nodeFields: [num('coreness', 'Coreness')],
    graphFields: ['corePeripheryFit', 'corePeripheryConverged'],
  },
  {
    id: 'clustering',
    description: 'local clustering, transitivity, average clustering',
    params: [],
    needs: ['triangles'],
    nodeFields: [num('clustering', 'Clustering')],
    graphFields: ['transitivity', 'averageClustering'],
  },
  { id: 'constraint', description: "Burt's constraint", params: [], needs: [], nodeFields: [num('constraint', 'Constraint')], graphFields: [] },
  {
    id: 'effectiveSize',
    description: "Burt's effective size",
    params: [],
    needs: ['triangles'],
    nodeFields: [num('effectiveSize', 'Effective size')],
    graphFields: [],
  },
  {
    id: 'communities',
    description: 'Leiden (default) or Louvain communities with profiles',
    params: ['communityMethod', 'quality', 'resolution', 'seed', 'louvainTries', 'profileSize'],
    needs: ['centrality', 'communities'],
    nodeFields: [{ key: 'community', kind: 'category', label: 'Community' }],
    graphFields: ['modularity', 'communities', 'communitiesSplit', 'communityMethod', 'quality', 'gammaSeparated'],
  },
  {
    id: 'brokerage',
    description: 'Gould–Fernandez brokerage roles by a grouping (counts and z-scores, sna::brokerage)',
    params: ['group'],
    needs: ['communities'], // communities only with group=community
    nodeFields: [
      { key: 'brokerage', kind: 'record', parts: BROKERAGE_ROLES, label: 'Brokerage' },
      { key: 'brokerageZ', kind: 'record', parts: BROKERAGE_ROLES, label: 'Brokerage z' },
    ],
    graphFields: ['brokerageGroup'],
  },
  { id: 'structure', description: 'bridges, articulation points, E-I indices', params: [], needs: [], nodeFields: [], graphFields: [] },
  {
    id: 'assortativity',
    description: 'degree, type and region assortativity',
    params: [],
    needs: [],
    nodeFields: [],
    graphFields: ['degreeAssortativity', 'assortativityByType', 'assortativityByRegion'],
  },
  {
    id: 'paths',
    description: 'diameter and average path length',
    params: ['weightedPaths'],
    needs: ['distances'],
    nodeFields: [],
    graphFields: ['diameter', 'diameterExact', 'diameterUpperBound', 'averagePathLength', 'averagePathLengthOverReachablePairs'],
  },
  {
    id: 'isolation',
    description: 'isolated and peripheral schools with reasons',
    params: ['at', 'recentMonths', 'isolatedThreshold', 'peripheralThreshold', 'lowCore', 'maxHubDistance', 'region', 'hub'],
    needs: ['isolation', 'cores', 'hubDistances', 'components'],
    nodeFields: [{ key: 'isolation', kind: 'record', parts: ['score', 'status'], label: 'Isolation', ownColumns: true }],
    graphFields: [],
  },
  {
    id: 'indicators',
    description: 'ecosystem indicators overall and by region, country, hub',
    params: [],
    needs: ['isolation', 'hubDistances'],
    nodeFields: [],
    graphFields: [],
  },
];

export const ANALYSIS_BY_ID: ReadonlyMap<MetricName, AnalysisSpec> = new Map(ANALYSES.map((a) => [a.id, a]));

/** A scalar column of the per-node table: a number field, or one part of a record field (`brokerage.total`). */
export interface NodeColumn {
  /** Column name: the field key, or `key.part`. */
  name: string;
  label: string;
  kind: 'number' | 'integer' | 'category';
  /** The analysis that writes it. */
  analysis: MetricName;
}

/** Every per-node scalar column, in registry order: the CSV columns, the sortable metrics, the map's size/colour options. */
export const NODE_COLUMNS: readonly NodeColumn[] = ANALYSES.flatMap((a) =>
  a.nodeFields.flatMap((f): NodeColumn[] =>
    f.ownColumns
      ? []
      : f.kind === 'record'
        ? (f.parts ?? []).map((p) => ({ name: `${f.key}.${p}`, label: `${f.label} ${p}`, kind: 'number' as const, analysis: a.id }))
        : [{ name: f.key, label: f.label, kind: f.kind, analysis: a.id }],
  ),
);
export const NODE_COLUMN_NAMES = NODE_COLUMNS.map((c) => c.name) as [string, ...string[]];

/** The value of a column on a node result (`brokerage.total` reads the record's part); undefined when not computed. */
export function nodeColumnValue(node: object, name: string): unknown {
  const dot = name.indexOf('.');
  const rec = node as Record<string, unknown>;
  if (dot < 0) return rec[name];
  const inner = rec[name.slice(0, dot)];
  return inner && typeof inner === 'object' ? (inner as Record<string, unknown>)[name.slice(dot + 1)] : inner === null ? null : undefined;
}

// Every metric name has exactly one declaration (checked at load: a missing entry is a programming error).
for (const m of METRIC_NAMES) if (!ANALYSIS_BY_ID.has(m)) throw new Error(`analysis registry: no entry for ${m}`);
