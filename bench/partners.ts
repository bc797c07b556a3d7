/**
 * Partner suggestions on real and national-size data (`npm run bench -- --only partners`):
 * 1. CORDIS H2020 "Science with and for Society" (../shared/datasets/cordis-h2020-swafs), both
 *    forms, split 2019-01-01: our combined score against NetworkX's Adamic–Adar and preferential
 *    attachment computed in the same run on the same graph and the same candidate pairs (the
 *    headline population: both organisations active before the split), recall@20 and AUC.
 * 2. `hubgraph match partners --top 20` (text, then --json) on an H2020-shaped network
 *    (bench/generate-h2020.ts) under /usr/bin/time -v: wall time and peak RSS against < 60 s and
 *    < 3 GB, with the load average (the machine is shared).
 * 3. `hubgraph match mentors` on a national mentoring population (bench/generate-mentoring.ts,
 *    15,000 schools) under /usr/bin/time -v.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/io/load.ts';
import { evaluatePartnersDetailed } from '../src/match/evaluate.ts';
import { parsePartnerConfig, partnerSetup } from '../src/match/partners.ts';
import { isoDay } from '../src/match/ties.ts';
import { generateH2020 } from './generate-h2020.ts';
import { generateMentoring } from './generate-mentoring.ts';
import { PYTHON, runJson, timeAsync } from './lib.ts';
import type { BenchRow } from './types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SWAFS = join(ROOT, '../shared/datasets/cordis-h2020-swafs');
const PEER = fileURLToPath(new URL('./peers/networkx_linkpred.py', import.meta.url));
const SPLIT = '2019-01-01',
  K = 20;

interface PeerScore {
  auc: number | null;
  recallAtK: number | null;
}
interface Peer {
  seconds: number;
  adamicAdar: PeerScore;
  preferentialAttachment: PeerScore;
}

async function realData(form: 'coorg' | 'dataset', dir: string): Promise<BenchRow[]> {
  const { dataset } = await loadDataset(join(SWAFS, form));
  const { seconds, value } = await timeAsync(async () => evaluatePartnersDetailed(dataset, { split: SPLIT, k: K }));
  const { evaluation: ev, rows } = value;
  // Same graph (ties before the split) and same candidate pairs for NetworkX.
  const g = partnerSetup(dataset, parsePartnerConfig({ scoring: 'weights' }), isoDay(SPLIT)).g;
  const edges: string[] = [String(g.n)];
  for (let v = 0; v < g.n; v++) for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) if (g.targets[i] > v) edges.push(`${v} ${g.targets[i]}`);
  const t = rows.ranked.signals;
  const pairs: string[] = [];
  for (let r = 0; r < t.size; r++) if (rows.established[r]) pairs.push(`${t.company[r]} ${t.partner[r]} ${rows.positive[r]} ${rows.tiebreak[r]}`);
  writeFileSync(join(dir, `${form}-edges.txt`), edges.join('\n') + '\n');
  writeFileSync(join(dir, `${form}-pairs.txt`), pairs.join('\n') + '\n');
  const peer = await runJson<Peer>(PYTHON, [PEER, join(dir, `${form}-edges.txt`), join(dir, `${form}-pairs.txt`), String(K)]);
  const ours = ev.scores.find((s) => s.score === 'combined')!;
  const own = (name: string) => ev.scores.find((s) => s.score === name)!;
  const bestRecall = Math.max(peer.adamicAdar.recallAtK ?? 0, peer.preferentialAttachment.recallAtK ?? 0);
  const bestAuc = Math.max(peer.adamicAdar.auc ?? 0, peer.preferentialAttachment.auc ?? 0);
  const rr = (ours.recallAtK ?? 0) / bestRecall,
    ar = (ours.auc ?? 0) / bestAuc;
  const f = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
  // 95 % intervals from match evaluate's bootstrap (1,000 resamples of the companies with a new tie; the ratio paired, on our own PA / AA, which equal NetworkX's).
  const b = ev.bootstrap;
  const iv = (x: readonly [number, number] | null | undefined, d = 3) => (x ? ` [${x[0].toFixed(d)}–${x[1].toFixed(d)}]` : '');
  const mine = (name: string) => b?.scores.find((x) => x.score === name);
  const ratios = b
    ? `bootstrap 95 %: ours recall@20${iv(mine('combined')?.recallAtK)} AUC${iv(mine('combined')?.auc)}, PA recall@20${iv(mine('preferentialAttachment')?.recallAtK)} AUC${iv(mine('preferentialAttachment')?.auc)}; ` +
      `paired ratio to ${b.ratio.recallAtK.baseline} recall@20 ${b.ratio.recallAtK.point?.toFixed(2)}${iv(b.ratio.recallAtK.interval, 2)}, to ${b.ratio.auc.baseline} AUC ${b.ratio.auc.point?.toFixed(2)}${iv(b.ratio.auc.interval, 2)} (${b.resamples} resamples of ${b.companies} companies); `
    : '';
  const same =
    Math.abs((own('adamicAdar').auc ?? 0) - (peer.adamicAdar.auc ?? 0)) < 1e-9 &&
    Math.abs((own('preferentialAttachment').auc ?? 0) - (peer.preferentialAttachment.auc ?? 0)) < 1e-9;
  return [
    {
      suite: 'partners',
      case: `SwafS ${form === 'coorg' ? 'co-organisation' : 'participation'} form, split ${SPLIT}: ${ev.newTies} new ties, ${ev.candidates} pairs`,
      seconds,
      peer: 'networkx adamic_adar_index + preferential_attachment',
      peerSeconds: peer.seconds,
      target: 'combined > best baseline on recall@20 and AUC',
      pass: rr > 1 && ar > 1,
      note:
        `recall@20 ours ${f(ours.recallAtK)} vs AA ${f(peer.adamicAdar.recallAtK)} / PA ${f(peer.preferentialAttachment.recallAtK)} → ratio ${rr.toFixed(2)}; ` +
        `AUC ours ${f(ours.auc)} vs AA ${f(peer.adamicAdar.auc)} / PA ${f(peer.preferentialAttachment.auc)} → ratio ${ar.toFixed(2)}; ` +
        ratios +
        `our AA/PA AUC ${same ? 'equal NetworkX' : 'DIFFER from NetworkX'}; random recall@20 ${f(own('random').recallAtK)}; ` +
        `katz alone ${f(own('katz').recallAtK)} / ${f(own('katz').auc)}; ppr alone ${f(own('ppr').recallAtK)} / ${f(own('ppr').auc)}`,
    },
  ];
}

/** Wall seconds and peak RSS (MB) from /usr/bin/time -v's report. */
function parseTime(stderr: string): { seconds: number; rssMB: number; cpu: number } {
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr),
    sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  if (!wall || !rss) throw new Error(`could not read /usr/bin/time -v output: ${stderr.slice(-400)}`);
  return {
    seconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
    rssMB: Number(rss[1]) / 1024,
    cpu: Number(user?.[1] ?? 0) + Number(sys?.[1] ?? 0),
  };
}

/** `hubgraph ARGS…` under /usr/bin/time -v, stdout to /dev/null (its report comes on stderr). */
function timeCli(args: string[]): Promise<{ seconds: number; rssMB: number; cpu: number }> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(err) : reject(new Error(`hubgraph ${args.join(' ')} exited with ${code}: ${err.slice(0, 300)}`))));
  }).then(parseTime);
}

const load = () => `load average ${os.loadavg()[0].toFixed(1)}`;

async function scale(dir: string): Promise<BenchRow[]> {
  const out = join(dir, 'h2020-like');
  const info = generateH2020(out);
  const shape = `H2020-shaped (${info.organisations} organisations, ${info.projects} projects, ${info.projectedTies} co-participation ties)`;
  const rows: BenchRow[] = [];
  // Text (what a coordinator reads) and --json (streamed: the document is larger than V8's largest string).
  for (const json of [false, true]) {
    const before = load();
    const t = await timeCli(['match', 'partners', out, '--top', '20', ...(json ? ['--json'] : [])]);
    rows.push({
      suite: 'partners',
      case: `match partners --top 20${json ? ' --json' : ' (text)'}, ${shape}`,
      seconds: t.seconds,
      peakRssMB: t.rssMB,
      target: '< 60 s and < 3 GB',
      pass: t.seconds < 60 && t.rssMB < 3072,
      note: `/usr/bin/time -v: wall ${t.seconds.toFixed(1)} s, CPU ${t.cpu.toFixed(1)} s (user + sys), peak RSS ${t.rssMB.toFixed(0)} MB; ${before} before, ${load()} after`,
    });
  }
  const schools = 15_000;
  const m = generateMentoring(join(dir, 'mentoring'), { schools });
  const before = load();
  const t = await timeCli(['match', 'mentors', m.dir, '--json']);
  rows.push({
    suite: 'partners',
    case: `match mentors --json, national population (${schools} schools: ${m.mentors} mentors, ${m.mentees} mentees, ${m.ties} ties; bench/generate-mentoring.ts)`,
    seconds: t.seconds,
    peakRssMB: t.rssMB,
    target: 'bounded memory (no object per feasible pair)',
    pass: t.rssMB < 1024,
    note: `/usr/bin/time -v: wall ${t.seconds.toFixed(1)} s, CPU ${t.cpu.toFixed(1)} s (user + sys), peak RSS ${t.rssMB.toFixed(0)} MB; ${before} before, ${load()} after`,
  });
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  if (!existsSync(join(SWAFS, 'coorg')) || !existsSync(join(SWAFS, 'dataset'))) throw new Error(`CORDIS SwafS dataset missing at ${SWAFS}`);
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-partners-'));
  try {
    const rows = [...(await realData('coorg', dir)), ...(await realData('dataset', dir))];
    try {
      rows.push(...(await scale(dir)));
    } catch (err) {
      rows.push({
        suite: 'partners',
        case: 'match partners / mentors at national size',
        seconds: NaN,
        target: '< 60 s and < 3 GB',
        pass: false,
        note: String((err as Error).message).slice(0, 200),
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
