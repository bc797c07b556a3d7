import type { Command } from 'commander';
import { computeReport, pickCurrentRound, reportRoundFields } from '../../report/compute.ts';
import { renderReport } from '../../report/html.ts';
import { getRound, listRounds, loadWorkspaceDataset, type Store } from '../../store/index.ts';
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
  const impactDataset = pick.impactVersion === version ? undefined : (await loadWorkspaceDataset(store, workspace, pick.impactVersion)).dataset;
  return { round, impactDataset };
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
      const html = await withInput(
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
      );
      await writeAtomic(opts.out!, html.html);
      emit(
        opts,
        { out: opts.out, flagged: html.flagged, dates: html.dates, round: html.round },
        () =>
          `wrote ${opts.out}: ${html.flagged} flagged school${html.flagged === 1 ? '' : 's'}, indicators at ${html.dates} dates${html.round ? `, round ${html.round}` : ''}`,
      );
    }),
  );
}
