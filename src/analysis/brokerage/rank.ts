import { degreeOf, type Snapshot } from '../../graph/snapshot.ts';

export interface BrokerRankOptions {
  /** Burt's constraint per node (from `constraint`). */
  constraint: Float64Array;
  /** Effective size per node (from `effectiveSize`). */
  effectiveSize: Float64Array;
  /** Betweenness per node, reported alongside when given. */
  betweenness?: Float64Array;
  /**
   * Community (or any group) label per node. When given, only nodes tied to at least two groups
   * (their own included) are brokers, and `groups` counts them.
   */
  groups?: Int32Array;
  /** How many to return (default 20). */
  limit?: number;
}

export interface BrokerEntry {
  id: string;
  index: number;
  constraint: number;
  effectiveSize: number;
  betweenness: number | null;
  /** Distinct groups among the node and its neighbours (null without `groups`). */
  groups: number | null;
}

/**
 * Organisations that bridge otherwise separate parts of the network: lowest Burt constraint first
 * (their contacts are not tied to each other), then larger effective size, then id. Nodes with
 * fewer than two ties cannot broker and are left out.
 */
export function rankBrokers(s: Snapshot, options: BrokerRankOptions): BrokerEntry[] {
  const { constraint, effectiveSize, betweenness, groups } = options;
  const entries: BrokerEntry[] = [];
  for (let v = 0; v < s.n; v++) {
    if (degreeOf(s, v) < 2 || Number.isNaN(constraint[v])) continue;
    let bridged: number | null = null;
    if (groups) {
      const seen = new Set<number>([groups[v]]);
      for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) seen.add(groups[s.targets[i]]);
      bridged = seen.size;
      if (bridged < 2) continue;
    }
    entries.push({
      id: s.ids[v],
      index: v,
      constraint: constraint[v],
      effectiveSize: effectiveSize[v],
      betweenness: betweenness ? betweenness[v] : null,
      groups: bridged,
    });
  }
  entries.sort((a, b) => a.constraint - b.constraint || b.effectiveSize - a.effectiveSize || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return entries.slice(0, options.limit ?? 20);
}
