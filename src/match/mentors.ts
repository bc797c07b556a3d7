import type { Dataset, HubNode } from '../model/index.ts';
import { MentorConfigSchema, RELAXABLE_RULES, type MentorConfig, type MentorConfigInput } from './config.ts';
import { buildMatchContext, type MatchContext } from './context.ts';
import { configError, issue, MatchInputError, type MatchIssue } from './errors.ts';
import { label, listWords, proximity, proximityValue } from './features.ts';
import { brokenRules, ineligibleReason, relaxedRules, RULES, ruleText, type Ineligible, type Rule } from './mentor-eligibility.ts';

export { brokenRules, RULES, type Ineligible, type Rule } from './mentor-eligibility.ts';
import { solveAssignment } from './solver.ts';
import { TopK } from './topk.ts';

/** A mentor or mentee with the attributes it inherits from its school (teacher level). */
export interface Party {
  id: string;
  node: HubNode;
  school: string | null;
  maturity: number | undefined;
  levels: string[] | undefined;
  languages: string[] | undefined;
  subjects: string[] | undefined;
  region: string | undefined;
  country: string | undefined;
  hub: string | undefined;
  lat: number | undefined;
  lon: number | undefined;
  isolation: number;
  isolationStatus: string | null;
  community: number | undefined;
  pagerank: number;
  /** Lower-cased topics, languages and levels, for fast overlap tests. */
  topicKeys: Set<string>;
  /** The topics as a bit set over a vocabulary shared by the parties of one matching (see topicBitsets). */
  topicBits?: Uint32Array;
  languageKeys: Set<string>;
  levelKeys: Set<string>;
}

const keys = (xs: readonly string[] | undefined): Set<string> => new Set((xs ?? []).map((x) => x.trim().toLowerCase()));

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Gives every party its topics as a bit set over their shared vocabulary: the overlap of a pair is then a few AND + popcounts. */
export function topicBitsets(parties: readonly Party[]): void {
  const vocab = new Map<string, number>();
  for (const p of parties) for (const k of p.topicKeys) if (!vocab.has(k)) vocab.set(k, vocab.size);
  const words = Math.max(1, Math.ceil(vocab.size / 32));
  for (const p of parties) {
    const bits = new Uint32Array(words);
    for (const k of p.topicKeys) {
      const i = vocab.get(k)!;
      bits[i >>> 5] |= 1 << (i & 31);
    }
    p.topicBits = bits;
  }
}

/** Topics of `e` that `m` also has. */
function sharedTopics(e: Party, m: Party): number {
  const a = e.topicBits,
    b = m.topicBits;
  if (!a || !b || a.length !== b.length) return countIn(e.topicKeys, m.topicKeys);
  let n = 0;
  for (let w = 0; w < a.length; w++) n += popcount(a[w] & b[w]);
  return n;
}
function countIn(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

export const CRITERIA = ['subjects', 'maturityGap', 'proximity', 'isolation', 'bridging', 'centrality'] as const;
export type Criterion = (typeof CRITERIA)[number];

export interface CriterionScore {
  criterion: Criterion;
  value: number;
  weight: number;
  points: number;
  text: string;
}

export interface MentorPair {
  mentor: string;
  mentee: string;
  mentorLabel: string;
  menteeLabel: string;
  score: number;
  locked: boolean;
  criteria: CriterionScore[];
  /** The breakdown in plain words, e.g. "shares Mathematics and Physics; maturity 4 → 2; same hub". */
  explanation: string;
}

export interface UnmatchedMentee {
  mentee: string;
  label: string;
  code: 'no-mentors' | 'no-feasible-mentor' | 'mentors-full' | 'no-gain';
  reason: string;
  /** How many mentors each rule ruled out for this mentee, most first. */
  eliminatedBy: { rule: Rule; text: string; mentors: number }[];
  feasibleMentors: number;
  /** The rule that ruled out most mentors, when a lead can relax it for this mentee (`rules.relax`). */
  relax?: MentorConfig['rules']['relax'][number]['rule'];
}

export interface MentorMatchResult {
  level: 'school' | 'teacher';
  mode: 'optimal';
  pairs: MentorPair[];
  unmatched: UnmatchedMentee[];
  /** Schools / teachers of the level that are neither mentors nor mentees under the maturity rules, with the reason. */
  ineligible: Ineligible[];
  mentors: { id: string; label: string; capacity: number; assigned: number }[];
  summary: {
    mentors: number;
    mentees: number;
    matched: number;
    unmatched: number;
    ineligible: number;
    locked: number;
    totalScore: number;
    feasiblePairs: number;
  };
  warnings: string[];
  config: MentorConfig;
}

/** Parse a mentor config, turning zod issues into MatchInputError with JSON paths. */
export function parseMentorConfig(input: unknown, file?: string): MentorConfig {
  const r = MentorConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw configError(r.error, file);
}

/** What a school or teacher works on: its subjects and innovation themes together. */
function topics(n: HubNode): string[] | undefined {
  const all = [...(n.subjects ?? []), ...(n.themes ?? [])];
  return all.length ? [...new Set(all)] : undefined;
}

const ownValue = (o: Readonly<Record<string, number>>, k: string): number | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

function party(node: HubNode, ctx: MatchContext, overrides: Readonly<Record<string, number>> = {}): Party {
  const schoolId = node.type === 'teacher' ? (ctx.schoolOf.get(node.id) ?? null) : node.type === 'school' ? node.id : null;
  const school = schoolId ? ctx.nodeById.get(schoolId) : undefined;
  const own = node.type === 'teacher' ? node : undefined;
  const pick = <K extends keyof HubNode>(k: K): HubNode[K] | undefined => own?.[k] ?? school?.[k] ?? node[k];
  const iso = schoolId ? ctx.isolation.get(schoolId) : undefined;
  const subjects = topics(own ?? school ?? node);
  const languages = pick('languages');
  const levels = pick('levels');
  return {
    topicKeys: keys(subjects),
    languageKeys: keys(languages),
    levelKeys: keys(levels),
    id: node.id,
    node,
    school: schoolId,
    // Own keys only: ids such as `constructor` or `__proto__` must not read Object.prototype.
    maturity:
      ownValue(overrides, node.id) ??
      (schoolId && node.type === 'teacher' && own?.maturity === undefined ? ownValue(overrides, schoolId) : undefined) ??
      pick('maturity'),
    levels,
    languages,
    subjects,
    region: pick('region'),
    country: pick('country'),
    hub: node.hub ?? school?.hub ?? ctx.hubOf.get(schoolId ?? node.id) ?? ctx.hubOf.get(node.id),
    lat: pick('lat'),
    lon: pick('lon'),
    isolation: iso?.score ?? 0,
    isolationStatus: iso?.status ?? null,
    community: ctx.community.get(node.id),
    pagerank: ctx.pagerank.get(node.id) ?? 0,
  };
}

/**
 * The one scoring function: each criterion's value in [0, 1], in CRITERIA order. `pairScore` weighs
 * these for every candidate; `scorePair` adds the words for the chosen pairs. `out` is reused by callers
 * scoring many candidates. Proximity is skipped (0) when its weight is 0: it is the costly one.
 */
export function criterionValues(m: Party, e: Party, c: MentorConfig, maxPagerank: number, out: Float64Array = new Float64Array(CRITERIA.length)): Float64Array {
  out[0] = e.topicKeys.size ? sharedTopics(e, m) / e.topicKeys.size : 0;
  const gap = (m.maturity ?? 0) - (e.maturity ?? 0);
  out[1] = Math.max(0, 1 - Math.abs(gap - c.idealMaturityGap) / 4);
  out[2] = c.weights.proximity ? proximityValue(m, e, c.distanceScaleKm) : 0;
  out[3] = e.isolation;
  out[4] = m.community !== undefined && e.community !== undefined && m.community !== e.community ? 1 : 0;
  out[5] = maxPagerank > 0 ? m.pagerank / maxPagerank : 0;
  return out;
}

const scratch = new Float64Array(CRITERIA.length);
const weightVectors = new WeakMap<MentorConfig['weights'], Float64Array>();
/** The pair's weighted score (numbers only): used for every candidate. */
export function pairScore(m: Party, e: Party, c: MentorConfig, maxPagerank: number): number {
  const v = criterionValues(m, e, c, maxPagerank, scratch);
  let w = weightVectors.get(c.weights);
  if (!w) weightVectors.set(c.weights, (w = Float64Array.from(CRITERIA, (x) => c.weights[x])));
  let s = 0;
  for (let i = 0; i < CRITERIA.length; i++) s += w[i] * v[i];
  return s;
}

/** Per-criterion scores and the plain-words breakdown of one pair: the same values as `pairScore`, with words. */
export function scorePair(m: Party, e: Party, c: MentorConfig, maxPagerank: number): { score: number; criteria: CriterionScore[]; explanation: string } {
  const w = c.weights;
  const v = criterionValues(m, e, c, maxPagerank);
  const sh = (e.subjects ?? []).filter((x) => m.topicKeys.has(x.trim().toLowerCase()));
  const prox = proximity(m as unknown as HubNode, e as unknown as HubNode, c.distanceScaleKm);
  const text: Record<Criterion, string> = {
    subjects: sh.length ? `shares ${listWords(sh)}` : e.subjects?.length ? 'no shared subjects' : 'mentee lists no subjects',
    maturityGap: `maturity ${m.maturity} → ${e.maturity}`,
    proximity: m.hub && m.hub === e.hub ? `same hub; ${prox.text}` : prox.text,
    isolation:
      e.isolationStatus === 'isolated'
        ? 'brings an isolated school into the network'
        : e.isolationStatus === 'peripheral'
          ? 'reaches a peripheral school'
          : 'mentee’s school is already connected',
    bridging: v[4] ? 'bridges two network communities' : 'same network community',
    centrality: `mentor centrality ${Math.round(v[5] * 100)}% of the best-placed mentor`,
  };
  const criteria: CriterionScore[] = CRITERIA.map((criterion, i) => ({
    criterion,
    value: v[i],
    weight: w[criterion],
    points: w[criterion] * v[i],
    text: text[criterion],
  }));
  const score = criteria.reduce((s, x) => s + x.points, 0);
  // The words a lead reads: what holds the pair together, skipping criteria switched off or silent.
  const words = criteria
    .filter((x) => x.weight > 0 && (x.value > 0 || x.criterion === 'maturityGap' || x.criterion === 'subjects'))
    .filter((x) => x.criterion !== 'centrality' || x.value >= 0.5)
    .map((x) => x.text);
  return { score, criteria, explanation: words.join('; ') };
}

export interface MatchMentorsOptions {
  /** Precomputed network context (isolation, communities, PageRank) for this dataset. */
  context?: MatchContext;
}

/** Mentors and mentees by the config's maturity thresholds, at the config's level. */
export function mentorPools(
  dataset: Pick<Dataset, 'nodes'>,
  c: MentorConfig,
  ctx: MatchContext,
): { mentors: Party[]; mentees: Party[]; ineligible: Ineligible[] } {
  const unit = c.level;
  const relaxed = relaxedRules(c);
  const all = dataset.nodes.filter((n) => n.type === unit).map((n) => party(n, ctx, c.maturityOverrides));
  const isMentor = (p: Party) => p.maturity !== undefined && p.maturity >= c.mentorMinMaturity;
  const isMentee = (p: Party) => (p.maturity !== undefined && p.maturity <= c.menteeMaxMaturity) || (relaxed.get(p.id)?.has('mentee-maturity') ?? false);
  const mentors = all.filter(isMentor);
  const mentees = all.filter(isMentee);
  const ineligible: Ineligible[] = [];
  for (const p of all) {
    const why = ineligibleReason(p, c, isMentor(p), isMentee(p));
    if (why) ineligible.push({ id: p.id, label: displayName(p, ctx), ...why, relax: 'mentee-maturity' });
  }
  return { mentors, mentees, ineligible };
}

/** Label, with the school in brackets for teachers (two "Rein Kask"s are told apart). */
export function displayName(p: Party, ctx: MatchContext): string {
  if (p.node.type !== 'teacher' || !p.school) return label(p.node);
  const school = ctx.nodeById.get(p.school);
  return `${label(p.node)} (${school ? label(school) : p.school})`;
}

/**
 * Optimal mentor matching for a whole cohort: hard rules filter the pairs, weighted criteria score
 * them, the exact solver picks the pairing (by default as many mentees as possible, then the
 * highest total score) within each mentor's capacity. Every pair is explained and every unmatched
 * mentee gets its reason.
 */
export function matchMentors(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  configInput: MentorConfigInput | MentorConfig = {},
  options: MatchMentorsOptions = {},
): MentorMatchResult {
  const c = parseMentorConfig(configInput);
  const ctx = options.context ?? buildMatchContext(dataset);
  const { mentors, mentees, ineligible } = mentorPools(dataset, c, ctx);
  const relaxed = relaxedRules(c);
  const warnings: string[] = [];

  // Config ids must exist: a typo in a locked pair must not silently drop it.
  const issues: MatchIssue[] = [];
  const checkId = (id: string, path: string) => {
    if (!ctx.nodeById.has(id)) issues.push(issue({ path, value: id, expected: 'the id of a node in the dataset' }));
  };
  c.rules.lockedPairs.forEach(([a, b], i) => {
    checkId(a, `rules.lockedPairs[${i}][0]`);
    checkId(b, `rules.lockedPairs[${i}][1]`);
  });
  c.rules.excludePairs.forEach(([a, b], i) => {
    checkId(a, `rules.excludePairs[${i}][0]`);
    checkId(b, `rules.excludePairs[${i}][1]`);
  });
  c.rules.excludeMentors.forEach((a, i) => checkId(a, `rules.excludeMentors[${i}]`));
  c.rules.relax.forEach((r, i) => r.ids.forEach((a, j) => checkId(a, `rules.relax[${i}].ids[${j}]`)));
  if (issues.length) throw new MatchInputError(issues);

  const excludedPairs = new Set(c.rules.excludePairs.map((p) => JSON.stringify(p)));
  const excludedMentors = new Set(c.rules.excludeMentors);
  const capacity = new Map<string, number>();
  for (const m of mentors) capacity.set(m.id, m.node.capacity ?? c.defaultCapacity);
  const maxPagerank = mentors.reduce((x, m) => Math.max(x, m.pagerank), 0);

  // Locked pairs are kept whatever the rules say; they use up mentor capacity.
  const pairs: MentorPair[] = [];
  const lockedMentees = new Set<string>();
  const partyById = new Map<string, Party>();
  for (const p of [...mentors, ...mentees]) partyById.set(p.id, p);
  for (const [mid, eid] of c.rules.lockedPairs) {
    const m = partyById.get(mid) ?? party(ctx.nodeById.get(mid)!, ctx, c.maturityOverrides);
    const e = partyById.get(eid) ?? party(ctx.nodeById.get(eid)!, ctx, c.maturityOverrides);
    const s = scorePair(m, e, c, maxPagerank);
    pairs.push({
      mentor: mid,
      mentee: eid,
      mentorLabel: displayName(m, ctx),
      menteeLabel: displayName(e, ctx),
      score: s.score,
      locked: true,
      criteria: s.criteria,
      explanation: `locked pair; ${s.explanation}`,
    });
    lockedMentees.add(eid);
    const left = (capacity.get(mid) ?? m.node.capacity ?? c.defaultCapacity) - 1;
    if (left < 0) warnings.push(`locked pairs give mentor ${mid} more mentees than its capacity`);
    capacity.set(mid, Math.max(0, left));
  }

  // Candidate pairs: feasible and scored (numbers only; words are built for the chosen pairs).
  // Each mentee keeps its best `maxCandidates` in a fixed-size heap on typed arrays (ties to the
  // smaller mentor id: mentors are ranked by id), so memory is O(mentees × maxCandidates), not
  // one object per feasible pair. Rule eliminations are counted later, for the unmatched only.
  const open = mentees.filter((e) => !lockedMentees.has(e.id));
  topicBitsets([...mentors, ...open]);
  const byId = mentors.map((m, i) => ({ m, i })).sort((a, b) => (a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : a.i - b.i));
  const ranked = byId.map((x) => x.m);
  const capacityPerMentee = Math.min(c.maxCandidates, ranked.length);
  const candMentorIdx = new Int32Array(open.length * capacityPerMentee);
  const candMenteeIdx = new Int32Array(open.length * capacityPerMentee);
  const candScore = new Float64Array(open.length * capacityPerMentee);
  let cands = 0;
  const heap = new TopK(capacityPerMentee);
  open.forEach((e, ei) => {
    heap.clear();
    const relaxedHere = relaxed.get(e.id);
    for (let k = 0; k < ranked.length; k++) {
      const m = ranked[k];
      if (m.id === e.id) continue;
      // The rules are checked only for a mentor that would enter the heap: the kept set is the
      // best feasible ones either way, with a fraction of the rule checks (scores are cheaper).
      const score = pairScore(m, e, c, maxPagerank);
      if (!heap.accepts(score, k) || brokenRules(m, e, c, ctx, excludedPairs, excludedMentors, relaxedHere).length) continue;
      heap.offer(score, k);
    }
    for (const [k, score] of heap.entries()) {
      candMentorIdx[cands] = k;
      candMenteeIdx[cands] = ei;
      candScore[cands++] = score;
    }
  });
  /** For an unmatched mentee: how many mentors each rule ruled out, and the feasible mentors. */
  const eliminations = (e: Party): { counts: Map<Rule, number>; feasible: Party[] } => {
    const counts = new Map<Rule, number>();
    const feasible: Party[] = [];
    for (const m of mentors) {
      if (m.id === e.id) continue;
      const broken = brokenRules(m, e, c, ctx, excludedPairs, excludedMentors, relaxed.get(e.id));
      if (!broken.length) feasible.push(m);
      for (const r of broken) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    return { counts, feasible };
  };

  const withCandidates = new Set<Party>();
  for (let i = 0; i < cands; i++) withCandidates.add(ranked[candMentorIdx[i]]);
  const pairsIn = new Array<{ left: string; right: string; score: number }>(cands);
  for (let i = 0; i < cands; i++) pairsIn[i] = { left: ranked[candMentorIdx[i]].id, right: open[candMenteeIdx[i]].id, score: candScore[i] };
  const solved = solveAssignment({
    pairs: pairsIn,
    leftCapacities: new Map([...withCandidates].map((m) => [m.id, capacity.get(m.id) ?? 0])),
    rightCapacities: new Map(),
    maxCardinality: c.maxCardinality,
  });
  for (const p of solved.pairs) {
    const m = partyById.get(p.left)!,
      e = partyById.get(p.right)!;
    const x = scorePair(m, e, c, maxPagerank);
    pairs.push({
      mentor: p.left,
      mentee: p.right,
      mentorLabel: displayName(m, ctx),
      menteeLabel: displayName(e, ctx),
      score: p.score,
      locked: false,
      criteria: x.criteria,
      explanation: x.explanation,
    });
  }

  const assigned = new Map<string, number>();
  for (const p of pairs) assigned.set(p.mentor, (assigned.get(p.mentor) ?? 0) + 1);
  const matched = new Set(pairs.map((p) => p.mentee));
  const unmatched: UnmatchedMentee[] = [];
  for (const e of open) {
    if (matched.has(e.id)) continue;
    const found = eliminations(e);
    const counts = [...found.counts].sort((a, b) => b[1] - a[1] || RULES.indexOf(a[0]) - RULES.indexOf(b[0]));
    const eliminatedBy = counts.map(([rule, n]) => ({ rule, text: ruleText(c, rule), mentors: n }));
    const feas = found.feasible;
    let code: UnmatchedMentee['code'];
    let reason: string;
    if (mentors.length === 0) {
      code = 'no-mentors';
      reason = `no ${c.level}s with maturity ≥ ${c.mentorMinMaturity} to act as mentors`;
    } else if (feas.length === 0) {
      code = 'no-feasible-mentor';
      const top = eliminatedBy.filter((x) => x.mentors === eliminatedBy[0].mentors);
      reason =
        `no mentor passes the rules: ${top.map((x) => `"${x.text}"`).join(' and ')} ruled out ${top[0].mentors} of ${mentors.length} mentors` +
        (eliminatedBy.length > top.length
          ? `; also ${eliminatedBy
              .slice(top.length, top.length + 2)
              .map((x) => `"${x.text}" (${x.mentors})`)
              .join(', ')}`
          : '');
    } else if (feas.every((m) => (assigned.get(m.id) ?? 0) >= (m.node.capacity ?? c.defaultCapacity) || (capacity.get(m.id) ?? 0) === 0)) {
      code = 'mentors-full';
      reason = `all ${feas.length} feasible mentor${feas.length === 1 ? ' is' : 's are'} full (${listWords(feas.slice(0, 3).map((m) => label(m.node)))}${feas.length > 3 ? ', …' : ''})`;
    } else {
      code = 'no-gain';
      reason = 'feasible mentors have room, but no pairing adds to the score (all criteria are 0); enable maxCardinality to match anyway';
    }
    const top = eliminatedBy[0]?.rule;
    const relax = code === 'no-feasible-mentor' && top && (RELAXABLE_RULES as readonly string[]).includes(top) ? (top as UnmatchedMentee['relax']) : undefined;
    unmatched.push({ mentee: e.id, label: displayName(e, ctx), code, reason, eliminatedBy, feasibleMentors: feas.length, ...(relax ? { relax } : {}) });
  }

  pairs.sort((a, b) => (a.mentor < b.mentor ? -1 : a.mentor > b.mentor ? 1 : a.mentee < b.mentee ? -1 : a.mentee > b.mentee ? 1 : 0));
  return {
    level: c.level,
    mode: 'optimal',
    pairs,
    unmatched,
    ineligible,
    mentors: mentors.map((m) => ({ id: m.id, label: label(m.node), capacity: m.node.capacity ?? c.defaultCapacity, assigned: assigned.get(m.id) ?? 0 })),
    summary: {
      mentors: mentors.length,
      mentees: mentees.length,
      matched: matched.size,
      unmatched: unmatched.length,
      ineligible: ineligible.length,
      locked: c.rules.lockedPairs.length,
      totalScore: pairs.reduce((s, p) => s + p.score, 0),
      feasiblePairs: cands,
    },
    warnings,
    config: c,
  };
}
