/**
 * One whole hubgraph community run for bench/communities.ts, in its own process so its wall time is
 * comparable with a peer's whole Python process: read the edge list into the snapshot the way
 * `hubgraph analyze FILE.csv --metrics communities` does (the bare edge-list reader,
 * src/graph/edge-list-csr.ts; the general loader when the file is not a bare edge list), detect,
 * and write `id,community` per node to OUT.
 * usage: node --import tsx bench/communities-child.ts EDGES.csv leiden|louvain SEED OUT.csv [MAX_ITERATIONS]
 * (Leiden's iterations at most; default the library's, 10, with its 1e-3 tolerance).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { leidenCommunities } from '../src/analysis/communities/leiden.ts';
import { louvainCommunities } from '../src/analysis/communities/louvain.ts';
import { snapshotFromEdgeList } from '../src/graph/edge-list-csr.ts';
import { buildSnapshot } from '../src/graph/snapshot.ts';
import { readEdgeList } from './lib.ts';

const [path, method, seed, out, maxIterations] = process.argv.slice(2);
const t0 = performance.now();
const s = snapshotFromEdgeList(readFileSync(path, 'utf8')) ?? buildSnapshot(readEdgeList(path));
const t1 = performance.now();
const c =
  method === 'louvain'
    ? louvainCommunities(s, { seed: Number(seed) })
    : leidenCommunities(s, { seed: Number(seed), maxIterations: maxIterations ? Number(maxIterations) : undefined });
const t2 = performance.now();
const lines = new Array<string>(s.n + 1);
lines[0] = 'id,community';
for (let v = 0; v < s.n; v++) lines[v + 1] = `${s.ids[v]},${c.membership[v]}`;
writeFileSync(out, `${lines.join('\n')}\n`);
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({
    seconds: (t2 - t1) / 1000,
    loadSeconds: (t1 - t0) / 1000,
    processCpu: (cpu.user + cpu.system) / 1e6,
    modularity: c.modularity,
    count: c.count,
    split: c.split,
    gammaSeparated: 'gammaSeparated' in c ? c.gammaSeparated : null,
    iterations: 'iterations' in c ? c.iterations : null,
  }),
);
