import type { Command } from 'commander';
import { z } from 'zod';
import { DiffCommunityOptionsSchema, DiffOptionsSchema, diffDatasets, type DatasetDiff, type Delta } from '../../analysis/temporal/diff.ts';
import { action, addSourceOptions, emit, fmt, table, type SourceOptions } from '../output.ts';
import { addSchemaOptions, optionsFromFlags, schemaFlags } from '../schema-options.ts';
import { addWorkspaceSourceOptions, withInput, type WorkspaceSourceFlags } from '../source.ts';
import { addDeprecatedFlags, UNWEIGHTED } from '../deprecated.ts';

/** `hubgraph diff`'s settings flags, help and defaults from the library's schema; `limit` shapes the text report only. */
export const DIFF_FLAGS = schemaFlags({
  schema: DiffCommunityOptionsSchema.extend({
    weighted: DiffOptionsSchema.shape.weighted,
    limit: z.number().int().min(1).default(20).describe('rows per table in the text report'),
  }),
  keys: ['method', 'resolution', 'seed', 'tries', 'weighted', 'limit'],
  overrides: { method: { flag: 'communities', value: 'method' }, resolution: { value: 'r' } },
});

interface DiffFlags extends SourceOptions {
  [option: string]: unknown;
}

const d = (x: Delta) => (x.delta === null ? '' : `${x.delta > 0 ? '+' : ''}${fmt(x.delta)}`);
const v = (x: number | null) => (x === null ? '–' : fmt(x));

/** Plain-text report of a diff for people; the JSON carries everything. */
function human(r: DatasetDiff, limit: number, labels: Map<string, string>): string {
  const name = (id: string) => labels.get(id) ?? id;
  const out: string[] = [];
  out.push(`Changes from ${r.from} to ${r.to}`);
  out.push(`ties: ${r.ties.atFrom} → ${r.ties.atTo} (${r.ties.formed.length} formed, ${r.ties.ended.length} ended in between)`);
  const ties = (title: string, list: DatasetDiff['ties']['formed'], date: 'start' | 'end') => {
    if (!list.length) return;
    out.push(
      '',
      table(
        [title, 'with', 'type', date],
        list.slice(0, limit).map((t) => [name(t.source), name(t.target), t.type, t[date]]),
      ),
    );
    if (list.length > limit) out.push(`… and ${list.length - limit} more`);
  };
  ties('formed', r.ties.formed, 'start');
  ties('ended', r.ties.ended, 'end');
  out.push('', `isolated schools: ${r.isolation.isolatedAtFrom} → ${r.isolation.isolatedAtTo}`);
  if (r.isolation.joined.length) {
    out.push(
      '',
      table(
        ['joined the isolated list', 'region', 'score', 'why now'],
        r.isolation.joined.slice(0, limit).map((j) => [j.label ?? j.id, j.region, j.scoreTo, j.reasons[0]?.text ?? '']),
      ),
    );
  }
  if (r.isolation.left.length) {
    out.push(
      '',
      table(
        ['left the isolated list', 'region', 'score before', 'score now'],
        r.isolation.left.slice(0, limit).map((j) => [j.label ?? j.id, j.region, j.scoreFrom, j.scoreTo]),
      ),
    );
  }
  const c = r.communities;
  out.push(
    '',
    `communities: ${c.atFrom.count} → ${c.atTo.count} (modularity ${v(c.atFrom.modularity)} → ${v(c.atTo.modularity)}); ` +
      `${c.moved.length} node${c.moved.length === 1 ? '' : 's'} moved, ${c.appeared.length} appeared, ${c.vanished.length} vanished`,
  );
  if (c.moved.length) {
    out.push('', 'Community numbers are per date; "now" is the later community matched to the earlier one.');
    out.push(
      table(
        ['moved', 'from', 'from (now)', 'to'],
        c.moved.slice(0, limit).map((m) => [m.label ?? m.id, m.from, m.fromNow === null ? 'vanished' : m.fromNow, m.to]),
      ),
    );
  }
  const rows = [r.indicators.overall, ...r.indicators.regions].map((g) => [
    g.key ?? '(all)',
    v(g.ties.to),
    d(g.ties),
    v(g.isolatedSchools.to),
    d(g.isolatedSchools),
    v(g.crossSectorShare.to),
    d(g.crossSectorShare),
    v(g.mentoringCoverage.to),
    d(g.mentoringCoverage),
  ]);
  out.push('', table(['region', 'ties', 'Δ', 'isolated', 'Δ', 'cross-sector', 'Δ', 'mentoring', 'Δ'], rows));
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('diff')
    .argument('[source]', 'folder with nodes.csv + edges.csv, or an edge list / .json / .gexf / .graphml file (or use --workspace)')
    .description('what changed between two dates: ties formed and ended, schools joining or leaving the isolated list, community moves, indicator deltas')
    .requiredOption('--from <date>', DiffOptionsSchema.shape.from.description!)
    .requiredOption('--to <date>', DiffOptionsSchema.shape.to.description!);
  addDeprecatedFlags(addSchemaOptions(addWorkspaceSourceOptions(addSourceOptions(cmd)), DIFF_FLAGS.schema, DIFF_FLAGS.keys, DIFF_FLAGS.overrides), [
    UNWEIGHTED,
  ]).action(
    action(async (source: string | undefined, opts: DiffFlags & WorkspaceSourceFlags) => {
      const { limit = 20, weighted, ...communities } = optionsFromFlags(DIFF_FLAGS.schema, DIFF_FLAGS.keys, opts, DIFF_FLAGS.overrides);
      // Load without slicing: the diff slices the dataset at each date itself.
      const dataset = await withInput(source, { ...opts, from: undefined, to: undefined, at: undefined }, async (input) => input.dataset, false);
      const result = diffDatasets(dataset, { from: opts.from!, to: opts.to!, weighted, communities });
      const labels = new Map(dataset.nodes.filter((n) => n.label).map((n) => [n.id, n.label!]));
      emit(opts, { source: source ?? `workspace ${opts.workspace}`, ...result }, () => human(result, limit, labels));
    }),
  );
}
