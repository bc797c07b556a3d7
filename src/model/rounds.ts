/**
 * Shapes of a match round's lifecycle that the store writes, the API answers with and the web shows:
 * who was left out and why, and what accepting a round would write.
 */
import { z } from 'zod';
import { MatchKindSchema } from './vocabulary.ts';

/** A targeted school or teacher that is in no pair: `ineligible` (outside the rules) or `unmatched`. */
export const LeftOutSchema = z.object({
  id: z.string(),
  name: z.string().describe('Label, with the school for teachers'),
  kind: z.enum(['ineligible', 'unmatched']),
  code: z.string().describe('Machine-readable reason, e.g. maturity-between, no-feasible-mentor'),
  reason: z.string().describe('The reason in words'),
  relax: z.string().optional().describe('The rule a rerun can relax for them (config rules.relax)'),
});
export type LeftOut = z.infer<typeof LeftOutSchema>;

export const PROPOSED_CHOICES = ['accept', 'leave'] as const;
/** What to do with pairs still `proposed` when the round is accepted: accept them all, or leave them out. */
export const ProposedChoiceSchema = z.enum(PROPOSED_CHOICES);
export type ProposedChoice = z.infer<typeof ProposedChoiceSchema>;

export const DROP_CODES = ['left-proposed', 'node-gone', 'already-tied', 'left-full', 'right-taken'] as const;

export const PlannedTieSchema = z.object({
  left: z.string(),
  right: z.string(),
  leftName: z.string(),
  rightName: z.string(),
  /** The pair's status before accepting (`proposed` ones become `accepted` when the choice is accept). */
  status: z.enum(['accepted', 'locked', 'proposed']),
  score: z.number(),
});
export const DroppedPairSchema = PlannedTieSchema.extend({
  code: z.enum(DROP_CODES),
  /** Why, in words, e.g. "already tied by a mentoring tie accepted in round 2 (2025-02-01)". */
  reason: z.string(),
});
export const AcceptPlanSchema = z.object({
  round: z.number().int(),
  kind: MatchKindSchema,
  /** Version the round was computed on, and the current one the ties go on top of. */
  roundVersion: z.number().int(),
  currentVersion: z.number().int(),
  /** The data changed since the round was made: its pairs were re-checked against the current version. */
  stale: z.boolean(),
  date: z.string(),
  proposed: ProposedChoiceSchema,
  write: z.array(PlannedTieSchema),
  dropped: z.array(DroppedPairSchema),
  rejected: z.number().int(),
  /** One line for people: what is written and what is not. */
  summary: z.string(),
});
export type PlannedTie = z.infer<typeof PlannedTieSchema>;
export type DroppedPair = z.infer<typeof DroppedPairSchema>;
export type AcceptPlan = z.infer<typeof AcceptPlanSchema>;

// Closing the loop after a cycle (src/store/round-outcomes.ts records and reads them).
export const PairOutcomeInputSchema = z
  .object({
    left: z.string().min(1),
    right: z.string().min(1),
    met: z.boolean().describe('Whether the pair met during the cycle'),
    rating: z.number().int().min(1).max(5).optional().describe('How it went, 1 (poorly) to 5 (very well)'),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type PairOutcomeInput = z.infer<typeof PairOutcomeInputSchema>;

export const PairOutcomeSchema = PairOutcomeInputSchema.extend({ round: z.number().int(), recordedBy: z.string(), recordedAt: z.string() });
export type PairOutcome = z.infer<typeof PairOutcomeSchema>;

const IsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'a real calendar date');
export const MaturityInputSchema = z
  .object({
    node: z.string().min(1).describe('Id of the school (or teacher)'),
    value: z.number().min(1).max(5).describe('Maturity self-assessment, 1–5'),
    date: IsoDay.describe('When it was assessed'),
  })
  .strict();
export type MaturityInput = z.infer<typeof MaturityInputSchema>;
export const MaturityAssessmentSchema = MaturityInputSchema.extend({ recordedBy: z.string(), recordedAt: z.string() });
export type MaturityAssessment = z.infer<typeof MaturityAssessmentSchema>;

export const MaturityChangeSchema = z.object({
  groups: z.array(
    z.object({
      group: z.enum(['mentees', 'others']),
      schools: z.number().int().describe('Schools with a baseline and a later assessment'),
      meanChange: z.number().nullable(),
    }),
  ),
  schools: z.array(z.object({ id: z.string(), group: z.enum(['mentees', 'others']), before: z.number(), after: z.number(), date: z.string() })),
  note: z.string(),
});
export type MaturityChange = z.infer<typeof MaturityChangeSchema>;
