import type { Dataset } from '../model/index.ts';
import type { MentorConfig, MentorConfigInput } from './config.ts';
import { buildMatchContext, type MatchContext } from './context.ts';
import { issue, MatchInputError, type MatchIssue } from './errors.ts';
import { label } from './features.ts';
import { Preferences } from './input.ts';
import { brokenRules, matchMentors, mentorPools, pairScore, parseMentorConfig, scorePair, type MentorPair, type Party } from './mentors.ts';
import { relaxedRules } from './mentor-eligibility.ts';

export interface StableInput {
  /** Proposers' ranked lists (best first); partial lists allowed. */
  proposers: ReadonlyMap<string, readonly string[]>;
  /** Receivers' ranked lists. A pair is acceptable only when each lists the other. */
  receivers: ReadonlyMap<string, readonly string[]>;
  /** Receivers' capacities (default 1). */
  capacities?: ReadonlyMap<string, number>;
}

export interface StablePair {
  proposer: string;
  receiver: string;
  proposerRank: number;
  receiverRank: number;
}
export interface BlockingPair {
  proposer: string;
  receiver: string;
}

export interface StableResult {
  pairs: StablePair[];
  unmatched: string[];
  blockingPairs: BlockingPair[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Proposer-optimal stable matching with receiver capacities (hospitals/residents, deferred
 * acceptance). Proposers propose in id order, each down its list; a full receiver keeps its
 * best-ranked proposers. The result is checked: `blockingPairs` lists every pair that would rather
 * be together (always empty unless the algorithm is wrong).
 */
export function stableMatch(input: StableInput): StableResult {
  const rankOf = new Map<string, Map<string, number>>();
  for (const [r, list] of input.receivers) rankOf.set(r, new Map(list.map((p, i) => [p, i])));
  const acceptable = (p: string, r: string) => rankOf.get(r)?.has(p) ?? false;
  const cap = (r: string) => input.capacities?.get(r) ?? 1;
  const held = new Map<string, string[]>(); // receiver → proposers held, best first
  const next = new Map<string, number>();
  const matchOf = new Map<string, string>();
  const queue = [...input.proposers.keys()].sort(cmp);
  while (queue.length) {
    const p = queue.shift()!;
    const list = input.proposers.get(p)!;
    let i = next.get(p) ?? 0;
    while (i < list.length) {
      const r = list[i++];
      if (!acceptable(p, r) || cap(r) === 0) continue;
      const ranks = rankOf.get(r)!;
      const h = held.get(r) ?? [];
      held.set(r, h);
      if (h.length < cap(r)) {
        h.push(p);
        h.sort((a, b) => ranks.get(a)! - ranks.get(b)!);
        matchOf.set(p, r);
        break;
      }
      const worst = h[h.length - 1];
      if (ranks.get(p)! < ranks.get(worst)!) {
        h[h.length - 1] = p;
        h.sort((a, b) => ranks.get(a)! - ranks.get(b)!);
        matchOf.set(p, r);
        matchOf.delete(worst);
        queue.push(worst);
        break;
      }
    }
    next.set(p, i);
  }
  const pairs: StablePair[] = [];
  for (const [p, r] of matchOf)
    pairs.push({ proposer: p, receiver: r, proposerRank: input.proposers.get(p)!.indexOf(r) + 1, receiverRank: rankOf.get(r)!.get(p)! + 1 });
  pairs.sort((a, b) => cmp(a.proposer, b.proposer));
  const unmatched = [...input.proposers.keys()].filter((p) => !matchOf.has(p)).sort(cmp);
  return { pairs, unmatched, blockingPairs: findBlockingPairs(input, pairs) };
}

/** Pairs (p, r), mutually acceptable, where p prefers r to its match and r has room or prefers p to someone it holds. */
export function findBlockingPairs(input: StableInput, pairs: readonly { proposer: string; receiver: string }[]): BlockingPair[] {
  const matchOf = new Map(pairs.map((x) => [x.proposer, x.receiver]));
  const heldBy = new Map<string, string[]>();
  for (const x of pairs) {
    const h = heldBy.get(x.receiver) ?? [];
    h.push(x.proposer);
    heldBy.set(x.receiver, h);
  }
  const out: BlockingPair[] = [];
  for (const [p, list] of input.proposers) {
    const current = matchOf.get(p);
    for (const r of list) {
      if (r === current) break;
      const ranks = input.receivers.get(r);
      const rp = ranks?.indexOf(p) ?? -1;
      if (rp < 0) continue;
      const h = heldBy.get(r) ?? [];
      const cap = input.capacities?.get(r) ?? 1;
      if (cap === 0) continue;
      const worst = h.reduce((w, q) => Math.max(w, ranks!.indexOf(q)), -1);
      if (h.length < cap || rp < worst) out.push({ proposer: p, receiver: r });
    }
  }
  return out;
}

export const STABLE_NOTE =
  'Stable means no mentee and mentor would both rather be paired with each other than with what they got; ' +
  'it is not the same as the maximum total score (see optimalTotalScore), which the optimal mode finds.';

export interface StableMentorResult {
  level: 'school' | 'teacher';
  mode: 'stable';
  pairs: MentorPair[];
  unmatched: { mentee: string; label: string; reason: string }[];
  stability: { stable: boolean; blockingPairs: BlockingPair[]; note: string };
  summary: {
    mentors: number;
    mentees: number;
    matched: number;
    unmatched: number;
    totalScore: number;
    optimalTotalScore: number;
    droppedByRules: number;
    derivedLists: number;
  };
  warnings: string[];
}

/**
 * Mentee-proposing stable matching from ranked preferences (`from` id → ranked `to` ids). A
 * mentee or mentor without a list ranks its feasible partners by the computed score; ranked pairs
 * that break a hard rule are dropped (and counted).
 */
export function matchMentorsStable(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  configInput: MentorConfigInput | MentorConfig,
  preferences: ReadonlyMap<string, readonly string[]>,
  options: { context?: MatchContext; file?: string } = {},
): StableMentorResult {
  const c = parseMentorConfig(configInput);
  const ctx = options.context ?? buildMatchContext(dataset);
  const { mentors, mentees } = mentorPools(dataset, c, ctx);
  const mentorById = new Map(mentors.map((m) => [m.id, m]));
  const menteeById = new Map(mentees.map((m) => [m.id, m]));
  const issues: MatchIssue[] = [];
  const file = options.file ?? (preferences instanceof Preferences ? preferences.file : undefined);
  const lineOf = (from: string, to?: string) => (preferences instanceof Preferences ? preferences.lineOf(from, to) : undefined);
  for (const [from, list] of preferences) {
    const fromMentee = menteeById.has(from),
      fromMentor = mentorById.has(from);
    if (!fromMentee && !fromMentor) {
      issues.push(
        issue({
          file,
          line: lineOf(from),
          field: 'from',
          value: from,
          expected: `a mentee (maturity ≤ ${c.menteeMaxMaturity}) or mentor (maturity ≥ ${c.mentorMinMaturity}) ${c.level}`,
        }),
      );
      continue;
    }
    for (const to of list) {
      const ok = fromMentee ? mentorById.has(to) : menteeById.has(to);
      if (!ok)
        issues.push(
          issue({ file, line: lineOf(from, to), field: 'to', value: to, expected: `a ${fromMentee ? 'mentor' : 'mentee'} ${c.level} (ranked by ${from})` }),
        );
    }
  }
  // A relaxed rule must name real nodes, as in the optimal mode: a typo must not silently relax nothing.
  c.rules.relax.forEach((r, i) =>
    r.ids.forEach((id, j) => {
      if (!ctx.nodeById.has(id)) issues.push(issue({ path: `rules.relax[${i}].ids[${j}]`, value: id, expected: 'the id of a node in the dataset' }));
    }),
  );
  if (issues.length) throw new MatchInputError(issues);

  // Rules relaxed for named mentees (rules.relax) are waived for those mentees only, as in the optimal mode;
  // mentee-maturity is already honoured by mentorPools.
  const relaxed = relaxedRules(c);
  const excludedPairs = new Set(c.rules.excludePairs.map((p) => JSON.stringify(p)));
  const excludedMentors = new Set(c.rules.excludeMentors);
  const maxPagerank = mentors.reduce((x, m) => Math.max(x, m.pagerank), 0);
  const feasibleCache = new Map<string, boolean>();
  const feasible = (m: Party, e: Party): boolean => {
    const k = JSON.stringify([m.id, e.id]);
    let f = feasibleCache.get(k);
    if (f === undefined) feasibleCache.set(k, (f = brokenRules(m, e, c, ctx, excludedPairs, excludedMentors, relaxed.get(e.id)).length === 0 && m.id !== e.id));
    return f;
  };
  const scoreOf = (m: Party, e: Party) => scorePair(m, e, c, maxPagerank);
  let dropped = 0,
    derived = 0;
  const proposers = new Map<string, string[]>();
  for (const e of mentees) {
    const given = preferences.get(e.id);
    if (given) {
      const kept = given.filter((id) => feasible(mentorById.get(id)!, e));
      dropped += given.length - kept.length;
      proposers.set(e.id, kept);
    } else {
      derived++;
      proposers.set(
        e.id,
        mentors
          .filter((m) => feasible(m, e))
          .map((m) => ({ m, s: pairScore(m, e, c, maxPagerank) }))
          .sort((a, b) => b.s - a.s || cmp(a.m.id, b.m.id))
          .map((x) => x.m.id),
      );
    }
  }
  const receivers = new Map<string, string[]>();
  for (const m of mentors) {
    const given = preferences.get(m.id);
    if (given) {
      const kept = given.filter((id) => feasible(m, menteeById.get(id)!));
      dropped += given.length - kept.length;
      receivers.set(m.id, kept);
    } else {
      derived++;
      receivers.set(
        m.id,
        mentees
          .filter((e) => feasible(m, e))
          .map((e) => ({ e, s: pairScore(m, e, c, maxPagerank) }))
          .sort((a, b) => b.s - a.s || cmp(a.e.id, b.e.id))
          .map((x) => x.e.id),
      );
    }
  }
  const capacities = new Map(mentors.map((m) => [m.id, m.node.capacity ?? c.defaultCapacity]));
  const r = stableMatch({ proposers, receivers, capacities });
  const pairs: MentorPair[] = r.pairs.map((p) => {
    const m = mentorById.get(p.receiver)!,
      e = menteeById.get(p.proposer)!;
    const s = scoreOf(m, e);
    return {
      mentor: m.id,
      mentee: e.id,
      mentorLabel: label(m.node),
      menteeLabel: label(e.node),
      score: s.score,
      locked: false,
      criteria: s.criteria,
      explanation: `mentee's choice ${p.proposerRank}, mentor's choice ${p.receiverRank}; ${s.explanation}`,
    };
  });
  const unmatched = r.unmatched.map((id) => {
    const e = menteeById.get(id)!;
    const list = proposers.get(id)!;
    const reason =
      list.length === 0
        ? 'no acceptable mentor: the list is empty after the hard rules'
        : `every mentor on the list (${list.length}) is full with mentees it ranks higher, or does not rank this mentee`;
    return { mentee: id, label: label(e.node), reason };
  });
  const optimal = matchMentors(dataset, { ...c, maxCardinality: false, rules: { ...c.rules, lockedPairs: [] } }, { context: ctx });
  const warnings: string[] = [];
  if (c.rules.lockedPairs.length) warnings.push('locked pairs are not used in stable mode');
  return {
    level: c.level,
    mode: 'stable',
    pairs,
    unmatched,
    stability: { stable: r.blockingPairs.length === 0, blockingPairs: r.blockingPairs, note: STABLE_NOTE },
    summary: {
      mentors: mentors.length,
      mentees: mentees.length,
      matched: pairs.length,
      unmatched: unmatched.length,
      totalScore: pairs.reduce((s, p) => s + p.score, 0),
      optimalTotalScore: optimal.summary.totalScore,
      droppedByRules: dropped,
      derivedLists: derived,
    },
    warnings,
  };
}
