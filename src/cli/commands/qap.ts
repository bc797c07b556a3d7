import type { Command } from 'commander';
import { qap, QapInputError, QapOptionsSchema, type QapOptionsInput, type QapResult } from '../../analysis/qap.ts';
import { action, addSourceOptions, emit, fmt, table, UsageError } from '../output.ts';
import { addSchemaOptions, optionsFromFlags, schemaFlags } from '../schema-options.ts';
import { addWorkspaceSourceOptions, withInput, type WorkspaceSourceFlags } from '../source.ts';

/** The qap options as flags: names, help and defaults from QapOptionsSchema. */
export const QAP_FLAGS = schemaFlags({
  schema: QapOptionsSchema,
  keys: ['y', 'x', 'permutations', 'seed', 'maxNodes'],
  overrides: { y: { value: 'relation' }, x: { value: 'list' } },
});

/** Command-line flags → validated options (usage errors name the flag). */
export function qapOptionsFromFlags(f: Record<string, unknown>): QapOptionsInput {
  return optionsFromFlags(QAP_FLAGS.schema, QAP_FLAGS.keys, f, QAP_FLAGS.overrides) as QapOptionsInput;
}

function human(r: QapResult): string {
  const f = (x: number | null) => (x === null ? '—' : fmt(x));
  return [
    `${r.nodes} nodes (${r.dropped.length} left out for undefined predictors), ${r.dyads} dyads; ${r.settings.permutations} permutations, seed ${r.settings.seed}`,
    '',
    `QAP correlations with ${r.settings.y}`,
    table(
      ['x', 'r', 'p(≥)', 'p(≤)', 'p(|r|)'],
      r.correlations.map((c) => [c.x, f(c.r), c.pGreater, c.pLess, c.pAbs]),
    ),
    '',
    `MRQAP (Dekker semi-partialling): ${r.settings.y} ~ ${r.settings.x.join(' + ')}   R² ${fmt(r.regression.rSquared)}`,
    table(
      ['term', 'estimate', 't', 'p(≥)', 'p(≤)', 'p(|t|)'],
      r.regression.coefficients.map((c) => [c.term, c.estimate, f(c.t), c.pGreater, c.pLess, c.pAbs]),
    ),
  ].join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('qap')
    .description('dyadic hypotheses: QAP correlation and MRQAP regression (sna::netlm conventions) with permutation p-values')
    .argument('[source]', 'dataset folder, edge list, .json, .gexf or .graphml (or use --workspace)');
  addSchemaOptions(addWorkspaceSourceOptions(addSourceOptions(cmd)), QAP_FLAGS.schema, QAP_FLAGS.keys, QAP_FLAGS.overrides).action(
    action(async (source: string | undefined, flags: WorkspaceSourceFlags & Record<string, unknown>) => {
      const options = qapOptionsFromFlags(flags);
      const result = await withInput(source, flags, async ({ dataset }) => {
        try {
          return qap(dataset, options);
        } catch (err) {
          if (err instanceof QapInputError) throw new UsageError(err.message);
          throw err;
        }
      });
      emit(flags, result, () => human(result));
    }),
  );
}
