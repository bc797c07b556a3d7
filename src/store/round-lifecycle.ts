/**
 * A round's life after it is made: preview and accept (its pairs become dated ties in a new version),
 * revert (a new version without those ties) and reopen. Every write runs in one transaction under the
 * workspace's row lock, so concurrent accepts queue and the second one sees the first one's ties.
 */
import type { Dataset } from '../model/index.ts';
import type { SqlClient } from './adapter.ts';
import { audit } from './audit.ts';
import { defaultActor, nowIso } from './clock.ts';
import { ConflictError, StoreError } from './errors.ts';
import type { Store } from './open.ts';
import { planAccept, planEdges, type AcceptPlan, type ProposedChoice } from './round-plan.ts';
import { findRound, getRound, readPairs, type RoundInfo, type RoundRow } from './rounds.ts';
import { getVersion, insertVersion, nextVersionNumber, readVersionDataset, type VersionInfo } from './versions.ts';
import { findWorkspace, lockWorkspace, type WorkspaceRow } from './workspaces.ts';
import { ensureFreeSpace, estimateWriteBytes, withReserveRemade } from './space.ts';

export interface AcceptOptions {
  actor?: string;
  /** Start date of the new ties (YYYY-MM-DD); default today (UTC). */
  date?: string;
  /**
   * What to do with pairs still `proposed`: `accept` them all or `leave` them out. Required when the
   * round has proposed pairs (the caller must have asked the lead); ignored otherwise.
   */
  proposed?: ProposedChoice;
  /**
   * A round made on an older version is refused unless `rebase` is true: then its pairs are re-checked
   * against the current version (ties that exist by now, capacity used by rounds accepted since, nodes
   * gone) and those that no longer hold are dropped with their reasons. Default false.
   */
  rebase?: boolean;
  /** The current version the caller previewed against: refused when the data moved on since (default: not checked). */
  expectVersion?: number;
}

export interface AcceptResult {
  round: RoundInfo;
  version: VersionInfo;
  /** Ties written. */
  written: number;
  /** Exactly what was written and left out, as the preview showed it. */
  plan: AcceptPlan;
}

function checkDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    throw new StoreError(`date: ${JSON.stringify(date)} is not a YYYY-MM-DD date`, 'invalid');
  return date;
}

async function current(db: SqlClient, wsId: number): Promise<{ id: number; number: number; meta: Dataset['meta'] }> {
  const [cur] = await db.query<{ id: number; number: number; meta: Dataset['meta'] }>(
    'SELECT id, number, meta FROM dataset_versions WHERE workspace_id = $1 ORDER BY number DESC LIMIT 1',
    [wsId],
  );
  return cur;
}

/** The plan for `r` against the current version; shared by preview and accept so both say the same. */
async function plan(
  db: SqlClient,
  ws: WorkspaceRow,
  r: RoundRow,
  o: AcceptOptions,
  date: string,
): Promise<{ plan: AcceptPlan; dataset: Dataset; cur: { id: number; number: number } }> {
  const cur = await current(db, ws.id);
  const pairs = await readPairs(db, r.id);
  const proposedCount = pairs.filter((p) => p.status === 'proposed').length;
  if (proposedCount && o.proposed === undefined) {
    throw new StoreError(
      `proposed: match round ${r.number} still has ${proposedCount} proposed pair${proposedCount === 1 ? '' : 's'}; ` +
        'say what to do with them: "accept" (accept them all) or "leave" (leave them out)',
      'invalid',
    );
  }
  const dataset = await readVersionDataset(db, cur.id, cur.meta);
  const stale = cur.number !== r.version;
  const base = stale ? await readVersionDataset(db, r.version_id, {}) : null;
  const p = planAccept({
    round: r.number,
    kind: r.kind,
    config: r.config,
    pairs,
    proposed: o.proposed ?? 'leave',
    date,
    roundVersion: r.version,
    currentVersion: cur.number,
    current: dataset,
    base,
  });
  return { plan: p, dataset, cur };
}

function refuseStatus(r: RoundRow): void {
  if (r.status === 'accepted')
    throw new ConflictError(`match round ${r.number} was already accepted (into version ${r.accepted_version}); nothing was written again`);
  if (r.status === 'reverted')
    throw new ConflictError(`match round ${r.number} was reverted (version ${r.reverted_version}); reopen it before accepting it again`);
}

/** What accepting would write and leave out, and why: the same computation the accept runs. Writes nothing. */
export async function previewAccept(store: Store, workspace: string, round: number, o: AcceptOptions = {}): Promise<AcceptPlan> {
  const date = checkDate(o.date ?? nowIso().slice(0, 10));
  const ws = await findWorkspace(store.db, workspace);
  const r = await findRound(store.db, ws.id, workspace, round);
  refuseStatus(r);
  return (await plan(store.db, ws, r, o, date)).plan;
}

/**
 * Accepts a round: the pairs of its plan become dated `mentoring` / `partnership` ties in a NEW version
 * built on the current one. A tie that exists by now is never written again; a stale round is refused
 * unless `rebase`. Proposed pairs accepted by the choice are marked accepted in the round.
 */
export async function acceptRound(store: Store, workspace: string, round: number, o: AcceptOptions = {}): Promise<AcceptResult> {
  const actor = o.actor ?? defaultActor();
  const at = nowIso();
  const date = checkDate(o.date ?? at.slice(0, 10));
  const write = async (tx: SqlClient) => {
    const ws = await lockWorkspace(tx, workspace);
    const r = await findRound(tx, ws.id, workspace, round);
    refuseStatus(r);
    const cur = await current(tx, ws.id);
    if (o.expectVersion !== undefined && o.expectVersion !== cur.number) {
      throw new ConflictError(`the current version is ${cur.number}, not ${o.expectVersion} as previewed: the data changed since the preview; preview again`);
    }
    if (cur.number !== r.version && !o.rebase) {
      throw new ConflictError(
        `match round ${round} was made on version ${r.version}, but the current version is ${cur.number}: ` +
          'its pairs may repeat ties or use capacity accepted since. Preview it to see which pairs still hold, ' +
          'then accept with rebase (CLI: --rebase) to re-check them against the current version, or run a new round',
      );
    }
    const { plan: p, dataset } = await plan(tx, ws, r, o, date);
    const next = { ...dataset, edges: [...dataset.edges, ...planEdges(p)] };
    // Before the first write: the new version is a whole copy, as large as an import (issue 20, defect 10).
    // Refused here, the transaction rolls back and the round stays as it was.
    await ensureFreeSpace(store, estimateWriteBytes(next), { inTransaction: true });
    if (p.proposed === 'accept') {
      const ids = p.write.filter((t) => t.status === 'proposed');
      for (const t of ids) {
        await tx.query(`UPDATE round_pairs SET status = 'accepted', changed_by = $4, changed_at = $5 WHERE round_id = $1 AND left_id = $2 AND right_id = $3`, [
          r.id,
          t.left,
          t.right,
          actor,
          at,
        ]);
      }
    }
    const number = await nextVersionNumber(tx, ws.id);
    const versionId = await insertVersion(tx, ws, number, next, {
      report: { round, written: p.write.length, dropped: p.dropped, basedOn: cur.number, roundVersion: r.version },
      author: actor,
      message: `accepted match round ${round}`,
      origin: { kind: 'round', round },
      createdAt: at,
    });
    await tx.query(`UPDATE match_rounds SET status = 'accepted', accepted_by = $2, accepted_at = $3, accepted_version_id = $4 WHERE id = $1`, [
      r.id,
      actor,
      at,
      versionId,
    ]);
    await audit(
      tx,
      ws.id,
      actor,
      'round.accept',
      {
        round,
        version: number,
        basedOn: cur.number,
        roundVersion: r.version,
        rebased: p.stale,
        date,
        edges: p.write.length,
        proposed: p.proposed,
        proposedAccepted: p.write.filter((t) => t.status === 'proposed').length,
        dropped: p.dropped.map((d) => ({ left: d.left, right: d.right, code: d.code })),
      },
      at,
    );
    return { number, plan: p };
  };
  // A released reserve is made again outside the transaction, not while it holds the workspace lock (space.ts).
  const out = await withReserveRemade(store, () => store.db.transaction(write));
  const { pairs: _pairs, ...info } = await getRound(store, workspace, round);
  return { round: info, version: await getVersion(store, workspace, out.number), written: out.plan.write.length, plan: out.plan };
}

export interface RevertResult {
  round: RoundInfo;
  version: VersionInfo;
  /** Ties of the round removed from the current version. */
  removed: number;
}

/**
 * Reverts an accepted round: a NEW version equal to the current one without the ties the round wrote
 * (edges of its kind carrying `attrs.round`). History stays: the accepted version is still there.
 */
export async function revertRound(store: Store, workspace: string, round: number, o: { actor?: string } = {}): Promise<RevertResult> {
  const actor = o.actor ?? defaultActor();
  const at = nowIso();
  const write = async (tx: SqlClient) => {
    const ws = await lockWorkspace(tx, workspace);
    const r = await findRound(tx, ws.id, workspace, round);
    if (r.status !== 'accepted') throw new ConflictError(`match round ${round} is ${r.status}, not accepted: there are no ties of it to revert`);
    const cur = await current(tx, ws.id);
    const dataset = await readVersionDataset(tx, cur.id, cur.meta);
    const ours = (e: Dataset['edges'][number]) => e.type === r.kind && e.attrs?.round !== undefined && Number(e.attrs.round) === round;
    const kept = dataset.edges.filter((e) => !ours(e));
    const removed = dataset.edges.length - kept.length;
    await ensureFreeSpace(store, estimateWriteBytes({ nodes: dataset.nodes, edges: kept }), { inTransaction: true });
    const number = await nextVersionNumber(tx, ws.id);
    const versionId = await insertVersion(
      tx,
      ws,
      number,
      { ...dataset, edges: kept },
      {
        report: { round, removed },
        author: actor,
        message: `reverted match round ${round}`,
        origin: { kind: 'round', round },
        createdAt: at,
      },
    );
    await tx.query(`UPDATE match_rounds SET status = 'reverted', reverted_by = $2, reverted_at = $3, reverted_version_id = $4 WHERE id = $1`, [
      r.id,
      actor,
      at,
      versionId,
    ]);
    await audit(tx, ws.id, actor, 'round.revert', { round, version: number, basedOn: cur.number, acceptedVersion: r.accepted_version, removed }, at);
    return { number, removed };
  };
  // A released reserve is made again outside the transaction, not while it holds the workspace lock (space.ts).
  const out = await withReserveRemade(store, () => store.db.transaction(write));
  const { pairs: _pairs, ...info } = await getRound(store, workspace, round);
  return { round: info, version: await getVersion(store, workspace, out.number), removed: out.removed };
}

/** Reopens a reverted round so its pairs can be decided again (and accepted again, rebased on the current version). */
export async function reopenRound(store: Store, workspace: string, round: number, o: { actor?: string } = {}): Promise<RoundInfo> {
  const actor = o.actor ?? defaultActor();
  await store.db.transaction(async (tx) => {
    const at = nowIso();
    const ws = await lockWorkspace(tx, workspace);
    const r = await findRound(tx, ws.id, workspace, round);
    if (r.status === 'open') throw new ConflictError(`match round ${round} is already open`);
    if (r.status === 'accepted') throw new ConflictError(`match round ${round} is accepted: revert it first (its ties are in version ${r.accepted_version})`);
    await tx.query(
      `UPDATE match_rounds SET status = 'open', accepted_by = NULL, accepted_at = NULL, accepted_version_id = NULL, reverted_by = NULL, reverted_at = NULL, reverted_version_id = NULL WHERE id = $1`,
      [r.id],
    );
    await audit(tx, ws.id, actor, 'round.reopen', { round, acceptedVersion: r.accepted_version, revertedVersion: r.reverted_version }, at);
  });
  const { pairs: _pairs, ...info } = await getRound(store, workspace, round);
  return info;
}
