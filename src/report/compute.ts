/**
 * Computes what the regional report shows from a dataset (and a workspace's current round): the
 * region's indicators at yearly dates across the data's time span, its flagged schools, a layout
 * for the map figure and the round's expected impact. Used by `hubgraph report`; the server builds
 * the same input from its worker pool and caches.
 */
import { analyze } from '../analysis/analyze.ts';
import { ecosystemIndicators, type EcosystemIndicators, type Indicators } from '../analysis/indicators.ts';
import { buildSnapshot } from '../graph/snapshot.ts';
import { sliceDataset } from '../graph/timeslice.ts';
import { simulateImpact } from '../match/impact.ts';
import type { Dataset } from '../model/index.ts';
import { computeLayout } from '../server/layout.ts';
import type { ReportInput, ReportRound } from './html.ts';

/** Dates for the "over time" charts: 1 September of each year the ties span, then today's data (undated). */
export function reportDates(dataset: Pick<Dataset, 'edges'>, max = 6): string[] {
  let lo = '9999',
    hi = '0000';
  for (const e of dataset.edges)
    for (const d of [e.start, e.end])
      if (d) {
        if (d < lo) lo = d;
        if (d > hi) hi = d;
      }
  if (lo > hi) return [];
  const years: string[] = [];
  for (let y = Number(lo.slice(0, 4)); y <= Number(hi.slice(0, 4)); y++) {
    const d = `${y}-09-01`;
    if (d >= lo.slice(0, 10) && d <= hi.slice(0, 10)) years.push(d);
  }
  return years.slice(-max);
}

/** The group of an indicators document the report is about. */
export function pickGroup(ind: EcosystemIndicators, region?: string, hub?: string): Indicators | null {
  if (hub) return ind.hubs.find((g) => g.key === hub) ?? null;
  if (region) return ind.regions.find((g) => g.key === region) ?? null;
  return ind.overall;
}

/** What pickCurrentRound needs of a stored round (RoundInfo has it). */
export interface RoundStage {
  number: number;
  kind: string;
  status: string;
  /** Version the pairs were computed on. */
  version: number;
  acceptedVersion: number | null;
  revertedVersion: number | null;
}

/** A round as it stood at the reported version, and the version its expected impact is simulated on. */
export interface CurrentRound<R extends RoundStage> {
  round: R;
  /** `open` or `accepted` as of the reported version (a round accepted later was still open then). */
  status: 'open' | 'accepted';
  /** Accepted rounds: the version they were computed on (their ties are already in later ones); open: the reported one. */
  impactVersion: number;
}

/**
 * The mentoring round a report of version `version` is about — not merely the newest one. Rounds
 * computed on a later version, or whose ties were reverted by then, do not belong to it. Then, in
 * order: an open round computed on this very version (the round being decided now); the latest
 * accepted round whose ties are in this version (its pairs are the programme's current ones); an
 * open round computed on an earlier version (still the round in progress, on older data).
 */
export function pickCurrentRound<R extends RoundStage>(rounds: readonly R[], version: number): CurrentRound<R> | null {
  const live = rounds.filter((r) => r.kind === 'mentoring' && r.version <= version && !(r.revertedVersion !== null && r.revertedVersion <= version));
  const acceptedBy = (r: R) => r.acceptedVersion !== null && r.acceptedVersion <= version;
  const newest = (list: R[]) => list.sort((a, b) => b.number - a.number)[0];
  const openHere = newest(live.filter((r) => !acceptedBy(r) && r.version === version));
  if (openHere) return { round: openHere, status: 'open', impactVersion: version };
  const accepted = live.filter(acceptedBy).sort((a, b) => b.acceptedVersion! - a.acceptedVersion! || b.number - a.number)[0];
  if (accepted) return { round: accepted, status: 'accepted', impactVersion: accepted.version };
  const openEarlier = newest(live.filter((r) => !acceptedBy(r)));
  return openEarlier ? { round: openEarlier, status: 'open', impactVersion: version } : null;
}

/**
 * What a report shows of the picked round, but its impact: the stored round (with its pairs) as it
 * stood at the reported version. One place for the CLI's report and the server's.
 */
export function reportRoundFields(
  r: Pick<RoundStage, 'number' | 'kind' | 'version' | 'acceptedVersion'> & {
    name: string | null;
    pairs: readonly { left: string; right: string; score: number; status: string }[];
  },
  pick: Pick<CurrentRound<RoundStage>, 'status'>,
): Omit<ReportRound, 'impact'> {
  return {
    number: r.number,
    name: r.name,
    kind: r.kind,
    status: pick.status,
    version: r.version,
    acceptedVersion: pick.status === 'accepted' ? r.acceptedVersion : null,
    pairs: r.pairs.map((p) => ({ left: p.left, right: p.right, score: p.score, status: p.status })),
  };
}

/** The pairs whose ties the impact simulation adds: every pair not rejected that joins two nodes of the dataset. */
export function impactTies(pairs: ReportRound['pairs'], known: (id: string) => boolean): { source: string; target: string }[] {
  return pairs.filter((p) => p.status !== 'rejected' && known(p.left) && known(p.right)).map((p) => ({ source: p.left, target: p.right }));
}

export interface ComputeOptions {
  region?: string;
  hub?: string;
  workspace?: string | null;
  version?: number | null;
  /** The round to report on, with its pairs (its impact is simulated here). */
  round?: Omit<ReportRound, 'impact'> | null;
  /** Where to simulate the round's impact (default the reported dataset): an accepted round's own version, before its ties. */
  impactDataset?: Dataset;
}

export async function computeReport(dataset: Dataset, o: ComputeOptions = {}): Promise<ReportInput> {
  const result = await analyze(dataset, { metrics: ['isolation'], region: o.region, hub: o.hub });
  const flagged = (result.isolation ?? []).filter((e) => e.status !== 'connected' && (!o.region || e.region === o.region) && (!o.hub || e.hub === o.hub));
  const series = [
    ...reportDates(dataset).map((date) => {
      const d = sliceDataset(dataset, { at: date });
      return { date, indicators: pickGroup(ecosystemIndicators(buildSnapshot(d), { dataset: d }), o.region, o.hub) };
    }),
    { date: 'now', indicators: pickGroup(ecosystemIndicators(buildSnapshot(dataset), { dataset }), o.region, o.hub) },
  ];
  const layout = computeLayout(dataset);
  let round: ReportRound | null = null;
  if (o.round) {
    const base = o.impactDataset ?? dataset;
    const known = new Set(base.nodes.map((n) => n.id));
    const ties = impactTies(o.round.pairs, (id) => known.has(id));
    round = {
      ...o.round,
      // A round whose own version was pruned cannot be simulated where it was computed: no impact, and the report says why.
      impact:
        ties.length && !o.round.basePruned ? simulateImpact(base, ties, { edgeType: o.round.kind === 'partnership' ? 'partnership' : 'mentoring' }) : null,
    };
  }
  return {
    workspace: o.workspace ?? null,
    version: o.version ?? null,
    region: o.region,
    hub: o.hub,
    dataset,
    layout,
    flagged,
    series,
    round,
    generatedAt: new Date().toISOString(),
  };
}
