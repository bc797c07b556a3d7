import { z } from 'zod';
import { IsolationStatusSchema } from '../../model/vocabulary.ts';
import { ReasonSchema } from './analysis.ts';
import { NodeRefShape } from './common.ts';

export const SUGGESTION_KINDS = ['mentors', 'mentees', 'partners', 'none'] as const;

/** Figures of a node detail that were not ready (large versions answer at once and compute them in the background). */
export const PENDING_FIGURES = ['metrics', 'community', 'isolation', 'suggestions'] as const;
export type PendingFigure = (typeof PENDING_FIGURES)[number];

export const NodeDetailSchema = z.object({
  node: z
    .object({ id: z.string(), type: z.string(), label: z.string().optional() })
    .loose()
    .describe('The node as the model holds it (unknown columns under attrs)'),
  metrics: z.record(z.string(), z.number().nullable()),
  community: z.object({ id: z.number().int(), size: z.number().int() }).nullable(),
  neighbours: z.array(z.object({ ...NodeRefShape, edgeTypes: z.array(z.string()), weight: z.number() })),
  isolation: z.object({ score: z.number(), status: IsolationStatusSchema, rank: z.number().int(), reasons: z.array(ReasonSchema) }).nullable(),
  suggestions: z.object({
    kind: z.enum(SUGGESTION_KINDS),
    items: z.array(z.object({ id: z.string(), label: z.string().nullable(), score: z.number(), explanation: z.string() })),
    note: z.string().optional(),
  }),
  pending: z
    .object({
      figures: z.array(z.enum(PENDING_FIGURES)),
      job: z.string().optional().describe('The background job computing the analysis (GET it, or its events)'),
    })
    .optional()
    .describe('Present when some figures are still being computed: metrics then hold only degree and strength; ask again once the job is done'),
});
export type NodeDetail = z.infer<typeof NodeDetailSchema>;
