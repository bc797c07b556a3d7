import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linearSumAssignment } from '../src/match/dense.ts';
import { solveAssignment, type AssignmentPair } from '../src/match/solver.ts';
import { createRng } from '../src/util/random.ts';
import type { BenchRow } from './types.ts';

const PEER = fileURLToPath(new URL('./peers/scipy_assignment.py', import.meta.url));

function scipy(matrix: Float64Array, rows: number, cols: number): { seconds: number; total: number; count: number } {
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-bench-'));
  try {
    const file = join(dir, 'm.bin');
    writeFileSync(file, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
    const out = execFileSync('/usr/bin/python3', [PEER, file, String(rows), String(cols)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const time = <T>(f: () => T): [T, number, number] => {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = f();
  const cpu = process.cpuUsage(c);
  return [r, (performance.now() - t) / 1000, (cpu.user + cpu.system) / 1e6];
};

/**
 * Dense n × n uniform scores. The like-for-like comparison with SciPy is the matrix entry point
 * (`linearSumAssignment`, matrix in, as SciPy gets it); a second row times `solveAssignment` on the
 * same scores given as n² {left, right, score} objects (id mapping and validation included).
 */
function dense(n: number): BenchRow[] {
  const rng = createRng(42);
  const matrix = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) matrix[k] = Math.floor(rng() * 1e6) / 100;
  const [lsa, seconds, cpu] = time(() => linearSumAssignment(matrix, n, n, { maximize: true }));
  const peer = scipy(matrix, n, n);
  const same = (t: number) => Math.abs(t - peer.total) < 1e-6 * Math.abs(peer.total);
  const pairs: AssignmentPair[] = new Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pairs[i * n + j] = { left: `L${i}`, right: `R${j}`, score: matrix[i * n + j] };
  const [res, seconds2, cpu2] = time(() => solveAssignment({ pairs }));
  return [
    {
      suite: 'matching',
      case: `dense ${n}×${n} linearSumAssignment (matrix)`,
      seconds,
      peakRssMB: rss(),
      peer: 'scipy.optimize.linear_sum_assignment',
      peerSeconds: peer.seconds,
      target: '≤ 3× SciPy',
      pass: seconds <= 3 * peer.seconds && same(lsa.total),
      note: `ratio ${(seconds / peer.seconds).toFixed(2)}×; cpu ${cpu.toFixed(2)} s; totals ${same(lsa.total) ? 'equal' : `DIFFER ${lsa.total} vs ${peer.total}`}`,
    },
    {
      suite: 'matching',
      case: `dense ${n}×${n} solveAssignment (${n * n} pair objects, ${res.method} path)`,
      seconds: seconds2,
      peakRssMB: rss(),
      peer: 'scipy.optimize.linear_sum_assignment',
      peerSeconds: peer.seconds,
      note: `ratio ${(seconds2 / peer.seconds).toFixed(2)}×; cpu ${cpu2.toFixed(2)} s; totals ${same(res.total) ? 'equal' : `DIFFER ${res.total} vs ${peer.total}`}`,
    },
  ];
}

/**
 * Mentors (capacity 1–5) × mentees, each mentee with its `k` best-scoring candidates. SciPy solves
 * the same optimum as a dense assignment with each mentor repeated by its capacity.
 */
function sparse(mentors: number, mentees: number, k: number, withPeer: boolean, equalScores = false): BenchRow {
  const rng = createRng(7);
  const cap = Int32Array.from({ length: mentors }, () => 1 + Math.floor(rng() * 5));
  const capacities = new Map<string, number>();
  for (let i = 0; i < mentors; i++) capacities.set(`mentor${i}`, cap[i]);
  const pairs: AssignmentPair[] = [];
  const chosen = new Set<number>();
  const scoreOf: Float64Array[] = [];
  for (let m = 0; m < mentees; m++) {
    chosen.clear();
    while (chosen.size < k) chosen.add(Math.floor(rng() * mentors));
    const row = new Float64Array(mentors);
    for (const t of chosen) {
      const s = equalScores ? 1 : Math.round(rng() * 10000) / 100;
      row[t] = s;
      pairs.push({ left: `mentor${t}`, right: `mentee${m}`, score: s });
    }
    scoreOf.push(row);
  }
  const [res, seconds, cpu] = time(() => solveAssignment({ pairs, capacities }));
  const row: BenchRow = {
    suite: 'matching',
    case: `sparse ${mentors} mentors (cap 1–5) × ${mentees} mentees, ${k} candidates each${equalScores ? ', all scores equal' : ''}`,
    seconds,
    peakRssMB: rss(),
    target: '< 3 s, exact',
    pass: seconds < 3,
    note: `cpu ${cpu.toFixed(2)} s; ${res.count} pairs, total ${res.total.toFixed(2)}`,
  };
  if (withPeer) {
    const slots: number[] = [];
    for (let i = 0; i < mentors; i++) for (let c = 0; c < cap[i]; c++) slots.push(i);
    const matrix = new Float64Array(mentees * slots.length);
    for (let m = 0; m < mentees; m++) for (let s = 0; s < slots.length; s++) matrix[m * slots.length + s] = scoreOf[m][slots[s]];
    const peer = scipy(matrix, mentees, slots.length);
    const same = Math.abs(res.total - peer.total) < 1e-6 * Math.abs(peer.total);
    row.peer = 'scipy linear_sum_assignment (dense, mentors repeated by capacity)';
    row.peerSeconds = peer.seconds;
    row.note += `; ratio ${(seconds / peer.seconds).toFixed(2)}×; totals ${same ? 'equal' : `DIFFER vs ${peer.total}`}`;
    row.pass = row.pass && same;
  }
  return row;
}

export async function run(): Promise<BenchRow[]> {
  // The equal-scores case guards against plateau flooding in the shortest-path searches.
  return [...dense(2000), sparse(2000, 10000, 50, true), sparse(2000, 10000, 50, false, true)];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
