/**
 * Helpers shared by the benchmark modules: the ecosystem node-type mix, wall + CPU timing, and
 * running a child process (ours in Node, peers in /usr/bin/python3) that prints one JSON line.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { NodeType } from '../src/model/index.ts';

const run$ = promisify(execFile);

/** Debian's python (python3-igraph, -networkx, -scipy), not the pyenv one on PATH. */
export const PYTHON = '/usr/bin/python3';

/** Share of each node type in generated ecosystems (the rest is 'other'). */
export const ECOSYSTEM_TYPES: [NodeType, number][] = [
  ['teacher', 0.45], ['school', 0.25], ['company', 0.1], ['university', 0.03], ['vet', 0.04],
  ['research', 0.02], ['community', 0.06], ['public', 0.045], ['hub', 0.005],
];

/** A node type drawn from ECOSYSTEM_TYPES with the given uniform number in [0, 1). */
export function pickType(r: number): NodeType {
  for (const [t, p] of ECOSYSTEM_TYPES) { if (r < p) return t; r -= p; }
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
