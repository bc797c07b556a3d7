import type { DisplayEdge, DisplayNode } from '../map/map-data.ts';
import type { GraphPayload } from './types.ts';

/** Graph payload node → display node: nulls become absent, `attrs` (the other node fields) copied to a null-prototype record. */
export function displayNode(n: GraphPayload['nodes'][number]): DisplayNode {
  const { attrs: fields, label, region, hub, ownType, ...rest } = n;
  // Null prototype: an attribute named `__proto__` stays a plain entry.
  const attrs: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(fields)) attrs[k] = v;
  return { ...rest, ownType: ownType ?? undefined, label: label ?? undefined, region: region ?? undefined, hub: hub ?? undefined, attrs };
}

export function displayEdge(e: GraphPayload['edges'][number]): DisplayEdge {
  return { ...e, start: e.start ?? undefined, end: e.end ?? undefined };
}
