import type { Command } from 'commander';
import { computeReport, pickCurrentRound, reportRoundFields } from '../../report/compute.ts';
import { renderReport } from '../../report/html.ts';
import { renderPrunedReport } from '../../report/pruned.ts';
import { PrunedVersionError, prunedNote } from '../../store/errors.ts';
import { prunedVersionView } from '../../store/retention.ts';
import { getRound, listRounds, loadWorkspaceDataset, type Store } from '../../store/index.ts';
import { withStore } from './workspace.ts';
import { action, addSourceOptions, emit, UsageError, writeAtomic } from '../output.ts';
import { addWorkspaceSourceOptions, withInput, type WorkspaceSourceFlags } from '../source.ts';

interface ReportFlags extends WorkspaceSourceFlags {
  region?: string;
  hub?: string;
  out?: string;
}

/** The mentoring round of the reported version (pickCurrentRound), its pairs, and the dataset to simulate its impact on. */
async function currentRound(store: Store, workspace: string, version: number) {
  const pick = pickCurrentRound(await listRounds(store, workspace), version);
  if (!pick) return null;
  const round = reportRoundFields(await getRound(store, workspace, pick.round.number), pick);
  try {
    const impactDataset = pick.impactVersion === version ? undefined : (await loadWorkspaceDataset(store, workspace, pick.impactVersion)).dataset;
    return { round, impactDataset };
  } catch (e) {
    // The version its impact is simulated on is past retention: the report says so instead of failing.
    if (!(e instanceof PrunedVersionError)) throw e;
    return { round: { ...round, basePruned: prunedNote(e.number, e.prunedAt) }, impactDataset: undefined };
  }
}

interface Written {
  html: string;
  flagged: number;
  dates: number;
  round: number | null;
  /** Set for the aggregate-only report of a pruned version. */
  pruned?: string;
}

/** The full report; for a version retention reduced to its aggregate, the aggregate-only report instead of an error. */
async function reportOrPruned(opts: ReportFlags, full: () => Promise<Written>): Promise<Written> {
  try {
    return await full();
  } catch (e) {
    if (!(e instanceof PrunedVersionError) || !opts.workspace) throw e;
    const view = await withStore(opts, (s) => prunedVersionView(s, opts.workspace!, e.number));
    return {
      html: renderPrunedReport(view, { region: opts.region, generatedAt: new Date().toISOString() }),
      flagged: 0,
      dates: 0,
      round: null,
      pruned: view.note,
    };
  }
}

export function register(program: Command): void {
  addWorkspaceSourceOptions(
    addSourceOptions(
      program
        .command('report')
        .argument('[source]', 'folder with nodes.csv + edges.csv, or a .json / .gexf / .graphml file (or use --workspace)')
        .description(
          'a printable, self-contained HTML report for a region or hub: indicators over time, flagged schools with reasons, a map, the current mentoring round and its expected impact',
        )
        .option('--region <name>', 'the region to report on')
        .option('--hub <id>', 'the hub to report on (its id)')
        .requiredOption('--out <file>', 'where to write the HTML report'),
    ),
  ).action(
    action(async (source: string | undefined, opts: ReportFlags) => {
      if (!opts.out!.toLowerCase().endsWith('.html') && !opts.out!.toLowerCase().endsWith('.htm'))
        throw new UsageError(`--out ${opts.out}: expected an .html file`);
      const html = await reportOrPruned(opts, () =>
        withInput(
          source,
          opts,
          async (input) => {
            const { dataset } = input;
            if (opts.region && !dataset.nodes.some((n) => n.region === opts.region)) throw new UsageError(`--region "${opts.region}": no node has this region`);
            if (opts.hub && !dataset.nodes.some((n) => n.id === opts.hub)) throw new UsageError(`--hub "${opts.hub}": no such node`);
            const current = input.store && opts.workspace && input.version ? await currentRound(input.store, opts.workspace, input.version.number) : null;
            const model = await computeReport(dataset, {
              region: opts.region,
              hub: opts.hub,
              workspace: opts.workspace ?? null,
              version: input.version?.number ?? null,
              round: current?.round ?? null,
              impactDataset: current?.impactDataset,
            });
            return { html: renderReport(model), flagged: model.flagged.length, dates: model.series.length, round: model.round?.number ?? null };
          },
          false,
        ),
      );
      await writeAtomic(opts.out!, html.html);
      emit(opts, { out: opts.out, flagged: html.flagged, dates: html.dates, round: html.round, ...(html.pruned && { pruned: html.pruned }) }, () =>
        html.pruned
          ? `wrote ${opts.out}: ${html.pruned} (counts, figures and rounds' tallies only)`
          : `wrote ${opts.out}: ${html.flagged} flagged school${html.flagged === 1 ? '' : 's'}, indicators at ${html.dates} dates${html.round ? `, round ${html.round}` : ''}`,
      );
    }),
  );
}
