import { Option, type Command } from 'commander';
import { toCsv } from '../../io/csv-write.ts';
import { analyze, analyzeFolderSnapshot, analyzeSnapshot, type AnalysisResult, type NodeResult } from '../../analysis/analyze.ts';
import { NODE_COLUMN_NAMES, nodeColumnValue } from '../../analysis/registry.ts';
import { AnalyzeOptionsSchema, QUERY_OPTION_KEYS, type AnalyzeOptionsInput } from '../../analysis/options.ts';
import { escapeCell } from '../../io/formula.ts';
import { cachedAnalysis } from '../../store/index.ts';
import { action, addSourceOptions, emit, fmt, table, toJson, UsageError, writeAtomic } from '../output.ts';
import { progressReporter } from '../progress.ts';
import { addSchemaOptions, optionsFromFlags, schemaFlags } from '../schema-options.ts';
import { addDeprecatedFlags, UNWEIGHTED } from '../deprecated.ts';
import { addWorkspaceSourceOptions, withInput, type WorkspaceSourceFlags } from '../source.ts';
import { bareEdgeListSnapshot } from '../bare-edge-list.ts';
import { folderSnapshot } from '../folder-snapshot.ts';
import { absentTypeNote } from '../absent-type.ts';

/** The library options `hubgraph analyze` exposes, in help order; flags, help and defaults come from the schema. */
export const ANALYZE_FLAGS = schemaFlags({
  schema: AnalyzeOptionsSchema,
  keys: ['metrics', ...QUERY_OPTION_KEYS, 'region', 'hub', 'workers', 'profileSize'],
  overrides: {
    communityMethod: { flag: 'communities', value: 'method' },
    louvainTries: { flag: 'tries' },
    budgetSeconds: { flag: 'budget', value: 'seconds' },
    at: { value: 'date' },
    metrics: { value: 'list' },
  },
});

interface AnalyzeFlags extends Omit<WorkspaceSourceFlags, 'progress'> {
  out?: string;
  top?: string;
  fields?: string;
  progress?: boolean | string;
  [option: string]: unknown;
}

/** Command-line flags → validated library options (usage errors name the flag). */
export function analyzeOptionsFromFlags(f: AnalyzeFlags): AnalyzeOptionsInput {
  return optionsFromFlags(ANALYZE_FLAGS.schema, ANALYZE_FLAGS.keys, f, ANALYZE_FLAGS.overrides) as AnalyzeOptionsInput;
}

/** Per-node fields `--fields` may keep: the node's own and every field the analysis registry writes. */
export const NODE_FIELDS: string[] = ['id', 'type', 'ownType', 'label', ...new Set(NODE_COLUMN_NAMES.map((c) => c.split('.')[0]))];

/** The per-node table as CSV (formula-injection safe), for spreadsheets; metric columns from the analysis registry. */
export function nodesCsv(result: AnalysisResult): string {
  const present = (c: string) => result.nodes.some((n) => nodeColumnValue(n, c) !== undefined);
  const cols = ['id', 'type', ...['ownType', 'label', ...NODE_COLUMN_NAMES].filter(present)];
  const rows = result.nodes.map((n) => [
    ...cols.map((c) => {
      const v = nodeColumnValue(n, c);
      return typeof v === 'string' ? escapeCell(v) : (v ?? '');
    }),
    n.isolation ? n.isolation.score : '',
    n.isolation ? n.isolation.status : '',
  ]);
  return toCsv([[...cols, 'isolationScore', 'isolationStatus'], ...rows]);
}

/** `--fields id,betweenness,…` → the per-node fields to keep (id always), or null for all. */
export function parseFields(list: string | undefined): string[] | null {
  if (list === undefined) return null;
  const known = [...NODE_FIELDS, 'isolation'];
  const fields = list
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.filter((f) => !known.includes(f));
  if (unknown.length || !fields.length) throw new UsageError(`--fields: unknown ${unknown.join(', ') || '(empty)'}; expected some of ${known.join(', ')}`);
  return ['id', ...fields.filter((f) => f !== 'id')];
}

/** The result with only the chosen per-node fields (the rest of the document unchanged). */
export function selectFields(result: AnalysisResult, fields: string[]): AnalysisResult {
  const nodes = result.nodes.map((n) => Object.fromEntries(fields.filter((f) => f in n).map((f) => [f, n[f as keyof NodeResult]])) as unknown as NodeResult);
  return { ...result, nodes };
}

function human(r: AnalysisResult, top: number): string {
  const g = r.graph;
  const out: string[] = [];
  const line = (k: string, v: unknown) => v !== undefined && out.push(`${k.padEnd(22)}${typeof v === 'number' ? fmt(v) : v === null ? '—' : String(v)}`);
  out.push('Network');
  line('nodes', g.nodes);
  line('edges', g.edges);
  line('density', g.density);
  line('components', g.components);
  line('largest component', g.largestComponent);
  line('transitivity', g.transitivity);
  line('average clustering', g.averageClustering);
  line('degree assortativity', g.degreeAssortativity);
  if (g.diameter !== undefined) line('diameter', g.diameterExact ? g.diameter : `≥ ${g.diameter} (≤ ${g.diameterUpperBound})`);
  line('average path length', g.averagePathLength);
  line('communities', g.communities && `${g.communities} (${g.communityMethod})`);
  line('modularity', g.modularity);
  if (g.quality?.function === 'cpm') line('CPM quality', g.quality.value);
  if (g.corePeripheryFit !== undefined) line('core–periphery fit', g.corePeripheryFit);
  const plan = g.settings.allPairs;
  if (plan) line('all-pairs metrics', plan.mode === 'exact' ? 'exact' : `sampled betweenness (${plan.samples} pivots; --exact for exact)`);
  const ranked = (key: keyof NodeResult, title: string) => {
    if (!r.nodes.some((n) => typeof n[key] === 'number')) return;
    const best = [...r.nodes]
      .filter((n) => typeof n[key] === 'number')
      .sort((a, b) => (b[key] as number) - (a[key] as number))
      .slice(0, top);
    out.push(
      '',
      `Top ${best.length} by ${title}`,
      table(
        ['node', 'type', title],
        // An own type shows with the kind the analyses read it as: "person (other)".
        best.map((n) => [n.label ?? n.id, n.ownType ? `${n.ownType} (${n.type})` : n.type, n[key] as number]),
      ),
    );
  };
  ranked('betweenness', 'betweenness');
  ranked('pagerank', 'pagerank');
  ranked('coreness', 'coreness');
  if (r.isolation) {
    const flagged = r.isolation.filter((e) => e.status !== 'connected').slice(0, top);
    const count = (status: string) => r.isolation!.filter((e) => e.status === status).length;
    out.push('', `Isolated and peripheral schools (${count('isolated')} isolated, ${count('peripheral')} peripheral of ${r.isolation.length} listed)`);
    out.push(
      flagged.length
        ? table(
            ['school', 'region', 'score', 'status', 'why'],
            flagged.map((e) => [e.label ?? e.id, e.region, e.score, e.status, e.reasons.map((x) => x.code).join(', ')]),
          )
        : r.isolation.length
          ? 'none'
          : `none: ${absentTypeNote('school', r.nodes, 'the list ranks') ?? 'no school in the list'}`,
    );
  }
  out.push('', 'Use --json for every figure, or --out FILE (.json or .csv).');
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('analyze')
    .description('centralities, communities, structure, brokers, isolated schools and indicators of a network')
    .argument('[source]', 'dataset folder (nodes.csv + edges.csv), edge list, .json, .gexf or .graphml (or use --workspace)');
  addDeprecatedFlags(addSchemaOptions(addWorkspaceSourceOptions(addSourceOptions(cmd)), ANALYZE_FLAGS.schema, ANALYZE_FLAGS.keys, ANALYZE_FLAGS.overrides), [
    UNWEIGHTED,
  ])
    .addOption(
      new Option(
        '--progress <mode>',
        'progress of the analysis on stderr: tty (a line with the ETA; the default when stderr is a terminal, also with --json) or json (one JSON line per step, for scripts)',
      ).choices(['tty', 'json']),
    )
    .addOption(new Option('--top <n>', 'rows in the human-readable tables').default('10'))
    .option('--fields <list>', `per-node fields in the JSON output (default: all): ${NODE_FIELDS.join(', ')}, isolation`)
    .option('--out <file>', 'write the result to FILE (.csv: the full node table; otherwise JSON) instead of stdout')
    .action(
      action(async (source: string | undefined, flags: AnalyzeFlags) => {
        const options = analyzeOptionsFromFlags(flags);
        const fields = parseFields(flags.fields);
        const progress = progressReporter(flags.progress, process.stderr);
        // --at is applied by analyze itself (it is also the reference date for inactivity), so load unsliced.
        // The loading bar is for terminals; with --progress json it would mix with the JSON lines.
        const loadFlags: WorkspaceSourceFlags = { ...flags, at: undefined, progress: flags.progress !== false && flags.progress !== 'json' };
        const bare = await bareEdgeListSnapshot(source, loadFlags, options);
        const folder = bare ? null : await folderSnapshot(source, loadFlags, options);
        const result = await (bare
          ? analyzeSnapshot(bare, options, progress.onProgress)
          : folder
            ? analyzeFolderSnapshot(folder, options, progress.onProgress)
            : withInput(
                source,
                loadFlags,
                async ({ dataset, store, version }) => {
                  const run = () => analyze(dataset, options, progress.onProgress);
                  if (!store || !version) return run();
                  // Results of a stored version are cached in the store by (version, parameters).
                  return (await cachedAnalysis(store, version.id, 'analyze', AnalyzeOptionsSchema.parse(options), run)).result;
                },
                false,
              )
        ).finally(() => progress.end());
        const plan = result.graph.settings.allPairs;
        if (plan && plan.mode === 'sampled' && flags.progress !== 'json') process.stderr.write(`note: ${plan.message}\n  ${plan.expectedError}\n`);
        if (flags.out) {
          const body = flags.out.endsWith('.csv') ? nodesCsv(result) : toJson(result) + '\n';
          await writeAtomic(flags.out, body);
          emit(flags, { written: flags.out, graph: result.graph }, () => `wrote ${flags.out}`);
          return;
        }
        emit(flags, fields ? selectFields(result, fields) : result, () => human(result, Number(flags.top) || 10));
      }),
    );
}
