/**
 * Structure, communities, isolation and indicators on generated ecosystem-like graphs
 * (bench/generate-graph.ts), with igraph's C implementations as the peer where it has one
 * (components, coreness, bridges + articulation points, multilevel = Louvain), same input, same run.
 *
 * Sizes: 10k nodes / ~50k edges, 100k / ~500k, and 1M nodes / ~3M edges without Louvain (the iterative
 * DFS must not overflow there).
 * Node types are assigned by a seeded rng (45% teacher, 25% school, 10% company, … 0.5% hub) so the
 * isolation scan and the indicators have schools, teachers and hubs to work on.
 * Run alone: `node --import tsx bench/structure.ts` (prints the rows as JSON).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildSnapshot, type Snapshot } from '../src/graph/snapshot.ts';
import type { HubEdge, HubNode } from '../src/model/index.ts';
import { createRng } from '../src/util/random.ts';
import { connectedComponents } from '../src/analysis/structure/components.ts';
import { coreNumbers } from '../src/analysis/structure/cores.ts';
import { bridgesAndArticulationPoints } from '../src/analysis/structure/bridges.ts';
import { louvainCommunities } from '../src/analysis/communities/louvain.ts';
import { communityProfiles } from '../src/analysis/communities/profiles.ts';
import { scanIsolation } from '../src/analysis/isolation.ts';
import { ecosystemIndicators } from '../src/analysis/indicators.ts';
import { ensureGraphCsv, type GraphSpec } from './generate-graph.ts';
import type { BenchRow } from './types.ts';
import { PYTHON, peakRssMB, pickType, readEdgeList, time } from './lib.ts';

const run$ = promisify(execFile);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

function loadTyped(path: string): { nodes: HubNode[]; edges: HubEdge[] } {
  const rng = createRng(7);
  return readEdgeList(path, (id) => ({ id, type: pickType(rng()), region: `R${Math.floor(rng() * 20)}`, maturity: 1 + Math.floor(rng() * 5), attrs: {} }));
}

const rss = peakRssMB;

interface PeerResult {
  skip?: string;
  version?: string;
  [task: string]: unknown;
}

async function igraphPeer(csv: string, withLouvain: boolean): Promise<PeerResult> {
  if (!existsSync(PYTHON)) return { skip: `${PYTHON} not found` };
  try {
    const args = [here('./peers/igraph_structure.py'), csv, ...(withLouvain ? [] : ['--no-louvain'])];
    const { stdout } = await run$(PYTHON, args, { maxBuffer: 1 << 24 });
    return JSON.parse(stdout.trim().split('\n').pop()!) as PeerResult;
  } catch (err) {
    return { skip: `igraph_structure.py failed: ${String((err as Error).message).slice(0, 160)}` };
  }
}

async function sizeRows(label: string, spec: GraphSpec, withLouvain: boolean): Promise<BenchRow[]> {
  const csv = ensureGraphCsv(spec);
  const data = loadTyped(csv);
  const s: Snapshot = buildSnapshot(data);
  const peer = await igraphPeer(csv, withLouvain);
  const rows: BenchRow[] = [];
  const peerOf = (task: string) => (peer.skip ? undefined : (peer[task] as { seconds: number; check: unknown }));
  const row = (task: string, t: { seconds: number; cpu: number }, check: string, peerTask?: string): BenchRow => {
    const p = peerTask ? peerOf(peerTask) : undefined;
    return {
      suite: 'structure',
      case: `${task} ${label}`,
      seconds: t.seconds,
      peakRssMB: rss(),
      ...(p ? { peer: `igraph ${peer.version}`, peerSeconds: p.seconds } : {}),
      note: `CPU ${t.cpu.toFixed(2)} s; ${check}${p ? `; igraph ${JSON.stringify(p.check)}` : peerTask && peer.skip ? `; ${peer.skip}` : ''}`,
    };
  };
  const comps = time(() => connectedComponents(s));
  rows.push(row('components', comps, `${comps.value.count} components`, 'components'));
  const cores = time(() => coreNumbers(s));
  rows.push(row('core numbers', cores, `max core ${cores.value.reduce((a, b) => Math.max(a, b), 0)}`, 'cores'));
  const cuts = time(() => bridgesAndArticulationPoints(s));
  rows.push(
    row('bridges + articulation points', cuts, `${cuts.value.bridges.length} bridges, ${cuts.value.articulationPoints.length} cut vertices`, 'bridges'),
  );
  if (withLouvain) {
    const lv = time(() => louvainCommunities(s, { seed: 1 }));
    rows.push(
      row(
        'louvain (weighted, split, renumber, modularity)',
        lv,
        `${lv.value.count} communities, Q ${lv.value.modularity.toFixed(4)}, ${lv.value.split} split`,
        'louvain',
      ),
    );
    const prof = time(() => communityProfiles(s, lv.value.membership));
    rows.push(row('community profiles', prof, `${prof.value.length} profiles`));
  }
  const iso = time(() => scanIsolation(s, { dataset: data, core: cores.value }));
  rows.push(row('isolation scan', iso, `${iso.value.schools.length} schools, ${iso.value.isolated} isolated, ${iso.value.peripheral} peripheral`));
  const ind = time(() => ecosystemIndicators(s, { dataset: data, isolation: iso.value }));
  rows.push(row('indicators (overall, 20 regions, hubs)', ind, `${ind.value.hubs.length} hubs`));
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  return [
    ...(await sizeRows('10k/50k', { nodes: 10_000, edgesPerNode: 5 }, true)),
    ...(await sizeRows('100k/500k', { nodes: 100_000, edgesPerNode: 5, seed: 2 }, true)),
    // Louvain at 1M is measured (against igraph) in bench/scale.ts.
    ...(await sizeRows('1M/3M', { nodes: 1_000_000, edgesPerNode: 3 }, false)),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await run();
  for (const r of rows) console.log(JSON.stringify(r));
}
