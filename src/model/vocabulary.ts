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

/** Organisations that count as an education partner outside the school sector. */
export const EDUCATION_PARTNER_TYPES: readonly NodeType[] = ['university', 'vet', 'research'];
/** Node types that are people: pseudonymised for viewers and in exports on request. */
export const PERSON_TYPES: readonly NodeType[] = ['teacher'];
/** Multi-valued attributes: lists in the model, `;`-separated in CSV. */
export const LIST_FIELDS = ['levels', 'subjects', 'themes', 'languages'] as const;
