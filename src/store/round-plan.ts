/**
 * What accepting a round would write, computed the same way for the preview and for the accept itself
 * (so the preview is exactly what is then written). Pure: datasets and pairs in, a plan out.
 */
import type { Dataset, HubEdge } from '../model/index.ts';
import { partyNames } from '../match/names.ts';

export {
  PROPOSED_CHOICES,
  ProposedChoiceSchema,
  type ProposedChoice,
  DROP_CODES,
  PlannedTieSchema,
  DroppedPairSchema,
  AcceptPlanSchema,
  type PlannedTie,
  type DroppedPair,
  type AcceptPlan,
} from '../model/rounds.ts';
import type { AcceptPlan, DroppedPair, PlannedTie, ProposedChoice } from '../model/rounds.ts';

export interface PlanPair {
  left: string;
  right: string;
  score: number;
  status: 'proposed' | 'accepted' | 'rejected' | 'locked';
}

export interface PlanInput {
  round: number;
  kind: 'mentoring' | 'partnership';
  /** The round's matching config: capacities default from it. */
  config: unknown;
  pairs: readonly PlanPair[];
  proposed: ProposedChoice;
  date: string;
  roundVersion: number;
  currentVersion: number;
  current: Pick<Dataset, 'nodes' | 'edges'>;
  /** The version the round was computed on; needed only when stale (to see ties accepted since). */
  base: Pick<Dataset, 'edges'> | null;
}

const key = (a: string, b: string) => JSON.stringify(a < b ? [a, b] : [b, a]);
const edgeKey = (e: Pick<HubEdge, 'source' | 'target' | 'type' | 'start'>) => JSON.stringify([e.source, e.target, e.type, e.start ?? null]);
const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** A tie counts as present on `date` unless it ended before it. */
const activeOn = (e: Pick<HubEdge, 'end'>, date: string) => !e.end || e.end >= date;

export function planAccept(input: PlanInput): AcceptPlan {
  const { kind, date, current } = input;
  const name = partyNames(current);
  const known = new Set(current.nodes.map((n) => n.id));
  const cfg = (input.config && typeof input.config === 'object' ? input.config : {}) as Record<string, unknown>;
  // Capacities as the matcher used them: the node's capacity, else the config's default; a mentee takes one mentor.
  const leftDefault = num(cfg.defaultCapacity, kind === 'mentoring' ? 1 : 2);
  const rightCap = kind === 'mentoring' ? 1 : num(cfg.partnerCapacity, 1);
  const capacity = new Map(current.nodes.map((n) => [n.id, n.capacity]));

  const active = new Map<string, HubEdge>();
  for (const e of current.edges) if (e.type === kind && activeOn(e, date)) active.set(key(e.source, e.target), e);
  // Ties written since the round was computed (by other accepted rounds): they use capacity the round counted on.
  const usedLeft = new Map<string, HubEdge[]>();
  const usedRight = new Map<string, HubEdge[]>();
  const stale = input.roundVersion !== input.currentVersion;
  if (stale && input.base) {
    const before = new Set(input.base.edges.map(edgeKey));
    for (const e of current.edges) {
      if (e.type !== kind || before.has(edgeKey(e)) || !activeOn(e, date)) continue;
      (usedLeft.get(e.source) ?? usedLeft.set(e.source, []).get(e.source)!).push(e);
      (usedRight.get(e.target) ?? usedRight.set(e.target, []).get(e.target)!).push(e);
    }
  }
  const from = (e: HubEdge) => (e.attrs?.round !== undefined ? `round ${String(e.attrs.round)}` : 'an import') + (e.start ? ` (${e.start})` : '');
  const tieWord = kind === 'mentoring' ? 'a mentoring tie' : 'a partnership tie';

  const write: PlannedTie[] = [];
  const dropped: DroppedPair[] = [];
  let rejected = 0;
  const takenLeft = new Map<string, number>();
  const takenRight = new Map<string, number>();
  // Capacity goes to the strongest decisions first: locked, then accepted, then proposed; higher score first.
  const rank = { locked: 0, accepted: 1, proposed: 2, rejected: 3 } as const;
  const order = input.pairs.map((p, i) => ({ p, i })).sort((a, b) => rank[a.p.status] - rank[b.p.status] || b.p.score - a.p.score || a.i - b.i);
  const decided = new Map<number, PlannedTie | DroppedPair>();
  for (const { p, i } of order) {
    if (p.status === 'rejected') {
      rejected++;
      continue;
    }
    const tie: PlannedTie = {
      left: p.left,
      right: p.right,
      leftName: name(p.left).display,
      rightName: name(p.right).display,
      status: p.status,
      score: p.score,
    };
    const drop = (code: DroppedPair['code'], reason: string) => decided.set(i, { ...tie, code, reason });
    if (p.status === 'proposed' && input.proposed === 'leave') {
      drop('left-proposed', 'still proposed: left out of this acceptance');
      continue;
    }
    const gone = [p.left, p.right].filter((id) => !known.has(id));
    if (gone.length) {
      drop('node-gone', `${gone.map((id) => name(id).display).join(' and ')} ${gone.length > 1 ? 'are' : 'is'} no longer in version ${input.currentVersion}`);
      continue;
    }
    const existing = active.get(key(p.left, p.right));
    if (existing) {
      drop('already-tied', `already tied by ${tieWord} from ${from(existing)}`);
      continue;
    }
    const lUsed = usedLeft.get(p.left) ?? [];
    const lCap = capacity.get(p.left) ?? leftDefault;
    if (lUsed.length && (takenLeft.get(p.left) ?? 0) + lUsed.length >= lCap) {
      drop(
        'left-full',
        `${name(p.left).display} has capacity ${lCap}, already used by ${lUsed.length} tie${lUsed.length > 1 ? 's' : ''} from ${lUsed.map(from).join(', ')}`,
      );
      continue;
    }
    const rUsed = usedRight.get(p.right) ?? [];
    if (rUsed.length && (takenRight.get(p.right) ?? 0) + rUsed.length >= rightCap) {
      drop(
        'right-taken',
        kind === 'mentoring'
          ? `${name(p.right).display} already has a mentor: ${name(rUsed[0].source).display} from ${from(rUsed[0])}`
          : `${name(p.right).display} already has ${rUsed.length} partner${rUsed.length > 1 ? 's' : ''} from ${rUsed.map(from).join(', ')}`,
      );
      continue;
    }
    takenLeft.set(p.left, (takenLeft.get(p.left) ?? 0) + 1);
    takenRight.set(p.right, (takenRight.get(p.right) ?? 0) + 1);
    active.set(key(p.left, p.right), { source: p.left, target: p.right, type: kind, weight: 1, start: date, attrs: { round: input.round } });
    decided.set(i, tie);
  }
  // Listed in the round's own order.
  for (const i of [...decided.keys()].sort((a, b) => a - b)) {
    const d = decided.get(i)!;
    if ('code' in d) dropped.push(d);
    else write.push(d);
  }
  const by = (s: PlannedTie['status']) => write.filter((t) => t.status === s).length;
  const parts = [
    by('accepted') && `${by('accepted')} accepted`,
    by('locked') && `${by('locked')} locked`,
    by('proposed') && `${by('proposed')} proposed, accepted now`,
  ].filter(Boolean);
  const summary =
    `${write.length} ${kind} tie${write.length === 1 ? '' : 's'} to write dated ${date}` +
    (parts.length ? ` (${parts.join(', ')})` : '') +
    (dropped.length ? `; ${dropped.length} pair${dropped.length === 1 ? '' : 's'} left out` : '') +
    (rejected ? `; ${rejected} rejected` : '') +
    (stale ? `; the round was made on version ${input.roundVersion}, re-checked against version ${input.currentVersion}` : '');
  return {
    round: input.round,
    kind,
    roundVersion: input.roundVersion,
    currentVersion: input.currentVersion,
    stale,
    date,
    proposed: input.proposed,
    write,
    dropped,
    rejected,
    summary,
  };
}

/** The edges a plan writes. */
export function planEdges(plan: AcceptPlan): HubEdge[] {
  return plan.write.map((t) => ({ source: t.left, target: t.right, type: plan.kind, weight: 1, start: plan.date, attrs: { round: plan.round } }));
}
