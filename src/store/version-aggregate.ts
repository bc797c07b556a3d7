import { ecosystemIndicators } from '../analysis/indicators.ts';
import { buildSnapshot } from '../graph/snapshot.ts';
import { tieTypeKey } from '../model/tie-types.ts';
import { type Dataset, headlineIndicators, type VersionAggregate } from '../model/index.ts';

const tally = (keys: Iterable<string>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
};

/**
 * What a pruned version keeps (retention, issue 20): counts by node type, tie type and region, and the
 * report's headline indicators overall and per region (the same O(n + m) indicators the report shows).
 * Pure; holds counts and region names only, never a node id or label.
 */
export function aggregateDataset(dataset: Pick<Dataset, 'nodes' | 'edges'>): VersionAggregate {
  const ind = ecosystemIndicators(buildSnapshot(dataset), { dataset });
  return {
    nodes: dataset.nodes.length,
    ties: dataset.edges.length,
    nodesByType: tally(dataset.nodes.map((n) => n.type)),
    tiesByType: tally(dataset.edges.map(tieTypeKey)),
    nodesByRegion: tally(dataset.nodes.flatMap((n) => (n.region ? [n.region] : []))),
    indicators: { overall: headlineIndicators(ind.overall), regions: ind.regions.map(headlineIndicators) },
  };
}
