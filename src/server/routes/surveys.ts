import express, { type RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import { linksCsv, surveyLinkUrl } from '../../survey/links.ts';
import type { Store } from '../../store/open.ts';
import {
  AnswerError,
  closeSurvey,
  createSurvey,
  getSurvey,
  getSurveyStatus,
  issueLinks,
  LinkError,
  listSurveys,
  openRespondentView,
  revokeLinks,
  saveAnswers,
  SurveyCloseError,
} from '../../store/surveys.ts';
import { AdditionReviewSchema, SurveyAnswersSchema, SurveyConfigSchema } from '../../model/survey.ts';
import { IsoDateSchema } from '../../model/index.ts';
import type { ServerContext } from '../context.ts';
import { HttpProblem } from '../problems.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { SurveyLinksBody as LinksBody, SurveyRevokeBody as RevokeBody } from '../worker-bodies.ts';
import { IntQuery, versionSummary, WorkspaceName, attachment, type VersionCache } from './common.ts';
import {
  CloseSurveySchema,
  RespondentViewSchema,
  SurveyInfoSchema,
  SurveyLinksSchema,
  SurveyListSchema,
  SurveyStatusResponseSchema,
} from '../contract/surveys.ts';

/**
 * Relationship surveys. Coordinators create a wave, hand out personal links, follow progress and close
 * it into a version. Respondents have no account: their link's token (header `X-Survey-Token`, kept out of
 * URLs and logs — the page reads it from the link's #fragment) opens their own form and nothing else.
 */

export const SURVEY_TOKEN_HEADER = 'x-survey-token';

const SurveyParams = z.object({ ws: WorkspaceName, n: IntQuery(1, 1_000_000) });
const WsOnly = z.object({ ws: WorkspaceName });

const CloseBody = z
  .object({
    review: AdditionReviewSchema.optional(),
    message: z.string().max(1000).optional().describe('Note stored with the new version'),
    waveDate: IsoDateSchema.optional().describe("Date of the wave's ties (default: the survey's waveDate, else today)"),
  })
  .strict();
const AnswersBody = z
  .object({
    answers: SurveyAnswersSchema,
    submit: z.boolean().default(false).describe('true: submit (still changeable until the survey closes); false: save a draft'),
  })
  .strict();

/** Link problems as HTTP: unknown → 404, withdrawn/expired → 403, closed → 409; answer problems → 400 by JSON path. */
function asProblem(e: unknown): never {
  if (e instanceof LinkError) {
    const kind = e.reason === 'unknown' ? 'not-found' : e.reason === 'closed' ? 'conflict' : 'forbidden';
    throw new HttpProblem(kind, e.message);
  }
  if (e instanceof AnswerError) {
    throw new HttpProblem(
      'validation',
      e.message,
      e.problems.map((p) => ({ in: 'body' as const, path: `answers.${p.path}`, expected: p.expected, message: p.message })),
    );
  }
  if (e instanceof SurveyCloseError) {
    throw new HttpProblem(
      'conflict',
      e.message,
      e.missing.map((k) => ({
        in: 'body' as const,
        path: `review.${k}`,
        expected: 'a decision: add, merge or drop',
        message: 'no decision for this added entry',
      })),
    );
  }
  throw e;
}

const tokenOf = (req: express.Request): string => {
  const t = req.get(SURVEY_TOKEN_HEADER);
  if (!t) throw new HttpProblem('unauthorized', `send the survey link's token in the ${SURVEY_TOKEN_HEADER} header`);
  return t;
};

/**
 * Guards for the public respondent routes, mounted before the API's own body parser: small bodies
 * (answers are a few kB), and a rate limit per link token and per address.
 */
export function surveyPublicGuards(options: { perMinute?: number; bodyBytes?: number } = {}): RequestHandler[] {
  const perMinute = options.perMinute ?? 60;
  const limiter = (key: (req: express.Request) => string) =>
    rateLimit({
      windowMs: 60_000,
      limit: perMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: key,
      handler: (_req, _res, _next, o) => {
        throw new HttpProblem('rate-limited', `at most ${o.limit} survey requests per minute`, undefined, { 'Retry-After': '60' });
      },
    });
  return [
    express.json({ limit: options.bodyBytes ?? 256 * 1024 }),
    limiter((req) => `ip:${ipKeyGenerator(req.ip ?? '')}`),
    limiter((req) => `token:${req.get(SURVEY_TOKEN_HEADER) ?? ''}`),
  ];
}

/** A coordinator's read of one survey wave (`/api/workspaces/:ws/surveys/:n<suffix>`): the wave itself, its status. */
function surveyRead(suffix: string, summary: string, ok: { description: string; schema: z.ZodType }, read: (ws: string, n: number) => Promise<unknown>) {
  return defineRoute({
    method: 'get',
    path: `/api/workspaces/:ws/surveys/:n${suffix}`,
    tag: 'surveys',
    role: 'coordinator',
    summary,
    params: SurveyParams,
    responses: { 200: ok },
    handler: async ({ params }) => read(params.ws, params.n),
  });
}

export function surveyRoutes(ctx: ServerContext, store: Store, versions: VersionCache): RouteSpec[] {
  void ctx;
  return [
    defineRoute({
      method: 'get',
      path: '/api/survey-config-schema',
      tag: 'surveys',
      role: 'coordinator',
      summary: "JSON Schema of a survey config (the coordinator's form is generated from it)",
      responses: { 200: { description: 'JSON Schema', schema: z.record(z.string(), z.unknown()) } },
      handler: () => z.toJSONSchema(SurveyConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/surveys',
      tag: 'surveys',
      role: 'coordinator',
      summary: 'Surveys (waves) of a workspace',
      params: WsOnly,
      responses: { 200: { description: 'Surveys, oldest first', schema: SurveyListSchema } },
      handler: async ({ params }) => ({ surveys: await listSurveys(store, params.ws) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/surveys',
      tag: 'surveys',
      role: 'coordinator',
      summary: 'Create a survey wave from the current version (respondents and roster are fixed then)',
      params: WsOnly,
      // The respondents may be given as ids: 100,000 of up to ~50 characters.
      bodyBytes: 5 * 2 ** 20,
      body: SurveyConfigSchema,
      responses: { 201: { description: 'Created', schema: SurveyInfoSchema } },
      handler: async ({ params, body, caller, res }) => {
        const s = await createSurvey(store, params.ws, body, { actor: caller.name });
        res.setHeader('Location', `/api/workspaces/${encodeURIComponent(params.ws)}/surveys/${s.number}`);
        return s;
      },
    }),
    surveyRead('', 'One survey', { description: 'Survey', schema: SurveyInfoSchema }, (ws, n) => getSurvey(store, ws, n)),
    surveyRead(
      '/status',
      'Progress and quality: response rates by region/hub/type, who has not answered, reciprocity, roster coverage, additions to review',
      { description: 'Status', schema: SurveyStatusResponseSchema },
      (ws, n) => getSurveyStatus(store, ws, n),
    ),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/surveys/:n/links',
      tag: 'surveys',
      role: 'coordinator',
      summary: "Issue personal links (each replaces the respondent's earlier link); shown once, for a mail merge",
      params: SurveyParams,
      // Up to 100,000 respondent ids of up to ~50 characters.
      bodyBytes: 5 * 2 ** 20,
      body: LinksBody,
      responses: { 200: { description: 'Links', schema: SurveyLinksSchema }, 409: { description: 'Survey closed' } },
      handler: async ({ params, body, caller, req, res }) => {
        const issued = await issueLinks(store, params.ws, params.n, { respondents: body.respondents, actor: caller.name });
        const origin = `${req.protocol}://${req.get('host')}`;
        const links = issued.map((l) => ({ ...l, url: surveyLinkUrl(origin, l.token) }));
        if (body.format === 'csv') {
          attachment(res, `${params.ws}-survey-${params.n}-links.csv`, 'text/csv', linksCsv(links));
          return undefined;
        }
        return { links };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/surveys/:n/revoke',
      tag: 'surveys',
      role: 'coordinator',
      summary: "Withdraw respondents' links",
      params: SurveyParams,
      // Up to 100,000 respondent ids of up to ~50 characters.
      bodyBytes: 5 * 2 ** 20,
      body: RevokeBody,
      responses: { 200: { description: 'How many links were withdrawn', schema: z.object({ revoked: z.number().int() }) } },
      handler: async ({ params, body, caller }) => ({ revoked: await revokeLinks(store, params.ws, params.n, body.respondents, caller.name) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/surveys/:n/close',
      tag: 'surveys',
      role: 'coordinator',
      summary: 'Close the wave into a new version (named ties → dated edges, node answers → attributes, reviewed additions → nodes)',
      description:
        'Every added person or organisation needs a decision in `review` (add, merge or drop); without one the close is refused with 409 naming them.',
      params: SurveyParams,
      // A review decision for each added name: 10,000 of ~100 bytes.
      bodyBytes: 2 ** 20,
      body: CloseBody,
      responses: {
        200: { description: 'Closed', schema: CloseSurveySchema },
        409: { description: 'Already closed, or additions without a decision' },
      },
      handler: async ({ params, body, caller }) => {
        const r = await closeSurvey(store, params.ws, params.n, {
          review: body.review,
          message: body.message,
          waveDate: body.waveDate,
          actor: caller.name,
        }).catch(asProblem);
        versions.invalidate(params.ws);
        return { survey: r.survey, version: versionSummary(r.version), summary: r.summary };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/survey/form',
      tag: 'survey respondents',
      role: null,
      summary: "The respondent's own form: questions, the list they may name (names, schools, regions — no ids) and what they saved",
      description: `Public: authorised by the personal link's token in the ${SURVEY_TOKEN_HEADER} header. Rate-limited.`,
      responses: {
        200: { description: 'Form', schema: RespondentViewSchema },
        403: { description: 'Link withdrawn or expired' },
        404: { description: 'Unknown link' },
      },
      handler: async ({ req, res }) => {
        res.setHeader('Cache-Control', 'no-store');
        return openRespondentView(store, tokenOf(req)).catch(asProblem);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/survey/answers',
      tag: 'survey respondents',
      role: null,
      summary: "Save (draft) or submit the respondent's answers; changeable until the survey closes",
      description: `Public: authorised by the personal link's token in the ${SURVEY_TOKEN_HEADER} header. Rate-limited; bodies up to 256 kB.`,
      body: AnswersBody,
      responses: {
        200: { description: 'Saved', schema: z.object({ state: z.enum(['draft', 'submitted']), savedAt: z.string() }) },
        409: { description: 'Survey closed' },
      },
      handler: async ({ req, body }) => saveAnswers(store, tokenOf(req), body.answers, { submit: body.submit }).catch(asProblem),
    }),
  ];
}
