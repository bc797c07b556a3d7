import { z } from 'zod';

/** Kinds of actor in a learning and innovation ecosystem (see docs/ARCHITECTURE.md). */
export const NODE_TYPES = ['school', 'teacher', 'company', 'university', 'vet', 'research', 'hub', 'public', 'community', 'project', 'other'] as const;
export const NodeTypeSchema = z.enum(NODE_TYPES);
export type NodeType = z.infer<typeof NodeTypeSchema>;

/** Kinds of tie. `mentoring` is directed (source mentors target); `affiliation` points person → organisation. */
export const EDGE_TYPES = ['affiliation', 'mentoring', 'partnership', 'participation', 'collaboration', 'cocreation'] as const;
export const EdgeTypeSchema = z.enum(EDGE_TYPES);
export type EdgeType = z.infer<typeof EdgeTypeSchema>;

/** Organisations that count as an education partner outside the school sector. */
export const EDUCATION_PARTNER_TYPES: readonly NodeType[] = ['university', 'vet', 'research'];
/** Node types that are people: pseudonymised for viewers and in exports on request. */
export const PERSON_TYPES: readonly NodeType[] = ['teacher'];
/** Multi-valued attributes: lists in the model, `;`-separated in CSV. */
export const LIST_FIELDS = ['levels', 'subjects', 'themes', 'languages'] as const;

/** Kinds of matching round; the same words as the edge types the accepted pairs become. */
export const MATCH_KINDS = ['mentoring', 'partnership'] as const;
export const MatchKindSchema = z.enum(MATCH_KINDS);
export type MatchKind = z.infer<typeof MatchKindSchema>;

/** A proposed pair's status: `locked` pairs stay in reruns; `accepted` and `locked` become ties. */
export const PAIR_STATUSES = ['proposed', 'accepted', 'rejected', 'locked'] as const;
export const PairStatusSchema = z.enum(PAIR_STATUSES);
export type PairStatus = z.infer<typeof PairStatusSchema>;

/** A round is open until accepted; accepting writes its pairs as a new dataset version. */
export const ROUND_STATUSES = ['open', 'accepted', 'reverted'] as const;
export const RoundStatusSchema = z.enum(ROUND_STATUSES);
export type RoundStatus = z.infer<typeof RoundStatusSchema>;

/** How the isolation scan classes a school. */
export const ISOLATION_STATUSES = ['isolated', 'peripheral', 'connected'] as const;
export const IsolationStatusSchema = z.enum(ISOLATION_STATUSES);
export type IsolationStatus = z.infer<typeof IsolationStatusSchema>;

/** Types that count as a partner near a school in the isolation scan ("no partner within two steps"). */
export const SCHOOL_PARTNER_TYPES: readonly NodeType[] = ['company', 'university', 'vet', 'research', 'hub'];
/** Organisations on the partner side of partnership matching (they get partner suggestions, schools get mentors). */
export const PARTNER_SIDE_TYPES: readonly NodeType[] = ['company', 'university', 'vet', 'research'];

/** API roles, ordered: a higher role may do everything a lower one may. */
export const ROLES = ['viewer', 'coordinator', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/**
 * The network figures a match's impact compares before and after (src/match/impact.ts), in the order
 * and words the report, the CLI and the matching view show them; `higherIsBetter` colours a change.
 */
export const IMPACT_INDICATORS = [
  { key: 'isolatedSchools', label: 'Isolated schools', higherIsBetter: false },
  { key: 'schoolsWithoutHubPath', label: 'Schools with no path to a hub', higherIsBetter: false },
  { key: 'meanHubDistance', label: 'Steps to a hub', higherIsBetter: false },
  { key: 'crossCommunityTies', label: 'Ties across communities', higherIsBetter: true },
  { key: 'crossSectorTies', label: 'Cross-sector ties', higherIsBetter: true },
  { key: 'components', label: 'Components', higherIsBetter: false },
] as const;

/**
 * The file formats hubgraph exports, in menu order (src/io/export.ts writes them; the CLI's `--to`,
 * the API's `format`, OpenAPI and the map's Export menu list them from here): the download's file
 * extension and media type (GML, Pajek and GDF have no registered one), and the tools it is for.
 */
export const EXPORT_FORMATS = ['csv', 'json', 'gexf', 'graphml', 'gml', 'pajek', 'gdf'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;
export const EXPORT_FORMAT_INFO: Readonly<Record<ExportFormat, { label: string; ext: string; mediaType: string; for: string }>> = {
  csv: { label: 'CSV', ext: 'csv', mediaType: 'text/csv', for: 'spreadsheets, Kumu, Gephi’s data laboratory' },
  json: { label: 'JSON', ext: 'json', mediaType: 'application/json', for: 'hubgraph' },
  gexf: { label: 'GEXF', ext: 'gexf', mediaType: 'application/gexf+xml', for: 'Gephi' },
  graphml: { label: 'GraphML', ext: 'graphml', mediaType: 'application/graphml+xml', for: 'yEd, igraph, NetworkX' },
  gml: { label: 'GML', ext: 'gml', mediaType: 'text/plain', for: 'NetworkX, igraph, Cytoscape' },
  pajek: {
    label: 'Pajek',
    ext: 'net',
    mediaType: 'text/plain',
    for: 'Pajek, igraph, NetworkX (ids, ties, weights, positions, Pajek colours, shapes and tie labels)',
  },
  gdf: { label: 'GDF', ext: 'gdf', mediaType: 'text/plain', for: 'Gephi, GUESS (without the dataset meta: GDF has no place for it)' },
};
/**
 * How a two-mode network (src/model/two-mode.ts) is written as Pajek: `two` (default) as `*Vertices n n1`,
 * which Pajek and igraph read as modes and NetworkX's read_pajek refuses; `one` as `*Vertices n`, which
 * every reader reads, the modes unmarked. The export routes' `pajekModes` and their `X-Pajek-Modes`
 * answer (what was written: `two` only when the file is two-mode).
 */
export const PAJEK_MODES = ['two', 'one'] as const;
export const PajekModesSchema = z.enum(PAJEK_MODES);
export type PajekModes = z.infer<typeof PajekModesSchema>;
export const PAJEK_MODES_HEADER = 'X-Pajek-Modes';

/**
 * The pair signals of partner suggestions, in the order src/match/signals.ts computes and the learned
 * model lists them (link scores, activity, recency, affinity, attributes, walks).
 */
export const PARTNER_SIGNALS = [
  'commonNeighbours',
  'jaccard',
  'adamicAdar',
  'resourceAllocation',
  'preferentialAttachment',
  'recency',
  'strength',
  'recentActivity',
  'typeAffinity',
  'countryAffinity',
  'themes',
  'complementarity',
  'proximity',
  'partnerDegree',
  'partnerActivity',
  'katz',
  'ppr',
] as const;
export type PartnerSignal = (typeof PARTNER_SIGNALS)[number];

/** The signals in a programme lead's words: the suggestions' explanations and the web's "how these were scored" both use them. */
export const PARTNER_SIGNAL_WORDS: Record<PartnerSignal, string> = {
  commonNeighbours: 'common contacts',
  jaccard: 'overlap of contacts',
  adamicAdar: 'specific common contacts',
  resourceAllocation: 'exclusive common contacts',
  preferentialAttachment: 'how active both are',
  recency: 'recent ties to common contacts',
  recentActivity: 'how active both were lately',
  strength: 'repeated work with common contacts',
  typeAffinity: 'how often this type of partner works with companies',
  countryAffinity: 'the country pattern of past ties',
  themes: 'shared themes',
  complementarity: 'the partner type the themes need',
  proximity: 'proximity',
  partnerDegree: 'how many ties the partner has',
  partnerActivity: 'how active the partner was lately',
  katz: 'short paths through the network',
  ppr: 'random walks from the company reaching the partner',
};

/** The baselines `match evaluate` sets our score against (preferential attachment and Adamic–Adar are signals too). */
export const EVALUATION_BASELINES = ['preferentialAttachment', 'adamicAdar', 'random'] as const;

/**
 * The scores `match evaluate` judges, in the order it reports them: ours (combined, and the
 * hand-weighted sum), the baselines, then each other signal alone.
 */
export const EVALUATED_SCORES = [
  'combined',
  'weighted',
  ...EVALUATION_BASELINES,
  ...PARTNER_SIGNALS.filter(
    (s): s is Exclude<PartnerSignal, (typeof EVALUATION_BASELINES)[number]> => !(EVALUATION_BASELINES as readonly string[]).includes(s),
  ),
] as const;
export const EvaluatedScoreSchema = z.enum(EVALUATED_SCORES);
export type EvaluatedScore = z.infer<typeof EvaluatedScoreSchema>;
