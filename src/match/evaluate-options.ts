/**
 * The temporal hold-out's own settings (`hubgraph match evaluate`, evaluatePartners): one zod
 * schema, so the CLI flags, their help and defaults are derived from what the library parses.
 */
import { z } from 'zod';
import { IsoDateSchema } from '../model/index.ts';

export const EvaluateOptionsSchema = z.object({
  split: IsoDateSchema.describe('Train on ties before this date, test on ties formed on or after it (ISO date)'),
  k: z.number().int().min(1).default(10).describe('Cut-off for recall@k and precision@k per company'),
  seed: z.number().int().default(7).describe('Seed of the random baseline, of tie-breaking and of the bootstrap'),
  bootstrap: z
    .number()
    .int()
    .min(0)
    .default(1000)
    .describe('Bootstrap resamples of the companies with a new tie, for 95 % intervals of recall@k, AUC and the ratio to the better baseline (0: none)'),
});
export type EvaluateSettings = z.input<typeof EvaluateOptionsSchema>;
