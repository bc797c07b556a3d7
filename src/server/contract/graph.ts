import { z } from 'zod';
import { JobSchema, NodeRefShape } from './common.ts';
import { LAYOUT_ENCODING } from './layouts.ts';

/** A node for display: the model's known fields at the top, every other field flattened into `attrs` beside the model's own `attrs` (one name from model to screen). */
export const GraphNodeSchema = z.object({
  ...NodeRefShape,
  /** The user's own type (e.g. `person`), when the file named one that is not a built-in kind; null otherwise. */
  ownType: z.string().nullable(),
  region: z.string().nullable(),
  hub: z.string().nullable(),
  x: z.number(),
  y: z.number(),
  degree: z.number().int(),
  community: z.number().int().nullable(),
  isolation: z.number().nullable(),
  attrs: z.record(z.string(), z.unknown()),
});
export type GraphNode = z.infer<typeof GraphNodeSchema>;
export const GraphEdgeSchema = z.object({
  source: z.string(),
  target: z.string(),
  type: z.string(),
  /** The user's own tie type (e.g. `advice`), mapped to `type`; null when the file used a built-in kind. */
  ownType: z.string().nullable(),
  /** The tie's direction: its own, else its kind's default (mentoring and affiliation directed). */
  directed: z.boolean(),
  weight: z.number(),
  start: z.string().nullable(),
  end: z.string().nullable(),
});
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;
/**
 * One of the version's tie types as the map's filter lists it (a tie's own type, else its kind), with
 * how many of the version's ties carry it and how many of those are directed — counted over every
 * tie, whatever `edgeTypes` kept, so a map loaded with only some types still offers the others.
 */
export const TieTypeCountSchema = z.object({
  key: z.string(),
  /** The built-in kind the analyses read it as. */
  kind: z.string(),
  /** Whether `key` is the file's own type (else it is the kind itself). */
  own: z.boolean(),
  count: z.number().int(),
  directed: z.number().int(),
});
export type TieTypeCount = z.infer<typeof TieTypeCountSchema>;
export const GraphSchema = z.object({
  workspace: z.string(),
  version: z.number().int(),
  layout: z.object({
    /**
     * `seed`: a large version's first map, laid out in O(n + m) (each component a radial tree of its breadth-first
     * search) while ForceAtlas2 runs in the background; `refining` is its job, whose result is GET …/graph/positions.
     */
    algorithm: z.enum(['forceatlas2', 'seed']),
    iterations: z.number().int(),
    seed: z.number().int(),
    refining: z
      .object({ job: JobSchema, positions: z.string().describe('Where the ForceAtlas2 positions are read once the job is done (GET …/graph/positions)') })
      .optional()
      .describe('With a seed layout: the job computing the ForceAtlas2 layout'),
  }),
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
  /** Every tie type of the version, ordered by key (see TieTypeCountSchema). */
  tieTypes: z.array(TieTypeCountSchema),
});
export type GraphPayload = z.infer<typeof GraphSchema>;

/** GET …/graph/positions: the ForceAtlas2 layout alone (8 bytes a node), for a map drawn first with the seed layout. */
export const GraphPositionsSchema = z.object({
  workspace: z.string(),
  version: z.number().int(),
  layout: z.object({ algorithm: z.literal('forceatlas2'), iterations: z.number().int(), seed: z.number().int() }),
  nodes: z.number().int().describe('Nodes of the version: the positions hold one x,y pair for each, in the graph payload\u2019s order'),
  encoding: z.literal(LAYOUT_ENCODING),
  positions: z.string().describe('Base64 of little-endian Float32 x,y pairs'),
});
export type GraphPositions = z.infer<typeof GraphPositionsSchema>;
