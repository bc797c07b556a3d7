/**
 * Bodies of the routes (other than uploads) that may carry more than a few hundred KiB of JSON, by name, so
 * the parse worker validates a large one with the very schema the route declares (src/server/json-body.ts,
 * jsonWorkerBody). A route is parsed off the loop above limits.jsonLoopBytes when its body schema is one of
 * these. On the loop, parse, text check and validation of such a body at its cap took 26 ms (a 1M-node
 * layout), 61 ms (100,000 survey respondents), 190 ms (100,000 maturity assessments) and 670 ms (1M
 * view-export ids); the validated body's
 * structured clone back from the worker costs the loop 4–5 times less (docs/latency.md, bench/body-caps.ts).
 */
import { z } from 'zod';
import { VersionEvaluateRequestSchema } from '../match/evaluate-options.ts';
import { MaturityInputSchema, PairOutcomeInputSchema, PairStatusSchema } from '../model/index.ts';
import { SurveyConfigSchema } from '../model/survey.ts';
import { SaveLayoutBodySchema } from './contract/layouts.ts';
import { ViewExportBody } from './routes/view-export.ts';

/** PATCH …/rounds/:round/pairs. */
export const PairDecisionsBody = z
  .object({
    decisions: z
      .array(z.object({ left: z.string().min(1), right: z.string().min(1), status: PairStatusSchema }).strict())
      .min(1)
      .max(10000),
  })
  .strict();
/** PUT …/rounds/:round/outcomes. */
export const OutcomesBody = z.object({ outcomes: z.array(PairOutcomeInputSchema).min(1).max(10000) }).strict();
/** POST /api/workspaces/:ws/maturity. */
export const MaturityBody = z.object({ assessments: z.array(MaturityInputSchema).min(1).max(100000) }).strict();

const StringList = z.array(z.string());
/** POST …/surveys/:n/links. */
export const SurveyLinksBody = z
  .object({
    respondents: StringList.max(100_000).optional().describe('Node ids to (re)issue links for; default every respondent'),
    format: z.enum(['json', 'csv']).default('json').describe('csv: one row per respondent for a mail merge'),
  })
  .strict();
/** POST …/surveys/:n/revoke. */
export const SurveyRevokeBody = z.object({ respondents: StringList.min(1).max(100_000) }).strict();

export const WORKER_BODIES = {
  layout: SaveLayoutBodySchema,
  viewExport: ViewExportBody,
  decisions: PairDecisionsBody,
  outcomes: OutcomesBody,
  maturity: MaturityBody,
  surveyConfig: SurveyConfigSchema,
  surveyLinks: SurveyLinksBody,
  surveyRevoke: SurveyRevokeBody,
  partnerEvaluate: VersionEvaluateRequestSchema,
} as const;
export type WorkerBodyName = keyof typeof WORKER_BODIES;
