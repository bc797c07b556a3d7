import { z } from 'zod';
import type { Dataset, HubEdge } from '../../model/index.ts';
import { buildSnapshot } from '../../graph/snapshot.ts';
import { checkSliceOptions, sliceDataset } from '../../graph/timeslice.ts';
import { leidenCommunities } from '../communities/leiden.ts';
import { louvainCommunities } from '../communities/louvain.ts';
import { hubDistances } from '../hub-distance.ts';
import { ecosystemIndicators, type Indicators } from '../indicators.ts';
import { scanIsolation, type IsolationOptions, type IsolationReason } from '../isolation.ts';
import { matchCommunities, type CommunityMatch } from './match-communities.ts';

/** Community detection used at both dates of a diff (Louvain is kept for comparison with earlier reports). */
export const DiffCommunityOptionsSchema = z.object({
  method: z.enum(['leiden', 'louvain']).default('leiden').describe('community detection at both dates: leiden (every community connected) or louvain'),
  resolution: z.number().positive().default(1).describe('community resolution γ at both dates'),
  seed: z.number().int().min(0).default(1).describe('community detection seed at both dates: same seed, same result'),
  tries: z.number().int().min(1).max(50).default(1).describe('community detection runs per date from seed, seed+1, …; the best quality is kept'),
});

/**
 * Options of `diffDatasets`; `.describe()` and `.default()` are the help and defaults of
 * `hubgraph diff`'s flags too (src/cli/commands/diff.ts derives them). The dates are checked by
 * checkSliceOptions (its messages name --from / --to).
 */
export const DiffOptionsSchema = z.object({
  from: z.string().describe('earlier date (ISO 8601)'),
  to: z.string().describe('later date (ISO 8601), on or after from'),
  weighted: z.boolean().default(true).describe('weights as tie strengths (communities, modularity, strength); false ignores them'),
  communities: DiffCommunityOptionsSchema.prefault({}),
  /** Isolation thresholds and weights used at both dates. */
  isolation: z.custom<Omit<IsolationOptions, 'dataset' | 'at' | 'core' | 'hubDistances' | 'components' | 'region' | 'hub'>>().optional(),
  maxMaturity: z.number().int().min(0).optional().describe('highest maturity counted as low for mentoring coverage (default 2)'),
});
export type DiffOptions = z.input<typeof DiffOptionsSchema>;

export interface TieChange {
  source: string;
  target: string;
  type: HubEdge['type'];
  weight: number;
  start: string | null;
  end: string | null;
}

export interface IsolationChange {
  id: string;
  label: string | null;
  region: string | null;
  scoreFrom: number;
  scoreTo: number;
  /** Reasons at the later date (for schools that joined) or at the earlier date (for those that left). */
  reasons: IsolationReason[];
}

/**
 * A node whose community changed. Community numbers are per date: `from` is its community at the earlier
 * date, `to` at the later one, and `fromNow` the later community matched to `from` (null if it vanished).
 */
export interface MovedNode {
  id: string;
  label: string | null;
  from: number;
  to: number;
  fromNow: number | null;
}

export interface Delta {
  from: number | null;
  to: number | null;
  delta: number | null;
}

/** Indicator changes for one group (null key: the whole network). */
export interface IndicatorDelta {
  key: string | null;
  ties: Delta;
  density: Delta;
  schools: Delta;
  isolatedSchools: Delta;
  isolatedShare: Delta;
  peripheralSchools: Delta;
  crossSectorShare: Delta;
  ei: Delta;
  meanHubDistance: Delta;
  schoolsWithoutHub: Delta;
  mentoringCoverage: Delta;
}

export interface DatasetDiff {
  from: string;
  to: string;
  ties: {
    /** Distinct ties (parallel records merged) active on each date. */
    atFrom: number;
    atTo: number;
    /** Edge records that started after `from`, up to and including `to`. */
    formed: TieChange[];
    /** Edge records whose last active day falls on or after `from` and before `to`. */
    ended: TieChange[];
  };
  isolation: {
    isolatedAtFrom: number;
    isolatedAtTo: number;
    /** Schools isolated at `to` but not at `from`, and the other way round; by score. */
    joined: IsolationChange[];
    left: IsolationChange[];
  };
  communities: {
    atFrom: { count: number; modularity: number };
    atTo: { count: number; modularity: number };
    /** Communities matched across the dates by overlap (one-to-one, greedy by shared members). */
    matches: CommunityMatch[];
    /** Later communities with no earlier counterpart, and earlier ones that disappeared. */
    appeared: number[];
    vanished: number[];
    /** Nodes in a community at both dates whose earlier community does not match their later one. */
    moved: MovedNode[];
  };
  indicators: { overall: IndicatorDelta; regions: IndicatorDelta[]; countries: IndicatorDelta[]; hubs: IndicatorDelta[] };
}

const day = (d: string) => d.slice(0, 10);

function tieChange(e: HubEdge): TieChange {
  return { source: e.source, target: e.target, type: e.type, weight: e.weight, start: e.start ?? null, end: e.end ?? null };
}

function delta(a: number | null | undefined, b: number | null | undefined): Delta {
  const f = a === undefined || a === null || Number.isNaN(a) ? null : a;
  const t = b === undefined || b === null || Number.isNaN(b) ? null : b;
  return { from: f, to: t, delta: f === null || t === null ? null : t - f };
}

function indicatorDelta(key: string | null, a: Indicators | undefined, b: Indicators | undefined): IndicatorDelta {
  const pick = (x: Indicators | undefined, f: (i: Indicators) => number | null | undefined) => (x ? f(x) : null);
  const d = (f: (i: Indicators) => number | null | undefined) => delta(pick(a, f), pick(b, f));
  return {
    key,
    ties: d((i) => i.ties),
    density: d((i) => i.density),
    schools: d((i) => i.schools),
    isolatedSchools: d((i) => i.isolatedSchools),
    isolatedShare: d((i) => i.isolatedShare),
    peripheralSchools: d((i) => i.peripheralSchools),
    crossSectorShare: d((i) => i.crossSector.share),
    ei: d((i) => i.ei?.index),
    meanHubDistance: d((i) => i.meanHubDistance),
    schoolsWithoutHub: d((i) => i.schoolsWithoutHub),
    mentoringCoverage: d((i) => i.mentoring?.coverage),
  };
}

function groupDeltas(a: Indicators[], b: Indicators[]): IndicatorDelta[] {
  const ma = new Map(a.map((i) => [i.key!, i]));
  const mb = new Map(b.map((i) => [i.key!, i]));
  const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
  return keys.map((k) => indicatorDelta(k, ma.get(k), mb.get(k)));
}

/**
 * What changed between two dates: the network as it stood on each date (edges active that day; every
 * node kept), ties formed and ended in between, schools joining or leaving the isolated list, community
 * membership changes, and indicator deltas. Pure; the same community method and seed at both dates.
 */
export function diffDatasets(dataset: Dataset, options: DiffOptions): DatasetDiff {
  const { from, to } = options;
  const problem = checkSliceOptions({ from, to }) ?? (from && to ? null : 'both --from and --to are required');
  if (problem) throw new RangeError(problem);
  const { weighted, communities: detection } = DiffOptionsSchema.parse(options);
  const f = day(from),
    t = day(to);

  const formed: TieChange[] = [];
  const ended: TieChange[] = [];
  for (const e of dataset.edges) {
    if (e.start && day(e.start) > f && day(e.start) <= t) formed.push(tieChange(e));
    if (e.end && day(e.end) >= f && day(e.end) < t) ended.push(tieChange(e));
  }

  const at = (date: string) => {
    const sliced = sliceDataset(dataset, { at: date });
    const s = buildSnapshot(sliced, { weighted });
    // The slice holds the ties active that day; affiliations come from it too (a teacher who left no longer counts).
    const hd = hubDistances(s);
    const isolation = scanIsolation(s, { ...options.isolation, dataset: sliced, hubDistances: hd });
    const { method, ...settings } = detection;
    const communities = method === 'louvain' ? louvainCommunities(s, { ...settings, weighted }) : leidenCommunities(s, { ...settings, weighted });
    const indicators = ecosystemIndicators(s, { dataset: sliced, isolation, hubDistances: hd, maxMaturity: options.maxMaturity });
    return { s, isolation, communities, indicators };
  };
  const A = at(from),
    B = at(to);

  const change = (id: string, reasonsFrom: 'A' | 'B'): IsolationChange => {
    const a = A.isolation.byId.get(id)!,
      b = B.isolation.byId.get(id)!;
    return {
      id,
      label: b.label,
      region: b.region,
      scoreFrom: a.score,
      scoreTo: b.score,
      reasons: (reasonsFrom === 'A' ? a : b).reasons,
    };
  };
  const joined: IsolationChange[] = [];
  const left: IsolationChange[] = [];
  for (const b of B.isolation.schools) {
    const a = A.isolation.byId.get(b.id)!;
    if (b.status === 'isolated' && a.status !== 'isolated') joined.push(change(b.id, 'B'));
    if (a.status === 'isolated' && b.status !== 'isolated') left.push(change(b.id, 'A'));
  }
  left.sort((x, y) => y.scoreFrom - x.scoreFrom || (x.id < y.id ? -1 : 1));

  // Both snapshots hold every node in the dataset order, so indices line up.
  const match = matchCommunities(A.communities.membership, B.communities.membership, A.communities.sizes, B.communities.sizes);
  const moved: MovedNode[] = [];
  for (let v = 0; v < A.s.n; v++) {
    const ca = A.communities.membership[v],
      cb = B.communities.membership[v];
    if (A.communities.sizes[ca] < 2 || B.communities.sizes[cb] < 2) continue;
    const now = match.forward.get(ca);
    if (now !== cb) moved.push({ id: A.s.ids[v], label: A.s.nodes[v].label ?? null, from: ca, to: cb, fromNow: now ?? null });
  }

  return {
    from,
    to,
    ties: { atFrom: A.s.m, atTo: B.s.m, formed, ended },
    isolation: { isolatedAtFrom: A.isolation.isolated, isolatedAtTo: B.isolation.isolated, joined, left },
    communities: {
      atFrom: { count: A.communities.count, modularity: A.communities.modularity },
      atTo: { count: B.communities.count, modularity: B.communities.modularity },
      matches: match.matches,
      appeared: match.appeared,
      vanished: match.vanished,
      moved,
    },
    indicators: {
      overall: indicatorDelta(null, A.indicators.overall, B.indicators.overall),
      regions: groupDeltas(A.indicators.regions, B.indicators.regions),
      countries: groupDeltas(A.indicators.countries, B.indicators.countries),
      hubs: groupDeltas(A.indicators.hubs, B.indicators.hubs),
    },
  };
}
