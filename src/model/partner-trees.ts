/**
 * The partner model's learners (`learning.learner`) and the gradient-boosted trees' settings
 * (`learning.trees`): here in the model because the partner config (src/match/config.ts) and the
 * scoring summary the API returns (ScoringInfoSchema) share them.
 */
import { z } from 'zod';

/** linear: today's models (logistic regression, conditional logit, LambdaRank, two-part); trees: gradient-boosted trees (src/match/trees.ts). */
export const PARTNER_LEARNERS = ['linear', 'trees'] as const;

/**
 * The trees' settings. Defaults fixed by round 5 of the model selection (bench/partners-select-h2020.ts)
 * before any trees ran on any data, not tuned; no row or feature sampling, so training is deterministic.
 */
export const TreesSettingsSchema = z.object({
  count: z.number().int().min(1).max(1000).default(100).describe('Trees, each fitted to the gradients of the trees before it.'),
  depth: z.number().int().min(1).max(6).default(3).describe('Splits at most from a tree’s root to a leaf.'),
  rate: z.number().positive().max(1).default(0.1).describe('Learning rate: every Newton value −G/(H + l2) is multiplied by it.'),
  bins: z.number().int().min(2).max(256).default(32).describe('Quantile bins at most per input, cut from the training rows.'),
  minLeaf: z.number().int().min(1).default(20).describe('Training rows at least on each side of a split.'),
  l2: z.number().min(0).default(1).describe('L2 penalty on the leaf values (the λ in −G/(H + λ)).'),
});
export type TreesSettings = z.infer<typeof TreesSettingsSchema>;
