/**
 * Relationship surveys: what the coordinator's routes and the respondents' public routes answer.
 */
import { z } from 'zod';
import { VersionSummarySchema } from './common.ts';

const StringList = z.array(z.string());
export const SurveyConfigOutSchema = z.object({}).passthrough().describe('The survey config with its defaults filled in (SurveyConfigSchema)');
export const SurveyInfoSchema = z.object({
  workspace: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  config: SurveyConfigOutSchema,
  baseVersion: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedVersion: z.number().int().nullable(),
  respondents: z.number().int(),
  submitted: z.number().int(),
});
const GroupRateSchema = z.object({ group: z.string(), total: z.number().int(), submitted: z.number().int(), rate: z.number() });
const AdditionSchema = z.object({ key: z.string(), respondent: z.string(), respondentLabel: z.string(), name: z.string(), type: z.string(), note: z.string() });
export const SurveyStatusSchema = z.object({
  total: z.number().int(),
  submitted: z.number().int(),
  drafts: z.number().int(),
  pending: z.number().int(),
  rate: z.number(),
  byRegion: z.array(GroupRateSchema),
  byHub: z.array(GroupRateSchema),
  byType: z.array(GroupRateSchema),
  notAnswered: z.array(
    z.object({ id: z.string(), label: z.string(), region: z.string().nullable(), hub: z.string().nullable(), state: z.enum(['pending', 'draft']) }),
  ),
  reciprocity: z.object({ pairs: z.number().int(), confirmed: z.number().int(), oneSided: z.number().int(), share: z.number().nullable() }),
  roster: z.object({ size: z.number().int(), named: z.number().int(), neverNamed: z.number().int(), neverNamedShare: z.number().nullable() }),
  additions: z.array(AdditionSchema),
});
export const SurveyLinkSchema = z.object({
  respondent: z.string(),
  label: z.string(),
  url: z.string(),
  token: z.string(),
  expiresAt: z.string(),
  email: z.string().nullable(),
});
export const CloseSummarySchema = z.object({
  wave: z.number().int(),
  waveDate: z.string(),
  respondents: z.object({ total: z.number().int(), submitted: z.number().int(), drafts: z.number().int(), pending: z.number().int() }),
  ties: z.object({
    named: z.number().int(),
    confirmed: z.number().int(),
    oneSided: z.number().int(),
    written: z.number().int(),
    droppedOneSided: z.number().int(),
  }),
  nodesAnswered: z.number().int(),
  additions: z.object({ added: z.number().int(), merged: z.number().int(), dropped: z.number().int() }),
  skipped: StringList,
});
export const RosterEntrySchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  region: z.string().nullable(),
  school: z.string().nullable(),
});
export const RespondentViewSchema = z.object({
  workspace: z.string(),
  survey: z.number().int(),
  title: z.string(),
  config: SurveyConfigOutSchema,
  self: z.object({ label: z.string(), type: z.string(), region: z.string().nullable() }),
  roster: z.array(RosterEntrySchema),
  state: z.enum(['pending', 'draft', 'submitted']),
  answers: z.unknown().nullable(),
  open: z.boolean(),
  expiresAt: z.string(),
});

export const SurveyListSchema = z.object({ surveys: z.array(SurveyInfoSchema) });
export const SurveyStatusResponseSchema = z.object({ survey: SurveyInfoSchema, status: SurveyStatusSchema });
export const SurveyLinksSchema = z.object({ links: z.array(SurveyLinkSchema) });
export const CloseSurveySchema = z.object({ survey: SurveyInfoSchema, version: VersionSummarySchema, summary: CloseSummarySchema });

export type SurveyInfo = z.infer<typeof SurveyInfoSchema>;
export type SurveyStatusResponse = z.infer<typeof SurveyStatusResponseSchema>;
export type RespondentView = z.infer<typeof RespondentViewSchema>;
export type CloseSurveyResult = z.infer<typeof CloseSurveySchema>;
