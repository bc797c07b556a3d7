/**
 * What retention keeps of a version that a match round used once the version is past its period
 * (issue 20): counts and a summary of the indicators a report shows, never an id or a name. The
 * round's own pairs stay with the round.
 */
import { z } from 'zod';

const Count = z.number().int().min(0);
/** A share or mean; null where it is undefined (no schools, no hub reached). */
const Figure = z.number().nullable();

/** The headline indicators of one group (the whole network, or one region) as the report shows them. */
export const AggregateIndicatorsSchema = z.object({
  key: z.string().nullable().describe('The region; null for the whole network'),
  nodes: Count,
  ties: Count,
  density: Figure,
  schools: Count,
  isolatedSchools: Count,
  isolatedShare: Figure,
  peripheralSchools: Count,
  crossSectorShare: Figure,
  meanHubDistance: Figure,
  schoolsWithoutHub: Count,
  mentoringCoverage: Figure.describe('Low-maturity schools with a mentor, as a share; null without any'),
});
export type AggregateIndicators = z.infer<typeof AggregateIndicatorsSchema>;

/**
 * One group's indicators as the headline reads them: what the engine computes (NaN where undefined) and
 * what the API sends of it (null there) both fit, so a pruned version's stored headline and a whole
 * version's live one are the same figures.
 */
interface HeadlineSource {
  key: string | null;
  nodes: number;
  ties: number;
  density: number | null;
  schools: number;
  isolatedSchools: number;
  isolatedShare: number | null;
  peripheralSchools: number;
  crossSector: { share: number | null };
  meanHubDistance: number | null;
  schoolsWithoutHub: number;
  mentoring?: { coverage: number | null } | null;
}

const figure = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The headline indicators of one group (pure): what retention stores, and what a comparison reads of a whole version. */
export function headlineIndicators(i: HeadlineSource): AggregateIndicators {
  return {
    key: i.key,
    nodes: i.nodes,
    ties: i.ties,
    density: figure(i.density),
    schools: i.schools,
    isolatedSchools: i.isolatedSchools,
    isolatedShare: figure(i.isolatedShare),
    peripheralSchools: i.peripheralSchools,
    crossSectorShare: figure(i.crossSector.share),
    meanHubDistance: figure(i.meanHubDistance),
    schoolsWithoutHub: i.schoolsWithoutHub,
    mentoringCoverage: figure(i.mentoring?.coverage),
  };
}

export const VersionAggregateSchema = z.object({
  nodes: Count,
  ties: Count,
  nodesByType: z.record(z.string(), Count),
  tiesByType: z.record(z.string(), Count).describe("Ties by the file's own tie type (the built-in kind where none)"),
  nodesByRegion: z.record(z.string(), Count).describe('Nodes with a region; those without are only in `nodes`'),
  indicators: z.object({ overall: AggregateIndicatorsSchema, regions: z.array(AggregateIndicatorsSchema) }),
});
export type VersionAggregate = z.infer<typeof VersionAggregateSchema>;

/** A round that used a pruned version, as tallies: its pairs stay readable as ids on the round itself. */
export const PrunedRoundSchema = z.object({
  number: z.number().int(),
  kind: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  /** How the round used the version: computed on it, accepted into it, or reverted by it. */
  uses: z.array(z.enum(['computed', 'accepted', 'reverted'])),
  pairs: Count,
  counts: z.object({ proposed: Count, accepted: Count, rejected: Count, locked: Count }),
  outcomes: z.object({ recorded: Count, met: Count }).describe('Pair outcomes recorded after the cycle'),
});

/** What the store still holds of a pruned version: its record, its aggregate, and the rounds that used it. */
export const PrunedVersionViewSchema = z.object({
  workspace: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  prunedAt: z.string(),
  note: z.string().describe('"version N was pruned on <date>; aggregate only"'),
  aggregate: VersionAggregateSchema,
  rounds: z.array(PrunedRoundSchema),
});
export type PrunedVersionView = z.infer<typeof PrunedVersionViewSchema>;
