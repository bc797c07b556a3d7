/**
 * Seeded ecosystem-like test graphs for benchmarks: heavy-tailed degrees (preferential attachment)
 * with clustering (triad formation, Holme & Kim 2002), written as a bare edge-list CSV
 * `source,target,weight` into bench/.cache/ and reused across runs. Any benchmark may use it.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/util/random.ts';

export interface GraphSpec {
  nodes: number;
  /** Edges added per new node; the graph ends with about nodes × edgesPerNode edges. */
  edgesPerNode: number;
  /** Chance that an extra edge closes a triangle instead of attaching preferentially (default 0.6). */
  triadProbability?: number;
  seed?: number;
}

/** Edge list [source index, target index, weight 1–5] of a Holme–Kim graph. */
export function generateEdges(spec: GraphSpec): { source: Int32Array; target: Int32Array; weight: Uint8Array } {
  const { nodes: n, edgesPerNode: k } = spec;
  const pt = spec.triadProbability ?? 0.6;
  const rng = createRng(spec.seed ?? 1);
  const adj: number[][] = Array.from({ length: n }, () => []);
  const pool: number[] = []; // every edge endpoint once: uniform pick = degree-proportional pick
  const src: number[] = [],
    dst: number[] = [];
  const add = (a: number, b: number) => {
    adj[a].push(b);
    adj[b].push(a);
    pool.push(a, b);
    src.push(a);
    dst.push(b);
  };
  // Seed clique of k + 1 nodes.
  for (let a = 0; a <= k; a++) for (let b = 0; b < a; b++) add(a, b);
  for (let v = k + 1; v < n; v++) {
    const linked = new Set<number>();
    let last = -1;
    while (linked.size < k) {
      let t = -1;
      if (last >= 0 && rng() < pt) {
        const nb = adj[last];
        t = nb[Math.floor(rng() * nb.length)];
      }
      if (t < 0 || t === v || linked.has(t)) t = pool[Math.floor(rng() * pool.length)];
      if (t === v || linked.has(t)) continue;
      linked.add(t);
      last = t;
    }
    for (const t of linked) add(v, t);
  }
  const weight = new Uint8Array(src.length);
  for (let i = 0; i < weight.length; i++) weight[i] = 1 + Math.floor(rng() * 5);
  return { source: Int32Array.from(src), target: Int32Array.from(dst), weight };
}

export const CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));

/** Path of the CSV for this spec, generating it on first use. */
export function ensureGraphCsv(spec: GraphSpec): string {
  const name = `hk-n${spec.nodes}-k${spec.edgesPerNode}-t${spec.triadProbability ?? 0.6}-s${spec.seed ?? 1}.csv`;
  const path = CACHE_DIR + name;
  if (existsSync(path)) return path;
  mkdirSync(CACHE_DIR, { recursive: true });
  const { source, target, weight } = generateEdges(spec);
  const lines = ['source,target,weight'];
  for (let i = 0; i < source.length; i++) lines.push(`n${source[i]},n${target[i]},${weight[i]}`);
  // Write aside, then move into place: a half-written cache file is never picked up.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join('\n') + '\n');
  renameSync(tmp, path);
  return path;
}
