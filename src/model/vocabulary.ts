import { z } from 'zod';

/** Kinds of actor in a learning and innovation ecosystem (see ARCHITECTURE.md). */
export const NODE_TYPES = [
  'school', 'teacher', 'company', 'university', 'vet', 'research',
  'hub', 'public', 'community', 'project', 'other',
] as const;
export const NodeTypeSchema = z.enum(NODE_TYPES);
export type NodeType = z.infer<typeof NodeTypeSchema>;

/** Kinds of tie. `mentoring` is directed (source mentors target); `affiliation` points person → organisation. */
export const EDGE_TYPES = [
  'affiliation', 'mentoring', 'partnership', 'participation', 'collaboration', 'cocreation',
] as const;
export const EdgeTypeSchema = z.enum(EDGE_TYPES);
export type EdgeType = z.infer<typeof EdgeTypeSchema>;

/**
 * Direction of a tie when the file does not say: mentoring (mentor → mentee) and affiliation
 * (person → organisation) are directed, every other kind undirected. An edge's own `directed`
 * field, when present, overrides this (and is present only when it differs from it).
 */
export const DIRECTED_BY_DEFAULT: Readonly<Record<EdgeType, boolean>> = {
  affiliation: true, mentoring: true, partnership: false, participation: false, collaboration: false, cocreation: false,
};

/** Whether a tie is directed: its own `directed` field, else its kind's default. */
export function isDirected(edge: { type: EdgeType; directed?: boolean }): boolean {
  return edge.directed ?? DIRECTED_BY_DEFAULT[edge.type];
}

/** Built-in kinds that nodes and ties of a type of the user's own are mapped to when the type map does not say. */
export const DEFAULT_NODE_KIND: NodeType = 'other';
export const DEFAULT_EDGE_KIND: EdgeType = 'collaboration';

/** Organisations that count as an education partner outside the school sector. */
export const EDUCATION_PARTNER_TYPES: readonly NodeType[] = ['university', 'vet', 'research'];
/** Node types that are people: pseudonymised for viewers and in exports on request. */
export const PERSON_TYPES: readonly NodeType[] = ['teacher'];
/** Multi-valued attributes: lists in the model, `;`-separated in CSV. */
export const LIST_FIELDS = ['levels', 'subjects', 'themes', 'languages'] as const;
