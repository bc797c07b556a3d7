import type { Command } from 'commander';
import { z } from 'zod';
import { closeSurvey, createSurvey, getSurveyStatus, issueLinks, listSurveys, revokeLinks, SurveyCloseError } from '../../store/surveys.ts';
import { linksCsv, surveyLinkUrl } from '../../survey/links.ts';
import { AdditionReviewSchema, SurveyConfigSchema } from '../../model/survey.ts';
import { zodIssueText } from '../../model/issue.ts';
import { action, emit, readText, table, UsageError, writeAtomic } from '../output.ts';
import { addStoreOptions, withStore, type StoreFlags } from './workspace.ts';

/** `hubgraph survey …`: relationship surveys on a workspace, for scripted use (the web app has the same). */

function waveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`survey must be a wave number (1, 2, …), got ${JSON.stringify(v)}`);
  return n;
}

async function readJson<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  const text = await readText(path, what);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new UsageError(`${path}: ${zodIssueText(r.error)}`);
  }
  return r.data;
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const list = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

export function register(program: Command): void {
  const survey = program.command('survey').description('relationship surveys: ask the people in the network who they work with, wave after wave');

  addStoreOptions(survey.command('create <workspace>').description('create a survey wave from the current version'))
    .option('--config <file.json>', 'the survey config (see `GET /api/survey-config-schema`); flags below override it')
    .option('--title <text>', 'title shown at the top of the form')
    .option('--respondents <types>', 'node types that answer, comma-separated (default school)')
    .option('--region <regions>', 'only respondents in these regions, comma-separated')
    .option('--expires <yyyy-mm-dd>', 'links stop working after this day (default in 30 days)')
    .action(
      action(async (ws: string, o: StoreFlags & { config?: string; title?: string; respondents?: string; region?: string; expires?: string }) => {
        const base = o.config ? await readJson(o.config, z.record(z.string(), z.unknown()), 'survey config') : {};
        const input: Record<string, unknown> = { ...base };
        if (o.title) input.title = o.title;
        if (o.expires) input.expiresAt = o.expires;
        if (o.respondents || o.region) {
          input.respondents = {
            ...(base.respondents as object | undefined),
            ...(o.respondents ? { types: list(o.respondents) } : {}),
            ...(o.region ? { regions: list(o.region) } : {}),
          };
        }
        const parsed = SurveyConfigSchema.safeParse(input);
        if (!parsed.success) throw new UsageError(`survey config: ${zodIssueText(parsed.error)}`);
        const s = await withStore(o, (st) => createSurvey(st, ws, parsed.data, { actor: o.as }));
        emit(
          o,
          { survey: s },
          () =>
            `survey ${s.number} "${s.title}" on version ${s.baseVersion}: ${s.respondents} respondents; links expire ${s.expiresAt.slice(0, 10)}\nnext: hubgraph survey links ${ws} ${s.number} --csv links.csv`,
        );
      }),
    );

  addStoreOptions(survey.command('list <workspace>').description('survey waves of a workspace')).action(
    action(async (ws: string, o: StoreFlags) => {
      const all = await withStore(o, (st) => listSurveys(st, ws));
      emit(o, { surveys: all }, () =>
        all.length
          ? table(
              ['wave', 'title', 'status', 'answered', 'on version', 'into version'],
              all.map((s) => [s.number, s.title, s.status, `${s.submitted}/${s.respondents}`, s.baseVersion, s.closedVersion]),
            )
          : `workspace ${ws} has no surveys yet (hubgraph survey create ${ws} --title …)`,
      );
    }),
  );

  addStoreOptions(survey.command('links <workspace> <wave>').description("issue personal links (each replaces the respondent's earlier one) for a mail merge"))
    .option('--base-url <url>', 'where the server is reached by respondents', 'http://127.0.0.1:3000')
    .option('--only <ids>', 'only these respondents, comma-separated')
    .option('--csv <file>', 'write respondent, name, email, link, expires as CSV')
    .action(
      action(async (ws: string, wave: string, o: StoreFlags & { baseUrl: string; only?: string; csv?: string }) => {
        const n = waveNumber(wave);
        const links = await withStore(o, async (st) => {
          const issued = await issueLinks(st, ws, n, { respondents: list(o.only), actor: o.as });
          return issued.map((l) => ({ ...l, url: surveyLinkUrl(o.baseUrl, l.token) }));
        });
        if (o.csv) await writeAtomic(o.csv, linksCsv(links));
        emit(o, { links }, () =>
          o.csv
            ? `${links.length} links written to ${o.csv} (earlier links of these respondents no longer work)`
            : table(
                ['respondent', 'name', 'link'],
                links.map((l) => [l.respondent, l.label, l.url]),
              ),
        );
      }),
    );

  addStoreOptions(survey.command('revoke <workspace> <wave> <ids...>').description("withdraw respondents' links")).action(
    action(async (ws: string, wave: string, ids: string[], o: StoreFlags) => {
      const revoked = await withStore(o, (st) => revokeLinks(st, ws, waveNumber(wave), ids, o.as));
      emit(o, { revoked }, () => `${revoked} links withdrawn`);
    }),
  );

  addStoreOptions(survey.command('status <workspace> <wave>').description('response rate, who has not answered, reciprocity, roster coverage')).action(
    action(async (ws: string, wave: string, o: StoreFlags) => {
      const { survey: s, status: st } = await withStore(o, (store) => getSurveyStatus(store, ws, waveNumber(wave)));
      emit(o, { survey: s, status: st }, () =>
        [
          `survey ${s.number} "${s.title}" (${s.status}): ${st.submitted}/${st.total} answered (${pct(st.rate)}), ${st.drafts} drafts, ${st.pending} not started`,
          table(
            ['region', 'answered', 'rate'],
            st.byRegion.map((g) => [g.group, `${g.submitted}/${g.total}`, pct(g.rate)]),
          ),
          `reciprocity: ${st.reciprocity.confirmed} of ${st.reciprocity.pairs} ties between respondents named both ways (${pct(st.reciprocity.share)})`,
          `roster: ${st.roster.neverNamed} of ${st.roster.size} never named (${pct(st.roster.neverNamedShare)})`,
          ...(st.additions.length
            ? [
                `additions to review before closing (${st.additions.length}):`,
                ...st.additions.map((a) => `  ${a.key}  ${a.name} (${a.type})${a.note ? ` — ${a.note}` : ''}`),
              ]
            : []),
          ...(st.notAnswered.length
            ? [
                `not answered (${st.notAnswered.length}):`,
                ...st.notAnswered.slice(0, 20).map((r) => `  ${r.id}  ${r.label}${r.state === 'draft' ? ' (started)' : ''}`),
                ...(st.notAnswered.length > 20 ? [`  … and ${st.notAnswered.length - 20} more (--json for all)`] : []),
              ]
            : []),
        ].join('\n'),
      );
    }),
  );

  addStoreOptions(survey.command('close <workspace> <wave>').description('close the wave into a new version: named ties → dated edges, answers → attributes'))
    .option('--review <file.json>', 'decisions for added entries: {"<key>": {"action": "add"|"merge"|"drop", …}}')
    .option('--date <yyyy-mm-dd>', "date of the wave's ties (default the survey's waveDate, else today)")
    .option('-m, --message <text>', 'note stored with the new version')
    .action(
      action(async (ws: string, wave: string, o: StoreFlags & { review?: string; date?: string; message?: string }) => {
        const review = o.review ? await readJson(o.review, AdditionReviewSchema, 'review') : undefined;
        const r = await withStore(o, (st) => closeSurvey(st, ws, waveNumber(wave), { review, waveDate: o.date, message: o.message, actor: o.as })).catch(
          (e) => {
            if (e instanceof SurveyCloseError) throw new UsageError(`${e.message}: ${e.missing.join(', ')} (give --review FILE)`);
            throw e;
          },
        );
        const t = r.summary.ties;
        emit(
          o,
          r,
          () =>
            `survey ${r.survey.number} closed into version ${r.version.number}: ${t.written} ties (${t.confirmed} confirmed, ${t.oneSided} one-sided${t.droppedOneSided ? `, ${t.droppedOneSided} one-sided left out` : ''}) from ${r.summary.respondents.submitted}/${r.summary.respondents.total} responses; ${r.summary.nodesAnswered} nodes updated`,
        );
      }),
    );
}
