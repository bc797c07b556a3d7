/**
 * `npm run bench [-- --only suite1,suite2]`: runs every benchmark module, prints a table and writes
 * bench/results/latest.md (and latest.json) with the machine described. Peers (igraph, NetworkX,
 * SciPy) are measured by the modules themselves in the same run; absolute times on a shared 2-core
 * machine are noisy, so read the ratios.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './types.ts';

const MODULES = [
  'startup',
  'defaults',
  'import',
  'centrality',
  'structure',
  'communities',
  'significance',
  'analysis',
  'matching',
  'partners',
  'store',
  'api-load',
  'web-map',
  'scale',
];

function parseOnly(argv: string[]): Set<string> | null {
  const i = argv.indexOf('--only');
  if (i < 0 || !argv[i + 1]) return null;
  return new Set(argv[i + 1].split(',').map((s) => s.trim()));
}

function fmt(x: number | null | undefined, digits = 3): string {
  return x === undefined || x === null || Number.isNaN(x) ? '' : x.toFixed(digits);
}

function machine(): string {
  const cpus = os.cpus();
  return (
    `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `${os.type()} ${os.release()}, Node ${process.version}`
  );
}

export function toMarkdown(rows: BenchRow[], when: Date): string {
  const lines = [
    '# hubgraph benchmark results',
    '',
    `Run ${when.toISOString()} on ${machine()}.`,
    'Rerun with `npm run bench` (or `npm run bench -- --only SUITE`). Ratio = ours / peer (below 1 is faster than the peer).',
    '',
    '| suite | case | seconds | peak RSS MB | peer | peer seconds | ratio | target | met | note |',
    '|---|---|---:|---:|---|---:|---:|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = r.ratio ?? (r.peerSeconds ? r.seconds / r.peerSeconds : undefined);
    lines.push(
      `| ${r.suite} | ${r.case} | ${fmt(r.seconds)} | ${fmt(r.peakRssMB, 0)} | ${r.peer ?? ''} | ${fmt(r.peerSeconds)} | ` +
        `${fmt(ratio, 2)} | ${r.target ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'yes' : 'NO'} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * The rows of a results table written by toMarkdown (latest.json is not committed; latest.md is), so
 * that `--only` keeps the other suites' rows of a fresh checkout too.
 */
export function fromMarkdown(md: string): { rows: BenchRow[]; at?: string } {
  const at = /^Run (\S+) on /m.exec(md)?.[1];
  const rows: BenchRow[] = [];
  for (const line of md.split('\n')) {
    if (!line.startsWith('| ')) continue;
    // Cells trimmed: the committed table may be aligned by a formatter. Header and rule rows skipped.
    const c = line
      .slice(2, -2)
      .split(' | ')
      .map((x) => x.trim());
    if (c.length < 10 || c[0] === 'suite' || /^-+$/.test(c[0])) continue;
    const num = (x: string) => (x.trim() === '' ? undefined : Number(x));
    rows.push({
      suite: c[0],
      case: c[1],
      seconds: num(c[2]) ?? NaN,
      peakRssMB: num(c[3]),
      peer: c[4] || undefined,
      peerSeconds: num(c[5]),
      ratio: num(c[6]),
      target: c[7] || undefined,
      pass: c[8] === 'yes' ? true : c[8] === 'NO' ? false : undefined,
      note: c.slice(9).join(' | ') || undefined,
    });
  }
  return { rows, at };
}

async function main(): Promise<void> {
  const only = parseOnly(process.argv.slice(2));
  const here = fileURLToPath(new URL('.', import.meta.url));
  const rows: BenchRow[] = [];
  for (const name of MODULES) {
    if (only && !only.has(name)) continue;
    if (!existsSync(`${here}${name}.ts`)) continue;
    process.stderr.write(`bench: ${name} …\n`);
    try {
      const mod = (await import(`./${name}.ts`)) as { run: () => Promise<BenchRow[]> };
      const got = await mod.run();
      rows.push(...got);
      for (const r of got) process.stderr.write(`  ${r.case}: ${fmt(r.seconds)} s${r.peerSeconds ? ` (peer ${fmt(r.peerSeconds)} s)` : ''}\n`);
    } catch (err) {
      rows.push({ suite: name, case: 'failed', seconds: NaN, note: String((err as Error).message ?? err).slice(0, 200) });
      process.stderr.write(`  failed: ${(err as Error).stack ?? err}\n`);
    }
  }
  // With --only, the other suites' rows of the previous run are kept (marked with their date), and so
  // are a suite's rows this run did not measure (e.g. HUBGRAPH_BENCH_SCALE_ONLY=whole keeps the sizes).
  const previous = `${here}results/latest.json`;
  const previousMd = `${here}results/latest.md`;
  if (only && (existsSync(previous) || existsSync(previousMd))) {
    const old = existsSync(previous)
      ? (JSON.parse(readFileSync(previous, 'utf8')) as { rows: BenchRow[]; at?: string })
      : fromMarkdown(readFileSync(previousMd, 'utf8'));
    const measured = new Set(rows.map((r) => `${r.suite}\u0000${r.case}`));
    const partial = process.env.HUBGRAPH_BENCH_SCALE_ONLY !== undefined;
    // API_LOAD_CASES=first-read (say) keeps the api-load rows of the cases it did not run.
    const partialApi = process.env.API_LOAD_CASES !== undefined;
    const kept = old.rows
      .filter(
        (r) =>
          !only.has(r.suite) || (((partial && r.suite === 'scale') || (partialApi && r.suite === 'api-load')) && !measured.has(`${r.suite}\u0000${r.case}`)),
      )
      .map((r) => ({ ...r, note: r.note?.includes('(from the run of') ? r.note : `${r.note ?? ''} (from the run of ${old.at ?? 'an earlier run'})`.trim() }));
    rows.unshift(...kept);
  }
  const order = new Map(MODULES.map((m, i) => [m, i]));
  rows.sort((a, b) => (order.get(a.suite) ?? 99) - (order.get(b.suite) ?? 99));
  const md = toMarkdown(rows, new Date());
  mkdirSync(`${here}results`, { recursive: true });
  writeFileSync(`${here}results/latest.md`, md);
  // Aligned as the repository's formatter aligns it, so a committed bench run keeps CI's format check green.
  execFileSync(fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)), ['format', '--write', `${here}results/latest.md`], { stdio: 'ignore' });
  writeFileSync(`${here}results/latest.json`, JSON.stringify({ machine: machine(), at: new Date().toISOString(), rows }, null, 2));
  process.stdout.write(md);
}

// Run when started as the bench (npm run bench), not when imported for its helpers.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
