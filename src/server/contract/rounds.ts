import { z } from 'zod';
import { type MatchKind, MatchKindSchema, PairStatusSchema, RoundStatusSchema } from '../../model/vocabulary.ts';
import { AcceptPlanSchema, LeftOutSchema } from '../../model/rounds.ts';
import { ScoringInfoSchema } from '../../model/partner-evaluation.ts';
import { VersionSummarySchema } from './common.ts';

export const RoundSchema = z.object({
  workspace: z.string(),
  number: z.number().int(),
  kind: MatchKindSchema,
  name: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  status: RoundStatusSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  acceptedBy: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  acceptedVersion: z.number().int().nullable(),
  revertedBy: z.string().nullable(),
  revertedAt: z.string().nullable(),
  revertedVersion: z.number().int().nullable(),
  counts: z.record(PairStatusSchema, z.number().int()),
  leftOut: z.array(LeftOutSchema).describe('Targeted schools / teachers in no pair, with the reason in words'),
  scoring: ScoringInfoSchema.optional().describe(
    'Partnership rounds: how the pairs were scored (the learned model or the hand-set weights, as `match partners` reports it), stored with the round; absent when not recorded (mentoring, rounds stored before it was kept)',
  ),
});
export type RoundSummary = z.infer<typeof RoundSchema>;
export const RoundListSchema = z.object({ rounds: z.array(RoundSchema) });

export const PairSchema = z.object({
  left: z.string(),
  right: z.string(),
  score: z.number(),
  explanation: z.unknown().describe('What the matcher said: a sentence, or {text, criteria: [{criterion, value, weight, points, text}]}'),
  status: PairStatusSchema,
  changedBy: z.string(),
  changedAt: z.string(),
  leftName: z.string().optional().describe('Name for people (teachers with their school), from the version the round was made on'),
  rightName: z.string().optional(),
});
export type Pair = z.infer<typeof PairSchema>;

/** A mentee the matcher left without a mentor, and why. */
export const UnmatchedSchema = z.object({ mentee: z.string(), label: z.string(), code: z.string(), reason: z.string() }).loose();
export type Unmatched = z.infer<typeof UnmatchedSchema>;

export const RoundWithPairsSchema = RoundSchema.extend({
  pairs: z.array(PairSchema),
  unmatched: z.array(UnmatchedSchema).optional().describe('Mentoring rounds: mentees left without a mentor, when the round kept them'),
  versionPruned: z
    .string()
    .optional()
    .describe('"version N was pruned on <date>; aggregate only": the version the round was made on is past retention, so pairs read as ids'),
});
export type Round = z.infer<typeof RoundWithPairsSchema>;

export const AcceptedSchema = z.object({ round: RoundSchema, version: VersionSummarySchema, written: z.number().int(), plan: AcceptPlanSchema });
export const RevertedSchema = z.object({ round: RoundSchema, version: VersionSummarySchema, removed: z.number().int() });
export type Accepted = z.infer<typeof AcceptedSchema>;

const NetworkIndicators = z.object({
  isolatedSchools: z.number().int(),
  components: z.number().int(),
  schoolsWithoutHubPath: z.number().int(),
  meanHubDistance: z.number().nullable(),
  crossCommunityTies: z.number().int(),
  crossSectorTies: z.number().int(),
});
export const ImpactSchema = z.object({
  before: NetworkIndicators,
  after: NetworkIndicators,
  delta: z.record(z.string(), z.number().nullable()),
  noLongerIsolated: z.array(z.string()),
  newTies: z.number().int(),
  note: z.string(),
});
export type Impact = z.infer<typeof ImpactSchema>;

/** The config schemas keyed by match kind: the same words as the `kind` of a round's POST body. */
export const MatchConfigSchemasSchema = z.object({
  mentoring: z.record(z.string(), z.unknown()).describe('JSON Schema of the mentoring config'),
  partnership: z.record(z.string(), z.unknown()).describe('JSON Schema of the partnership config'),
} satisfies Record<MatchKind, z.ZodType>);
export type MatchConfigSchemas = z.infer<typeof MatchConfigSchemasSchema>;
