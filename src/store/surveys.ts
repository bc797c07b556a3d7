import { randomBytes } from 'node:crypto';
import type { Dataset } from '../model/index.ts';
import { zodIssues, zodIssueText } from '../model/issue.ts';
import { checkAnswers, type AnswerProblem } from '../survey/answers.ts';
import { closeWave, type CloseSummary, type ClosingRespondent, SurveyCloseError } from '../survey/close.ts';
import { emailsOf } from '../survey/links.ts';
import { buildRoster, selectRespondents, type Roster, type RosterEntry } from '../survey/roster.ts';
import {
  type AdditionReview,
  type SurveyAnswers,
  SurveyAnswersSchema,
  type SurveyConfig,
  SurveyConfigSchema,
  type SurveyConfigInput,
} from '../model/survey.ts';
import { surveyStatus, type SurveyStatus } from '../survey/status.ts';
import type { SqlClient } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, iso, isoOrNull, nowIso } from './clock.ts';
import { ConflictError, NotFoundError, StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { hashToken } from './tokens.ts';
import { getVersion, insertVersion, nextVersionNumber, readVersionDataset, type VersionInfo } from './versions.ts';
import { findWorkspace, lockWorkspace } from './workspaces.ts';
import { ensureFreeSpace, estimateWriteBytes, withReserveRemade } from './space.ts';

/**
 * Relationship surveys on a workspace. A survey is one wave: created from the current version (its
 * respondents and roster), answered through personal links (only each token's SHA-256 is stored), and
 * closed into a new dataset version. Answer writes and closing serialise on the survey row, so an answer
 * the server accepted is always in the closed wave and none arrives after it.
 */

export interface SurveyInfo {
  workspace: string;
  /** The wave's number within the workspace (1, 2, …). */
  number: number;
  title: string;
  status: 'open' | 'closed';
  config: SurveyConfig;
  baseVersion: number | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  closedBy: string | null;
  closedAt: string | null;
  closedVersion: number | null;
  respondents: number;
  submitted: number;
}

export interface SurveyLink {
  respondent: string;
  label: string;
  /** Contact for the mail merge, from an `email` / `contact` attribute when the data has one. */
  email: string | null;
  token: string;
  expiresAt: string;
}

/** What a respondent's link opens: the survey, who they are, whom they may name and what they saved. */
export interface RespondentView {
  workspace: string;
  survey: number;
  title: string;
  config: SurveyConfig;
  self: { label: string; type: string; region: string | null };
  roster: RosterEntry[];
  state: 'pending' | 'draft' | 'submitted';
  answers: SurveyAnswers | null;
  open: boolean;
  expiresAt: string;
}

export class AnswerError extends StoreError {
  constructor(readonly problems: AnswerProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the answers`, 'invalid');
    this.name = 'AnswerError';
  }
}

/** A link that does not open a survey: unknown, revoked, expired, or the survey is closed. */
export class LinkError extends StoreError {
  constructor(
    message: string,
    readonly reason: 'unknown' | 'revoked' | 'expired' | 'closed',
  ) {
    super(message, 'link');
    this.name = 'LinkError';
  }
}

const DAY = 86_400_000;

export type SurveyRow = {
  id: number;
  number: number;
  title: string;
  status: 'open' | 'closed';
  config: SurveyConfig;
  secret: string;
  base_version_id: number | null;
  created_by: string;
  created_at: unknown;
  expires_at: unknown;
  closed_by: string | null;
  closed_at: unknown;
  closed_version_id: number | null;
  base_number: number | null;
  closed_number: number | null;
  respondents: number;
  submitted: number;
};

/** One row per survey with its version numbers and counts; callers add the WHERE (the export reads them all). */
export const SURVEY_SQL = `
  SELECT s.id, s.number, s.title, s.status, s.config, s.secret, s.base_version_id, s.created_by, s.created_at, s.expires_at,
         s.closed_by, s.closed_at, s.closed_version_id,
         (SELECT number FROM dataset_versions v WHERE v.id = s.base_version_id) AS base_number,
         (SELECT number FROM dataset_versions v WHERE v.id = s.closed_version_id) AS closed_number,
         (SELECT count(*)::int FROM survey_respondents r WHERE r.survey_id = s.id) AS respondents,
         (SELECT count(*)::int FROM survey_respondents r WHERE r.survey_id = s.id AND r.state = 'submitted') AS submitted
  FROM surveys s`;

export function toInfo(workspace: string, r: SurveyRow): SurveyInfo {
  return {
    workspace,
    number: r.number,
    title: r.title,
    status: r.status,
    config: SurveyConfigSchema.parse(r.config),
    baseVersion: r.base_number,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
    closedBy: r.closed_by,
    closedAt: isoOrNull(r.closed_at),
    closedVersion: r.closed_number,
    respondents: r.respondents,
    submitted: r.submitted,
  };
}

async function surveyRow(db: SqlClient, workspace: string, number: number, lock = ''): Promise<SurveyRow & { workspace_id: number }> {
  const ws = await findWorkspace(db, workspace);
  const rows = await db.query<SurveyRow>(`${SURVEY_SQL} WHERE s.workspace_id = $1 AND s.number = $2 ${lock}`, [ws.id, number]);
  if (!rows.length) throw new NotFoundError(`workspace ${JSON.stringify(workspace)} has no survey ${number}`);
  return { ...rows[0], workspace_id: ws.id };
}

export async function createSurvey(store: Store, workspace: string, input: SurveyConfigInput, options: { actor?: string } = {}): Promise<SurveyInfo> {
  const parsed = SurveyConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new StoreError(`survey config: ${zodIssueText(parsed.error)}`, 'invalid');
  }
  const config = parsed.data;
  const actor = options.actor ?? defaultActor();
  const number = await store.db.transaction(async (tx) => {
    const ws = await lockWorkspace(tx, workspace);
    const current = await getVersion({ db: tx }, workspace);
    const dataset = await readVersionDataset(tx, current.id, current.meta);
    const respondents = selectRespondents(dataset, config);
    if (!respondents.length) throw new StoreError('no node of this version matches the respondent filter; widen it', 'invalid');
    const [{ n }] = await tx.query<{ n: number }>('SELECT coalesce(max(number), 0) + 1 AS n FROM surveys WHERE workspace_id = $1', [ws.id]);
    const at = nowIso();
    const expires = config.expiresAt ? new Date(`${config.expiresAt.slice(0, 10)}T23:59:59.999Z`).toISOString() : new Date(Date.now() + 30 * DAY).toISOString();
    if (expires <= at) throw new StoreError(`expiresAt ${config.expiresAt} is in the past`, 'invalid');
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO surveys (workspace_id, number, title, config, secret, base_version_id, status, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9) RETURNING id`,
      [ws.id, n, config.title, JSON.stringify(config), randomBytes(24).toString('base64url'), current.id, actor, at, expires],
    );
    await tx.insertMany(
      'survey_respondents',
      [
        { name: 'survey_id', type: 'int' },
        { name: 'node_id', type: 'text' },
      ],
      [respondents.map(() => id), respondents.map((r) => r.id)],
    );
    await audit(tx, ws.id, actor, 'survey.create', { survey: n, title: config.title, version: current.number, respondents: respondents.length }, at);
    return n;
  });
  return getSurvey(store, workspace, number);
}

export async function getSurvey(store: Store, workspace: string, number: number): Promise<SurveyInfo> {
  return toInfo(workspace, await surveyRow(store.db, workspace, number));
}

export async function listSurveys(store: Store, workspace: string): Promise<SurveyInfo[]> {
  const ws = await findWorkspace(store.db, workspace);
  const rows = await store.db.query<SurveyRow>(`${SURVEY_SQL} WHERE s.workspace_id = $1 ORDER BY s.number`, [ws.id]);
  return rows.map((r) => toInfo(workspace, r));
}

/** The survey's base dataset and roster (roster keys are stable: they depend on the survey's secret only). */
async function surveyContext(db: SqlClient, row: SurveyRow): Promise<{ dataset: Dataset; roster: Roster; config: SurveyConfig }> {
  if (row.base_version_id === null) throw new StoreError('the version this survey was made from no longer exists', 'invalid');
  const [v] = await db.query<{ meta: Dataset['meta'] }>('SELECT meta FROM dataset_versions WHERE id = $1', [row.base_version_id]);
  const dataset = await readVersionDataset(db, row.base_version_id, v.meta);
  const config = SurveyConfigSchema.parse(row.config);
  return { dataset, roster: buildRoster(dataset, config, row.secret), config };
}

/**
 * New personal links for the survey's respondents (all, or those given): each replaces the respondent's
 * earlier link. The tokens are returned once and never stored.
 */
export async function issueLinks(
  store: Store,
  workspace: string,
  number: number,
  options: { respondents?: string[]; actor?: string } = {},
): Promise<SurveyLink[]> {
  const actor = options.actor ?? defaultActor();
  return store.db.transaction(async (tx) => {
    const s = await surveyRow(tx, workspace, number, 'FOR UPDATE OF s');
    if (s.status !== 'open') throw new ConflictError(`survey ${number} is closed; links can no longer be issued`);
    const rows = await tx.query<{ id: number; node_id: string }>('SELECT id, node_id FROM survey_respondents WHERE survey_id = $1 ORDER BY id', [s.id]);
    const want = options.respondents?.length ? new Set(options.respondents) : null;
    if (want) {
      const known = new Set(rows.map((r) => r.node_id));
      const unknown = [...want].filter((id) => !known.has(id));
      if (unknown.length)
        throw new StoreError(
          `not respondents of survey ${number}: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`,
          'invalid',
        );
    }
    const chosen = rows.filter((r) => !want || want.has(r.node_id));
    const { dataset } = await surveyContext(tx, s);
    const label = new Map(dataset.nodes.map((n) => [n.id, n.label || n.id]));
    const email = emailsOf(dataset.nodes);
    const expiresAt = iso(s.expires_at);
    const links = chosen.map((r) => ({ row: r, token: 'hs_' + randomBytes(24).toString('base64url') }));
    for (const l of links) {
      await tx.query('UPDATE survey_respondents SET token_hash = $1, link_expires = $2, revoked = false WHERE id = $3', [
        hashToken(l.token),
        expiresAt,
        l.row.id,
      ]);
    }
    await audit(tx, s.workspace_id, actor, 'survey.links', { survey: number, links: links.length }, nowIso());
    return links.map((l) => ({
      respondent: l.row.node_id,
      label: label.get(l.row.node_id) ?? l.row.node_id,
      email: email.get(l.row.node_id) ?? null,
      token: l.token,
      expiresAt,
    }));
  });
}

export async function revokeLinks(store: Store, workspace: string, number: number, respondents: string[], actor = defaultActor()): Promise<number> {
  return store.db.transaction(async (tx) => {
    const s = await surveyRow(tx, workspace, number);
    const rows = await tx.query('UPDATE survey_respondents SET revoked = true WHERE survey_id = $1 AND node_id = ANY($2::text[]) RETURNING id', [
      s.id,
      respondents,
    ]);
    await audit(tx, s.workspace_id, actor, 'survey.revoke', { survey: number, links: rows.length }, nowIso());
    return rows.length;
  });
}

type RespondentRow = {
  rid: number;
  node_id: string;
  revoked: boolean;
  link_expires: unknown;
  state: RespondentView['state'];
  answers: SurveyAnswers | null;
  survey_id: number;
  number: number;
  status: 'open' | 'closed';
  workspace: string;
};

/** The respondent behind a link token, or a LinkError saying why the link does not work. */
async function byToken(db: SqlClient, token: string, lock = ''): Promise<RespondentRow> {
  if (typeof token !== 'string' || !/^hs_[A-Za-z0-9_-]{20,64}$/.test(token)) throw new LinkError('this survey link is not valid', 'unknown');
  const rows = await db.query<RespondentRow>(
    `SELECT r.id AS rid, r.node_id, r.revoked, r.link_expires, r.state, r.answers, s.id AS survey_id, s.number, s.status, w.name AS workspace
     FROM survey_respondents r JOIN surveys s ON s.id = r.survey_id JOIN workspaces w ON w.id = s.workspace_id
     WHERE r.token_hash = $1 ${lock}`,
    [hashToken(token)],
  );
  if (!rows.length) throw new LinkError('this survey link is not valid (it may have been replaced by a newer one)', 'unknown');
  const r = rows[0];
  if (r.revoked) throw new LinkError('this survey link was withdrawn by the coordinator', 'revoked');
  if (r.link_expires && iso(r.link_expires) < nowIso()) throw new LinkError('this survey link has expired', 'expired');
  return r;
}

export async function openRespondentView(store: Store, token: string): Promise<RespondentView> {
  const r = await byToken(store.db, token);
  const s = await surveyRow(store.db, r.workspace, r.number);
  const { dataset, roster, config } = await surveyContext(store.db, s);
  const self = dataset.nodes.find((n) => n.id === r.node_id);
  const selfKey = roster.keyOf.get(r.node_id);
  return {
    workspace: r.workspace,
    survey: r.number,
    title: config.title,
    config,
    self: { label: self?.label || 'you', type: self?.type ?? 'other', region: self?.region ?? null },
    roster: roster.entries.filter((e) => e.key !== selfKey),
    state: r.state,
    answers: r.answers,
    open: r.status === 'open',
    expiresAt: iso(s.expires_at),
  };
}

/**
 * Saves a respondent's answers (a draft, or submitted); they may change them until the survey closes.
 * Holds the survey row in share mode, so closing waits for it (and it waits for closing).
 */
export async function saveAnswers(
  store: Store,
  token: string,
  input: unknown,
  options: { submit: boolean },
): Promise<{ state: 'draft' | 'submitted'; savedAt: string }> {
  const shape = SurveyAnswersSchema.safeParse(input);
  if (!shape.success) {
    throw new AnswerError(zodIssues(shape.error).map(({ path, expected, message }) => ({ path: path ?? '', expected, message })));
  }
  return store.db.transaction(async (tx) => {
    const r = await byToken(tx, token);
    const [s] = await tx.query<SurveyRow & { workspace_id: number }>(`SELECT s.*, NULL::int AS base_number FROM surveys s WHERE s.id = $1 FOR SHARE`, [
      r.survey_id,
    ]);
    if (s.status !== 'open') throw new LinkError('this survey is closed; answers can no longer be changed', 'closed');
    const { roster, config } = await surveyContext(tx, s);
    const problems = checkAnswers(config, new Set(roster.idOf.keys()), roster.keyOf.get(r.node_id), shape.data);
    if (problems.length) throw new AnswerError(problems);
    const at = nowIso();
    const state = options.submit ? 'submitted' : r.state === 'submitted' ? 'submitted' : 'draft';
    await tx.query(
      `UPDATE survey_respondents SET answers = $1, state = $2, updated_at = $3, submitted_at = CASE WHEN $4 THEN $3::timestamptz ELSE submitted_at END WHERE id = $5`,
      [JSON.stringify(shape.data), state, at, options.submit, r.rid],
    );
    return { state, savedAt: at };
  });
}

async function responses(db: SqlClient, surveyId: number): Promise<ClosingRespondent[]> {
  const rows = await db.query<{ node_id: string; state: ClosingRespondent['state']; answers: SurveyAnswers | null }>(
    'SELECT node_id, state, answers FROM survey_respondents WHERE survey_id = $1 ORDER BY id',
    [surveyId],
  );
  return rows.map((r) => ({ nodeId: r.node_id, state: r.state, answers: r.answers ? SurveyAnswersSchema.parse(r.answers) : null }));
}

export async function getSurveyStatus(store: Store, workspace: string, number: number): Promise<{ survey: SurveyInfo; status: SurveyStatus }> {
  const s = await surveyRow(store.db, workspace, number);
  const { dataset, roster } = await surveyContext(store.db, s);
  return { survey: toInfo(workspace, s), status: surveyStatus(dataset, roster, await responses(store.db, s.id)) };
}

/** Every respondent with its answers (for the coordinator's export of the raw responses). */
export async function surveyResponses(store: Store, workspace: string, number: number): Promise<ClosingRespondent[]> {
  const s = await surveyRow(store.db, workspace, number);
  return responses(store.db, s.id);
}

export interface CloseResult {
  survey: SurveyInfo;
  version: VersionInfo;
  summary: CloseSummary;
}

/**
 * Closes the wave: locks the survey (waiting for answers being written), applies the submitted answers to
 * the workspace's current version and stores the result as a new version, in one transaction.
 */
export async function closeSurvey(
  store: Store,
  workspace: string,
  number: number,
  options: { review?: AdditionReview; actor?: string; message?: string; waveDate?: string } = {},
): Promise<CloseResult> {
  const actor = options.actor ?? defaultActor();
  const write = async (tx: SqlClient) => {
    const ws = await lockWorkspace(tx, workspace);
    const s = await surveyRow(tx, workspace, number, 'FOR UPDATE OF s');
    if (s.status !== 'open') throw new ConflictError(`survey ${number} is already closed (into version ${s.closed_number ?? '?'})`);
    const { roster, config } = await surveyContext(tx, s);
    const current = await getVersion({ db: tx }, workspace);
    const base = await readVersionDataset(tx, current.id, current.meta);
    const at = nowIso();
    const waveDate = (options.waveDate ?? config.waveDate ?? at).slice(0, 10);
    const { dataset, summary } = closeWave(base, config, roster, await responses(tx, s.id), { wave: number, waveDate, review: options.review });
    // Before the first write, as an import (issue 20, defect 10): refused, the survey stays open with its answers.
    await ensureFreeSpace(store, estimateWriteBytes(dataset), { inTransaction: true });
    const num = await nextVersionNumber(tx, ws.id);
    const message = options.message ?? `survey ${number} (${config.title}): ${summary.ties.written} ties from ${summary.respondents.submitted} responses`;
    const versionId = await insertVersion(tx, ws, num, dataset, {
      report: { survey: summary },
      author: actor,
      message,
      origin: { kind: 'import', source: `survey ${number}` },
      createdAt: at,
    });
    await tx.query(`UPDATE surveys SET status = 'closed', closed_by = $1, closed_at = $2, closed_version_id = $3 WHERE id = $4`, [actor, at, versionId, s.id]);
    await audit(tx, ws.id, actor, 'survey.close', { survey: number, version: num, ties: summary.ties.written, submitted: summary.respondents.submitted }, at);
    await audit(
      tx,
      ws.id,
      actor,
      'version.create',
      { version: num, origin: { kind: 'import', source: `survey ${number}` }, nodes: dataset.nodes.length, edges: dataset.edges.length, message },
      at,
    );
    return { num, summary };
  };
  // A released reserve is made again outside the transaction, not while it holds the workspace lock (space.ts).
  const out = await withReserveRemade(store, () => store.db.transaction(write));
  return { survey: await getSurvey(store, workspace, number), version: await getVersion(store, workspace, out.num), summary: out.summary };
}

export { SurveyCloseError };
