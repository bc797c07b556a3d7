import type { HubNode } from '../model/index.ts';

/**
 * The partner config's excludePairs as keys u·n + v over `nodes` (the form every partner path tests
 * with one Set lookup per pair); ids not in `nodes` are skipped, since the config may name
 * organisations of another version.
 */
export function excludedPairKeys(nodes: readonly HubNode[], pairs: readonly (readonly [string, string])[]): Set<number> {
  const index = new Map(nodes.map((x, i) => [x.id, i]));
  const keys = new Set<number>();
  for (const [a, b] of pairs) {
    const u = index.get(a),
      v = index.get(b);
    if (u !== undefined && v !== undefined) keys.add(u * nodes.length + v);
  }
  return keys;
}
