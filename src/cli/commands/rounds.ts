/**
 * `workspace accept | revert | reopen`: a round's lifecycle after it is made (see docs/rounds.md).
 * Registered on the `workspace` command by workspace.ts.
 */
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { acceptRound, getRound, loadWorkspaceDataset, previewAccept, reopenRound, revertRound } from '../../store/index.ts';
import { PrunedVersionError, prunedNote } from '../../store/errors.ts';
import { recordMaturity, recordOutcomes } from '../../store/round-outcomes.ts';
import { escapeCell } from '../../io/formula.ts';
import { roundTable } from '../../match/round-csv.ts';
import type { AcceptPlan } from '../../store/round-plan.ts';
import { PROPOSED_CHOICES, type ProposedChoice } from '../../store/round-plan.ts';
import { action, emit, table, UsageError, writeAtomic } from '../output.ts';
import { addStoreOptions, withStore, type StoreFlags } from './workspace.ts';

function roundNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`round must be a round number (1, 2, …), got ${JSON.stringify(v)}`);
  return n;
}

/** The plan as lines a lead reads: what becomes a tie, what is left out and why. */
export function planText(p: AcceptPlan, limit = 50): string {
  const lines = [`round ${p.round} on version ${p.roundVersion} → ties into a new version after version ${p.currentVersion}`, `  ${p.summary}`];
  if (p.write.length) {
    lines.push(`  ties (${p.write.length}, dated ${p.date}):`);
    for (const t of p.write.slice(0, limit))
      lines.push(`    ${t.leftName} → ${t.rightName}${t.status === 'proposed' ? '  [was proposed]' : t.status === 'locked' ? '  [locked]' : ''}`);
    if (p.write.length > limit) lines.push(`    … and ${p.write.length - limit} more (--json for all)`);
  }
  if (p.dropped.length) {
    lines.push(`  left out (${p.dropped.length}):`);
    for (const d of p.dropped.slice(0, limit)) lines.push(`    ${d.leftName} → ${d.rightName}: ${d.reason}`);
    if (p.dropped.length > limit) lines.push(`    … and ${p.dropped.length - limit} more (--json for all)`);
  }
  return lines.join('\n');
}

export function registerRoundCommands(ws: Command): void {
  addStoreOptions(
    ws
      .command('accept <name> <round>')
      .description('accept a round: its accepted and locked pairs (and proposed ones with --proposed accept) become dated ties in a new version'),
  )
    .option('--date <yyyy-mm-dd>', 'start date of the new ties (default today)')
    .option('--proposed <choice>', `pairs still proposed: ${PROPOSED_CHOICES.join(' (accept them all) | ')} (leave them out); required when there are any`)
    .option('--rebase', 'the round was made on an older version: re-check its pairs against the current one and drop those that no longer hold')
    .option('--preview', 'show what would be written and left out, and why; write nothing')
    .option('--expect-version <n>', 'refuse when the current version is not this one (the version you previewed)')
    .action(
      action(
        async (
          name: string,
          round: string,
          o: StoreFlags & { date?: string; proposed?: string; rebase?: boolean; preview?: boolean; expectVersion?: string },
        ) => {
          const n = roundNumber(round);
          if (o.proposed !== undefined && !(PROPOSED_CHOICES as readonly string[]).includes(o.proposed)) {
            throw new UsageError(`--proposed must be one of ${PROPOSED_CHOICES.join(', ')}, got ${JSON.stringify(o.proposed)}`);
          }
          const expectVersion = o.expectVersion === undefined ? undefined : roundNumber(o.expectVersion);
          const opts = { actor: o.as, date: o.date, proposed: o.proposed as ProposedChoice | undefined, rebase: o.rebase, expectVersion };
          await withStore(o, async (s) => {
            const r = await getRound(s, name, n);
            if (r.status === 'open' && r.counts.proposed && o.proposed === undefined) {
              throw new UsageError(
                `--proposed: round ${n} still has ${r.counts.proposed} proposed pair${r.counts.proposed === 1 ? '' : 's'}; pass --proposed accept (accept them all) or --proposed leave (leave them out); --preview shows both`,
              );
            }
            if (o.preview) {
              const p = await previewAccept(s, name, n, opts);
              emit(o, { preview: p }, () => planText(p) + (p.stale ? '\n  (accepting needs --rebase: the data changed since the round was made)' : ''));
              return;
            }
            const res = await acceptRound(s, name, n, opts);
            emit(
              o,
              res,
              () =>
                `round ${n} accepted into version ${res.version.number}: ${res.plan.summary.replace(/ to write /, ' written ')}` +
                (res.plan.dropped.length ? '\n' + res.plan.dropped.map((d) => `  left out: ${d.leftName} → ${d.rightName}: ${d.reason}`).join('\n') : ''),
            );
          });
        },
      ),
    );

  addStoreOptions(ws.command('revert <name> <round>').description('revert an accepted round: a new version without its ties (history is kept)')).action(
    action(async (name: string, round: string, o: StoreFlags) => {
      const r = await withStore(o, (s) => revertRound(s, name, roundNumber(round), { actor: o.as }));
      emit(
        o,
        r,
        () =>
          `round ${r.round.number} reverted: version ${r.version.number} has ${r.removed} fewer ${r.round.kind} ties (version ${r.round.acceptedVersion} still has them)`,
      );
    }),
  );

  addStoreOptions(ws.command('reopen <name> <round>').description('reopen a reverted round so its pairs can be decided and accepted again')).action(
    action(async (name: string, round: string, o: StoreFlags) => {
      const r = await withStore(o, (s) => reopenRound(s, name, roundNumber(round), { actor: o.as }));
      emit(o, { round: r }, () => `round ${r.number} is open again (made on version ${r.version}; accepting it will need --rebase if the data changed)`);
    }),
  );

  addStoreOptions(
    ws.command('round <name> <round>').description('show a round for people: pairs with names and schools, and everyone left out with the reason'),
  )
    .option('--csv <out>', 'write the round as a CSV (names, schools, region, hub, contacts, reasons, rounded scores, left-out rows)')
    .action(
      action(async (name: string, round: string, o: StoreFlags & { csv?: string }) => {
        const { r, rows } = await withStore(o, async (s) => {
          const r = await getRound(s, name, roundNumber(round));
          try {
            const { dataset } = await loadWorkspaceDataset(s, name, r.version);
            return { r, rows: roundTable(dataset, r) };
          } catch (e) {
            // The round's version is past retention: its pairs by id, and a note saying why.
            if (!(e instanceof PrunedVersionError)) throw e;
            return { r, rows: roundTable({ nodes: [], edges: [] }, r, { pruned: prunedNote(e.number, e.prunedAt) }) };
          }
        });
        if (o.csv) await writeAtomic(o.csv, stringify(rows.map((row) => row.map((c) => escapeCell(c)))));
        const head = rows[0];
        const col = (k: string) => head.indexOf(k);
        const [lc, rc] = r.kind === 'mentoring' ? ['mentor', 'mentee'] : ['company', 'partner'];
        const pairs = rows.slice(1).filter((x) => x[0] === 'pair');
        const out = rows.slice(1).filter((x) => x[0] !== 'pair' && x[0] !== 'note');
        const notes = rows.slice(1).filter((x) => x[0] === 'note');
        emit(o, { round: r, table: rows }, () =>
          [
            `round ${r.number} (${r.kind}, on version ${r.version}): ${r.status}; ${r.pairs.length} pairs, ${r.leftOut.length} not in a pair`,
            table(
              [lc, rc, 'score', 'status', 'why'],
              pairs.map((x) => [x[col(lc)], x[col(rc)], x[col('score')], x[col('status')], x[col('reasons')]]),
            ),
            ...(out.length
              ? [
                  '',
                  `NOT IN A PAIR (${out.length})`,
                  table(
                    [r.kind === 'mentoring' ? 'mentee' : 'partner', 'why', 'reason'],
                    out.map((x) => [x[col(rc)], x[0], x[col('reasons')]]),
                  ),
                ]
              : []),
            ...notes.map((x) => x[1]),
            ...(o.csv ? [`wrote ${o.csv}`] : []),
          ].join('\n'),
        );
      }),
    );

  addStoreOptions(ws.command('outcome <name> <round> <left> <right>').description('record how an accepted pair went: --met yes|no, --rating 1-5, --note'))
    .requiredOption('--met <yes|no>', 'whether the pair met')
    .option('--rating <1-5>', 'how it went, 1 (poorly) to 5 (very well)')
    .option('--note <text>', 'a short note')
    .action(
      action(async (name: string, round: string, left: string, right: string, o: StoreFlags & { met: string; rating?: string; note?: string }) => {
        if (o.met !== 'yes' && o.met !== 'no') throw new UsageError(`--met must be yes or no, got ${JSON.stringify(o.met)}`);
        const rating = o.rating === undefined ? undefined : Number(o.rating);
        if (rating !== undefined && !(Number.isInteger(rating) && rating >= 1 && rating <= 5))
          throw new UsageError(`--rating must be a whole number from 1 to 5, got ${JSON.stringify(o.rating)}`);
        const list = await withStore(o, (s) =>
          recordOutcomes(s, name, roundNumber(round), [{ left, right, met: o.met === 'yes', rating, note: o.note }], o.as),
        );
        emit(
          o,
          { outcomes: list },
          () =>
            `round ${round}: ${left} → ${right} ${o.met === 'yes' ? 'met' : 'did not meet'}${rating ? `, rated ${rating}` : ''} (${list.length} outcomes recorded for this round)`,
        );
      }),
    );

  addStoreOptions(ws.command('maturity <name> <node> <value>').description("record a school's maturity self-assessment (1–5) on a date"))
    .requiredOption('--date <yyyy-mm-dd>', 'when it was assessed')
    .action(
      action(async (name: string, node: string, value: string, o: StoreFlags & { date: string }) => {
        const v = Number(value);
        if (!Number.isFinite(v) || v < 1 || v > 5) throw new UsageError(`value must be a maturity from 1 to 5, got ${JSON.stringify(value)}`);
        const list = await withStore(o, (s) => recordMaturity(s, name, [{ node, value: v, date: o.date }], o.as));
        emit(o, { assessments: list }, () => `${node}: maturity ${v} on ${o.date} (${list.length} assessments in ${name})`);
      }),
    );
}
