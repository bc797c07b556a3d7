/**
 * The temporal hold-out's own settings (`hubgraph match evaluate`, evaluatePartners): one zod
 * schema, so the CLI flags, their help and defaults are derived from what the library parses.
 */
import { z } from 'zod';
import { IsoDateSchema } from '../model/index.ts';
import { PartnerConfigSchema } from './config.ts';

export const EvaluateOptionsSchema = z.object({
  split: IsoDateSchema.describe('Train on ties before this date, test on ties formed on or after it (ISO date)'),
  k: z.number().int().min(1).max(200).default(10).describe('Cut-off for recall@k and precision@k per company'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(7)
    .describe('Seed of the random baseline, of tie-breaking, of the company sample and of the bootstrap'),
  bootstrap: z
    .number()
    .int()
    .min(0)
    .max(5000)
    .default(1000)
    .describe('Bootstrap resamples of the companies with a new tie, for 95 % intervals of recall@k, AUC and the ratio to the better baseline (0: none)'),
  maxCompanies: z
    .number()
    .int()
    .min(1)
    .default(1000)
    .describe(
      'Companies judged at most: above it, a seeded sample of this many, each against every allowed partner, so national-size data finishes (the figures are then estimates over the sample, and the result says so)',
    ),
});
export type EvaluateSettings = z.input<typeof EvaluateOptionsSchema>;

/** The body of POST …/partners/evaluate: the same settings (the server can choose the split) and the partner config scored with. */
export const VersionEvaluateRequestSchema = EvaluateOptionsSchema.extend({
  split: IsoDateSchema.optional().describe(
    'Train on ties before this date, judge on ties formed on or after it (default: the latest 1 January after which at least 30 companies form a new tie with a partner, else the one with the most; the answer says which and why)',
  ),
  config: PartnerConfigSchema.prefault({}).describe('Partner config scored with (as in POST …/rounds); every field has a default'),
}).strict();
export type VersionEvaluateRequest = z.infer<typeof VersionEvaluateRequestSchema>;
