import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { significance, SignificanceOptionsSchema, type SignificanceOptionsInput, type SignificanceResult } from '../../analysis/significance/significance.ts';
import { action, addSourceOptions, emit, fmt, table } from '../output.ts';
import { addSchemaOptions, optionsFromFlags, schemaFlags } from '../schema-options.ts';
import { addWorkspaceSourceOptions, withInput, type WorkspaceSourceFlags } from '../source.ts';

/** The significance options as flags: names, help and defaults from SignificanceOptionsSchema. */
export const SIGNIFICANCE_FLAGS = schemaFlags({
  schema: SignificanceOptionsSchema,
  keys: ['stats', 'null', 'samples', 'seed', 'swapsPerTie', 'group', 'workers'],
  overrides: { stats: { flag: 'stat', value: 'list' }, null: { value: 'model' }, swapsPerTie: { flag: 'swaps', value: 'k' }, group: { value: 'g' } },
});

/** Command-line flags → validated options (usage errors name the flag). */
export function significanceOptionsFromFlags(f: Record<string, unknown>): SignificanceOptionsInput {
  return optionsFromFlags(SIGNIFICANCE_FLAGS.schema, SIGNIFICANCE_FLAGS.keys, f, SIGNIFICANCE_FLAGS.overrides) as SignificanceOptionsInput;
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
  addSchemaOptions(addWorkspaceSourceOptions(addSourceOptions(cmd)), SIGNIFICANCE_FLAGS.schema, SIGNIFICANCE_FLAGS.keys, SIGNIFICANCE_FLAGS.overrides).action(
    action(async (source: string | undefined, flags: WorkspaceSourceFlags & Record<string, unknown>) => {
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
