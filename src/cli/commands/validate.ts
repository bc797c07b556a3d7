import type { Command } from 'commander';
import { ImportError } from '../../io/errors.ts';
import { twoModeCliLine } from '../../io/two-mode.ts';
import { EXIT, action, addSourceOptions, count, emit, loadSource, table, toJson, type SourceOptions } from '../output.ts';

/**
 * `hubgraph validate <source>`: check a dataset without doing anything else. Invalid data is this
 * command's answer, not a failure to run: with --json it is printed on stdout as
 * `{valid: false, total, issues}`; either way the exit code is 1.
 */
export function register(program: Command): void {
  addSourceOptions(
    program
      .command('validate')
      .argument('<source>', 'folder with nodes.csv + edges.csv, or an edge list / .json / .gexf / .graphml file')
      .description('check a dataset and list every problem with file, line and field'),
  ).action(
    action(async (source: string, opts: SourceOptions) => {
      try {
        const { report } = await loadSource(source, opts, false);
        emit(opts, { valid: true, report }, () => {
          const lines = [`valid: ${count(report.nodes, 'node')}, ${count(report.edges, 'edge')} (${report.format}: ${report.files.join(', ')})`];
          if (report.directedEdges && !report.directionSummary)
            lines.push(
              report.directedEdges === report.edges
                ? `${report.edges === 1 ? 'the tie is' : `all ${report.edges} ties are`} directed`
                : `${report.directedEdges} of the ${report.edges} ties are directed`,
            );
          if (report.directionSummary) lines.push(report.directionSummary);
          if (report.typeSummary) lines.push(report.typeSummary);
          lines.push(...report.columnSummary);
          if (report.twoMode) lines.push(twoModeCliLine(report.twoMode));
          if (report.mergedEdges) {
            lines.push(
              '',
              `merged ${report.mergedEdges} parallel edge records (weights summed):`,
              table(
                ['source', 'target', 'type', 'records', 'weight'],
                report.merged.map((m) => [m.source, m.target, m.type, m.records, m.weight]),
              ),
            );
          }
          for (const w of report.warnings) if (!w.includes('parallel edge') && w !== report.twoMode?.summary) lines.push(`warning: ${w}`);
          if (report.extraNodeAttributes.length) lines.push(`extra node attributes kept: ${report.extraNodeAttributes.join(', ')}`);
          if (report.extraEdgeAttributes.length) lines.push(`extra edge attributes kept: ${report.extraEdgeAttributes.join(', ')}`);
          return lines.join('\n');
        });
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        if (opts.json) process.stdout.write(toJson({ valid: false, total: err.total, issues: err.issues }) + '\n');
        else process.stderr.write(`invalid: ${err.message}\n`);
        process.exitCode = EXIT.invalidData;
      }
    }),
  );
}
