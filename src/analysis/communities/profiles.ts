import type { Snapshot } from '../../graph/snapshot.ts';
import { NODE_TYPES } from '../../model/index.ts';

export interface ValueCount {
  value: string;
  count: number;
}

export interface CommunityMember {
  id: string;
  label?: string;
  value: number;
}

export interface CommunityBroker {
  id: string;
  label?: string;
  /** Ties to members of other communities. */
  externalTies: number;
  /** Sum of the strengths of those ties. */
  externalStrength: number;
  /** Other communities it reaches, strongest first. */
  reaches: { community: number; ties: number; strength: number }[];
}

export interface CommunityProfile {
  community: number;
  size: number;
  /** Composition, most frequent first; nodes without a region / country are counted under "". */
  types: ValueCount[];
  regions: ValueCount[];
  countries: ValueCount[];
  /** Ties with both ends inside, and their total strength. */
  internalTies: number;
  internalStrength: number;
  /** Ties leaving the community. */
  externalTies: number;
  /** internalTies / (size·(size−1)/2); NaN for a single node. */
  density: number;
  /** Members with the highest centrality (strength unless another vector is given). */
  central: CommunityMember[];
  /** Members with the strongest ties to other communities. */
  brokers: CommunityBroker[];
}

export interface ProfileOptions {
  /** Per-node centrality used to rank members (default: strength). */
  centrality?: ArrayLike<number>;
  /** How many central members and brokers to list per community (default 5). */
  top?: number;
}

function tally(values: string[]): ValueCount[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/**
 * Profile of every community of a partition (`membership` numbered 0…k−1): composition, density, most
 * central members and brokers to other communities. O(n log n + m).
 */
export function communityProfiles(s: Snapshot, membership: ArrayLike<number>, options: ProfileOptions = {}): CommunityProfile[] {
  const top = options.top ?? 5;
  let k = 0;
  for (let v = 0; v < s.n; v++) if (membership[v] + 1 > k) k = membership[v] + 1;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let v = 0; v < s.n; v++) members[membership[v]].push(v);

  const strength = new Float64Array(s.n);
  const extTies = new Int32Array(s.n);
  const extStrength = new Float64Array(s.n);
  const internalTies = new Float64Array(k),
    internalStrength = new Float64Array(k),
    externalTies = new Float64Array(k);
  for (let u = 0; u < s.n; u++) {
    const cu = membership[u];
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
      const v = s.targets[i],
        w = s.weights[i];
      strength[u] += w;
      if (membership[v] === cu) {
        if (u < v) {
          internalTies[cu]++;
          internalStrength[cu] += w;
        }
      } else {
        extTies[u]++;
        extStrength[u] += w;
        externalTies[cu]++;
      }
    }
  }
  const score = options.centrality ?? strength;
  const person = (v: number) => ({ id: s.ids[v], ...(s.nodes[v].label !== undefined ? { label: s.nodes[v].label } : {}) });
  const byScore = (a: number, b: number) => score[b] - score[a] || (s.ids[a] < s.ids[b] ? -1 : 1);

  return members.map((list, c) => {
    const size = list.length;
    const central = [...list]
      .filter((v) => !Number.isNaN(score[v]))
      .sort(byScore)
      .slice(0, top)
      .map((v) => ({ ...person(v), value: score[v] }));
    const brokers = list
      .filter((v) => extTies[v] > 0)
      .sort((a, b) => extStrength[b] - extStrength[a] || extTies[b] - extTies[a] || (s.ids[a] < s.ids[b] ? -1 : 1))
      .slice(0, top)
      .map((v) => {
        const reach = new Map<number, { ties: number; strength: number }>();
        for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) {
          const other = membership[s.targets[i]];
          if (other === c) continue;
          const r = reach.get(other) ?? { ties: 0, strength: 0 };
          r.ties++;
          r.strength += s.weights[i];
          reach.set(other, r);
        }
        const reaches = [...reach]
          .map(([community, r]) => ({ community, ...r }))
          .sort((a, b) => b.strength - a.strength || b.ties - a.ties || a.community - b.community);
        return { ...person(v), externalTies: extTies[v], externalStrength: extStrength[v], reaches };
      });
    return {
      community: c,
      size,
      types: tally(list.map((v) => NODE_TYPES[s.typeCode[v]])),
      regions: tally(list.map((v) => s.nodes[v].region ?? '')),
      countries: tally(list.map((v) => s.nodes[v].country ?? '')),
      internalTies: internalTies[c],
      internalStrength: internalStrength[c],
      externalTies: externalTies[c],
      density: size > 1 ? internalTies[c] / ((size * (size - 1)) / 2) : NaN,
      central,
      brokers,
    };
  });
}
