import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { analyze, type AnalysisResult, type NodeResult } from '../../analysis/analyze.ts';
import { NODE_COLUMN_NAMES, nodeColumnValue } from '../../analysis/registry.ts';
import { AnalyzeOptionsSchema, METRIC_NAMES, type AnalyzeOptionsInput } from '../../analysis/options.ts';
import { escapeCell } from '../../io/formula.ts';
import { cachedAnalysis } from '../../store/index.ts';
import { action, addSourceOptions, emit, fmt, table, toJson, UsageError, writeAtomic } from '../output.ts';
import { addWorkspaceSourceOptions, withInput, type WorkspaceSourceFlags } from '../source.ts';

interface AnalyzeFlags extends WorkspaceSourceFlags {
  metrics?: string;
  unweighted?: boolean;
  weightedPaths?: boolean;
  communities?: string;
  quality?: string;
  group?: string;
  resolution?: string;
  seed?: string;
  samples?: string;
  tries?: string;
  recentMonths?: string;
  region?: string;
  hub?: string;
  workers?: string;
  out?: string;
  top?: string;
}

function num(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x)) throw new UsageError(`--${flag} "${value}": expected a number`);
  return x;
}

/** Command-line flags → validated library options (usage errors name the flag). */
export function analyzeOptionsFromFlags(f: AnalyzeFlags): AnalyzeOptionsInput {
  const metrics = f.metrics?.split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = metrics?.filter((m) => !(METRIC_NAMES as readonly string[]).includes(m));
  if (unknown?.length) throw new UsageError(`--metrics: unknown ${unknown.join(', ')}; expected some of ${METRIC_NAMES.join(', ')}`);
  const input = {
    metrics, unweighted: f.unweighted, weightedPaths: f.weightedPaths, communityMethod: f.communities, quality: f.quality, group: f.group,
    resolution: num('resolution', f.resolution),
    seed: num('seed', f.seed), samples: num('samples', f.samples), louvainTries: num('tries', f.tries), at: f.at,
    recentMonths: num('recent-months', f.recentMonths), region: f.region, hub: f.hub, workers: num('workers', f.workers),
  };
  const parsed = AnalyzeOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const key = String(i.path[0] ?? '');
    const flag = key === 'communityMethod' ? 'communities' : key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UsageError(`--${flag}: ${i.message}`);
  }
  return input as AnalyzeOptionsInput;
}

/** The per-node table as CSV (formula-injection safe), for spreadsheets; metric columns from the analysis registry. */
export function nodesCsv(result: AnalysisResult): string {
  const present = (c: string) => result.nodes.some((n) => nodeColumnValue(n, c) !== undefined);
  const cols = ['id', 'type', ...['label', ...NODE_COLUMN_NAMES].filter(present)];
  const rows = result.nodes.map((n) => [
    ...cols.map((c) => { const v = nodeColumnValue(n, c); return typeof v === 'string' ? escapeCell(v) : v ?? ''; }),
    n.isolation ? n.isolation.score : '', n.isolation ? n.isolation.status : '',
  ]);
  return stringify([[...cols, 'isolationScore', 'isolationStatus'], ...rows]);
}

function human(r: AnalysisResult, top: number): string {
  const g = r.graph;
  const out: string[] = [];
  const line = (k: string, v: unknown) => v !== undefined && out.push(`${k.padEnd(22)}${typeof v === 'number' ? fmt(v) : v === null ? '—' : String(v)}`);
  out.push('Network');
  line('nodes', g.nodes); line('edges', g.edges); line('density', g.density); line('components', g.components);
  line('largest component', g.largestComponent); line('transitivity', g.transitivity); line('average clustering', g.averageClustering);
  line('degree assortativity', g.degreeAssortativity);
  if (g.diameter !== undefined) line('diameter', g.diameterExact ? g.diameter : `≥ ${g.diameter} (≤ ${g.diameterUpperBound})`);
  line('average path length', g.averagePathLength); line('communities', g.communities && `${g.communities} (${g.communityMethod})`); line('modularity', g.modularity);
  if (g.quality?.function === 'cpm') line('CPM quality', g.quality.value);
  const ranked = (key: keyof NodeResult, title: string) => {
    if (!r.nodes.some((n) => typeof n[key] === 'number')) return;
    const best = [...r.nodes].filter((n) => typeof n[key] === 'number').sort((a, b) => (b[key] as number) - (a[key] as number)).slice(0, top);
    out.push('', `Top ${best.length} by ${title}`, table(['id', 'type', title], best.map((n) => [n.label ?? n.id, n.type, n[key] as number])));
  };
  ranked('betweenness', 'betweenness');
  ranked('pagerank', 'pagerank');
  if (r.isolation) {
    const flagged = r.isolation.filter((e) => e.status !== 'connected').slice(0, top);
    const count = (status: string) => r.isolation!.filter((e) => e.status === status).length;
    out.push('', `Isolated and peripheral schools (${count('isolated')} isolated, ${count('peripheral')} peripheral of ${r.isolation.length} listed)`);
    out.push(flagged.length ? table(['school', 'region', 'score', 'status', 'why'], flagged.map((e) => [e.label ?? e.id, e.region, e.score, e.status, e.reasons.map((x) => x.code).join(', ')])) : 'none');
  }
  out.push('', 'Use --json for every figure, or --out FILE (.json or .csv).');
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('analyze')
    .description('centralities, communities, structure, brokers, isolated schools and indicators of a network')
    .argument('[source]', 'dataset folder (nodes.csv + edges.csv), edge list, .json, .gexf or .graphml (or use --workspace)');
  addWorkspaceSourceOptions(addSourceOptions(cmd))
    .option('--metrics <list>', `comma-separated subset of: ${METRIC_NAMES.join(', ')}`)
    .option('--unweighted', 'ignore weights everywhere')
    .option('--weighted-paths', 'path metrics on distance = 1/weight instead of hops')
    .option('--communities <method>', 'community detection: leiden (default; every community connected) or louvain')
    .option('--quality <q>', 'quality Leiden optimises: modularity (default) or cpm (γ = density threshold)')
    .option('--group <g>', 'grouping for --metrics brokerage: region (default), type, hub, country, community or a node attribute')
    .option('--resolution <r>', 'resolution γ of the community quality (default 1)')
    .option('--seed <n>', 'seed for community detection and sampling (default 1)')
    .option('--tries <n>', 'community runs; the best quality is kept (default 5 up to 20,000 nodes, else 1)')
    .option('--samples <k>', 'sampled betweenness from k pivots (Brandes–Pich) instead of exact')
    .option('--at <date>', 'the network as it stood on this date (ISO 8601); also the reference date for inactivity')
    .option('--recent-months <n>', 'a school with no tie active in this many months before --at is inactive (default 12)')
    .option('--region <name>', 'isolation list for this region only')
    .option('--hub <id>', 'isolation list for this hub only')
    .option('--workers <n>', 'threads for betweenness (default: one per core)')
    .addOption(new Option('--top <n>', 'rows in the human-readable tables').default('10'))
    .option('--out <file>', 'write the result to FILE (.csv: the node table; otherwise JSON) instead of stdout')
    .action(action(async (source: string | undefined, flags: AnalyzeFlags) => {
      const options = analyzeOptionsFromFlags(flags);
      // --at is applied by analyze itself (it is also the reference date for inactivity), so load unsliced.
      const result = await withInput(source, { ...flags, at: undefined }, async ({ dataset, store, version }) => {
        if (!store || !version) return analyze(dataset, options);
        // Results of a stored version are cached in the store by (version, parameters).
        return (await cachedAnalysis(store, version.id, 'analyze', AnalyzeOptionsSchema.parse(options), () => analyze(dataset, options))).result;
      }, false);
      if (flags.out) {
        const body = flags.out.endsWith('.csv') ? nodesCsv(result) : toJson(result) + '\n';
        await writeAtomic(flags.out, body);
        emit(flags, { written: flags.out, graph: result.graph }, () => `wrote ${flags.out}`);
        return;
      }
      emit(flags, result, () => human(result, Number(flags.top) || 10));
    }));
}
