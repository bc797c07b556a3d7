import { z } from 'zod';
import type { SqlClient } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, iso, isoOrNull, nowIso } from './clock.ts';
import { ConflictError, NotFoundError, StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { findWorkspace, lockWorkspace } from './workspaces.ts';

import { MATCH_KINDS, MatchKindSchema, PAIR_STATUSES, PairStatusSchema, type PairStatus } from '../model/vocabulary.ts';

// One list per concept, in src/model/vocabulary.ts; the old names stay for the store's callers.
export const ROUND_KINDS = MATCH_KINDS;
export const RoundKindSchema = MatchKindSchema;
export { PAIR_STATUSES, PairStatusSchema, type PairStatus } from '../model/vocabulary.ts';

/** A proposed pair as the matcher produces it: `left` mentors / partners `right`. */
export { LeftOutSchema, type LeftOut } from '../model/rounds.ts';
import { LeftOutSchema, type LeftOut } from '../model/rounds.ts';
import type { RoundStatus } from '../model/vocabulary.ts';
import { zodIssueText } from '../model/issue.ts';
import { type ScoringInfo, ScoringInfoSchema } from '../model/partner-evaluation.ts';

export const RoundPairInputSchema = z.object({
  left: z.string().min(1),
  right: z.string().min(1),
  score: z.number().finite(),
  explanation: z.unknown().default({}),
  status: PairStatusSchema.default('proposed'),
});
export type RoundPairInput = z.input<typeof RoundPairInputSchema>;

export const NewRoundSchema = z.object({
  kind: RoundKindSchema,
  name: z.string().optional(),
  config: z.unknown().default({}),
  pairs: z.array(RoundPairInputSchema),
  /** Version the round was computed on; default the current one. */
  version: z.number().int().positive().optional(),
  /** Who the round targeted but did not pair, each with its reason in words. */
  leftOut: z.array(LeftOutSchema).default([]),
  /** Partnership rounds: how the pairs were scored (the matcher's `scoring`), kept with the round. */
  scoring: ScoringInfoSchema.optional(),
});
export type NewRound = z.input<typeof NewRoundSchema>;

export { ROUND_STATUSES, type RoundStatus } from '../model/vocabulary.ts';

export interface RoundPair {
  left: string;
  right: string;
  score: number;
  explanation: unknown;
  status: PairStatus;
  changedBy: string;
  changedAt: string;
}

export interface RoundInfo {
  workspace: string;
  number: number;
  kind: z.infer<typeof RoundKindSchema>;
  name: string | null;
  config: unknown;
  /** Number of the dataset version the pairs were computed on. */
  version: number;
  status: RoundStatus;
  createdBy: string;
  createdAt: string;
  acceptedBy: string | null;
  acceptedAt: string | null;
  /** Version that holds the accepted pairs as edges. */
  acceptedVersion: number | null;
  revertedBy: string | null;
  revertedAt: string | null;
  /** Version that removed the round's ties again. */
  revertedVersion: number | null;
  counts: Record<PairStatus, number>;
  leftOut: LeftOut[];
  /** How the pairs were scored; absent when not recorded (mentoring, rounds stored before it was kept). */
  scoring?: ScoringInfo;
}

/**
 * A round's scoring lives in its stored config document under this key (the round has no column
 * for it, and needs no migration); `$` keeps it apart from every config field. roundFields splits
 * it off again, so the config read back is the config the round was run with.
 */
const SCORING_KEY = '$scoring';

/** The config document to store: the config, with the scoring beside it when there is one. */
export function storedConfig(config: unknown, scoring: ScoringInfo | undefined): unknown {
  if (!scoring) return config ?? {};
  return { ...(config && typeof config === 'object' ? config : {}), [SCORING_KEY]: scoring };
}

/** The stored config document as config and scoring; a scoring this code cannot read counts as not recorded. */
function splitConfig(stored: unknown): { config: unknown; scoring?: ScoringInfo } {
  if (!stored || typeof stored !== 'object' || !(SCORING_KEY in stored)) return { config: stored };
  const { [SCORING_KEY]: raw, ...config } = stored as Record<string, unknown>;
  const scoring = ScoringInfoSchema.safeParse(raw);
  return scoring.success ? { config, scoring: scoring.data } : { config };
}

function describeIssues(err: z.ZodError, what: string): string {
  return zodIssueText(err, what);
}

/** Records a round of proposals for the coordinator to decide on. */
export async function createRound(store: Store, workspace: string, input: NewRound, actor = defaultActor()): Promise<RoundInfo & { pairs: RoundPair[] }> {
  const parsed = NewRoundSchema.safeParse(input);
  if (!parsed.success) throw new StoreError(`invalid round: ${describeIssues(parsed.error, 'round')}`, 'invalid');
  const round = parsed.data;
  const seen = new Set<string>();
  for (const [i, p] of round.pairs.entries()) {
    const key = JSON.stringify([p.left, p.right]);
    if (seen.has(key)) throw new StoreError(`invalid round: pairs[${i}] repeats the pair ${p.left} → ${p.right}`, 'invalid');
    seen.add(key);
  }
  const number = await store.db.transaction(async (tx) => {
    const at = nowIso();
    const ws = await lockWorkspace(tx, workspace);
    const ver = await tx.query<{ id: number; number: number }>(
      round.version === undefined
        ? 'SELECT id, number FROM dataset_versions WHERE workspace_id = $1 ORDER BY number DESC LIMIT 1'
        : 'SELECT id, number FROM dataset_versions WHERE workspace_id = $1 AND number = $2',
      round.version === undefined ? [ws.id] : [ws.id, round.version],
    );
    if (!ver.length) throw new NotFoundError(`workspace ${JSON.stringify(workspace)} has no version ${round.version ?? '(none imported yet)'}`);
    const [{ n }] = await tx.query<{ n: number }>('SELECT coalesce(max(number), 0) + 1 AS n FROM match_rounds WHERE workspace_id = $1', [ws.id]);
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO match_rounds (workspace_id, number, kind, name, config, version_id, status, created_by, created_at, left_out)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9) RETURNING id`,
      [
        ws.id,
        n,
        round.kind,
        round.name ?? null,
        JSON.stringify(storedConfig(round.config, round.scoring)),
        ver[0].id,
        actor,
        at,
        JSON.stringify(round.leftOut),
      ],
    );
    await insertPairs(
      tx,
      id,
      round.pairs.map((p) => ({ ...p, changedBy: actor, changedAt: at })),
    );
    await audit(tx, ws.id, actor, 'round.create', { round: n, kind: round.kind, version: ver[0].number, pairs: round.pairs.length }, at);
    return n;
  });
  return getRound(store, workspace, number);
}

export async function insertPairs(tx: SqlClient, roundId: number, pairs: RoundPair[]): Promise<void> {
  await tx.insertMany(
    'round_pairs',
    [
      { name: 'round_id', type: 'int' },
      { name: 'ord', type: 'int' },
      { name: 'left_id', type: 'text' },
      { name: 'right_id', type: 'text' },
      { name: 'score', type: 'float8' },
      { name: 'explanation', type: 'jsonb' },
      { name: 'status', type: 'text' },
      { name: 'changed_by', type: 'text' },
      { name: 'changed_at', type: 'timestamptz' },
    ],
    [
      pairs.map(() => roundId),
      pairs.map((_, i) => i),
      pairs.map((p) => p.left),
      pairs.map((p) => p.right),
      pairs.map((p) => p.score),
      pairs.map((p) => JSON.stringify(p.explanation ?? {})),
      pairs.map((p) => p.status),
      pairs.map((p) => p.changedBy),
      pairs.map((p) => p.changedAt),
    ],
  );
}

export type RoundRow = {
  id: number;
  number: number;
  kind: RoundInfo['kind'];
  name: string | null;
  config: unknown;
  version: number;
  version_id: number;
  status: RoundInfo['status'];
  created_by: string;
  created_at: unknown;
  accepted_by: string | null;
  accepted_at: unknown;
  accepted_version: number | null;
  reverted_by: string | null;
  reverted_at: unknown;
  reverted_version: number | null;
  left_out: LeftOut[] | null;
};

const ROUND_SQL = `
  SELECT r.id, r.number, r.kind, r.name, r.config, v.number AS version, r.version_id, r.status, r.created_by, r.created_at,
         r.accepted_by, r.accepted_at, av.number AS accepted_version, r.reverted_by, r.reverted_at, rv.number AS reverted_version, r.left_out
  FROM match_rounds r JOIN dataset_versions v ON v.id = r.version_id LEFT JOIN dataset_versions av ON av.id = r.accepted_version_id
  LEFT JOIN dataset_versions rv ON rv.id = r.reverted_version_id
  WHERE r.workspace_id = $1`;

async function roundCounts(db: SqlClient, roundIds: number[]): Promise<Map<number, Record<PairStatus, number>>> {
  const out = new Map<number, Record<PairStatus, number>>();
  for (const id of roundIds) out.set(id, { proposed: 0, accepted: 0, rejected: 0, locked: 0 });
  if (!roundIds.length) return out;
  const rows = await db.query<{ round_id: number; status: PairStatus; n: number }>(
    'SELECT round_id, status, count(*)::int AS n FROM round_pairs WHERE round_id = ANY($1::int[]) GROUP BY round_id, status',
    [roundIds],
  );
  for (const r of rows) out.get(r.round_id)![r.status] = r.n;
  return out;
}

/** A round's stored fields as the API and the workspace export show them (timestamps ISO, version numbers). */
export function roundFields(r: RoundRow) {
  const { config, scoring } = splitConfig(r.config);
  return {
    number: r.number,
    kind: r.kind,
    name: r.name,
    config,
    ...(scoring ? { scoring } : {}),
    version: r.version,
    status: r.status,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    acceptedBy: r.accepted_by,
    acceptedAt: isoOrNull(r.accepted_at),
    acceptedVersion: r.accepted_version,
    revertedBy: r.reverted_by,
    revertedAt: isoOrNull(r.reverted_at),
    revertedVersion: r.reverted_version,
  };
}

function toRound(workspace: string, r: RoundRow, counts: Record<PairStatus, number>): RoundInfo {
  return { workspace, ...roundFields(r), counts, leftOut: r.left_out ?? [] };
}

/** Every round of a workspace, oldest first, as stored: what listRounds and the workspace export read. */
export async function roundRows(db: SqlClient, workspaceId: number): Promise<RoundRow[]> {
  return db.query<RoundRow>(`${ROUND_SQL} ORDER BY r.number`, [workspaceId]);
}

export async function listRounds(store: Store, workspace: string): Promise<RoundInfo[]> {
  const ws = await findWorkspace(store.db, workspace);
  const rows = await roundRows(store.db, ws.id);
  const counts = await roundCounts(
    store.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRound(workspace, r, counts.get(r.id)!));
}

export async function findRound(db: SqlClient, wsId: number, workspace: string, number: number): Promise<RoundRow> {
  const rows = await db.query<RoundRow>(`${ROUND_SQL} AND r.number = $2`, [wsId, number]);
  if (!rows.length) throw new NotFoundError(`workspace ${JSON.stringify(workspace)} has no match round ${number}`);
  return rows[0];
}

export async function getRound(store: Store, workspace: string, number: number): Promise<RoundInfo & { pairs: RoundPair[] }> {
  const ws = await findWorkspace(store.db, workspace);
  const r = await findRound(store.db, ws.id, workspace, number);
  const counts = await roundCounts(store.db, [r.id]);
  return { ...toRound(workspace, r, counts.get(r.id)!), pairs: await readPairs(store.db, r.id) };
}

export async function readPairs(db: SqlClient, roundId: number): Promise<RoundPair[]> {
  const rows = await db.query<{
    left_id: string;
    right_id: string;
    score: number;
    explanation: unknown;
    status: PairStatus;
    changed_by: string;
    changed_at: unknown;
  }>('SELECT left_id, right_id, score, explanation, status, changed_by, changed_at FROM round_pairs WHERE round_id = $1 ORDER BY ord', [roundId]);
  return rows.map((p) => ({
    left: p.left_id,
    right: p.right_id,
    score: p.score,
    explanation: p.explanation,
    status: p.status,
    changedBy: p.changed_by,
    changedAt: iso(p.changed_at),
  }));
}

export interface PairDecision {
  left: string;
  right: string;
  status: PairStatus;
}

/** Sets the status of some pairs of an open round: all or none, each change audited. */
export async function decidePairs(
  store: Store,
  workspace: string,
  round: number,
  decisions: PairDecision[],
  actor = defaultActor(),
): Promise<RoundInfo & { pairs: RoundPair[] }> {
  for (const [i, d] of decisions.entries()) {
    if (!PairStatusSchema.safeParse(d.status).success) {
      throw new StoreError(`decisions[${i}].status: ${JSON.stringify(d.status)} is not one of ${PAIR_STATUSES.join(', ')}`, 'invalid');
    }
  }
  await store.db.transaction(async (tx) => {
    const at = nowIso();
    const ws = await lockWorkspace(tx, workspace);
    const r = await findRound(tx, ws.id, workspace, round);
    if (r.status === 'accepted')
      throw new ConflictError(
        `match round ${round} was accepted on ${iso(r.accepted_at)}; its pairs can no longer change (revert it, then reopen it, to decide again)`,
      );
    if (r.status !== 'open') throw new ConflictError(`match round ${round} was reverted; reopen it to change its pairs`);
    for (const d of decisions) {
      const rows = await tx.query<{ before: PairStatus }>(
        `UPDATE round_pairs p SET status = $4, changed_by = $5, changed_at = $6
         FROM round_pairs old WHERE old.round_id = p.round_id AND old.ord = p.ord
           AND p.round_id = $1 AND p.left_id = $2 AND p.right_id = $3 RETURNING old.status AS before`,
        [r.id, d.left, d.right, d.status, actor, at],
      );
      if (!rows.length) throw new NotFoundError(`match round ${round} has no pair ${d.left} → ${d.right}`);
      await audit(tx, ws.id, actor, 'pair.status', { round, left: d.left, right: d.right, from: rows[0].before, to: d.status }, at);
    }
  });
  return getRound(store, workspace, round);
}
