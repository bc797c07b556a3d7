import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { significance, SignificanceOptionsSchema, type SignificanceOptionsInput, type SignificanceResult } from '../../analysis/significance/significance.ts';
import { action, addSourceOptions, emit, fmt, table, UsageError } from '../output.ts';
import { addWorkspaceSourceOptions, withInput, type WorkspaceSourceFlags } from '../source.ts';

interface SignificanceFlags extends WorkspaceSourceFlags {
  stat?: string;
  null?: string;
  samples?: string;
  seed?: string;
  swaps?: string;
  group?: string;
  workers?: string;
}

const num = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new UsageError(`--${flag} "${v}": expected a number`);
  return x;
};
const FLAG: Record<string, string> = { stats: 'stat', swapsPerTie: 'swaps' };

/** Command-line flags → validated options (usage errors name the flag). */
export function significanceOptionsFromFlags(f: SignificanceFlags): SignificanceOptionsInput {
  const input = {
    stats: f.stat
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    null: f.null,
    samples: num('samples', f.samples),
    seed: num('seed', f.seed),
    swapsPerTie: num('swaps', f.swaps),
    group: f.group,
    workers: num('workers', f.workers),
  };
  const parsed = SignificanceOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const key = String(i.path[0] ?? '');
    throw new UsageError(`--${FLAG[key] ?? key}: ${i.message}`);
  }
  return input as SignificanceOptionsInput;
}

function human(r: SignificanceResult): string {
  const f = (x: number | null) => (x === null ? '—' : fmt(x));
  const s = r.settings;
  return [
    `${r.nodes} nodes, ${r.edges} ties; null model ${s.null === 'degree' ? `degree-preserving (${fmt(s.meanSwaps ?? 0)} swaps per sample)` : 'G(n, m)'}, ${s.samples} samples, seed ${s.seed}`,
    '',
    table(
      ['statistic', 'observed', 'null mean', 'null sd', 'z', 'p (two-sided)'],
      r.tests.map((t) => [t.stat, f(t.observed), f(t.nullMean), f(t.nullSd), f(t.z), f(t.p)]),
    ),
    '',
    'p is empirical: (1 + null samples at least as extreme) / (1 + samples). Use --json for one-sided p-values.',
  ].join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('significance')
    .description('is a graph-level figure real? observed vs degree-preserving or G(n, m) null samples: mean, sd, z, empirical p')
    .argument('[source]', 'dataset folder, edge list, .json, .gexf or .graphml (or use --workspace)');
  addWorkspaceSourceOptions(addSourceOptions(cmd))
    .option('--stat <list>', 'comma-separated statistics: modularity, transitivity, assortativity, ei (default all)')
    .option('--null <model>', 'degree (double edge swaps, default) or erdos-renyi (G(n, m))')
    .option('--samples <n>', 'null samples (default 200)')
    .option('--seed <n>', 'seed (default 1); results do not depend on --workers')
    .option('--swaps <k>', 'double edge swaps per sample, in multiples of the number of ties (default 10)')
    .option('--group <g>', 'grouping of the E-I statistic: region (default), type, country, hub')
    .option('--workers <n>', 'threads (default: one per core)')
    .action(
      action(async (source: string | undefined, flags: SignificanceFlags) => {
        const options = significanceOptionsFromFlags(flags);
        const total = SignificanceOptionsSchema.parse(options).samples;
        const bar =
          !flags.json && process.stderr.isTTY
            ? new SingleBar({ stream: process.stderr, format: 'null samples {bar} {value}/{total}', hideCursor: true, clearOnComplete: true }, undefined)
            : null;
        const result = await withInput(source, flags, async ({ dataset }) => {
          bar?.start(total, 0);
          try {
            return await significance(dataset, options, (p) => bar?.update(p.done));
          } finally {
            bar?.stop();
          }
        });
        emit(flags, result, () => human(result));
      }),
    );
}
