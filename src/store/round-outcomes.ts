/**
 * Closing the loop after a cycle: how each accepted pair went (met, a 1–5 rating, a note) and schools'
 * new maturity self-assessments (SELFIE style, 1–5) as dated values. The next round can use them
 * (`outcomeAdjustments`), and `maturityChange` compares mentees with schools that had no mentor.
 */
import type { z } from 'zod';
import type { Dataset } from '../model/index.ts';
import {
  type MaturityAssessment,
  MaturityAssessmentSchema,
  type MaturityChange,
  MaturityChangeSchema,
  MaturityInputSchema,
  type PairOutcome,
  PairOutcomeInputSchema,
  PairOutcomeSchema,
} from '../model/rounds.ts';
import { zodIssueText } from '../model/issue.ts';
import { audit } from './audit.ts';
import { defaultActor, iso, nowIso } from './clock.ts';
import { ConflictError, NotFoundError, StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { findRound, readPairs } from './rounds.ts';
import { readVersionDataset } from './versions.ts';
import { findWorkspace, lockWorkspace } from './workspaces.ts';

// The shapes live in src/model/rounds.ts so the contract and the web share them; re-exported for the store's callers.
export { MaturityAssessmentSchema, MaturityChangeSchema, MaturityInputSchema, PairOutcomeInputSchema, PairOutcomeSchema };
export type { MaturityAssessment, MaturityChange, PairOutcome };
export type { MaturityInput, PairOutcomeInput } from '../model/rounds.ts';

function parseAll<S extends z.ZodType>(schema: S, items: unknown[], what: string): z.infer<S>[] {
  return items.map((x, i) => {
    const r = schema.safeParse(x);
    if (!r.success) throw new StoreError(zodIssueText(r.error, `${what}[${i}]`), 'invalid');
    return r.data;
  });
}

/** Records (or replaces) outcomes of pairs of an accepted round; all or none, each audited. */
export async function recordOutcomes(store: Store, workspace: string, round: number, items: unknown[], actor = defaultActor()): Promise<PairOutcome[]> {
  const outcomes = parseAll(PairOutcomeInputSchema, items, 'outcomes');
  await store.db.transaction(async (tx) => {
    const at = nowIso();
    const ws = await lockWorkspace(tx, workspace);
    const r = await findRound(tx, ws.id, workspace, round);
    if (r.status !== 'accepted') throw new ConflictError(`match round ${round} is ${r.status}: outcomes are recorded for accepted rounds`);
    const tied = new Set(
      (await readPairs(tx, r.id)).filter((p) => p.status === 'accepted' || p.status === 'locked').map((p) => JSON.stringify([p.left, p.right])),
    );
    for (const [i, o] of outcomes.entries()) {
      if (!tied.has(JSON.stringify([o.left, o.right])))
        throw new NotFoundError(`outcomes[${i}]: match round ${round} has no accepted pair ${o.left} → ${o.right}`);
      await tx.query(
        `INSERT INTO pair_outcomes (round_id, left_id, right_id, met, rating, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (round_id, left_id, right_id) DO UPDATE SET met = EXCLUDED.met, rating = EXCLUDED.rating, note = EXCLUDED.note, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
        [r.id, o.left, o.right, o.met, o.rating ?? null, o.note ?? null, actor, at],
      );
      await audit(tx, ws.id, actor, 'pair.outcome', { round, left: o.left, right: o.right, met: o.met, rating: o.rating ?? null }, at);
    }
  });
  return listOutcomes(store, workspace, round);
}

export async function listOutcomes(store: Store, workspace: string, round?: number): Promise<PairOutcome[]> {
  const ws = await findWorkspace(store.db, workspace);
  const rows = await store.db.query<{
    number: number;
    left_id: string;
    right_id: string;
    met: boolean;
    rating: number | null;
    note: string | null;
    recorded_by: string;
    recorded_at: unknown;
  }>(
    `SELECT r.number, o.left_id, o.right_id, o.met, o.rating, o.note, o.recorded_by, o.recorded_at
     FROM pair_outcomes o JOIN match_rounds r ON r.id = o.round_id WHERE r.workspace_id = $1 ${round === undefined ? '' : 'AND r.number = $2'} ORDER BY r.number, o.left_id, o.right_id`,
    round === undefined ? [ws.id] : [ws.id, round],
  );
  return rows.map((o) => ({
    round: o.number,
    left: o.left_id,
    right: o.right_id,
    met: o.met,
    ...(o.rating === null ? {} : { rating: o.rating }),
    ...(o.note === null ? {} : { note: o.note }),
    recordedBy: o.recorded_by,
    recordedAt: iso(o.recorded_at),
  }));
}

/** Records dated maturity self-assessments of nodes of the current version (same node and date: replaced). */
export async function recordMaturity(store: Store, workspace: string, items: unknown[], actor = defaultActor()): Promise<MaturityAssessment[]> {
  const values = parseAll(MaturityInputSchema, items, 'assessments');
  await store.db.transaction(async (tx) => {
    const at = nowIso();
    const ws = await lockWorkspace(tx, workspace);
    const [cur] = await tx.query<{ id: number; meta: Dataset['meta'] }>(
      'SELECT id, meta FROM dataset_versions WHERE workspace_id = $1 ORDER BY number DESC LIMIT 1',
      [ws.id],
    );
    if (!cur) throw new NotFoundError(`workspace ${JSON.stringify(workspace)} has no dataset yet`);
    const known = new Set((await readVersionDataset(tx, cur.id, cur.meta)).nodes.map((n) => n.id));
    for (const [i, v] of values.entries()) {
      if (!known.has(v.node)) throw new NotFoundError(`assessments[${i}].node: ${JSON.stringify(v.node)} is not a node of the current version`);
      await tx.query(
        `INSERT INTO maturity_assessments (workspace_id, node_id, assessed_on, value, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (workspace_id, node_id, assessed_on) DO UPDATE SET value = EXCLUDED.value, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
        [ws.id, v.node, v.date, v.value, actor, at],
      );
      await audit(tx, ws.id, actor, 'maturity.assess', { node: v.node, value: v.value, date: v.date }, at);
    }
  });
  return listMaturity(store, workspace);
}

export async function listMaturity(store: Store, workspace: string): Promise<MaturityAssessment[]> {
  const ws = await findWorkspace(store.db, workspace);
  const rows = await store.db.query<{ node_id: string; assessed_on: string; value: number; recorded_by: string; recorded_at: unknown }>(
    'SELECT node_id, assessed_on, value, recorded_by, recorded_at FROM maturity_assessments WHERE workspace_id = $1 ORDER BY node_id, assessed_on',
    [ws.id],
  );
  return rows.map((r) => ({ node: r.node_id, date: r.assessed_on, value: r.value, recordedBy: r.recorded_by, recordedAt: iso(r.recorded_at) }));
}

/**
 * Maturity change of schools mentored in accepted rounds against schools that were not: the baseline
 * is the maturity in the data (or the earliest assessment when the data has none), the latest
 * assessment is the new value. Descriptive only: schools were not assigned at random.
 */
export async function maturityChange(store: Store, workspace: string): Promise<MaturityChange> {
  const ws = await findWorkspace(store.db, workspace);
  const [cur] = await store.db.query<{ id: number; meta: Dataset['meta'] }>(
    'SELECT id, meta FROM dataset_versions WHERE workspace_id = $1 ORDER BY number DESC LIMIT 1',
    [ws.id],
  );
  if (!cur) throw new NotFoundError(`workspace ${JSON.stringify(workspace)} has no dataset yet`);
  const dataset = await readVersionDataset(store.db, cur.id, cur.meta);
  const mentees = new Set(
    (
      await store.db.query<{ right_id: string }>(
        `SELECT DISTINCT p.right_id FROM round_pairs p JOIN match_rounds r ON r.id = p.round_id
     WHERE r.workspace_id = $1 AND r.kind = 'mentoring' AND r.status = 'accepted' AND p.status IN ('accepted', 'locked')`,
        [ws.id],
      )
    ).map((r) => r.right_id),
  );
  const byNode = new Map<string, MaturityAssessment[]>();
  for (const a of await listMaturity(store, workspace)) (byNode.get(a.node) ?? byNode.set(a.node, []).get(a.node)!).push(a);
  const schools: MaturityChange['schools'] = [];
  for (const n of dataset.nodes) {
    if (n.type !== 'school') continue;
    const list = byNode.get(n.id) ?? [];
    if (!list.length) continue;
    const last = list[list.length - 1];
    const before = n.maturity ?? (list.length > 1 ? list[0].value : undefined);
    if (before === undefined) continue;
    schools.push({ id: n.id, group: mentees.has(n.id) ? 'mentees' : 'others', before, after: last.value, date: last.date });
  }
  const group = (g: 'mentees' | 'others') => {
    const xs = schools.filter((s) => s.group === g);
    return { group: g, schools: xs.length, meanChange: xs.length ? xs.reduce((s, x) => s + x.after - x.before, 0) / xs.length : null };
  };
  return { groups: [group('mentees'), group('others')], schools, note: 'descriptive: mentored schools were chosen by the rules, not at random' };
}

/**
 * What recorded outcomes change for the next mentor round: latest maturity self-assessments replace the
 * data's maturity, and mentors none of whose recorded pairs met are excluded.
 */
export async function outcomeAdjustments(store: Store, workspace: string): Promise<{ maturity: Map<string, number>; excludeMentors: string[] }> {
  const maturity = new Map<string, number>();
  for (const a of await listMaturity(store, workspace)) maturity.set(a.node, a.value); // ordered by date: the latest wins
  const byMentor = new Map<string, { met: number; notMet: number }>();
  for (const o of await listOutcomes(store, workspace)) {
    const c = byMentor.get(o.left) ?? byMentor.set(o.left, { met: 0, notMet: 0 }).get(o.left)!;
    if (o.met) c.met++;
    else c.notMet++;
  }
  const excludeMentors = [...byMentor]
    .filter(([, c]) => c.notMet > 0 && c.met === 0)
    .map(([id]) => id)
    .sort();
  return { maturity, excludeMentors };
}
