/**
 * What `match evaluate` (and POST …/partners/evaluate) answers: the temporal hold-out of partner
 * suggestions, one zod schema per part so the engine, the CLI's --json, the API and the web share
 * one contract (types by z.infer). Here in the model because the API contract may import only it.
 */
import { z } from 'zod';
import { TreesSettingsSchema } from './partner-trees.ts';
import { EvaluatedScoreSchema } from './vocabulary.ts';

/** The learned score's objectives (learning.objective) and the two-part model's choice part (learning.choice). */
export const PARTNER_OBJECTIVES = ['pairs', 'per-organisation', 'lambda', 'two-part'] as const;
export const PARTNER_CHOICES = ['per-organisation', 'lambda'] as const;

const IntervalSchema = z.tuple([z.number(), z.number()]).describe('[2.5 %, 97.5 %] percentiles of the resampled values');

export const RatioIntervalSchema = z.object({
  /** The baseline the ratio is taken to: the better of preferential attachment and Adamic–Adar at the point estimate. */
  baseline: z.string(),
  point: z.number().nullable(),
  interval: IntervalSchema.nullable(),
  /** Resamples in which the baseline's figure was 0 are left out of the ratio's interval. */
  resamplesUsed: z.number().int().min(0),
});

export const EvaluationBootstrapSchema = z.object({
  resamples: z.number().int().min(1),
  seed: z.number().int(),
  level: z.literal(0.95),
  /** Companies with a new tie: what is resampled, with replacement. */
  companies: z.number().int().min(1),
  method: z.string(),
  scores: z.array(z.object({ score: EvaluatedScoreSchema, recallAtK: IntervalSchema, precisionAtK: IntervalSchema, auc: IntervalSchema.nullable() })),
  ratio: z.object({ recallAtK: RatioIntervalSchema, auc: RatioIntervalSchema }),
});
export type EvaluationBootstrap = z.infer<typeof EvaluationBootstrapSchema>;

/** What every learned model reports: its training windows and rows, its objective, the inner validation's choice if any. */
const LearnedModelBase = {
  t0: z.string(),
  until: z.string(),
  positives: z.number().int(),
  negatives: z.number().int(),
  objective: z.enum(PARTNER_OBJECTIVES),
  windows: z.number().int(),
  /** The model family chosen by inner temporal validation (`learning.select: inner`) and each family's recall@20 there. */
  inner: z
    .object({
      family: z.string(),
      window: z.string(),
      companies: z.number().int(),
      newTies: z.number().int(),
      results: z.array(z.object({ name: z.string(), recall: z.number().nullable() })),
    })
    .optional(),
};

/** How the combined score was made: a model learned on the data's own earlier window (linear or trees, `learning.learner`), or the hand-set weights. */
export const ScoringInfoSchema = z.object({
  kind: z.enum(['learned', 'weights']),
  /** Why weights were used although learned was asked for. */
  fallback: z.string().optional(),
  /**
   * Kind weights: the hand-set weight of each signal in the combined score, keyed by signal
   * (PARTNER_SIGNALS: themes, complementarity, proximity, and the config's linkScore, which counts
   * squashed to [0, 1) by x / (1 + x)). Absent in results made before it was recorded.
   */
  weights: z.record(z.string(), z.number()).optional(),
  model: z
    .discriminatedUnion('learner', [
      z.object({
        learner: z.literal('linear'),
        ...LearnedModelBase,
        coefficients: z.record(z.string(), z.number()),
        intercept: z.number(),
        /** Two-part: the choice part's objective (`coefficients` are its), and the propensity's coefficients on the organisation's own inputs. */
        choice: z.enum(PARTNER_CHOICES).optional(),
        propensity: z.object({ coefficients: z.record(z.string(), z.number()), intercept: z.number() }).optional(),
      }),
      z.object({
        learner: z.literal('trees'),
        ...LearnedModelBase,
        trees: TreesSettingsSchema,
        /** The score (log-odds) before any split; each pair's signal contributions add up to its score − base. */
        base: z.number(),
        /** Each signal's share of the trees' total split gain (they sum to 1; 0 when nothing split). */
        importance: z.record(z.string(), z.number()),
      }),
    ])
    .optional(),
});
export type ScoringInfo = z.infer<typeof ScoringInfoSchema>;

export const ScoreEvaluationSchema = z.object({
  /** combined, weighted, preferentialAttachment, adamicAdar, random, then each signal alone (EVALUATED_SCORES). */
  score: EvaluatedScoreSchema,
  role: z.enum(['ours', 'baseline', 'signal']),
  /** Mean over companies with a new tie of the share of their new ties in their top k. */
  recallAtK: z.number().nullable(),
  /** Mean over the same companies of the share of their top k that did tie. */
  precisionAtK: z.number().nullable(),
  /** Probability that a pair that tied outscores one that did not (ties count ½); null without both kinds. */
  auc: z.number().nullable(),
});
export type ScoreEvaluation = z.infer<typeof ScoreEvaluationSchema>;

export const PopulationEvaluationSchema = z.object({
  /** established: both organisations had a tie before the split (the standard protocol); all: every untied pair. */
  population: z.enum(['established', 'all']),
  candidates: z.number().int(),
  newTies: z.number().int(),
  /** Companies with at least one new tie (the ones recall@k averages over). */
  companies: z.number().int(),
  scores: z.array(ScoreEvaluationSchema),
});
export type PopulationEvaluation = z.infer<typeof PopulationEvaluationSchema>;

export const PartnerEvaluationSchema = z.object({
  split: z.string(),
  k: z.number().int().min(1),
  /** co-organisation: organisations tied directly; participation: organisations tied through shared projects. */
  form: z.enum(['co-organisation', 'participation']),
  trainTies: z.number().int(),
  scoring: ScoringInfoSchema,
  /** Headline (the established population), kept at the top level. */
  candidates: z.number().int(),
  newTies: z.number().int(),
  scores: z.array(ScoreEvaluationSchema),
  populations: z.array(PopulationEvaluationSchema),
  /** Present when there were more companies than `maxCompanies`: the figures are over a seeded sample of them, each against every allowed partner. */
  sample: z.object({ companies: z.number().int().min(1), of: z.number().int().min(1), seed: z.number().int() }).optional(),
  /** 95 % intervals of the headline figures (`bootstrap` resamples of the companies with a new tie); absent with `bootstrap: 0` or no new tie. */
  bootstrap: EvaluationBootstrapSchema.optional(),
  note: z.string(),
});
export type PartnerEvaluation = z.infer<typeof PartnerEvaluationSchema>;

/**
 * Companies with a new tie after a split: those forming a company–partner tie on or after it with a
 * partner, both organisations tied before it (the headline population, what recall@k averages over
 * and the bootstrap resamples). Over every company, before any `maxCompanies` sample.
 */
export const SplitCountSchema = z.object({ split: z.string(), companies: z.number().int().min(0) });
export type SplitCount = z.infer<typeof SplitCountSchema>;

/** Below this many companies with a new tie the bootstrap intervals are wide: the default split leaves at least this many where the data allows. */
export const MIN_SPLIT_COMPANIES = 30;

/**
 * The default split from the companies each 1 January boundary leaves (`years`): the latest with at
 * least `min` companies forming a new tie after it, else the one with the most (the latest of equals);
 * null without a boundary. One function for the CLI, the API and the web panel.
 */
export function chooseSplit(years: readonly SplitCount[], min = MIN_SPLIT_COMPANIES): (SplitCount & { reason: string }) | null {
  if (!years.length) return null;
  const latest = (a: SplitCount, b: SplitCount) => (b.split > a.split ? b : a);
  const enough = years.filter((y) => y.companies >= min);
  if (enough.length) {
    const y = enough.reduce(latest);
    return { ...y, reason: `latest year with ≥ ${min} companies forming a new tie after it (${y.companies} after ${y.split})` };
  }
  const y = years.reduce((a, b) => (b.companies > a.companies ? b : b.companies === a.companies ? latest(a, b) : a));
  return {
    ...y,
    reason: `no year leaves ≥ ${min} companies forming a new tie after it; ${y.split} leaves the most (${y.companies})`,
  };
}

/** What a split that leaves fewer than `min` companies with a new tie is warned with: the figure, and the better split when there is one. */
export function splitWarning(asked: SplitCount, years: readonly SplitCount[], min = MIN_SPLIT_COMPANIES): string | undefined {
  if (asked.companies >= min) return undefined;
  const better = chooseSplit(years, min);
  const instead =
    better && better.companies > asked.companies
      ? `; split ${better.split} leaves ${better.companies}${better.companies >= min ? ` (the latest 1 January with ≥ ${min})` : ' (the most of any 1 January)'}`
      : '';
  return `split ${asked.split} leaves only ${asked.companies} ${asked.companies === 1 ? 'company' : 'companies'} forming a new tie after it (fewer than ${min}: the intervals will be wide)${instead}`;
}

/** The evaluation of a stored version (POST …/partners/evaluate): the split used, how it was chosen, and the ties' dated range. */
export const VersionEvaluationSchema = PartnerEvaluationSchema.extend({
  /**
   * Asked for, or the default (chooseSplit) and why; the companies forming a new tie after it, and
   * when fewer than `minCompanies` a warning naming a better split.
   */
  splitChosen: z.object({
    by: z.enum(['request', 'default']),
    reason: z.string(),
    companies: z.number().int().min(0),
    minCompanies: z.number().int().min(1),
    warning: z.string().optional(),
    /** The companies each 1 January inside the dated range leaves: what the default is chosen from. */
    years: z.array(SplitCountSchema),
  }),
  /** First and last start date of the organisation ties, and how many are dated. */
  datedRange: z.object({ first: z.string(), last: z.string(), datedTies: z.number().int() }),
});
export type VersionEvaluation = z.infer<typeof VersionEvaluationSchema>;
