import { z } from 'zod';
import { toCsv } from '../../io/csv-write.ts';
import { MentorConfigSchema, PartnerConfigSchema, mentorConfigJsonSchema, partnerConfigJsonSchema } from '../../match/config.ts';
import type { MentorMatchResult } from '../../match/mentors.ts';
import type { PartnerMatchResult } from '../../match/partners.ts';
import type { ImpactReport } from '../../match/impact.ts';
import { escapeCell } from '../../io/formula.ts';
import { roundTable } from '../../match/round-csv.ts';
import { partyNames } from '../../match/names.ts';
import type { Store } from '../../store/open.ts';
import { PrunedVersionError, prunedNote } from '../../store/errors.ts';
import { mentorRound, partnerRound } from '../../store/match-rounds.ts';
import { createRound, decidePairs, getRound, listRounds, type RoundInfo, type RoundPair } from '../../store/rounds.ts';
import { acceptRound, previewAccept, reopenRound, revertRound } from '../../store/round-lifecycle.ts';
import { AcceptPlanSchema, ProposedChoiceSchema } from '../../store/round-plan.ts';
import {
  listOutcomes,
  listMaturity,
  maturityChange,
  MaturityAssessmentSchema,
  MaturityChangeSchema,
  outcomeAdjustments,
  PairOutcomeSchema,
  recordMaturity,
  recordOutcomes,
} from '../../store/round-outcomes.ts';
import { HttpProblem } from '../problems.ts';
import {
  AcceptedSchema,
  ImpactSchema,
  MatchConfigSchemasSchema,
  RevertedSchema,
  RoundListSchema,
  RoundSchema,
  RoundWithPairsSchema as RoundWithPairs,
} from '../contract/rounds.ts';
import { JobAccepted } from '../contract/common.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { MaturityBody, OutcomesBody, PairDecisionsBody } from '../worker-bodies.ts';
import type { ServerContext } from '../context.ts';
import { heavy, sendJob } from '../heavy.ts';
import { IsoDateSchema } from '../../model/index.ts';
import { pseudonymiseDeep } from './analysis.ts';
import { attachment, BoolQuery, PseudoQuery, VersionCache, VersionParams, versionSummary, wantsPseudonyms, WorkspaceName } from './common.ts';

const BoolLike = z.boolean();
const RoundParams = z.object({
  ws: WorkspaceName,
  round: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'a round number')
    .transform(Number),
});

export const RunRoundBody = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('mentoring'),
      name: z.string().max(200).optional(),
      useOutcomes: z
        .boolean()
        .default(false)
        .describe('Use recorded outcomes: latest maturity self-assessments replace the data’s maturity, mentors none of whose pairs met are excluded'),
      config: MentorConfigSchema.prefault({}).describe('Mentor matching config; every field has a default (see GET /api/schemas/match-config)'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('partnership'),
      name: z.string().max(200).optional(),
      config: PartnerConfigSchema.prefault({}).describe('Partner matching config; every field has a default'),
    })
    .strict(),
]);

const AcceptBody = z
  .object({
    date: IsoDateSchema.optional().describe('Start date of the new ties (default today)'),
    proposed: ProposedChoiceSchema.optional().describe('Pairs still proposed: accept them all, or leave them out. Required when the round has any.'),
    rebase: BoolLike.optional().describe(
      'A round made on an older version: re-check its pairs against the current version instead of refusing (default false)',
    ),
    expectVersion: z.number().int().positive().optional().describe('The current version the preview showed; refused (409) when the data moved on since'),
  })
  .strict();
const AcceptPreviewQuery = z.object({
  date: IsoDateSchema.optional(),
  proposed: ProposedChoiceSchema.optional(),
  rebase: BoolQuery.optional(),
});
export function roundRoutes(ctx: ServerContext, store: Store, versions: VersionCache): RouteSpec[] {
  const roundUrl = (ws: string, n: number) => `/api/workspaces/${encodeURIComponent(ws)}/rounds/${n}`;
  /**
   * The version a round was made on, for names and pseudonyms. When retention reduced it to its
   * aggregate, no nodes (pairs read as ids), the workspace's pseudonyms, and the note saying so.
   */
  const roundBase = async (ws: string, number: number) => {
    try {
      const lv = await versions.load(ws, number);
      await lv.decode(); // in slices: the loop keeps answering meanwhile
      return { dataset: lv.dataset, pseudonyms: lv.pseudonyms, pruned: undefined };
    } catch (e) {
      if (!(e instanceof PrunedVersionError)) throw e;
      return { dataset: { meta: {}, nodes: [], edges: [] }, pseudonyms: await versions.pseudonymiser(ws), pruned: prunedNote(e.number, e.prunedAt) };
    }
  };
  /** The round with each pair's names (two "Rein Kask"s told apart by their school), pseudonymised when asked. */
  const show = async (ws: string, r: RoundInfo & { pairs: RoundPair[] }, pseudo: boolean) => {
    const lv = await roundBase(ws, r.version);
    const name = partyNames(lv.dataset);
    const named = {
      ...r,
      pairs: r.pairs.map((p) => ({ ...p, leftName: name(p.left).display, rightName: name(p.right).display })),
      ...(lv.pruned && { versionPruned: lv.pruned }),
    };
    return pseudo ? pseudonymiseDeep(named, lv.pseudonyms) : named;
  };
  /** Accepting with proposed pairs needs the lead's answer: the problem names the field. */
  const askProposed = async (ws: string, round: number, proposed: unknown, where: 'body' | 'query') => {
    if (proposed !== undefined) return;
    const r = await getRound(store, ws, round);
    if (r.status !== 'open' || !r.counts.proposed) return;
    const message = `round ${round} still has ${r.counts.proposed} proposed pair${r.counts.proposed === 1 ? '' : 's'}: choose "accept" (accept them all) or "leave" (leave them out)`;
    throw new HttpProblem('validation', message, [{ in: where, path: 'proposed', expected: 'accept or leave', message }]);
  };
  return [
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/versions/:v/rounds',
      tag: 'matching',
      role: 'coordinator',
      summary: 'Run matching with a config and store the proposals as a new round',
      description: 'Returns 202 with a job whose resultUrl is the new round; `?wait=true` waits and returns 201 with the round.',
      params: VersionParams,
      query: z.object({ wait: BoolQuery.default(false) }),
      // The config may list excluded and locked pairs from earlier rounds: 10,000 pairs of ~90 bytes.
      bodyBytes: 2 ** 20,
      body: RunRoundBody,
      responses: { 201: { description: 'Round (wait=true)', schema: RoundWithPairs }, 202: { description: 'Job', schema: JobAccepted.schema } },
      handler: async ({ params, query, body, caller, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const run = async (progress: (f: number, m?: string) => void) => {
          progress(0, 'matching');
          if (body.kind === 'mentoring') {
            if (body.useOutcomes) {
              const adj = await outcomeAdjustments(store, params.ws);
              body.config = {
                ...body.config,
                maturityOverrides: { ...Object.fromEntries(adj.maturity), ...body.config.maturityOverrides },
                rules: { ...body.config.rules, excludeMentors: [...new Set([...body.config.rules.excludeMentors, ...adj.excludeMentors])] },
              };
            }
            const { value: m } = await ctx.cache.get<MentorMatchResult>(lv.info.id, 'mentors', body.config, () =>
              ctx.pool.run('mentors', { dataset: lv.shared, config: body.config }),
            );
            progress(0.9, 'storing the round');
            return createRound(store, params.ws, mentorRound(m, { name: body.name, version: lv.info.number }), caller.name);
          }
          const { value: m } = await ctx.cache.get<PartnerMatchResult>(lv.info.id, 'partners', body.config, () =>
            ctx.pool.run('partners', { dataset: lv.shared, config: body.config }),
          );
          progress(0.9, 'storing the round');
          return createRound(store, params.ws, partnerRound(m, { name: body.name, version: lv.info.number }), caller.name);
        };
        if (query.wait) {
          const round = await run(() => {});
          res.status(201).setHeader('Location', roundUrl(params.ws, round.number));
          res.json(await show(params.ws, round, caller.mustPseudonymise));
          return;
        }
        sendJob(
          res,
          ctx.jobs.start('match', async (progress) => roundUrl(params.ws, (await run(progress)).number)),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/rounds',
      tag: 'matching',
      role: 'viewer',
      summary: 'Match rounds of a workspace',
      params: z.object({ ws: WorkspaceName }),
      query: z.object({ status: z.enum(['open', 'accepted']).optional() }),
      responses: { 200: { description: 'Rounds', schema: RoundListSchema } },
      handler: async ({ params, query }) => ({ rounds: (await listRounds(store, params.ws)).filter((r) => !query.status || r.status === query.status) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/rounds/:round',
      tag: 'matching',
      role: 'viewer',
      summary: 'A round with its pairs and their statuses',
      params: RoundParams,
      query: PseudoQuery,
      responses: { 200: { description: 'Round', schema: RoundWithPairs } },
      handler: async ({ params, query, caller }) =>
        show(params.ws, await getRound(store, params.ws, params.round), wantsPseudonyms(caller, query.pseudonymise)),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/workspaces/:ws/rounds/:round/pairs',
      tag: 'matching',
      role: 'coordinator',
      summary: "Change pairs' statuses (proposed, accepted, rejected, locked): all or none",
      params: RoundParams,
      // Up to 10,000 decisions of ~160 bytes (two ids and a status).
      bodyBytes: 2 * 2 ** 20,
      body: PairDecisionsBody,
      responses: { 200: { description: 'The round after the change', schema: RoundWithPairs }, 409: { description: 'Round already accepted' } },
      handler: async ({ params, body, caller }) => {
        const r = await getRound(store, params.ws, params.round);
        const lv = await roundBase(params.ws, r.version);
        // Pairs may be named by pseudonym (viewers never write, but coordinators may work from a pseudonymised export).
        const decisions = body.decisions.map((d) => ({ ...d, left: lv.pseudonyms.resolve(d.left), right: lv.pseudonyms.resolve(d.right) }));
        return show(params.ws, await decidePairs(store, params.ws, params.round, decisions, caller.name), caller.mustPseudonymise);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/rounds/:round/accept-preview',
      tag: 'matching',
      role: 'viewer',
      summary: 'What accepting would write: the ties with their date, the pairs left out and why, and the impact of exactly those ties',
      description: 'The same computation the accept runs; pass the returned currentVersion as expectVersion to the accept.',
      params: RoundParams,
      query: AcceptPreviewQuery,
      responses: {
        200: { description: 'Preview', schema: z.object({ plan: AcceptPlanSchema, impact: ImpactSchema }) },
        409: { description: 'Round already accepted or reverted' },
      },
      handler: async ({ params, query, caller }) => {
        await askProposed(params.ws, params.round, query.proposed, 'query');
        const plan = await previewAccept(store, params.ws, params.round, { date: query.date?.slice(0, 10), proposed: query.proposed, rebase: query.rebase });
        const lv = await versions.load(params.ws, plan.currentVersion);
        const pairs = plan.write.map((t) => ({ source: t.left, target: t.right }));
        const impact = await ctx.pool.run('impact', { dataset: lv.shared, pairs, edgeType: plan.kind });
        const out = { plan, impact };
        return caller.mustPseudonymise ? pseudonymiseDeep(out, lv.pseudonyms) : out;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/rounds/:round/accept',
      tag: 'matching',
      role: 'coordinator',
      summary: 'Accept a round: the pairs of its preview become dated ties in a new dataset version',
      description: 'A round made on an older version is refused (409) unless rebase is true; a tie that exists by now is never written again.',
      params: RoundParams,
      body: AcceptBody,
      responses: {
        200: { description: 'Accepted', schema: AcceptedSchema },
        409: { description: 'Already accepted, stale without rebase, or the data changed since the preview' },
      },
      handler: async ({ params, body, caller }) => {
        await askProposed(params.ws, params.round, body.proposed, 'body');
        try {
          const out = await acceptRound(store, params.ws, params.round, {
            actor: caller.name,
            date: body.date?.slice(0, 10),
            proposed: body.proposed,
            rebase: body.rebase,
            expectVersion: body.expectVersion,
          });
          return { ...out, version: versionSummary(out.version) };
        } finally {
          versions.invalidate(params.ws);
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/rounds/:round/revert',
      tag: 'matching',
      role: 'coordinator',
      summary: 'Revert an accepted round: a new version without its ties (the accepted version stays in history)',
      params: RoundParams,
      body: z.object({}).strict().optional(),
      responses: { 200: { description: 'Reverted', schema: RevertedSchema }, 409: { description: 'Round not accepted' } },
      handler: async ({ params, caller }) => {
        try {
          const out = await revertRound(store, params.ws, params.round, { actor: caller.name });
          return { ...out, version: versionSummary(out.version) };
        } finally {
          versions.invalidate(params.ws);
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/rounds/:round/reopen',
      tag: 'matching',
      role: 'coordinator',
      summary: 'Reopen a reverted round so its pairs can be decided and accepted again',
      params: RoundParams,
      body: z.object({}).strict().optional(),
      responses: { 200: { description: 'Reopened', schema: z.object({ round: RoundSchema }) }, 409: { description: 'Round open or still accepted' } },
      handler: async ({ params, caller }) => ({ round: await reopenRound(store, params.ws, params.round, { actor: caller.name }) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/rounds/:round/impact',
      tag: 'matching',
      role: 'viewer',
      heavy: true,
      summary: 'What the round would do to the network (isolated schools, components, hub reach, bridging ties)',
      params: RoundParams,
      query: z.object({
        include: z.enum(['proposed', 'accepted']).default('proposed').describe('proposed: every pair not rejected; accepted: accepted and locked only'),
      }),
      responses: { 200: { description: 'Impact report', schema: ImpactSchema }, 202: JobAccepted },
      handler: async ({ params, query, caller, req, res }) => {
        const r = await getRound(store, params.ws, params.round);
        const lv = await versions.load(params.ws, r.version);
        await lv.decode(); // in slices: the loop keeps answering meanwhile
        const pairs = r.pairs
          .filter((p) => (query.include === 'accepted' ? p.status === 'accepted' || p.status === 'locked' : p.status !== 'rejected'))
          .map((p) => ({ source: p.left, target: p.right }));
        const edgeType = r.kind === 'partnership' ? 'partnership' : 'mentoring';
        const out = await heavy<ImpactReport>(ctx, req, res, {
          kind: 'impact',
          versionId: lv.info.id,
          params: { pairs, edgeType },
          resultUrl: req.originalUrl,
          compute: () => ctx.pool.run('impact', { dataset: lv.shared, pairs, edgeType }),
        });
        return out && (caller.mustPseudonymise ? pseudonymiseDeep(out, lv.pseudonyms) : out);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/rounds/:round/export',
      tag: 'exports',
      role: 'viewer',
      summary: 'A round as CSV (names, schools, region, hub, contacts when present, reasons, rounded scores, then who was left out and why) or JSON',
      params: RoundParams,
      query: PseudoQuery.extend({ format: z.enum(['csv', 'json']).default('csv') }),
      responses: { 200: { description: 'File download', contentType: 'text/csv' } },
      handler: async ({ params, query, caller, res }) => {
        const pseudo = wantsPseudonyms(caller, query.pseudonymise);
        const real = await getRound(store, params.ws, params.round);
        const name = `${params.ws}-round-${real.number}.${query.format}`;
        if (query.format === 'json') {
          attachment(res, name, 'application/json', JSON.stringify(await show(params.ws, real, pseudo), null, 2));
          return;
        }
        // Names, schools, regions and hubs from the version the round was made on; contacts never in pseudonymised files.
        const lv = await roundBase(params.ws, real.version);
        const table = roundTable(lv.dataset, real, { contacts: !pseudo, pruned: lv.pruned });
        const rows = (pseudo ? pseudonymiseDeep(table, lv.pseudonyms) : table).map((row) => row.map((c) => escapeCell(c)));
        attachment(res, name, 'text/csv', toCsv(rows));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/workspaces/:ws/rounds/:round/outcomes',
      tag: 'matching',
      role: 'coordinator',
      summary: 'Record how accepted pairs went: met or not, a 1–5 rating, a note (replaces earlier records of those pairs)',
      params: RoundParams,
      // 10,000 outcomes of ~400 bytes (two ids, a rating, a note of a few sentences); longer notes go in batches (records of other pairs are kept).
      bodyBytes: 4 * 2 ** 20,
      body: OutcomesBody,
      responses: {
        200: { description: 'Outcomes of the round', schema: z.object({ outcomes: z.array(PairOutcomeSchema) }) },
        409: { description: 'Round not accepted' },
      },
      handler: async ({ params, body, caller }) => ({ outcomes: await recordOutcomes(store, params.ws, params.round, body.outcomes, caller.name) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/rounds/:round/outcomes',
      tag: 'matching',
      role: 'viewer',
      summary: 'Recorded outcomes of a round',
      params: RoundParams,
      responses: { 200: { description: 'Outcomes', schema: z.object({ outcomes: z.array(PairOutcomeSchema) }) } },
      handler: async ({ params, caller }) => {
        const out = { outcomes: await listOutcomes(store, params.ws, params.round) };
        if (!caller.mustPseudonymise) return out;
        return pseudonymiseDeep(out, (await versions.load(params.ws, undefined)).pseudonyms);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/maturity',
      tag: 'matching',
      role: 'coordinator',
      summary: "Record schools' maturity self-assessments (1–5) as dated values",
      params: z.object({ ws: WorkspaceName }),
      // Up to 100,000 assessments of ~80 bytes (an id, a value, a date).
      bodyBytes: 8 * 2 ** 20,
      body: MaturityBody,
      responses: { 200: { description: 'All assessments of the workspace', schema: z.object({ assessments: z.array(MaturityAssessmentSchema) }) } },
      handler: async ({ params, body, caller }) => ({ assessments: await recordMaturity(store, params.ws, body.assessments, caller.name) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/maturity',
      tag: 'matching',
      role: 'viewer',
      summary: "Schools' recorded maturity self-assessments, by node and date (the web shows the last one beside each mentee)",
      params: z.object({ ws: WorkspaceName }),
      responses: { 200: { description: 'All assessments of the workspace', schema: z.object({ assessments: z.array(MaturityAssessmentSchema) }) } },
      handler: async ({ params, caller }) => {
        const out = { assessments: await listMaturity(store, params.ws) };
        if (!caller.mustPseudonymise) return out;
        return pseudonymiseDeep(out, (await versions.load(params.ws, undefined)).pseudonyms);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/maturity-change',
      tag: 'matching',
      role: 'viewer',
      summary: 'Maturity change of schools mentored in accepted rounds against schools that were not (for the researcher view)',
      params: z.object({ ws: WorkspaceName }),
      responses: { 200: { description: 'Groups and schools', schema: MaturityChangeSchema } },
      handler: async ({ params }) => maturityChange(store, params.ws),
    }),
    defineRoute({
      method: 'get',
      path: '/api/schemas/match-config',
      tag: 'matching',
      role: null,
      summary: 'JSON Schema of the matching configs (with defaults)',
      responses: { 200: { description: 'Schemas', schema: MatchConfigSchemasSchema } },
      handler: () => ({ mentoring: mentorConfigJsonSchema(), partnership: partnerConfigJsonSchema() }),
    }),
  ];
}
