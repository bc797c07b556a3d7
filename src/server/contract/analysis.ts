/** The analysis documents (`analyze()` and its views). NaN in the engine is null on the wire. */
import { z } from 'zod';
import { IsolationStatusSchema } from '../../model/vocabulary.ts';
import { NodeRefShape, Num } from './common.ts';

export const ReasonSchema = z.object({ code: z.string(), text: z.string(), weight: z.number() });
export type Reason = z.infer<typeof ReasonSchema>;

export const IsolationEntrySchema = z.object({
  id: z.string(),
  label: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
  hub: z.string().nullable(),
  score: z.number().min(0).max(1),
  status: IsolationStatusSchema,
  reasons: z.array(ReasonSchema),
  teachers: z.number().int(),
  externalTies: z.number().int(),
  hubDistance: z.number().int().nullable(),
  core: z.number().int(),
});
export type IsolationEntry = z.infer<typeof IsolationEntrySchema>;

/** One node's figures: a metric that was not computed is absent, an undefined value is null. */
export const NodeMetricsSchema = z.object({
  ...NodeRefShape,
  /** The user's own type that `type` was mapped from, when the file gave one. */
  ownType: z.string().optional(),
  degree: z.number().optional(),
  strength: z.number().optional(),
  betweenness: Num.optional(),
  closeness: Num.optional(),
  harmonic: Num.optional(),
  pagerank: Num.optional(),
  eigenvector: Num.optional(),
  core: z.number().int().optional(),
  coreness: Num.optional().describe('Borgatti–Everett continuous coreness'),
  clustering: Num.optional(),
  constraint: Num.optional(),
  effectiveSize: Num.optional(),
  community: z.number().int().optional(),
  isolation: z.object({ score: z.number(), status: IsolationStatusSchema }).nullable().optional(),
  brokerage: z
    .record(z.string(), z.number())
    .optional()
    .describe('Gould–Fernandez role counts (coordinator, itinerant, gatekeeper, representative, liaison, total)'),
  brokerageZ: z.record(z.string(), Num).optional().describe('The role counts as z-scores against their expected values'),
});
export type NodeMetrics = z.infer<typeof NodeMetricsSchema>;

const ValueCount = z.object({ value: z.string(), count: z.number().int() }).loose();
export const CommunityProfileSchema = z.object({
  community: z.number().int(),
  size: z.number().int(),
  types: z.array(ValueCount),
  regions: z.array(ValueCount),
  countries: z.array(ValueCount),
  internalTies: z.number().int(),
  internalStrength: z.number(),
  externalTies: z.number().int(),
  density: Num,
  central: z.array(z.object({ id: z.string() }).loose()),
  brokers: z.array(z.object({ id: z.string() }).loose()),
});

export const GraphFiguresSchema = z
  .object({
    nodes: z.number().int(),
    edges: z.number().int(),
    density: Num,
    components: z.number().int(),
    largestComponent: z.number().int(),
    modularity: Num.optional(),
    communities: z.number().int().optional(),
    communityMethod: z.enum(['leiden', 'louvain']).optional(),
    quality: z
      .object({ function: z.enum(['modularity', 'cpm']), value: z.number() })
      .optional()
      .describe('The quality function the community method optimised, and its value'),
    brokerageGroup: z.string().optional().describe('The grouping brokerage roles were counted by'),
    settings: z.object({ metrics: z.array(z.string()), weighted: z.boolean(), weightedPaths: z.boolean(), seed: z.number() }).loose(),
  })
  .catchall(z.union([z.number(), z.boolean(), z.null()]));

const EI = z.object({ external: z.number(), internal: z.number(), index: Num });
export const IndicatorsSchema = z.object({
  key: z.string().nullable(),
  nodes: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  /** Nodes by the user's own type, when some node in the group has one. */
  ownCounts: z.record(z.string(), z.number().int()).optional(),
  ties: z.number().int(),
  density: Num,
  ei: EI.nullable(),
  schools: z.number().int(),
  isolatedSchools: z.number().int(),
  isolatedShare: Num,
  peripheralSchools: z.number().int(),
  crossSector: z.object({ schoolTies: z.number().int(), company: z.number().int(), university: z.number().int(), vet: z.number().int(), share: Num }),
  meanHubDistance: Num,
  schoolsWithoutHub: z.number().int(),
  mentoring: z.object({ lowMaturitySchools: z.number().int(), mentored: z.number().int(), coverage: Num }).nullable(),
});
export type Indicators = z.infer<typeof IndicatorsSchema>;
const OverallIndicators = IndicatorsSchema.extend({ eiByType: Num, eiByRegion: Num, eiByCountry: Num });
export const EcosystemIndicatorsSchema = z.object({
  overall: OverallIndicators,
  regions: z.array(IndicatorsSchema),
  countries: z.array(IndicatorsSchema),
  hubs: z.array(IndicatorsSchema),
});

/** GET …/analysis: the whole `hubgraph analyze` document. */
export const AnalysisSchema = z.object({
  graph: GraphFiguresSchema,
  nodes: z.array(NodeMetricsSchema),
  communities: z.array(CommunityProfileSchema).optional(),
  bridges: z.array(z.tuple([z.string(), z.string()])).optional(),
  articulationPoints: z.array(z.string()).optional(),
  mixing: z.object({ byType: z.unknown(), byRegion: z.unknown() }).optional(),
  isolation: z.array(IsolationEntrySchema).optional(),
  isolationSummary: z.object({ isolated: z.number().int(), peripheral: z.number().int(), settings: z.record(z.string(), z.unknown()) }).optional(),
  indicators: EcosystemIndicatorsSchema.optional(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

export const MetricsTableSchema = z.object({ columns: z.array(z.string()), total: z.number().int(), rows: z.array(NodeMetricsSchema) });
export type MetricsTable = z.infer<typeof MetricsTableSchema>;

export const CommunitySchema = CommunityProfileSchema.extend({ members: z.array(z.string()) });
export type Community = z.infer<typeof CommunitySchema>;
export const CommunitiesSchema = z.object({ modularity: Num, count: z.number().int(), communities: z.array(CommunitySchema) });
export type CommunitiesResult = z.infer<typeof CommunitiesSchema>;

export const IsolationListSchema = z.object({ total: z.number().int(), schools: z.array(IsolationEntrySchema) });
export type IsolationList = z.infer<typeof IsolationListSchema>;

export const IndicatorsViewSchema = z.object({ by: z.enum(['region', 'country', 'hub']), overall: OverallIndicators, groups: z.array(IndicatorsSchema) });
export type IndicatorsView = z.infer<typeof IndicatorsViewSchema>;

const Delta = z.object({ from: Num, to: Num, delta: Num });
const IndicatorDelta = z.object({ key: z.string().nullable() }).catchall(Delta);
const TieChange = z.object({
  source: z.string(),
  target: z.string(),
  type: z.string(),
  weight: z.number(),
  start: z.string().nullable(),
  end: z.string().nullable(),
});
const IsolationChange = z.object({
  id: z.string(),
  label: z.string().nullable(),
  region: z.string().nullable(),
  scoreFrom: z.number(),
  scoreTo: z.number(),
  reasons: z.array(ReasonSchema),
});
const CommunityCount = z.object({ count: z.number().int(), modularity: Num });
/** GET …/analysis/diff: how the network changed between two dates. */
export const TemporalDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  ties: z.object({ atFrom: z.number().int(), atTo: z.number().int(), formed: z.array(TieChange), ended: z.array(TieChange) }),
  isolation: z.object({ isolatedAtFrom: z.number().int(), isolatedAtTo: z.number().int(), joined: z.array(IsolationChange), left: z.array(IsolationChange) }),
  communities: z.object({
    atFrom: CommunityCount,
    atTo: CommunityCount,
    matches: z.array(z.record(z.string(), z.unknown())),
    appeared: z.array(z.number().int()),
    vanished: z.array(z.number().int()),
    moved: z.array(
      z.object({ id: z.string(), label: z.string().nullable(), from: z.number().int(), to: z.number().int(), fromNow: z.number().int().nullable() }),
    ),
  }),
  indicators: z.object({ overall: IndicatorDelta, regions: z.array(IndicatorDelta), countries: z.array(IndicatorDelta), hubs: z.array(IndicatorDelta) }),
});
export type TemporalDiff = z.infer<typeof TemporalDiffSchema>;
