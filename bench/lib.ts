/**
 * Helpers shared by the benchmark modules: the ecosystem node-type mix, wall + CPU timing, and
 * running a child process (ours in Node, peers in /usr/bin/python3) that prints one JSON line.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import type { HubEdge, HubNode, NodeType } from '../src/model/index.ts';

const run$ = promisify(execFile);

/** Debian's python (python3-igraph, -networkx, -scipy), not the pyenv one on PATH. */
export const PYTHON = '/usr/bin/python3';

/** Share of each node type in generated ecosystems (the rest is 'other'). */
export const ECOSYSTEM_TYPES: [NodeType, number][] = [
  ['teacher', 0.45],
  ['school', 0.25],
  ['company', 0.1],
  ['university', 0.03],
  ['vet', 0.04],
  ['research', 0.02],
  ['community', 0.06],
  ['public', 0.045],
  ['hub', 0.005],
];

/** A node type drawn from ECOSYSTEM_TYPES with the given uniform number in [0, 1). */
export function pickType(r: number): NodeType {
  for (const [t, p] of ECOSYSTEM_TYPES) {
    if (r < p) return t;
    r -= p;
  }
  return 'other';
}

/** Wall and CPU seconds: on a shared 2-core machine wall time alone misleads. */
export function time<T>(fn: () => T): { seconds: number; cpu: number; value: T } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, value };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ seconds: number; cpu: number; value: T }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, value };
}

/** Peak resident set of this process so far, in MB. */
export const peakRssMB = (): number => process.resourceUsage().maxRSS / 1024;

/** Runs a command whose last stdout line is a JSON document, and parses that line. */
export async function runJson<T>(cmd: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<T> {
  const { stdout } = await run$(cmd, args, { maxBuffer: 1 << 26, cwd: options.cwd, timeout: options.timeoutMs ?? 0 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

/**
 * Reads a benchmark edge list (`source,target,weight` with a header) without the io module: a plain
 * split is enough for our own generated files. `makeNode` gives each new id its record (default: type other).
 */
export function readEdgeList(
  path: string,
  makeNode: (id: string) => HubNode = (id) => ({ id, type: 'other', attrs: {} }),
): { nodes: HubNode[]; edges: HubEdge[] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const seen = new Set<string>();
  const nodes: HubNode[] = [];
  const edges: HubEdge[] = [];
  const node = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      nodes.push(makeNode(id));
    }
  };
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const [source, target, w] = lines[i].split(',');
    node(source);
    node(target);
    edges.push({ source, target, weight: Number(w), type: 'collaboration', attrs: {} });
  }
  return { nodes, edges };
}
