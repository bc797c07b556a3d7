import type { Command } from 'commander';
import { parseCapacitiesCsv, parseScoresCsv } from '../../match/input.ts';
import { solveAssignment } from '../../match/solver.ts';
import { action, emit, fmt, readText, table, type JsonFlag } from '../output.ts';

interface AssignOptions extends JsonFlag {
  scores: string;
  capacities?: string;
  maxCardinality?: boolean;
}

/**
 * `hubgraph assign --scores FILE [--capacities FILE] [--max-cardinality] [--json]`: the exact
 * capacitated assignment of a `left,right,score` CSV (capacities `id,capacity`, default 1).
 */
export function register(program: Command): void {
  program
    .command('assign')
    .description('optimal capacitated assignment of scored pairs (left,right,score CSV), exact')
    .requiredOption('--scores <file>', 'CSV with columns left,right,score (one row per allowed pair)')
    .option('--capacities <file>', 'CSV with columns id,capacity (ids not listed take 1)')
    .option('--max-cardinality', 'maximise the number of pairs first, then the total score')
    .option('--json', 'print exactly one JSON document on stdout')
    .action(
      action(async (opts: AssignOptions) => {
        const pairs = parseScoresCsv(await readText(opts.scores, 'scores'), opts.scores);
        let capacities: Map<string, number> | undefined;
        if (opts.capacities) {
          const ids = new Set<string>();
          for (const p of pairs) {
            ids.add(p.left);
            ids.add(p.right);
          }
          capacities = parseCapacitiesCsv(await readText(opts.capacities, 'capacities'), opts.capacities, (id) => ids.has(id));
        }
        const r = solveAssignment({ pairs, capacities, maxCardinality: opts.maxCardinality ?? false });
        emit(opts, { pairs: r.pairs, total: r.total, count: r.count }, () =>
          [
            table(
              ['left', 'right', 'score'],
              r.pairs.map((p) => [p.left, p.right, p.score]),
            ),
            '',
            `${r.count} pair${r.count === 1 ? '' : 's'}, total score ${fmt(r.total)}${opts.maxCardinality ? ' (most pairs first, then score)' : ''}`,
          ].join('\n'),
        );
      }),
    );
}
