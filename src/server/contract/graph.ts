import { z } from 'zod';
import { NodeRefShape } from './common.ts';

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
  layout: z.object({ algorithm: z.literal('forceatlas2'), iterations: z.number().int(), seed: z.number().int() }),
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
  /** Every tie type of the version, ordered by key (see TieTypeCountSchema). */
  tieTypes: z.array(TieTypeCountSchema),
});
export type GraphPayload = z.infer<typeof GraphSchema>;
