import { z } from 'zod';
import { EdgeTypeSchema, NodeTypeSchema } from './vocabulary.ts';

/** ISO 8601 calendar date (YYYY-MM-DD) or date-time; validated as a real date. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'an ISO 8601 date such as 2024-09-01')
  .refine((s) => !Number.isNaN(Date.parse(s)) && validCalendarDay(s), 'a real calendar date');

function validCalendarDay(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Values kept for columns we do not know: never dropped. */
export const AttributeValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const ExtraAttributesSchema = z.record(z.string(), AttributeValueSchema);

const StringList = z.array(z.string().min(1));

export const NodeSchema = z.object({
  id: z.string().min(1, 'a non-empty id'),
  type: NodeTypeSchema,
  label: z.string().optional(),
  region: z.string().optional(),
  country: z.string().optional(),
  /** Id of the regional innovation hub the organisation belongs to, if any. */
  hub: z.string().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  levels: StringList.optional(),
  subjects: StringList.optional(),
  themes: StringList.optional(),
  languages: StringList.optional(),
  /** Digital maturity 1–5, e.g. from a SELFIE self-assessment. */
  maturity: z.number().min(1).max(5).optional(),
  /** How many mentees / assignments it can take. */
  capacity: z.number().int().min(0).optional(),
  size: z.number().min(0).optional(),
  attrs: ExtraAttributesSchema.default({}),
});
export type HubNode = z.infer<typeof NodeSchema>;
export type HubNodeInput = z.input<typeof NodeSchema>;

export const EdgeSchema = z
  .object({
    source: z.string().min(1),
    target: z.string().min(1),
    type: EdgeTypeSchema.default('collaboration'),
    weight: z.number().finite().min(0).default(1),
    start: IsoDateSchema.optional(),
    end: IsoDateSchema.optional(),
    attrs: ExtraAttributesSchema.default({}),
  })
  .refine((e) => !e.start || !e.end || e.start.slice(0, 10) <= e.end.slice(0, 10), {
    message: 'end on or after start',
    path: ['end'],
  });
export type HubEdge = z.infer<typeof EdgeSchema>;
export type HubEdgeInput = z.input<typeof EdgeSchema>;

export const DatasetMetaSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  source: z.string().optional(),
  synthetic: z.boolean().optional(),
});

/** A whole ecosystem: the unit that is imported, stored as a version, analysed and matched. */
export const DatasetSchema = z.object({
  meta: DatasetMetaSchema.default({}),
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema),
});
export type Dataset = z.infer<typeof DatasetSchema>;
export type DatasetInput = z.input<typeof DatasetSchema>;
