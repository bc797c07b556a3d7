/**
 * One whole hubgraph community run for bench/communities.ts, in its own process so its wall time is
 * comparable with a peer's whole Python process: read the edge list, build the snapshot, detect.
 * usage: node --import tsx bench/communities-child.ts EDGES.csv leiden|louvain SEED
 */
import { buildSnapshot } from '../src/graph/snapshot.ts';
import { leidenCommunities } from '../src/analysis/communities/leiden.ts';
import { louvainCommunities } from '../src/analysis/communities/louvain.ts';
import { readEdgeList } from './lib.ts';

const [path, method, seed] = process.argv.slice(2);
const s = buildSnapshot(readEdgeList(path));
const t0 = performance.now();
const c = method === 'louvain' ? louvainCommunities(s, { seed: Number(seed) }) : leidenCommunities(s, { seed: Number(seed) });
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    seconds,
    modularity: c.modularity,
    count: c.count,
    split: c.split,
    gammaSeparated: 'gammaSeparated' in c ? c.gammaSeparated : null,
    iterations: 'iterations' in c ? c.iterations : null,
  }),
);
