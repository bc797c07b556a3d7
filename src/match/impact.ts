import { leidenCommunities } from '../analysis/communities/leiden.ts';
import { hubDistances } from '../analysis/hub-distance.ts';
import { scanIsolation } from '../analysis/isolation.ts';
import { connectedComponents } from '../analysis/structure/components.ts';
import { buildSnapshot, typeOf, type Snapshot } from '../graph/snapshot.ts';
import type { Dataset, EdgeType, HubEdge } from '../model/index.ts';
import { sectorOf } from './features.ts';

export interface NetworkIndicators {
  isolatedSchools: number;
  components: number;
  schoolsWithoutHubPath: number;
  /** Mean hops from a school to its nearest hub, over schools that reach one (null when none do). */
  meanHubDistance: number | null;
  crossCommunityTies: number;
  crossSectorTies: number;
}

export interface ImpactReport {
  before: NetworkIndicators;
  after: NetworkIndicators;
  /** after − before, per indicator (null where either side is null). */
  delta: { [K in keyof NetworkIndicators]: number | null };
  /** Schools isolated before and not after. */
  noLongerIsolated: string[];
  newTies: number;
  note: string;
}

export interface ProposedTie {
  source: string;
  target: string;
}

function indicators(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  s: Snapshot,
  community: (v: number) => number,
): NetworkIndicators & { isolatedIds: Set<string> } {
  const iso = scanIsolation(s, { dataset });
  const isolatedIds = new Set(iso.schools.filter((e) => e.status === 'isolated').map((e) => e.id));
  const hd = hubDistances(s);
  let without = 0,
    sum = 0,
    reach = 0,
    cross = 0,
    sector = 0;
  for (let v = 0; v < s.n; v++) {
    if (typeOf(s, v) === 'school') {
      const d = hd.distance[v];
      if (d < 0) without++;
      else {
        sum += d;
        reach++;
      }
    }
    for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) {
      const u = s.targets[i];
      if (u <= v) continue;
      if (community(u) !== community(v)) cross++;
      if (sectorOf(typeOf(s, u)) !== sectorOf(typeOf(s, v))) sector++;
    }
  }
  return {
    isolatedSchools: isolatedIds.size,
    components: connectedComponents(s).count,
    schoolsWithoutHubPath: without,
    meanHubDistance: reach ? sum / reach : null,
    crossCommunityTies: cross,
    crossSectorTies: sector,
    isolatedIds,
  };
}

/**
 * What the proposed ties would do to the network: they are added to a copy of the dataset (as
 * `edgeType` edges, default `mentoring`) and the indicators compared. Communities are those of the
 * current network (Leiden, seed 1), held fixed, so "cross-community ties" counts new bridges.
 */
export function simulateImpact(dataset: Pick<Dataset, 'nodes' | 'edges'>, pairs: readonly ProposedTie[], options: { edgeType?: EdgeType } = {}): ImpactReport {
  const type = options.edgeType ?? 'mentoring';
  const known = new Set(dataset.nodes.map((n) => n.id));
  for (const p of pairs) {
    if (!known.has(p.source) || !known.has(p.target)) throw new Error(`proposed tie ${p.source} → ${p.target} names a node that is not in the dataset`);
  }
  const added: HubEdge[] = pairs.map((p) => ({ source: p.source, target: p.target, type, weight: 1, attrs: { proposed: true } }));
  const copy = { nodes: dataset.nodes, edges: [...dataset.edges, ...added] };
  const s0 = buildSnapshot(dataset);
  const s1 = buildSnapshot(copy);
  const comm = leidenCommunities(s0, { seed: 1 }).membership;
  // Both snapshots index nodes in dataset order, so the membership applies to both.
  const b = indicators(dataset, s0, (v) => comm[v]);
  const a = indicators(copy, s1, (v) => comm[v]);
  const keys = ['isolatedSchools', 'components', 'schoolsWithoutHubPath', 'meanHubDistance', 'crossCommunityTies', 'crossSectorTies'] as const;
  const strip = (x: typeof a): NetworkIndicators => Object.fromEntries(keys.map((k) => [k, x[k]])) as unknown as NetworkIndicators;
  const delta = Object.fromEntries(keys.map((k) => [k, a[k] === null || b[k] === null ? null : (a[k] as number) - (b[k] as number)])) as ImpactReport['delta'];
  return {
    before: strip(b),
    after: strip(a),
    delta,
    noLongerIsolated: [...b.isolatedIds].filter((id) => !a.isolatedIds.has(id)).sort(),
    newTies: added.length,
    note: 'Proposed pairs added as new ties to a copy of the network; communities are those of the current network.',
  };
}
