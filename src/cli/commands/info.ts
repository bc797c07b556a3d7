import type { Command } from 'commander';
import type { Dataset, HubNode } from '../../model/index.ts';
import { EDGE_TYPES, isDirected, NODE_TYPES } from '../../model/index.ts';
import { buildSnapshot, degreeOf } from '../../graph/snapshot.ts';
import { connectedComponents } from '../../analysis/structure/components.ts';
import { twoModeCliLine } from '../../io/two-mode.ts';
import { action, addSliceOptions, addSourceOptions, count, emit, fmt, loadSource, sliceLabel, table, type SourceOptions } from '../output.ts';

function countBy(nodes: HubNode[], key: (n: HubNode) => string | undefined): { value: string; nodes: number }[] {
  const m = new Map<string, number>();
  for (const n of nodes) {
    const k = key(n);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].map(([value, nodes]) => ({ value, nodes })).sort((a, b) => b.nodes - a.nodes || a.value.localeCompare(b.value));
}

/** The summary `hubgraph info` prints (also used by `npm start`). */
export function summarise(dataset: Dataset) {
  const s = buildSnapshot(dataset);
  const nodeTypes = Object.fromEntries(NODE_TYPES.map((t) => [t, 0])) as Record<string, number>;
  for (const n of dataset.nodes) nodeTypes[n.type]++;
  const edgeTypes = Object.fromEntries(EDGE_TYPES.map((t) => [t, 0])) as Record<string, number>;
  const edgeWeight = Object.fromEntries(EDGE_TYPES.map((t) => [t, 0])) as Record<string, number>;
  let first: string | undefined,
    last: string | undefined,
    dated = 0;
  for (const e of dataset.edges) {
    edgeTypes[e.type]++;
    edgeWeight[e.type] += e.weight;
    if (e.start || e.end) dated++;
    for (const d of [e.start, e.end]) {
      if (!d) continue;
      const day = d.slice(0, 10);
      if (first === undefined || day < first) first = day;
      if (last === undefined || day > last) last = day;
    }
  }
  const own = new Map<string, { ownType: string; of: 'node' | 'tie'; kind: string; count: number }>();
  const countOwn = (of: 'node' | 'tie', ownType: string | undefined, kind: string) => {
    if (ownType === undefined) return;
    const k = `${of}\u0000${ownType}\u0000${kind}`;
    const o = own.get(k);
    if (o) o.count++;
    else own.set(k, { ownType, of, kind, count: 1 });
  };
  for (const n of dataset.nodes) countOwn('node', n.ownType, n.type);
  for (const e of dataset.edges) countOwn('tie', e.ownType, e.type);
  let directedEdges = 0,
    selfLoops = 0;
  for (const e of dataset.edges) {
    if (isDirected(e)) directedEdges++;
    if (e.source === e.target) selfLoops++;
  }
  const { sizes } = connectedComponents(s);
  const isolated: string[] = [];
  let maxDeg = 0,
    sumDeg = 0;
  for (let v = 0; v < s.n; v++) {
    const d = degreeOf(s, v);
    sumDeg += d;
    if (d > maxDeg) maxDeg = d;
    if (d === 0) isolated.push(s.ids[v]);
  }
  const order = Array.from({ length: s.n }, (_, v) => v).sort((a, b) => degreeOf(s, b) - degreeOf(s, a) || a - b);
  const topDegree = order.slice(0, 10).map((v) => ({ id: s.ids[v], label: s.nodes[v].label ?? null, type: s.nodes[v].type, degree: degreeOf(s, v) }));
  const hubsById = new Map(dataset.nodes.filter((n) => n.type === 'hub').map((n) => [n.id, n]));
  const members = new Map<string, number>();
  for (const n of dataset.nodes) if (n.hub !== undefined) members.set(n.hub, (members.get(n.hub) ?? 0) + 1);
  const hubs = [...hubsById.values()].map((h) => ({
    id: h.id,
    label: h.label ?? null,
    country: h.country ?? null,
    region: h.region ?? null,
    members: members.get(h.id) ?? 0,
    degree: degreeOf(s, s.index.get(h.id)!),
  }));
  return {
    meta: dataset.meta,
    nodes: s.n,
    edges: dataset.edges.length,
    /** Distinct undirected ties after merging parallel edges of different types. */
    ties: s.m,
    nodeTypes,
    edgeTypes,
    edgeWeight,
    /** Types of the user's own and the built-in kinds they are mapped to. */
    ownTypes: [...own.values()],
    directedEdges,
    selfLoops,
    density: s.n > 1 ? (2 * s.m) / (s.n * (s.n - 1)) : 0,
    meanDegree: s.n ? sumDeg / s.n : 0,
    maxDegree: maxDeg,
    components: { count: sizes.length, largest: sizes[0] ?? 0, largestShare: s.n ? (sizes[0] ?? 0) / s.n : 0, sizes: sizes.slice(0, 10) },
    isolated: { count: isolated.length, ids: isolated.slice(0, 20) },
    dates: { first: first ?? null, last: last ?? null, datedEdges: dated },
    countries: countBy(dataset.nodes, (n) => n.country),
    regions: countBy(dataset.nodes, (n) => n.region),
    hubs,
    topDegree,
  };
}

export function register(program: Command): void {
  addSliceOptions(
    addSourceOptions(
      program
        .command('info')
        .argument('<source>', 'folder with nodes.csv + edges.csv, or an edge list / .json / .gexf / .graphml file')
        .description('summarise a network: counts by type, components, density, isolated nodes, dates, regions, hubs'),
    ),
  ).action(
    action(async (source: string, opts: SourceOptions) => {
      const { report, sliced } = await loadSource(source, opts);
      const sum = summarise(sliced);
      const slice = sliceLabel(opts);
      emit(
        opts,
        {
          source,
          slice,
          ...sum,
          import: {
            mergedEdges: report.mergedEdges,
            selfLoops: report.selfLoops,
            typeSummary: report.typeSummary,
            directionSummary: report.directionSummary,
            columns: report.columns,
            columnSummary: report.columnSummary,
            twoMode: report.twoMode,
            warnings: report.warnings,
          },
        },
        () => {
          const out: string[] = [];
          const title = sum.meta.name ?? source;
          out.push(`${title}${sum.meta.synthetic && !/synthetic/i.test(title) ? ' (synthetic data)' : ''}${slice ? ` — ${slice}` : ''}`);
          out.push(
            `${count(sum.nodes, 'node')}, ${count(sum.edges, 'edge')} (${count(sum.ties, 'distinct tie')}), density ${fmt(sum.density)}, mean degree ${fmt(sum.meanDegree)}, max degree ${sum.maxDegree}`,
          );
          out.push(
            `${sum.components.count} component${sum.components.count === 1 ? '' : 's'}; largest has ${sum.components.largest} nodes (${(sum.components.largestShare * 100).toFixed(1)}%)`,
          );
          out.push(
            `${sum.isolated.count} isolated node${sum.isolated.count === 1 ? '' : 's'}${sum.isolated.count ? `: ${sum.isolated.ids.slice(0, 8).join(', ')}${sum.isolated.count > 8 ? ', …' : ''}` : ''}`,
          );
          if (sum.dates.first) out.push(`ties dated ${sum.dates.first} to ${sum.dates.last} (${sum.dates.datedEdges} of ${sum.edges} edges dated)`);
          out.push(
            '',
            table(
              ['node type', 'nodes'],
              NODE_TYPES.filter((t) => sum.nodeTypes[t]).map((t) => [t, sum.nodeTypes[t]]),
            ),
          );
          out.push(
            '',
            table(
              ['edge type', 'edges', 'weight'],
              EDGE_TYPES.filter((t) => sum.edgeTypes[t]).map((t) => [t, sum.edgeTypes[t], sum.edgeWeight[t]]),
            ),
          );
          if (sum.ownTypes.length)
            out.push(
              '',
              table(
                ['your type', 'of', 'as', 'count'],
                sum.ownTypes.map((o) => [o.ownType, o.of, o.kind, o.count]),
              ),
            );
          if (report.directionSummary) out.push('', report.directionSummary);
          if (report.typeSummary) out.push('', report.typeSummary);
          if (report.columnSummary.length) out.push('', ...report.columnSummary);
          if (report.twoMode) out.push('', twoModeCliLine(report.twoMode));
          if (sum.countries.length)
            out.push(
              '',
              table(
                ['country', 'nodes'],
                sum.countries.map((c) => [c.value, c.nodes]),
              ),
            );
          if (sum.regions.length)
            out.push(
              '',
              table(
                ['region', 'nodes'],
                sum.regions.slice(0, 15).map((c) => [c.value, c.nodes]),
              ),
            );
          if (sum.hubs.length)
            out.push(
              '',
              table(
                ['hub', 'label', 'country', 'members', 'degree'],
                sum.hubs.map((h) => [h.id, h.label, h.country, h.members, h.degree]),
              ),
            );
          out.push(
            '',
            table(
              ['most connected', 'label', 'type', 'degree'],
              sum.topDegree.slice(0, 5).map((t) => [t.id, t.label, t.type, t.degree]),
            ),
          );
          if (report.mergedEdges) out.push('', `note: ${report.mergedEdges} parallel edge records were merged on import (weights summed)`);
          return out.join('\n');
        },
      );
    }),
  );
}
