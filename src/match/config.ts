import { z } from 'zod';
import { NodeTypeSchema, PARTNER_CHOICES, PARTNER_OBJECTIVES } from '../model/index.ts';
import { PARTNER_LEARNERS, TreesSettingsSchema } from '../model/partner-trees.ts';
import { PprOptionsSchema } from './ppr.ts';
import { SIGNALS } from './signals.ts';

/**
 * Matching configuration, validated with zod; every field has a documented default so `{}` is a
 * valid config. The web form is generated from the JSON Schema (`mentorConfigJsonSchema`).
 * Nested objects use `prefault` so their inner defaults apply when the object is omitted.
 * Descriptions do not repeat the default: the CLI help (src/cli/schema-options.ts) and the form add it.
 */

/** Whether two organisations must share an attribute (`same`), must differ (`different`), or either (`any`). */
export const SameRuleSchema = z.enum(['any', 'same', 'different']).describe('any | same | different');

/** Rules a lead can relax for named mentees only ("relax this rule for these schools"). */
export const RELAXABLE_RULES = ['mentee-maturity', 'maturity-gap', 'school-level', 'language', 'hub', 'country', 'region', 'distance', 'earlier-tie'] as const;
export const RelaxRuleSchema = z
  .object({
    rule: z.enum(RELAXABLE_RULES).describe('mentee-maturity lets them be mentees whatever their maturity; the others waive that pair rule for them'),
    ids: z.array(z.string().min(1)).min(1).describe('Mentee ids the rule is relaxed for'),
  })
  .strict();

/** An ordered pair of node ids; the titles name the sides for the web form's node pickers. */
const idPair = (left: string, right: string) =>
  z
    .tuple([z.string().min(1).meta({ title: left }), z.string().min(1).meta({ title: right })])
    .describe(`[${left.toLowerCase()} id, ${right.toLowerCase()} id]`);
const IdPair = idPair('Mentor', 'Mentee');

export const MentorRulesSchema = z.object({
  minMaturityGap: z
    .number()
    .min(0)
    .max(4)
    .default(1)
    .describe('Mentor maturity − mentee maturity must be at least this.')
    .meta({ title: 'Minimum maturity gap' }),
  sameSchoolLevel: z.boolean().default(false).describe('Mentor and mentee must share a school level, e.g. primary.').meta({ title: 'Same school level' }),
  sharedLanguage: z.boolean().default(true).describe('Must share a language when both list languages.').meta({ title: 'Shared language' }),
  hub: SameRuleSchema.default('any').describe('Same or different regional hub.'),
  country: SameRuleSchema.default('any').describe('Same or different country.'),
  region: SameRuleSchema.default('any').describe('Same or different region.'),
  maxDistanceKm: z
    .number()
    .positive()
    .optional()
    .describe('Largest distance in km when both have coordinates (default none).')
    .meta({ title: 'Maximum distance (km)' }),
  allowSameSchool: z
    .boolean()
    .default(false)
    .describe('Teacher level: allow a mentor from the mentee’s own school.')
    .meta({ title: 'Allow a mentor from the same school' }),
  excludePairs: z.array(IdPair).default([]).describe('Pairs that must not be matched.').meta({ title: 'Excluded pairs' }),
  excludeMentors: z.array(z.string().min(1)).default([]).describe('Ids that must not mentor.').meta({ title: 'Excluded mentors' }),
  lockedPairs: z.array(IdPair).default([]).describe('Pairs that must stay; they use the mentor’s capacity.').meta({ title: 'Locked pairs' }),
  noRepeat: z.boolean().default(true).describe('Exclude pairs already tied by a mentoring edge.').meta({ title: 'No repeat of earlier ties' }),
  relax: z.array(RelaxRuleSchema).default([]).describe('Rules relaxed for some mentees only (default none).').meta({ title: 'Relaxed rules' }),
});

export const MentorWeightsSchema = z.object({
  subjects: z.number().min(0).default(1).describe('Share of the mentee’s subjects the mentor also has.'),
  maturityGap: z.number().min(0).default(1).describe('Closeness of the maturity gap to the ideal gap.'),
  proximity: z.number().min(0).default(0.5).describe('Distance (haversine) when coordinates exist, else same region / country.'),
  isolation: z.number().min(0).default(1).describe('Mentee’s isolation score: priority for isolated schools.'),
  bridging: z.number().min(0).default(0.5).describe('Mentor and mentee in different network communities.'),
  centrality: z.number().min(0).default(0.25).describe('Mentor’s PageRank relative to the best-placed mentor.'),
});

export const MentorConfigSchema = z.object({
  level: z.enum(['school', 'teacher']).default('school').describe('Match schools with schools or teachers with teachers.'),
  mentorMinMaturity: z.number().min(1).max(5).default(4).describe('Mentors have maturity ≥ this.').meta({ title: 'Minimum mentor maturity' }),
  menteeMaxMaturity: z.number().min(1).max(5).default(2).describe('Mentees have maturity ≤ this.').meta({ title: 'Maximum mentee maturity' }),
  idealMaturityGap: z.number().min(0).max(4).default(2).describe('The gap that scores best.').meta({ title: 'Ideal maturity gap' }),
  distanceScaleKm: z.number().positive().default(50).describe('Proximity halves every this many km.').meta({ title: 'Distance scale (km)' }),
  defaultCapacity: z
    .number()
    .int()
    .min(0)
    .default(1)
    .describe('Mentees per mentor when its capacity attribute is missing.')
    .meta({ title: 'Default mentor capacity' }),
  maxCardinality: z
    .boolean()
    .default(true)
    .describe('Match as many mentees as possible first, then maximise score.')
    .meta({ title: 'As many pairs as possible first' }),
  maxCandidates: z
    .number()
    .int()
    .min(1)
    .default(200)
    .describe('Best-scoring feasible mentors kept per mentee.')
    .meta({ title: 'Candidate mentors kept per mentee' }),
  maturityOverrides: z
    .record(z.string(), z.number().min(1).max(5))
    .default({})
    .describe('Maturity to use instead of the data’s, by id, e.g. the latest self-assessments (default none).'),
  rules: MentorRulesSchema.prefault({}),
  weights: MentorWeightsSchema.prefault({}),
});
export type MentorConfig = z.infer<typeof MentorConfigSchema>;
export type MentorConfigInput = z.input<typeof MentorConfigSchema>;

export const LINK_SCORES = ['commonNeighbours', 'jaccard', 'adamicAdar', 'resourceAllocation'] as const;
export const LinkScoreSchema = z.enum(LINK_SCORES);
export type LinkScore = z.infer<typeof LinkScoreSchema>;

export const PartnerWeightsSchema = z.object({
  themes: z.number().min(0).default(1).describe('Share of the company’s themes the partner lists (themes or subjects).'),
  complementarity: z.number().min(0).default(0.5).describe('The partner’s type suits the company’s themes.'),
  proximity: z.number().min(0).default(0.5).describe('Distance when coordinates exist, else same region / country.'),
  network: z.number().min(0).default(1).describe('Link-prediction score (see linkScore), squashed to [0, 1) by x / (1 + x).'),
});

export const PartnerLearningSchema = z
  .object({
    population: z
      .enum(['organisations', 'company-partner'])
      .default('organisations')
      .describe(
        'Pairs the model learns from: every pair of organisations (default; many more examples, the types are a signal) or company–partner pairs only.',
      ),
    horizonYears: z
      .number()
      .positive()
      .default(1)
      .describe('Training predicts the ties of the last this many years before the split from the ties before them.'),
    negativesPerPositive: z.number().int().min(1).default(20).describe('Untied pairs sampled per tie that formed, for training.'),
    maxTrainingPairs: z
      .number()
      .int()
      .min(100)
      .default(100000)
      .describe('Training rows at most per training window; at most a fifth are ties that formed, sampled under the seed.'),
    objective: z
      .enum(PARTNER_OBJECTIVES)
      .default('pairs')
      .describe(
        'pairs: a logistic regression over all training pairs; per-organisation: a conditional logit over each organisation’s own candidates (what a top-k list per organisation needs); lambda: a linear LambdaRank, pairs within an organisation weighted by how much swapping them moves its recall@rankAt; two-part: P(the company forms a new tie) from its own activity × P(this partner | it forms one) from `choice`, normalised over its candidates.',
      ),
    choice: z
      .enum(PARTNER_CHOICES)
      .default('per-organisation')
      .describe('With objective two-part: the model of which candidate an organisation chooses (the conditional logit or LambdaRank above).'),
    windows: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(1)
      .describe(
        'Consecutive training windows of horizonYears each, back from the split: each window’s signals come from the ties before it, its labels are the ties formed in it; the rows are pooled.',
      ),
    rankAt: z.number().int().min(1).default(20).describe('The top-k cut-off the lambda objective weighs pairs by.'),
    features: z
      .array(z.enum(SIGNALS))
      .min(1)
      .optional()
      .describe(
        'Signals the model uses (default: adamicAdar, preferentialAttachment, typeAffinity, countryAffinity, themes, complementarity, partnerActivity, and proximity only with coordinates; chosen on CORDIS data, docs/partners.md).',
      ),
    select: z
      .enum(['fixed', 'inner'])
      .default('fixed')
      .describe(
        'fixed: the model of `objective` and `features`; inner: chooses among three model families (src/match/partners-inner.ts) by recall@20 on the data’s own last horizon before the split, then trains the winner (`objective` and `features` are then not used).',
      ),
    l2: z.number().min(0).default(1).describe('L2 penalty of the logistic regression on standardised signals.'),
    seed: z.number().int().default(1).describe('Seed of the negative sampling: the same seed gives the same model.'),
    learner: z
      .enum(PARTNER_LEARNERS)
      .default('linear')
      .describe(
        'linear: the models of `objective` on the signals; trees: gradient-boosted trees (`trees`) on the same rows, with objective pairs (logistic loss) or lambda (LambdaMART).',
      ),
    trees: TreesSettingsSchema.prefault({}).describe('The gradient-boosted trees’ settings (with learner trees).'),
  })
  .superRefine((l, ctx) => {
    if (l.learner !== 'trees') return;
    if (l.select === 'inner')
      ctx.addIssue({ code: 'custom', path: ['learner'], message: 'learner trees does not combine with select inner (its families are linear models)' });
    else if (l.objective !== 'pairs' && l.objective !== 'lambda')
      ctx.addIssue({
        code: 'custom',
        path: ['learner'],
        message: `learner trees needs objective pairs (logistic loss) or lambda (LambdaMART), not ${l.objective}`,
      });
  });

export const PartnerConfigSchema = z.object({
  scoring: z
    .enum(['learned', 'weights'])
    .default('learned')
    .describe(
      'learned: a logistic regression trained on the data’s own earlier ties (falls back to weights when too few ties formed); weights: the hand-set weights below.',
    ),
  learning: PartnerLearningSchema.prefault({}),
  recencyHalfLifeYears: z.number().positive().default(2).describe('A tie to a common contact counts half as much every this many years.'),
  katzBeta: z
    .number()
    .positive()
    .max(0.5)
    .default(0.05)
    .describe('Damping of the truncated Katz signal: a walk of length l counts β^l (walks of length 2 and 3).'),
  ppr: PprOptionsSchema.prefault({}).describe('The personalised PageRank signal (random walk with restart from the company, src/match/ppr.ts).'),
  companyTypes: z.array(NodeTypeSchema).default(['company']).describe('Types on the company side.'),
  partnerTypes: z.array(NodeTypeSchema).default(['school', 'vet', 'university']).describe('Types on the education side.'),
  linkScore: LinkScoreSchema.default('adamicAdar').describe('Link-prediction score used in the combined score.'),
  /** Which partner types suit a theme; themes not listed use `typeAffinity`. */
  themeNeeds: z.record(z.string(), z.array(NodeTypeSchema)).default({}).describe('Theme → partner types that suit it (e.g. {"AI": ["university"]}).'),
  typeAffinity: z
    .record(z.string(), z.number().min(0).max(1))
    .default({ vet: 1, university: 0.8, research: 0.8, school: 0.6 })
    .describe('Complementarity of a partner type when no theme names a need.'),
  distanceScaleKm: z.number().positive().default(50).describe('Proximity halves every this many km.').meta({ title: 'Distance scale (km)' }),
  region: SameRuleSchema.default('any').describe('Same or different region.'),
  country: SameRuleSchema.default('any').describe('Same or different country.'),
  excludePairs: z.array(idPair('Company', 'Partner')).default([]).describe('[company id, partner id] pairs that must not be proposed.'),
  top: z.number().int().min(1).default(5).describe('Suggestions listed per organisation.'),
  maxCandidates: z
    .number()
    .int()
    .min(1)
    .default(50)
    .describe(
      'Best candidates kept per company for suggestions and the global pairing (at least `top`): bounds memory on national graphs; the pairing is optimal over the kept pairs.',
    ),
  defaultCapacity: z.number().int().min(0).default(2).describe('Assignments a company hosts when its capacity attribute is missing.'),
  partnerCapacity: z.number().int().min(0).default(1).describe('Companies per education partner in the global pairing.'),
  weights: PartnerWeightsSchema.prefault({}),
});
export type PartnerConfig = z.infer<typeof PartnerConfigSchema>;
export type PartnerConfigInput = z.input<typeof PartnerConfigSchema>;

/** JSON Schemas (draft 2020-12) of the configs, as the web form consumes them (input side: defaults optional). */
export function mentorConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(MentorConfigSchema, { io: 'input' }) as Record<string, unknown>;
}
export function partnerConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PartnerConfigSchema, { io: 'input' }) as Record<string, unknown>;
}
