import { Option, type Command } from 'commander';
import type { Dataset, NodeType } from '../../model/index.ts';
import { EXPORT_FORMATS, writeDataset, type ExportFormat } from '../../io/export.ts';
import { parseNodeTypes, projectBipartite } from '../../graph/projection.ts';
import { rollupAffiliations } from '../../graph/rollup.ts';
import { UsageError, action, addSliceOptions, addSourceOptions, emit, fmt, loadSource, sliceLabel, table, type SourceOptions } from '../output.ts';

interface ProjectOptions extends SourceOptions {
  onto: string;
  via?: string;
  weighting: 'count' | 'newman';
  rollup?: boolean;
  out?: string;
  outFormat: ExportFormat;
  top: string;
}

function types(text: string, flag: string): NodeType[] {
  const r = parseNodeTypes(text);
  if (typeof r === 'string') throw new UsageError(`${flag}: ${r}`);
  return r;
}

/**
 * `hubgraph project <source> --onto TYPE`: one-mode projection of a two-mode network (teachers or
 * organisations tied by shared projects), or with --rollup, teacher ties rolled up to their
 * organisations through affiliation.
 */
export function register(program: Command): void {
  addSliceOptions(
    addSourceOptions(
      program
        .command('project')
        .argument('<source>', 'folder with nodes.csv + edges.csv, or an edge list / .json / .gexf / .graphml file')
        .description('one-mode projection: tie nodes of one type by what they share (e.g. teachers by projects)')
        .requiredOption('--onto <types>', 'node type(s) to keep: teacher, school, …, organisation, or a comma list')
        .option('--via <types>', 'node type(s) that link them (default: project)')
        .addOption(new Option('--weighting <how>', "count = shared via-nodes; newman = Newman's 1/(k−1)").choices(['count', 'newman']).default('count'))
        .option('--rollup', 'roll person–person ties up to organisations through affiliation instead of projecting')
        .option('--out <path>', 'write the projected network here')
        .addOption(new Option('--out-format <format>', 'format for --out').choices([...EXPORT_FORMATS]).default('csv'))
        .option('--top <n>', 'strongest ties to list', '10'),
    ),
  ).action(
    action(async (source: string, opts: ProjectOptions) => {
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top "${opts.top}": expected a whole number ≥ 0`);
      const onto = types(opts.onto, '--onto');
      const { sliced } = await loadSource(source, opts);
      let result: Dataset;
      let extra: Record<string, unknown> = {};
      if (opts.rollup) {
        const r = rollupAffiliations(sliced, { personTypes: ['teacher'] });
        const keep = new Set<string>(onto);
        const ids = new Set(r.dataset.nodes.filter((n) => keep.has(n.type)).map((n) => n.id));
        result = {
          ...r.dataset,
          nodes: r.dataset.nodes.filter((n) => ids.has(n.id)),
          edges: r.dataset.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
        };
        extra = { rolledUp: r.rolledUp, internal: r.internal, unaffiliated: r.unaffiliated };
      } else {
        const via = opts.via ? types(opts.via, '--via') : undefined;
        try {
          result = projectBipartite(sliced, { onto, via, weighting: opts.weighting });
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      }
      const written = opts.out ? await writeDataset(result, opts.outFormat, opts.out) : [];
      const strongest = [...result.edges].sort((a, b) => b.weight - a.weight).slice(0, top);
      const label = new Map(result.nodes.map((n) => [n.id, n.label ?? n.id]));
      const doc = {
        onto,
        via: opts.rollup ? 'affiliation' : (opts.via ?? null),
        mode: opts.rollup ? 'rollup' : 'projection',
        weighting: opts.rollup ? 'sum' : opts.weighting,
        slice: sliceLabel(opts),
        nodes: result.nodes.length,
        edges: result.edges.length,
        ...extra,
        files: written,
        strongest: strongest.map((e) => ({
          source: e.source,
          target: e.target,
          type: e.type,
          weight: e.weight,
          shared: e.attrs.shared ?? e.attrs.ties ?? null,
        })),
      };
      emit(opts, doc, () => {
        const out = [`${opts.rollup ? 'roll-up' : 'projection'} onto ${onto.join(', ')}: ${result.nodes.length} nodes, ${result.edges.length} ties`];
        if (opts.rollup)
          out.push(`${extra.rolledUp} person ties rolled up, ${extra.internal} inside one organisation, ${extra.unaffiliated} without affiliation`);
        if (written.length) out.push(`wrote ${written.join(', ')}`);
        if (strongest.length) {
          out.push(
            '',
            table(
              ['source', 'target', 'type', 'weight'],
              strongest.map((e) => [label.get(e.source)!, label.get(e.target)!, e.type, Number(fmt(e.weight))]),
            ),
          );
        }
        return out.join('\n');
      });
    }),
  );
}
