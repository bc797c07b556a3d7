import type { Command } from 'commander';
import { erasePerson } from '../../store/erase.ts';
import { exportPerson } from '../../store/person-data.ts';
import { canonicalName } from '../../store/names.ts';
import { deleteWorkspace } from '../../store/workspaces.ts';
import { pruneVersions, setRetention, type RetentionResult } from '../../store/retention.ts';
import { action, emit, UsageError } from '../output.ts';
import { addStoreOptions, withStore, type StoreFlags } from './workspace.ts';

/** Data rights under `hubgraph workspace`: delete a workspace, erase a person, export a person's data. */
export function registerPrivacy(ws: Command): void {
  addStoreOptions(ws.command('delete <name>').description('delete a workspace with all its versions, rounds, cached results and audit (irreversible)'))
    .requiredOption('--confirm <name>', 'the workspace name again, to confirm')
    .action(
      action(async (name: string, o: StoreFlags & { confirm: string }) => {
        if (canonicalName(o.confirm) !== canonicalName(name)) throw new UsageError(`--confirm must repeat the workspace name (${name}) to delete it`);
        const r = await withStore(o, (s) => deleteWorkspace(s, name, { actor: o.as }));
        emit(o, { deleted: r }, () => `deleted workspace ${r.name} (${r.versions} versions, ${r.rounds} rounds)`);
      }),
    );

  addStoreOptions(
    ws
      .command('erase <name> <id>')
      .description('erase a person from every version of a workspace: node, ties, round pairs, mentions, cached results (irreversible)'),
  )
    .requiredOption('--confirm <id>', 'the id again, to confirm')
    .action(
      action(async (name: string, id: string, o: StoreFlags & { confirm: string }) => {
        if (o.confirm !== id) throw new UsageError(`--confirm must repeat the id (${id}) to erase it`);
        const r = await withStore(o, (s) => erasePerson(s, name, id, { actor: o.as }));
        emit(
          o,
          { erased: r },
          () =>
            `erased from ${r.versions} version(s) of ${name}: ${r.nodes} node rows, ${r.edges} ties, ${r.otherRows} other rows; ${r.scrubbed} mentions replaced`,
        );
      }),
    );

  addStoreOptions(
    ws
      .command('retention <name>')
      .description(
        'set how long old versions are kept (--days N) or keep them forever (--off), then prune; the current version stays, and versions rounds used are kept as aggregates',
      ),
  )
    .option('--days <n>', 'days to keep a version')
    .option('--off', 'keep versions forever (the default)')
    .action(
      action(async (name: string, o: StoreFlags & { days?: string; off?: boolean }) => {
        if (!!o.off === (o.days !== undefined)) throw new UsageError('give either --days N or --off');
        const days = o.off ? null : Number(o.days);
        if (days !== null && !(Number.isInteger(days) && days >= 1)) throw new UsageError(`--days must be a whole number of days ≥ 1, got ${o.days}`);
        const r = await withStore(o, async (s) => {
          await setRetention(s, name, days, { actor: o.as });
          return pruneVersions(s, name, { actor: o.as });
        });
        emit(o, r, () => `${name}: ${r.retentionDays === null ? 'versions kept forever' : `versions kept ${r.retentionDays} days`}; ${pruneText(r)}`);
      }),
    );

  addStoreOptions(
    ws.command('prune <name>').description("remove versions older than the workspace's retention period now (those rounds used are kept as aggregates)"),
  ).action(
    action(async (name: string, o: StoreFlags) => {
      const r = await withStore(o, (s) => pruneVersions(s, name, { actor: o.as }));
      emit(o, r, () => `${name}: ${pruneText(r)}`);
    }),
  );

  addStoreOptions(ws.command('person <name> <id>').description('everything the workspace holds about one id, as JSON (access request)')).action(
    action(async (name: string, id: string, o: StoreFlags) => {
      const r = await withStore(o, (s) => exportPerson(s, name, id));
      emit({ json: true }, r, () => ''); // JSON either way: it is a data export
    }),
  );
}

/** What a prune did, in words: removed, reduced to aggregates, left. */
function pruneText(r: RetentionResult): string {
  const list = (ns: number[]) => (ns.length ? `v${ns.join(', v')}` : 'none');
  return `pruned ${list(r.pruned)}${r.aggregated.length ? `; kept as aggregates (rounds used them) ${list(r.aggregated)}` : ''}; ${r.kept} left`;
}
