/**
 * The note a list that ranks one node type (isolated schools, mentees) prints when the network has
 * no node of that type: an empty list there says nothing about how well connected anyone is. Names
 * the types the network does have, so a user whose file calls its schools something else sees why.
 */
export function absentTypeNote(type: string, nodes: readonly { type: string }[], what: string): string | null {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.type, (counts.get(n.type) ?? 0) + 1);
  if (counts.has(type)) return null;
  const have =
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([t, c]) => `${t} ${c}`)
      .join(', ') || 'no nodes';
  return `${what} nodes typed ${type}, and this network has none (its node types: ${have}). A type of your own that means ${type} is read as one with --type-map.`;
}
