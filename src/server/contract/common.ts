/**
 * Shapes shared by several resources. The contract imports only zod and src/model, so the web can
 * `import type` from here without pulling in the server.
 */
import { z } from 'zod';
import { ColumnReadingSchema, OwnTypeUseSchema, TwoModeReadSchema } from '../../model/schemas.ts';

/** How a response names a node: its id, type and label (null when it has none). */
export const NodeRefShape = { id: z.string(), type: z.string(), label: z.string().nullable() };

export const ProblemEntrySchema = z
  .object({
    in: z.string(),
    path: z.string(),
    expected: z.string(),
    message: z.string(),
  })
  .describe('One located problem (request validation: in/path; imports also file, line, field, value)')
  .loose();
export type ProblemEntry = z.infer<typeof ProblemEntrySchema>;

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string(),
  requestId: z.string().optional(),
  errors: z.array(ProblemEntrySchema).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const JobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: JobStatusSchema,
  progress: z.object({ fraction: z.number().min(0).max(1), message: z.string().optional() }),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  resultUrl: z.string().optional(),
  error: z.record(z.string(), z.unknown()).optional(),
  url: z.string(),
  eventsUrl: z.string(),
});
export type Job = z.infer<typeof JobSchema>;

/** The 202 answer of a heavy route asked with `Prefer: respond-async`. */
export const JobAccepted = { description: 'Job (Prefer: respond-async)', schema: JobSchema } as const;

export const VersionSummarySchema = z.object({
  workspace: z.string(),
  number: z.number().int(),
  createdAt: z.string(),
  author: z.string(),
  message: z.string().nullable().describe('The note stored with the version'),
  origin: z.object({ kind: z.enum(['import', 'round', 'restore']) }).loose(),
  counts: z.object({ nodes: z.number().int(), edges: z.number().int() }),
  meta: z.record(z.string(), z.unknown()),
  prunedAt: z
    .string()
    .nullable()
    .optional()
    .describe('When retention reduced the version to its aggregate (GET …/versions/:v/aggregate); null for a whole version'),
});
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

/** What an import read: format, counts, merged parallel edges, warnings. */
export const ImportReportSchema = z
  .object({
    format: z.string(),
    files: z.array(z.string()),
    nodes: z.number().int(),
    edges: z.number().int(),
    warnings: z.array(z.string()),
    /** Node and tie types of the user's own and the kinds they were mapped to, and that as one line (absent in reports stored before own types). */
    ownTypes: z.object({ nodes: z.array(OwnTypeUseSchema), edges: z.array(OwnTypeUseSchema) }).optional(),
    typeSummary: z.string().nullable().optional(),
    /** For a file whose ties are directed: that direction is kept and the analyses read ties as undirected (absent in older reports). */
    directionSummary: z.string().nullable().optional(),
    /** How each CSV attribute column was read (numbers, booleans, text and why), and that as one line per file (absent in reports stored before type inference). */
    columns: z.array(ColumnReadingSchema).optional(),
    columnSummary: z.array(z.string()).optional(),
    /** Two-mode data (two-mode UCINET DL, Pajek `*Vertices n n1`): sides, kinds, ties (absent for one-mode data and in older reports). */
    twoMode: TwoModeReadSchema.optional(),
  })
  .loose();

/** A number, or null where a metric is undefined (NaN in the engine). */
export const Num = z.number().nullable();
