import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, exportLosses, GEXF_VERSIONS, writeDataset, type ExportFormat, type ExportOptions } from '../../io/export.ts';
import { action, addSourceOptions, emit, loadSource, type SourceOptions } from '../output.ts';

interface ConvertOptions extends SourceOptions {
  to: ExportFormat;
  out: string;
  gexfVersion: ExportOptions['gexfVersion'];
  mixed: ExportOptions['mixed'];
  pajekOneMode?: boolean;
}

/** `--gexf-version` and `--mixed`: how GEXF / GraphML are written (convert, project). */
export function addExportOptions(cmd: import('commander').Command): import('commander').Command {
  return cmd
    .addOption(
      new Option('--gexf-version <v>', 'GEXF version to write (1.2draft: what Gephi and NetworkX 2.8 read)').choices([...GEXF_VERSIONS]).default('1.2draft'),
    )
    .addOption(
      new Option(
        '--mixed <how>',
        'GEXF/GraphML/GML/Pajek with both directed and undirected ties: "attribute" declares the graph undirected (as hubgraph computes) with each tie\'s direction in a directed attribute (NetworkX, igraph read it; Pajek has none, so direction is not kept); "per-edge" uses the format\'s per-edge direction (GraphML directed, GEXF type, Pajek *Arcs beside *Edges: Gephi, yEd, Pajek; NetworkX refuses it; GML has none)',
      )
        .choices(['attribute', 'per-edge'])
        .default('attribute'),
    );
}

/** `hubgraph convert <source> --to FORMAT --out PATH` (FORMAT: EXPORT_FORMATS) (csv writes a folder). */
export function register(program: Command): void {
  addSourceOptions(
    program
      .command('convert')
      .argument('<source>', 'folder with nodes.csv + edges.csv, or an edge list / .json / .gexf / .graphml / .gml / Pajek .net / .gdf / UCINET .dl file')
      .description('convert between formats; csv writes a folder with nodes.csv + edges.csv')
      .addOption(new Option('--to <format>', 'output format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
      .requiredOption('--out <path>', 'output folder (csv) or file')
      // --to names the format here, so slicing offers only --at.
      .option('--at <date>', 'keep only ties active on this date (ISO 8601)')
      .option('--pajek-one-mode', 'Pajek: write a two-mode dataset one-mode (*Vertices n), as NetworkX reads it, instead of *Vertices n n1'),
  );
  addExportOptions(program.commands[program.commands.length - 1]).action(
    action(async (source: string, opts: ConvertOptions) => {
      // Without --at, the sliced dataset is the dataset itself.
      const { sliced: d, report } = await loadSource(source, { ...opts, from: undefined, to: undefined });
      const options: ExportOptions = { gexfVersion: opts.gexfVersion, mixed: opts.mixed, pajekTwoMode: opts.pajekOneMode ? 'off' : 'auto' };
      const written = await writeDataset(d, opts.to, opts.out, options);
      // What the target format cannot hold (GDF: the dataset's meta), or a peer cannot read (two-mode Pajek: NetworkX).
      const warnings = exportLosses(d, opts.to, options);
      emit(
        opts,
        { format: opts.to, out: opts.out, files: written, nodes: d.nodes.length, edges: d.edges.length, mergedEdges: report.mergedEdges, warnings },
        () =>
          [`wrote ${d.nodes.length} nodes and ${d.edges.length} edges as ${opts.to}: ${written.join(', ')}`, ...warnings.map((w) => `warning: ${w}`)].join(
            '\n',
          ),
      );
    }),
  );
}
