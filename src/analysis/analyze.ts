import type { Dataset, NodeType } from '../model/index.ts';
import { buildSnapshot, type Snapshot } from '../graph/snapshot.ts';
import { sliceDataset } from '../graph/timeslice.ts';
import type { FolderSnapshot } from '../graph/folder-csr.ts';
import { ANALYSES } from './registry.ts';
import { AnalyzeOptionsSchema, DEFAULT_METRICS, type AnalyzeOptions, type AnalyzeOptionsInput, type MetricName } from './options.ts';
import { degreeVector, strengthVector } from './centrality/degree.ts';
import { betweennessWithProfileParallel } from './centrality/betweenness-parallel.ts';
import { closeness, harmonic } from './centrality/closeness.ts';
import { applyAllPairsPlan, type AllPairsPlan } from './budget.ts';
import { defaultWorkerCount } from './workers/pool.ts';
import { pagerank } from './centrality/pagerank.ts';
import { eigenvector } from './centrality/eigenvector.ts';
import { constraint, effectiveSize } from './brokerage/burt.ts';
import { gouldFernandez, type BrokerageCounts, type BrokerageResult } from './brokerage/gould-fernandez.ts';
import type { BrokerageRole } from './registry.ts';
import { averageClustering, clustering, transitivity, triangleCounts } from './structure/clustering.ts';
import { degreeAssortativity } from './structure/assortativity.ts';
import { averagePathLength, diameter, distanceProfile, type DistanceProfile } from './structure/paths.ts';
import { connectedComponents, type Components } from './structure/components.ts';
import { coreNumbers } from './structure/cores.ts';
import { corePeriphery } from './structure/core-periphery.ts';
import { bridgesAndArticulationPoints } from './structure/bridges.ts';
import { attributeAssortativity, eiIndex, type EIIndex } from './structure/mixing.ts';
import { louvainCommunities, type Communities } from './communities/louvain.ts';
import { leidenCommunities } from './communities/leiden.ts';
import { communityProfiles, type CommunityProfile } from './communities/profiles.ts';
import { hubDistances, type HubDistances } from './hub-distance.ts';
import { scanIsolation, type IsolationEntry, type IsolationResult } from './isolation.ts';
import { ecosystemIndicators, type EcosystemIndicators } from './indicators.ts';

/** Per-node figures; a metric that was not computed is absent, an undefined value is null. */
export interface NodeResult {
  id: string;
  type: NodeType;
  /** The user's own type (e.g. `person`) that `type` was mapped from; present only when the file gave one. */
  ownType?: string;
  label: string | null;
  degree?: number;
  strength?: number;
  betweenness?: number | null;
  closeness?: number | null;
  harmonic?: number | null;
  pagerank?: number | null;
  eigenvector?: number | null;
  core?: number;
  /** Borgatti–Everett continuous coreness (unit norm over the nodes). */
  coreness?: number;
  clustering?: number | null;
  constraint?: number | null;
  effectiveSize?: number | null;
  community?: number;
  /** Gould–Fernandez role counts by `settings.group` (sna::brokerage conventions). */
  brokerage?: BrokerageCounts;
  /** z-scores of the counts against sna's random-digraph expectation; null where the sd is 0. */
  brokerageZ?: Record<BrokerageRole, number | null>;
  /** Schools only: the isolation score and status (details in the `isolation` list). */
  isolation?: { score: number; status: IsolationEntry['status'] } | null;
}

export interface GraphResult {
  nodes: number;
  edges: number;
  density: number;
  components: number;
  largestComponent: number;
  transitivity?: number | null;
  averageClustering?: number | null;
  degreeAssortativity?: number | null;
  assortativityByType?: number | null;
  assortativityByRegion?: number | null;
  diameter?: number;
  /** False when the largest component exceeded the exact limit: `diameter` is then a lower bound. */
  diameterExact?: boolean;
  diameterUpperBound?: number;
  averagePathLength?: number | null;
  /** True when some pairs are unreachable: the mean is over connected pairs. */
  averagePathLengthOverReachablePairs?: boolean;
  modularity?: number;
  communities?: number;
  /** Communities the method left internally disconnected, which were split (Leiden: always 0). */
  communitiesSplit?: number;
  communityMethod?: 'leiden' | 'louvain';
  /** The quality function optimised and its value (for modularity, equal to `modularity`). */
  quality?: { function: 'modularity' | 'cpm'; value: number };
  /** Leiden: no two adjacent communities would raise the quality by merging (Traag et al.'s γ-separation). */
  gammaSeparated?: boolean;
  /** Correlation of the ties with the ideal pattern coreness_i · coreness_j (Borgatti–Everett fit); null when undefined. */
  corePeripheryFit?: number | null;
  corePeripheryConverged?: boolean;
  pagerankConverged?: boolean;
  eigenvectorConverged?: boolean;
  /** The grouping brokerage roles were counted by. */
  brokerageGroup?: string;
  settings: AnalysisSettings;
}

export interface AnalysisSettings {
  metrics: MetricName[];
  weighted: boolean;
  weightedPaths: boolean;
  communityMethod: 'leiden' | 'louvain';
  quality: 'modularity' | 'cpm';
  resolution: number;
  seed: number;
  /** Runs of the community method (best kept). */
  louvainTries: number;
  /** Grouping of brokerage roles. */
  group: string;
  betweenness: 'exact' | { sampled: number };
  /** How the all-pairs metrics ran (exact or sampled, by the time budget), when any was asked for. */
  allPairs: AllPairsPlan | null;
  at: string | null;
  recentMonths: number;
  conventions: string;
}

export interface AnalysisResult {
  graph: GraphResult;
  nodes: NodeResult[];
  communities?: CommunityProfile[];
  bridges?: [string, string][];
  articulationPoints?: string[];
  mixing?: { byType: EIIndex; byRegion: EIIndex };
  isolation?: IsolationEntry[];
  isolationSummary?: Pick<IsolationResult, 'isolated' | 'peripheral' | 'settings'>;
  indicators?: EcosystemIndicators;
  /** Network totals of the brokerage roles against sna's expectation (`raw.gli`, `exp.gli`, `sd.gli`, `z.gli`). */
  brokerage?: { group: string; groups: number } & BrokerageResult['graph'];
}

export interface AnalyzeProgress {
  stage: MetricName | 'load';
  done: number;
  total: number;
  /** With the first event: how the all-pairs metrics will run (exact or sampled) and their estimated cost. */
  plan?: AllPairsPlan;
}

/** Intermediate results shared between metrics, computed at most once per run. */
class Context {
  private profile?: DistanceProfile;
  private tri?: Float64Array;
  private comps?: Components;
  private cores?: Int32Array;
  private hubs?: HubDistances;
  communities?: Communities;
  centrality?: Float64Array;
  private isolationScan?: IsolationResult;
  /**
   * `dataset` is the network analysed (sliced at `at` when given); `history` every tie that had started
   * by then, ended or not — the isolation scan needs it to tell affiliations and inactivity.
   */
  constructor(
    readonly s: Snapshot,
    readonly dataset: Dataset,
    readonly history: Dataset,
    readonly o: AnalyzeOptions,
  ) {}
  distances(): DistanceProfile {
    return (this.profile ??= distanceProfile(this.s, { weightedPaths: this.o.weightedPaths }));
  }
  /** Exact betweenness traverses from every node anyway: keep its distance profile for closeness & co. */
  wantsProfile(metrics: readonly MetricName[]): boolean {
    return !this.profile && metrics.some((m) => m === 'closeness' || m === 'harmonic' || m === 'paths');
  }
  adoptProfile(p: DistanceProfile | null): void {
    if (p) this.profile = p;
  }
  triangles(): Float64Array {
    return (this.tri ??= triangleCounts(this.s));
  }
  components(): Components {
    return (this.comps ??= connectedComponents(this.s));
  }
  core(): Int32Array {
    return (this.cores ??= coreNumbers(this.s));
  }
  hubDistances(): HubDistances {
    return (this.hubs ??= hubDistances(this.s));
  }
  isolation(): IsolationResult {
    return (this.isolationScan ??= scanIsolation(this.s, {
      dataset: this.history,
      at: this.o.at,
      recentMonths: this.o.recentMonths,
      isolatedThreshold: this.o.isolatedThreshold,
      peripheralThreshold: this.o.peripheralThreshold,
      lowCore: this.o.lowCore,
      maxHubDistance: this.o.maxHubDistance,
      partnerTypes: this.o.partnerTypes,
      weights: this.o.weights,
      core: this.core(),
      hubDistances: this.hubDistances(),
      components: this.components(),
    }));
  }
}

type Out = { graph: GraphResult; nodes: NodeResult[]; result: AnalysisResult };
type NodeField =
  | 'degree'
  | 'strength'
  | 'betweenness'
  | 'closeness'
  | 'harmonic'
  | 'pagerank'
  | 'eigenvector'
  | 'core'
  | 'coreness'
  | 'clustering'
  | 'constraint'
  | 'effectiveSize';

function setNodeField(out: Out, field: NodeField, values: ArrayLike<number>, integer = false): void {
  for (let v = 0; v < out.nodes.length; v++) {
    const x = values[v];
    (out.nodes[v] as unknown as Record<string, number | null>)[field] = Number.isFinite(x) ? x : integer ? 0 : null;
  }
}
const louvainTries = (o: AnalyzeOptions, n: number): number => o.louvainTries ?? (n <= 20_000 ? 5 : 1);
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The runners of the registry (declarations in registry.ts: parameters, needs, output fields), one
 * per metric. Each is independent and reads shared intermediates from the context, so `--metrics`
 * can pick any subset; a test holds each runner to the fields its declaration lists.
 */
const RUNNERS: Record<MetricName, (ctx: Context, out: Out) => void | Promise<void>> = {
  degree: (ctx, out) => setNodeField(out, 'degree', degreeVector(ctx.s), true),
  strength: (ctx, out) => setNodeField(out, 'strength', strengthVector(ctx.s)),
  betweenness: async (ctx, out) => {
    const { betweenness, profile } = await betweennessWithProfileParallel(
      ctx.s,
      {
        weightedPaths: ctx.o.weightedPaths,
        samples: ctx.o.samples,
        seed: ctx.o.seed,
        threads: ctx.o.workers,
      },
      ctx.wantsProfile(out.graph.settings.metrics),
    );
    ctx.adoptProfile(profile);
    setNodeField(out, 'betweenness', betweenness);
  },
  closeness: (ctx, out) => setNodeField(out, 'closeness', closeness(ctx.s, { profile: ctx.distances(), weightedPaths: ctx.o.weightedPaths })),
  harmonic: (ctx, out) => setNodeField(out, 'harmonic', harmonic(ctx.s, { profile: ctx.distances(), weightedPaths: ctx.o.weightedPaths })),
  pagerank: (ctx, out) => {
    const r = pagerank(ctx.s, { weighted: ctx.o.weighted });
    ctx.centrality = r.values;
    setNodeField(out, 'pagerank', r.values);
    out.graph.pagerankConverged = r.converged;
  },
  eigenvector: (ctx, out) => {
    const r = eigenvector(ctx.s, { weighted: ctx.o.weighted });
    setNodeField(out, 'eigenvector', r.values);
    out.graph.eigenvectorConverged = r.converged;
  },
  core: (ctx, out) => setNodeField(out, 'core', ctx.core(), true),
  coreperiphery: (ctx, out) => {
    const r = corePeriphery(ctx.s, { weighted: ctx.o.weighted });
    setNodeField(out, 'coreness', r.coreness);
    out.graph.corePeripheryFit = r.fit;
    out.graph.corePeripheryConverged = r.converged;
  },
  clustering: (ctx, out) => {
    setNodeField(out, 'clustering', clustering(ctx.s, ctx.triangles()));
    out.graph.transitivity = finiteOrNull(transitivity(ctx.s, ctx.triangles()));
    out.graph.averageClustering = finiteOrNull(averageClustering(ctx.s, ctx.triangles()));
  },
  constraint: (ctx, out) => setNodeField(out, 'constraint', constraint(ctx.s)),
  effectiveSize: (ctx, out) => setNodeField(out, 'effectiveSize', effectiveSize(ctx.s, { triangles: ctx.triangles() })),
  communities: (ctx, out) => {
    const common = { resolution: ctx.o.resolution, seed: ctx.o.seed, weighted: ctx.o.weighted, tries: louvainTries(ctx.o, ctx.s.n) };
    const leiden = ctx.o.communityMethod === 'leiden' ? leidenCommunities(ctx.s, { ...common, quality: ctx.o.quality }) : null;
    const c = leiden ?? louvainCommunities(ctx.s, common);
    ctx.communities = c;
    for (let v = 0; v < out.nodes.length; v++) out.nodes[v].community = c.membership[v];
    out.graph.communityMethod = ctx.o.communityMethod;
    out.graph.modularity = c.modularity;
    out.graph.communities = c.count;
    out.graph.communitiesSplit = c.split;
    if (leiden) {
      out.graph.quality = { function: leiden.quality, value: leiden.qualityValue };
      out.graph.gammaSeparated = leiden.gammaSeparated;
    }
    out.result.communities = communityProfiles(ctx.s, c.membership, { centrality: ctx.centrality, top: ctx.o.profileSize });
  },
  brokerage: (ctx, out) => {
    const by = ctx.o.group;
    let labels: (string | undefined)[];
    if (by === 'community') {
      const c =
        ctx.communities ?? leidenCommunities(ctx.s, { resolution: ctx.o.resolution, seed: ctx.o.seed, weighted: ctx.o.weighted, quality: ctx.o.quality });
      labels = Array.from(c.membership, String);
    } else if (by === 'region' || by === 'type' || by === 'hub' || by === 'country') {
      labels = ctx.s.nodes.map((n) => n[by]);
    } else {
      labels = ctx.s.nodes.map((n) => {
        const x = n.attrs[by];
        return x === undefined || x === null ? undefined : String(x);
      });
    }
    const r = gouldFernandez(ctx.s, labels);
    for (let v = 0; v < out.nodes.length; v++) {
      out.nodes[v].brokerage = r.counts[v];
      out.nodes[v].brokerageZ = r.z[v];
    }
    out.graph.brokerageGroup = by;
    out.result.brokerage = { group: by, groups: r.groups.length, ...r.graph };
  },
  structure: (ctx, out) => {
    const cut = bridgesAndArticulationPoints(ctx.s);
    out.result.bridges = cut.bridges.map(([u, v]) => [ctx.s.ids[u], ctx.s.ids[v]]);
    out.result.articulationPoints = cut.articulationPoints.map((v) => ctx.s.ids[v]);
    out.result.mixing = { byType: eiIndex(ctx.s, 'type'), byRegion: eiIndex(ctx.s, 'region') };
  },
  assortativity: (ctx, out) => {
    out.graph.degreeAssortativity = finiteOrNull(degreeAssortativity(ctx.s));
    out.graph.assortativityByType = finiteOrNull(attributeAssortativity(ctx.s, 'type'));
    out.graph.assortativityByRegion = finiteOrNull(attributeAssortativity(ctx.s, 'region'));
  },
  paths: (ctx, out) => {
    const d = diameter(ctx.s);
    out.graph.diameter = d.value;
    out.graph.diameterExact = d.exact;
    if (!d.exact) out.graph.diameterUpperBound = d.upperBound;
    const apl = averagePathLength(ctx.s, { profile: ctx.distances(), weightedPaths: ctx.o.weightedPaths });
    out.graph.averagePathLength = finiteOrNull(apl.value);
    out.graph.averagePathLengthOverReachablePairs = apl.disconnected;
  },
  isolation: (ctx, out) => {
    const r = ctx.isolation();
    for (let v = 0; v < out.nodes.length; v++) {
      const e = r.byId.get(out.nodes[v].id);
      out.nodes[v].isolation = e ? { score: e.score, status: e.status } : null;
    }
    out.result.isolation = r.schools.filter((e) => (!ctx.o.region || e.region === ctx.o.region) && (!ctx.o.hub || e.hub === ctx.o.hub));
    out.result.isolationSummary = { isolated: r.isolated, peripheral: r.peripheral, settings: r.settings };
  },
  indicators: (ctx, out) => {
    out.result.indicators = ecosystemIndicators(ctx.s, {
      dataset: ctx.dataset,
      isolation: ctx.isolation(),
      hubDistances: ctx.hubDistances(),
    });
  },
};

/**
 * The whole analysis of a dataset — what `hubgraph analyze` prints. Conventions follow NetworkX
 * (see docs/ARCHITECTURE.md): weights are tie strengths (strength, PageRank, eigenvector, communities,
 * modularity); path metrics count hops unless `weightedPaths` (distance = 1/weight); `weighted: false`
 * ignores weights everywhere. With `at`, the network is the one active on that date.
 */
export async function analyze(dataset: Dataset, options: AnalyzeOptionsInput = {}, onProgress?: (p: AnalyzeProgress) => void): Promise<AnalysisResult> {
  const parsed = AnalyzeOptionsSchema.parse(options);
  if (parsed.communityMethod === 'louvain' && parsed.quality !== 'modularity') throw new Error('Louvain optimises modularity only: use Leiden for CPM');
  const all = ANALYSES.map((a) => a.id);
  const asked = parsed.metrics ? all.filter((m) => parsed.metrics!.includes(m)) : all.filter((m) => DEFAULT_METRICS.includes(m));
  const sliced = parsed.at ? sliceDataset(dataset, { at: parsed.at }) : dataset;
  const s = buildSnapshot(sliced, { weighted: parsed.weighted, shared: asked.includes('betweenness') });
  const history = parsed.at ? sliceDataset(dataset, { to: parsed.at }) : dataset;
  return analyzeBuilt(s, sliced, history, parsed, asked, onProgress);
}

/** Metrics that read the dataset itself (dates, node attributes), not only the snapshot. */
const NEEDS_DATASET: readonly MetricName[] = ['isolation', 'indicators', 'brokerage'];

/** Whether `analyzeSnapshot` can compute these options: no `at` and only metrics that read the snapshot alone. */
export function snapshotOnly(options: AnalyzeOptionsInput): boolean {
  return !options.at && !!options.metrics?.length && options.metrics.every((m) => !NEEDS_DATASET.includes(m));
}

/**
 * `analyze` of a snapshot built without a dataset (a bare edge list read by src/graph/edge-list-csr.ts):
 * the same result as `analyze` of the dataset it stands for, for the options `snapshotOnly` accepts.
 */
export async function analyzeSnapshot(s: Snapshot, options: AnalyzeOptionsInput, onProgress?: (p: AnalyzeProgress) => void): Promise<AnalysisResult> {
  if (!snapshotOnly(options)) throw new Error(`analyzeSnapshot: name metrics without ${NEEDS_DATASET.join(', ')}, and no at`);
  const parsed = AnalyzeOptionsSchema.parse(options);
  const asked = ANALYSES.map((a) => a.id).filter((m) => parsed.metrics!.includes(m));
  const bare: Dataset = { meta: {}, nodes: s.nodes, edges: [] };
  return analyzeBuilt(s, bare, bare, parsed, asked, onProgress);
}

/**
 * `analyze` of a folder read straight into a snapshot (src/graph/folder-csr.ts): the same result as
 * `analyze` of the folder's dataset, without `at` (the reader keeps no dates) and weighted. Besides the
 * snapshot, the metrics read tie records only for affiliations (isolation, indicators), which the reader
 * keeps, and for the mentoring coverage of schools with a maturity, which its files cannot carry.
 */
export async function analyzeFolderSnapshot(
  folder: Pick<FolderSnapshot, 'snapshot' | 'affiliations'>,
  options: AnalyzeOptionsInput = {},
  onProgress?: (p: AnalyzeProgress) => void,
): Promise<AnalysisResult> {
  const parsed = AnalyzeOptionsSchema.parse(options);
  if (parsed.at || !parsed.weighted) throw new Error('analyzeFolderSnapshot: no at, and weighted (load the folder the general way)');
  if (parsed.communityMethod === 'louvain' && parsed.quality !== 'modularity') throw new Error('Louvain optimises modularity only: use Leiden for CPM');
  const all = ANALYSES.map((a) => a.id);
  const asked = parsed.metrics ? all.filter((m) => parsed.metrics!.includes(m)) : all.filter((m) => DEFAULT_METRICS.includes(m));
  const dataset: Dataset = { meta: {}, nodes: folder.snapshot.nodes, edges: folder.affiliations };
  return analyzeBuilt(folder.snapshot, dataset, dataset, parsed, asked, onProgress);
}

async function analyzeBuilt(
  s: Snapshot,
  sliced: Dataset,
  dataset: Dataset,
  parsed: AnalyzeOptions,
  asked: MetricName[],
  onProgress?: (p: AnalyzeProgress) => void,
): Promise<AnalysisResult> {
  // Exact or sampled all-pairs metrics, by the time budget (budget.ts); named metrics are never left out.
  const allPairs = applyAllPairsPlan(s.n, s.m, { ...parsed, threads: parsed.workers ?? defaultWorkerCount() }, asked, parsed.metrics !== undefined);
  const metrics = allPairs.metrics;
  const o: AnalyzeOptions = { ...parsed, samples: allPairs.samples };
  const total = metrics.length + 1;
  onProgress?.({ stage: 'load', done: 0, total, plan: allPairs.plan ?? undefined });
  const ctx = new Context(s, sliced, dataset, o);
  const comps = ctx.components();
  const graph: GraphResult = {
    nodes: s.n,
    edges: s.m,
    density: s.n > 1 ? (2 * s.m) / (s.n * (s.n - 1)) : 0,
    components: comps.count,
    largestComponent: comps.sizes[0] ?? 0,
    settings: {
      metrics,
      weighted: o.weighted,
      weightedPaths: o.weightedPaths,
      communityMethod: o.communityMethod,
      quality: o.quality,
      resolution: o.resolution,
      seed: o.seed,
      louvainTries: louvainTries(o, s.n),
      group: o.group,
      betweenness: o.samples && o.samples < s.n ? { sampled: o.samples } : 'exact',
      at: o.at ?? null,
      recentMonths: o.recentMonths,
      allPairs: allPairs.plan,
      conventions:
        'NetworkX: normalised betweenness, Wasserman–Faust closeness, PageRank α=0.85, unit-L2 eigenvector on the largest component, Burt constraint (unweighted)',
    },
  };
  const nodes: NodeResult[] = s.nodes.map((node) =>
    node.ownType === undefined
      ? { id: node.id, type: node.type, label: node.label ?? null }
      : { id: node.id, type: node.type, ownType: node.ownType, label: node.label ?? null },
  );
  const result: AnalysisResult = { graph, nodes };
  const out: Out = { graph, nodes, result };
  onProgress?.({ stage: 'load', done: 1, total });
  // PageRank first so community profiles can rank members by it.
  const order = metrics.includes('pagerank') ? ['pagerank' as const, ...metrics.filter((m) => m !== 'pagerank')] : metrics;
  let done = 1;
  for (const m of order) {
    await RUNNERS[m](ctx, out);
    onProgress?.({ stage: m, done: ++done, total });
  }
  return result;
}
