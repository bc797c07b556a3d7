/**
 * Start-up of the CLI as a user feels it, whole process, hyperfine-style: every command is run
 * ROUNDS times, the commands alternating (a, b, c, a, b, c, …) so a busy spell of the shared machine
 * hits all of them alike; the median wall time of each is reported, with ratios from the same run.
 *   - `hubgraph --version` against bare `node -e 0` (target ≤ 3×);
 *   - `hubgraph info karate` against /usr/bin/python3 + NetworkX reading and summarising the same
 *     folder (bench/peers/networkx_info.py; target: faster);
 *   - the same two through tsx from the sources (HUBGRAPH_FROM_SOURCE=1), i.e. before the compiled build.
 * The compiled dist/ is rebuilt first when src/ is newer, so the compiled CLI is what is measured.
 * Rerun: `npm run bench -- --only startup` (HUBGRAPH_BENCH_STARTUP_ROUNDS, default 15).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON } from './lib.ts';
import type { BenchRow } from './types.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/hubgraph.js');
const KARATE = join(ROOT, 'test/fixtures/reference/karate');

function newestSource(): number {
  let max = 0;
  for (const e of readdirSync(join(ROOT, 'src'), { withFileTypes: true, recursive: true })) {
    if (e.isFile()) max = Math.max(max, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return max;
}

export function ensureBuilt(): void {
  const stamp = join(ROOT, 'dist/.build-stamp');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) return;
  process.stderr.write('  building dist/ first (src/ is newer)\n');
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
}

interface Case {
  name: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
}

function once(c: Case): number {
  const t0 = performance.now();
  const r = spawnSync(c.cmd, c.args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...c.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr?.toString().slice(0, 300)}`);
  return ms / 1000;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function run(): Promise<BenchRow[]> {
  ensureBuilt();
  const rounds = Number(process.env.HUBGRAPH_BENCH_STARTUP_ROUNDS ?? 15);
  const cases: Case[] = [
    { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
    { name: 'hubgraph --version', cmd: process.execPath, args: [BIN, '--version'] },
    { name: 'hubgraph info karate', cmd: process.execPath, args: [BIN, 'info', KARATE] },
    { name: 'networkx info karate', cmd: PYTHON, args: [join(ROOT, 'bench/peers/networkx_info.py'), KARATE] },
    { name: 'tsx --version', cmd: process.execPath, args: [BIN, '--version'], env: { HUBGRAPH_FROM_SOURCE: '1' } },
    { name: 'tsx info karate', cmd: process.execPath, args: [BIN, 'info', KARATE], env: { HUBGRAPH_FROM_SOURCE: '1' } },
  ];
  for (const c of cases) once(c); // warm the file cache
  const times = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < rounds; i++) for (const c of cases) times.get(c.name)!.push(once(c));
  const t = (name: string) => median(times.get(name)!);
  const spread = (name: string) => {
    const s = [...times.get(name)!].sort((a, b) => a - b);
    return `min ${s[0].toFixed(3)} s, max ${s[s.length - 1].toFixed(3)} s`;
  };
  const note = (name: string) => `median of ${rounds} alternating runs (${spread(name)})`;
  const version = t('hubgraph --version') / t('node -e 0');
  const info = t('hubgraph info karate') / t('networkx info karate');
  return [
    {
      suite: 'startup',
      case: 'hubgraph --version (compiled) vs bare node -e 0',
      seconds: t('hubgraph --version'),
      peer: 'node -e 0',
      peerSeconds: t('node -e 0'),
      target: '≤ 3×',
      pass: version <= 3,
      note: note('hubgraph --version'),
    },
    {
      suite: 'startup',
      case: 'hubgraph info karate (compiled) vs NetworkX read + summary',
      seconds: t('hubgraph info karate'),
      peer: 'python3 + networkx',
      peerSeconds: t('networkx info karate'),
      target: '< 1×',
      pass: info < 1,
      note: note('hubgraph info karate'),
    },
    {
      suite: 'startup',
      case: 'hubgraph --version through tsx (before)',
      seconds: t('tsx --version'),
      peer: 'node -e 0',
      peerSeconds: t('node -e 0'),
      note: note('tsx --version'),
    },
    {
      suite: 'startup',
      case: 'hubgraph info karate through tsx (before)',
      seconds: t('tsx info karate'),
      peer: 'python3 + networkx',
      peerSeconds: t('networkx info karate'),
      note: note('tsx info karate'),
    },
  ];
}
