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

export interface ComputeOptions {
  region?: string;
  hub?: string;
  workspace?: string | null;
  version?: number | null;
  /** The round to report on, with its pairs (its impact is simulated here). */
  round?: Omit<ReportRound, 'impact'> | null;
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
    const known = new Set(dataset.nodes.map((n) => n.id));
    const ties = o.round.pairs
      .filter((p) => p.status !== 'rejected' && known.has(p.left) && known.has(p.right))
      .map((p) => ({ source: p.left, target: p.right }));
    round = {
      ...o.round,
      impact: ties.length ? simulateImpact(dataset, ties, { edgeType: o.round.kind === 'partnership' ? 'partnership' : 'mentoring' }) : null,
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
