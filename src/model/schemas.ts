import { z } from 'zod';
import { EdgeTypeSchema, NodeTypeSchema, type EdgeType, type NodeType } from './vocabulary.ts';

/**
 * Direction of a tie when the file does not say: mentoring (mentor → mentee) and affiliation
 * (person → organisation) are directed, every other kind undirected. An edge's own `directed`
 * field, when present, overrides this (and is present only when it differs from it).
 */
export const DIRECTED_BY_DEFAULT: Readonly<Record<EdgeType, boolean>> = {
  affiliation: true,
  mentoring: true,
  partnership: false,
  participation: false,
  collaboration: false,
  cocreation: false,
};

/** Whether a tie is directed: its own `directed` field, else its kind's default. */
export function isDirected(edge: { type: EdgeType; directed?: boolean }): boolean {
  return edge.directed ?? DIRECTED_BY_DEFAULT[edge.type];
}

/** Built-in kinds that nodes and ties of a type of the user's own are mapped to when the type map does not say. */
export const DEFAULT_NODE_KIND: NodeType = 'other';
export const DEFAULT_EDGE_KIND: EdgeType = 'collaboration';

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

/**
 * The user's own name for a node or tie type (e.g. `person`, `NGO`, `advice`), kept as given when it
 * is not one of the built-in kinds; `type` then holds the built-in kind it is mapped to (type map or
 * default), which is what the analyses read.
 */
export const OwnTypeSchema = z.string().min(1).max(200);

export const NodeSchema = z.object({
  id: z.string().min(1, 'a non-empty id'),
  type: NodeTypeSchema,
  ownType: OwnTypeSchema.optional(),
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
    ownType: OwnTypeSchema.optional(),
    /** Per-tie direction; absent = the kind's default (`isDirected`). Imports set it only when it differs from that default. */
    directed: z.boolean().optional(),
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

/** How one own type maps to a built-in kind: the kind's name, or `{kind, directed?}` (ties). */
export const NodeTypeMapEntrySchema = z.union([NodeTypeSchema, z.object({ kind: NodeTypeSchema }).strict()]);
export const EdgeTypeMapEntrySchema = z.union([EdgeTypeSchema, z.object({ kind: EdgeTypeSchema.optional(), directed: z.boolean().optional() }).strict()]);

/**
 * A type map: the user's own node and tie types → built-in kinds (and, for ties, direction).
 * Given with `--type-map map.json`, as the `types` section of meta.json, or with an upload.
 * Own types it does not name map to `other` (nodes) and `collaboration` (ties).
 */
export const TypeMapSchema = z
  .object({
    nodes: z.record(z.string(), NodeTypeMapEntrySchema).optional(),
    edges: z.record(z.string(), EdgeTypeMapEntrySchema).optional(),
  })
  .strict();
export type TypeMap = z.infer<typeof TypeMapSchema>;

/** One type of the user's own as imported (the import report's `ownTypes`): how many records carry it and what it was mapped to. */
export const OwnTypeUseSchema = z.object({
  ownType: OwnTypeSchema,
  kind: z.string(),
  /** Ties only: how many of them are directed. */
  directed: z.number().int().optional(),
  count: z.number().int(),
  /** Whether the type map named it (else the default kind was used). */
  mapped: z.boolean(),
});
export type OwnTypeUse = z.infer<typeof OwnTypeUseSchema>;

/**
 * How an import read two-mode (bipartite) data, the import report's `twoMode`: a two-mode UCINET DL
 * file (`DL NR=… NC=…`) or a two-mode Pajek network (`*Vertices n n1`). Row nodes and column nodes
 * get one type each (LoadOptions.twoModeKinds, default `actor` and `event`).
 */
export const TwoModeReadSchema = z.object({
  file: z.string(),
  format: z
    .enum(['dl-fullmatrix', 'dl-edgelist2', 'dl-nodelist2', 'pajek'])
    .describe('UCINET DL two-mode FULLMATRIX / EDGELIST2 / NODELIST2, or Pajek *Vertices n n1'),
  rows: z.number().int().describe('Row nodes the file declares: DL NR, Pajek n1'),
  columns: z.number().int().describe('Column nodes: DL NC, Pajek n − n1'),
  kinds: z
    .object({ rows: z.string(), columns: z.string() })
    .describe('The type the row and the column nodes were read as: types of their own, unless they are built-in kinds'),
  tieTypes: z.array(z.string()).describe('The ties\' types in the order met: participation, or each relation\'s name (DL NM > 1, Pajek *Edges :1 "name")'),
  ties: z.number().int().describe('Nonzero cells (DL) or tie lines (Pajek) read, before repeated ties merge'),
  summary: z.string().describe("That as one line, which is also among the report's warnings"),
});
export type TwoModeRead = z.infer<typeof TwoModeReadSchema>;

/**
 * How an import read one CSV attribute column (the import report's `columns`): as numbers, booleans
 * or text, and why a column that could have been typed stayed text (or was typed by its header).
 */
export const ColumnReadingSchema = z.object({
  file: z.string(),
  column: z.string(),
  read: z.enum(['number', 'boolean', 'text']),
  why: z.enum(['identifier-like', 'leading zeros', 'long digits', 'empty', 'declared', 'not inferred']).optional(),
  /** A value that kept the column text (for leading zeros / long digits). */
  example: z.string().optional(),
});
export type ColumnReading = z.infer<typeof ColumnReadingSchema>;

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
