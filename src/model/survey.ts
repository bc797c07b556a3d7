import { z } from 'zod';
import { EdgeTypeSchema, IsoDateSchema, NodeTypeSchema } from './index.ts';

/**
 * A relationship survey ("wave") on a workspace: who answers, whom they may name, and what is asked.
 * The coordinator's form is generated from this schema (its JSON Schema), so every default is here.
 */

const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;

/** A question about the respondent itself (its own node), e.g. a digital-maturity self-assessment. */
export const NodeQuestionSchema = z
  .object({
    id: z
      .string()
      .regex(QUESTION_ID, 'a short lower-case id such as "maturity"')
      .describe('Answer key; also the attribute name (survey_<id>) unless `field` is set'),
    label: z.string().min(1).max(300).describe('The question as the respondent reads it'),
    kind: z.enum(['scale', 'text', 'choice', 'multi']).default('scale'),
    min: z.number().int().min(0).max(100).default(1).describe('Scale: lowest value'),
    max: z.number().int().min(1).max(100).default(5).describe('Scale: highest value'),
    options: z.array(z.string().min(1).max(200)).max(50).default([]).describe('Choice / multi: the options offered'),
    field: z
      .enum(['maturity', 'themes', 'subjects', 'languages'])
      .optional()
      .describe('Write the answer into this known node field (maturity is kept dated) instead of an attribute'),
  })
  .refine((q) => q.kind !== 'scale' || q.min < q.max, { message: 'min below max', path: ['max'] })
  .refine((q) => !['choice', 'multi'].includes(q.kind) || q.options.length > 0, { message: 'at least one option', path: ['options'] })
  .refine((q) => q.field !== 'maturity' || (q.kind === 'scale' && q.min >= 1 && q.max <= 5), {
    message: 'maturity is a 1–5 scale',
    path: ['field'],
  });
export type NodeQuestion = z.infer<typeof NodeQuestionSchema>;

const DEFAULT_NODE_QUESTIONS: z.input<typeof NodeQuestionSchema>[] = [
  {
    id: 'maturity',
    label: 'How digitally mature is your organisation today? (1 = just beginning, 5 = leading others)',
    kind: 'scale',
    min: 1,
    max: 5,
    field: 'maturity',
  },
];

export const SurveyConfigSchema = z
  .object({
    title: z.string().min(1).max(200).describe('Shown at the top of the form'),
    intro: z.string().max(2000).default('').describe('A short paragraph under the title: why you ask, who sees the answers'),
    respondents: z
      .object({
        types: z.array(NodeTypeSchema).min(1).default(['school']).describe('Node types that answer'),
        regions: z.array(z.string()).default([]).describe('Only these regions (empty = all)'),
        hubs: z.array(z.string()).default([]).describe('Only members of these hubs (empty = all)'),
        schools: z.array(z.string()).default([]).describe('Teachers: only those affiliated with these schools (empty = all)'),
        ids: z.array(z.string()).default([]).describe('Exactly these nodes (overrides the filters when given)'),
      })
      .default({ types: ['school'], regions: [], hubs: [], schools: [], ids: [] }),
    roster: z
      .object({
        types: z
          .array(NodeTypeSchema)
          .min(1)
          .default(['school', 'company', 'university', 'vet', 'research', 'hub', 'public', 'community'])
          .describe('Node types a respondent may name. People (teachers) appear by name and school only when listed here'),
        regions: z.array(z.string()).default([]).describe('Only these regions (empty = all)'),
      })
      .default({ types: ['school', 'company', 'university', 'vet', 'research', 'hub', 'public', 'community'], regions: [] }),
    nameGenerator: z
      .object({
        prompt: z.string().min(1).max(500).default('With which of these did you work on digital innovation in the last 12 months?'),
        maxNames: z.number().int().min(1).max(200).default(40),
      })
      .default({ prompt: 'With which of these did you work on digital innovation in the last 12 months?', maxNames: 40 }),
    tieTypes: z
      .array(EdgeTypeSchema)
      .min(1)
      .default(['collaboration', 'partnership', 'mentoring', 'cocreation'])
      .describe('Kinds of tie a respondent may choose per name (the first is the default)'),
    frequency: z.array(z.string().min(1).max(60)).max(10).default(['a few times a year', 'monthly', 'weekly']).describe('How often (empty = not asked)'),
    strength: z
      .object({ min: z.number().int().min(0), max: z.number().int().min(1).max(10) })
      .nullable()
      .default({ min: 1, max: 5 })
      .describe('How important the tie is, on this scale; becomes the tie weight (null = not asked, weight 1)'),
    allowAdditions: z.boolean().default(true).describe('Respondents may add someone not on the list (the coordinator reviews it at closing)'),
    nodeQuestions: z
      .array(NodeQuestionSchema)
      .max(30)
      .default(DEFAULT_NODE_QUESTIONS as never),
    waveDate: IsoDateSchema.optional().describe('Date of the ties the wave records (default: the day it closes)'),
    expiresAt: IsoDateSchema.optional().describe('Links stop working after this day (default: 30 days from creation)'),
    confirmedOnly: z.boolean().default(false).describe('At closing, keep only ties both sides named (default: keep one-sided ties too, marked)'),
  })
  .refine((c) => !c.strength || c.strength.min < c.strength.max, { message: 'min below max', path: ['strength', 'max'] })
  .refine((c) => new Set(c.nodeQuestions.map((q) => q.id)).size === c.nodeQuestions.length, {
    message: 'question ids must be unique',
    path: ['nodeQuestions'],
  });
export type SurveyConfig = z.infer<typeof SurveyConfigSchema>;
export type SurveyConfigInput = z.input<typeof SurveyConfigSchema>;

/** One tie a respondent names: a roster entry (by its opaque key), with the follow-ups. */
export const NamedTieSchema = z
  .object({
    key: z.string().min(1).max(64).describe('Roster key of the one named'),
    tieType: EdgeTypeSchema.optional().describe("Default: the survey's first tie type"),
    frequency: z.string().max(60).optional(),
    strength: z.number().int().optional(),
  })
  .strict();

/** Someone not on the roster, added by the respondent; becomes a node only after the coordinator's review. */
export const AddedTieSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    type: NodeTypeSchema.default('other'),
    note: z.string().max(500).default(''),
    tieType: EdgeTypeSchema.optional(),
    frequency: z.string().max(60).optional(),
    strength: z.number().int().optional(),
  })
  .strict();

export const NodeAnswerValueSchema = z.union([z.number(), z.string().max(2000), z.array(z.string().max(200)).max(50)]);

export const SurveyAnswersSchema = z
  .object({
    named: z.array(NamedTieSchema).max(200).default([]),
    added: z.array(AddedTieSchema).max(20).default([]),
    node: z.record(z.string().max(40), NodeAnswerValueSchema).default({}),
  })
  .strict();
export type SurveyAnswers = z.infer<typeof SurveyAnswersSchema>;

/** What the coordinator decides for each added person or organisation before a wave closes. */
export const AdditionDecisionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('add'),
    id: z.string().min(1).max(200).optional().describe('Id of the new node (default made from the name)'),
    type: NodeTypeSchema.optional(),
  }),
  z.object({ action: z.literal('merge'), into: z.string().min(1).describe('Existing node id the addition is the same as') }),
  z.object({ action: z.literal('drop') }),
]);
export type AdditionDecision = z.infer<typeof AdditionDecisionSchema>;
export const AdditionReviewSchema = z
  .record(z.string(), AdditionDecisionSchema)
  .describe('Per addition key (from the survey status): add as a new node, merge into an existing one, or drop');
export type AdditionReview = z.infer<typeof AdditionReviewSchema>;
