import type { Dataset, HubNode, NodeType } from '../model/index.ts';
import type { ScoringInfo } from '../model/partner-evaluation.ts';
import { PARTNER_SIGNAL_WORDS } from '../model/vocabulary.ts';
import { type LinkScore, type PartnerConfig, type PartnerConfigInput, PartnerConfigSchema } from './config.ts';
import { configError } from './errors.ts';
import { excludedPairKeys } from './excluded-pairs.ts';
import { label, listWords, proximity, sameRule, shared } from './features.ts';
import { flatLogOdds, flatTreeBatch, predictLogOdds, probability, type TrainedPartnerModel, topSignals, trainPartnerModel } from './learn.ts';
import {
  addRow,
  clearWalks,
  commonContacts,
  complementarityOf,
  fillSignals,
  learnAffinity,
  partnerReach,
  ReachScratch,
  SIGNAL_INDEX,
  SIGNALS,
  type SignalContext,
  type SignalName,
  SignalTable,
  scorePairs,
  signalContext,
  walkReach,
  walks3To,
  walks3ToMany,
  walksFrom,
} from './signals.ts';
import { solveAssignment } from './solver.ts';
import { latestDay, organisationTies, sharedProjects, type TieGraph, type TieTable, tieGraph, tiePosition } from './ties.ts';
import { TopK } from './topk.ts';
import { LogSumExp, propensityLogOdds, propensityWords, twoPartLogOdds } from './two-part.ts';

/** Every score a candidate carries: the signals, the hand-weighted sum and the combined score in use. */
export const PARTNER_SCORES = [...SIGNALS, 'weighted', 'combined'] as const;
export type PartnerScoreName = (typeof PARTNER_SCORES)[number];

const TYPE_WORDS: Partial<Record<NodeType, string>> = { vet: 'VET provider', university: 'university', school: 'school', research: 'research organisation' };

export function parsePartnerConfig(input: unknown, file?: string): PartnerConfig {
  const r = PartnerConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw configError(r.error, file);
}

/** How the combined score was obtained: the learned model, or the hand-set weights (and why). */
/** How the combined score was made (its schema: ScoringInfoSchema in src/model/partner-evaluation.ts). */
export type { ScoringInfo } from '../model/partner-evaluation.ts';

/**
 * Everything needed to score pairs at one moment: the organisation ties, the graph before
 * `untilDay`, the company / partner masks, the signal context and the scorer.
 */
export interface PartnerSetup {
  config: PartnerConfig;
  nodes: readonly HubNode[];
  ties: TieTable;
  g: TieGraph;
  isCompany: Uint8Array;
  isPartner: Uint8Array;
  ctx: SignalContext;
  trained: TrainedPartnerModel | null;
  scoring: ScoringInfo;
  excluded: Set<number>;
}

/** Scores on the ties before `untilDay` (default: all ties, as of the day after the latest). */
export function partnerSetup(dataset: Pick<Dataset, 'nodes' | 'edges'>, c: PartnerConfig, untilDay?: number): PartnerSetup {
  const nodes = dataset.nodes;
  const ties = organisationTies(dataset);
  const until = untilDay ?? (Number.isNaN(latestDay(ties)) ? Infinity : latestDay(ties) + 1);
  const g = tieGraph(ties, nodes.length, until);
  const companyTypes = new Set<string>(c.companyTypes),
    partnerTypes = new Set<string>(c.partnerTypes);
  const isCompany = Uint8Array.from(nodes, (x) => (companyTypes.has(x.type) ? 1 : 0));
  const isPartner = Uint8Array.from(nodes, (x, i) => (!isCompany[i] && partnerTypes.has(x.type) ? 1 : 0));
  const isOrg = Uint8Array.from(nodes, (x) => (x.type === 'project' ? 0 : 1));
  let trained: TrainedPartnerModel | null = null;
  let fallback: string | undefined;
  if (c.scoring === 'learned') {
    if (!Number.isFinite(until)) fallback = 'the ties are undated, so there is no earlier period to learn from';
    else {
      const out = trainPartnerModel(ties, nodes, { isOrg, isCompany, isPartner }, c, until);
      trained = out.trained;
      fallback = out.reason;
    }
  }
  const excluded = excludedPairKeys(nodes, c.excludePairs);
  const ctx = signalContext(g, nodes, c, learnAffinity(g, nodes, isOrg), Number.isFinite(until) ? until : 0);
  const scoring: ScoringInfo = trained
    ? {
        kind: 'learned',
        model: learnedInfo(trained),
      }
    : {
        kind: 'weights',
        ...(c.scoring === 'learned' ? { fallback: `hand-set weights used: ${fallback}` } : {}),
        weights: handSetWeights(c),
      };
  return { config: c, nodes, ties, g, isCompany, isPartner, ctx, trained, scoring, excluded };
}

/** The weights weightedScore combines, keyed by the signal each multiplies (`network` is the link score's). */
export function handSetWeights(c: PartnerConfig): Record<string, number> {
  const w = c.weights;
  return { themes: w.themes, complementarity: w.complementarity, proximity: w.proximity, [c.linkScore]: w.network };
}

/** What the scoring summary says about a trained model (ScoringInfoSchema's model). */
function learnedInfo(t: TrainedPartnerModel): NonNullable<ScoringInfo['model']> {
  const base = {
    t0: t.t0,
    until: t.until,
    positives: t.positives,
    negatives: t.negatives,
    objective: t.objective,
    windows: t.windows,
    ...(t.inner ? { inner: t.inner } : {}),
  };
  const m = t.model;
  if (m.learner === 'trees') {
    const total = m.gain.reduce((a, b) => a + b, 0);
    return {
      learner: 'trees',
      ...base,
      trees: t.trees!,
      base: m.base,
      importance: Object.fromEntries(m.features.map((f, j) => [f, total > 0 ? m.gain[j] / total : 0])),
    };
  }
  return {
    learner: 'linear',
    ...base,
    coefficients: Object.fromEntries(m.features.map((f, j) => [f, m.coef[j]])),
    intercept: m.intercept,
    ...(t.propensity
      ? {
          choice: t.choice,
          propensity: { coefficients: Object.fromEntries(t.propensity.features.map((f, j) => [f, t.propensity!.coef[j]])), intercept: t.propensity.intercept },
        }
      : {}),
  };
}

/** Hand-set combination: weights × (themes, complementarity, proximity, squashed link score). */
export function weightedScore(c: PartnerConfig, t: SignalTable, row: number): number {
  const w = c.weights,
    x = t.cols[c.linkScore as LinkScore][row];
  return w.themes * t.cols.themes[row] + w.complementarity * t.cols.complementarity[row] + w.proximity * t.cols.proximity[row] + w.network * (x / (1 + x));
}

/** weightedScore on a flat row of every signal (fillSignals). */
export function weightedFlat(c: PartnerConfig, flat: ArrayLike<number>): number {
  const w = c.weights,
    x = flat[SIGNAL_INDEX[c.linkScore as LinkScore]];
  return (
    w.themes * flat[SIGNAL_INDEX.themes] +
    w.complementarity * flat[SIGNAL_INDEX.complementarity] +
    w.proximity * flat[SIGNAL_INDEX.proximity] +
    w.network * (x / (1 + x))
  );
}

/** The rules of allowedPair other than "not tied yet" (the walk skips tied partners), or null when none applies. */
function ruleCheck(s: PartnerSetup, u: number): ((v: number) => boolean) | null {
  const c = s.config;
  if (!s.excluded.size && c.region === 'any' && c.country === 'any') return null;
  const cu = s.nodes[u],
    n = s.nodes.length;
  return (v) => !s.excluded.has(u * n + v) && sameRule(c.region, cu.region, s.nodes[v].region) && sameRule(c.country, cu.country, s.nodes[v].country);
}

/** Whether (u, v) may be proposed: not tied yet, not excluded, region / country rules hold. */
export function allowedPair(s: PartnerSetup, u: number, v: number): boolean {
  const cu = s.nodes[u],
    pv = s.nodes[v],
    c = s.config;
  return (
    tiePosition(s.g, u, v) < 0 &&
    !s.excluded.has(u * s.nodes.length + v) &&
    sameRule(c.region, cu.region, pv.region) &&
    sameRule(c.country, cu.country, pv.country)
  );
}

/**
 * Candidates of a company beyond the pairs within two steps: the most active partners overall and
 * in each country (their only signals are activity, type, country and attributes).
 */
function priorLists(s: PartnerSetup, depth: number): { overall: Int32Array; byCountry: Map<string, Int32Array> } {
  const partners: number[] = [];
  for (let v = 0; v < s.nodes.length; v++) if (s.isPartner[v]) partners.push(v);
  partners.sort((a, b) => s.g.degree[b] - s.g.degree[a] || a - b);
  const byCountry = new Map<string, number[]>();
  for (const v of partners) {
    const c = s.nodes[v].country;
    if (!c) continue;
    const list = byCountry.get(c) ?? [];
    if (list.length < depth) {
      list.push(v);
      byCountry.set(c, list);
    }
  }
  return { overall: Int32Array.from(partners.slice(0, depth)), byCountry: new Map([...byCountry].map(([k, v]) => [k, Int32Array.from(v)])) };
}

/** Kept candidate pairs in columns: row r is (company[r], partner[r]) with its signals and scores. */
export interface RankedPairs {
  signals: SignalTable;
  /** The score shown and paired on: the learned probability, or the hand-weighted sum. */
  combined: Float64Array;
  /** What `combined` is ranked by: the learned log-odds (no saturation), or the weighted sum. */
  rankKey: Float64Array;
  weighted: Float64Array;
  /** Whether the ppr column was computed (the model uses it, `ppr.show`, or `allPairs`); else it is 0. */
  ppr: boolean;
}

export interface RankOptions {
  /** Best candidates kept per company (default max(config.maxCandidates, config.top)). */
  keep?: number;
  /** Score every allowed company × partner pair instead of the ones within reach (the evaluation does). */
  allPairs?: boolean;
  /** Only these companies (1 = ranked; default every company): the evaluation's seeded sample on national data. */
  companies?: Uint8Array;
  /** Called after each company with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The best `keep` partners of every company. Without `allPairs`, a company's candidates are the
 * partners within two steps (the only ones with neighbourhood signals) plus the most active
 * partners overall and in its country; each is scored, and a heap keeps the best. Memory is
 * O(companies × keep) and time O(Σ over contacts w of companyDeg(w) × partnerDeg(w)).
 */
export function rankPartners(s: PartnerSetup, options: RankOptions = {}): RankedPairs {
  const c = s.config,
    n = s.nodes.length;
  const keep = options.keep ?? Math.max(c.maxCandidates, c.top);
  const companies: number[] = [];
  for (let v = 0; v < n; v++) if (s.isCompany[v] && (!options.companies || options.companies[v])) companies.push(v);
  // Partner-only adjacency, so the two-step walk never visits non-partners at the second step.
  const reach = options.allPairs ? null : partnerReach(s.ctx, s.isPartner);
  const allPartners: number[] = [];
  for (let v = 0; v < n; v++) if (s.isPartner[v]) allPartners.push(v);
  const prior = options.allPairs ? null : priorLists(s, keep);
  const walk = new ReachScratch(n);
  const pool = new Int32Array(n);
  const scratch = new SignalTable(1024);
  const feat = new Float64Array(64);
  const flat = new Float64Array(SIGNALS.length);
  const kept = new SignalTable(Math.min(companies.length * keep, 1 << 20) || 1);
  const combined: number[] = [],
    rankKey: number[] = [],
    weighted: number[] = [];
  const keyOf = s.trained ? flatLogOdds(s.trained.model) : (x: Float64Array) => weightedFlat(c, x);
  const rankByKatz = !!s.trained?.model.features.includes('katz');
  // Trees score a company's candidates together (each tree walked over all of them: flatTreeBatch).
  const batch = s.trained ? flatTreeBatch(s.trained.model) : null;
  // The walk per company is the costliest signal at national size: only when something reads it.
  const withPpr = !!options.allPairs || !!s.trained?.model.features.includes('ppr') || c.ppr.show;
  const keepRow = (key: number, w: number): void => {
    rankKey.push(key);
    combined.push(s.trained ? probability(key) : key);
    weighted.push(w);
  };
  // Two-part: the choice part's η is normalised over the candidates scored for the company (a
  // streaming log-sum-exp), then the company's propensity sets the level; the heap orders by η,
  // which orders one company's candidates as the final key does.
  const propensity = s.trained?.propensity;
  const lse = new LogSumExp();
  let level = 0;
  const finalKey = (eta: number): number => (propensity ? twoPartLogOdds(level, eta, lse.value()) : eta);
  const extraByCountry = new Map<string, Int32Array>();
  companies.forEach((u, done) => {
    lse.reset();
    if (propensity) level = propensityLogOdds(propensity, s.g, s.ctx.activity, s.isCompany, u);
    if (options.allPairs) {
      // Every allowed pair, through the signal table (the evaluation's path).
      scratch.size = 0;
      let k = 0;
      for (const v of allPartners) if (allowedPair(s, u, v)) pool[k++] = v;
      scorePairs(s.ctx, u, pool.subarray(0, k), scratch);
      const heap = new TopK(Math.min(keep, scratch.size));
      const keys = new Float64Array(scratch.size);
      for (let r = 0; r < scratch.size; r++) {
        heap.offer((keys[r] = s.trained ? predictLogOdds(s.trained.model, scratch, r, feat) : weightedScore(c, scratch, r)), r);
        if (propensity) lse.add(keys[r]);
      }
      for (const r of heap.items()) {
        const to = kept.add(u, scratch.partner[r]);
        for (const name of SIGNALS) kept.cols[name][to] = scratch.cols[name][r];
        keepRow(finalKey(keys[r]), weightedScore(c, scratch, r));
      }
    } else {
      // Candidates within reach, each scored from a flat row; only the kept ones become table rows.
      const cu = s.nodes[u].country ?? '';
      let extra = extraByCountry.get(cu);
      if (!extra) extraByCountry.set(cu, (extra = Int32Array.from([...prior!.overall, ...(prior!.byCountry.get(cu) ?? [])])));
      const size = walkReach(s.ctx, u, reach!, extra, ruleCheck(s, u), walk, withPpr);
      const compl = complementarityOf(s.ctx, u);
      const heap = new TopK(Math.min(keep, size));
      const sums = walk.sums;
      // Walks of length 3 cost Σ deg v per candidate: for every candidate only when the score uses katz, else for the kept ones.
      const touched = walksFrom(s.ctx, u);
      const row = (k: number, walks3: number) => {
        const v = walk.list[k],
          o = 5 * v;
        return fillSignals(s.ctx, u, v, compl, sums[o], sums[o + 1], sums[o + 2], sums[o + 3], sums[o + 4], walks3, flat);
      };
      if (batch) {
        batch.clear();
        for (let k = 0; k < size; k++) batch.push(row(k, rankByKatz ? walks3To(s.ctx, walk.list[k]) : 0));
        const keys = batch.scores();
        for (let k = 0; k < size; k++) heap.offer(keys[k], k);
      } else
        for (let k = 0; k < size; k++) {
          const key = keyOf(row(k, rankByKatz ? walks3To(s.ctx, walk.list[k]) : 0));
          heap.offer(key, k);
          if (propensity) lse.add(key);
        }
      const items = heap.items();
      const best = Int32Array.from(items, (k) => walk.list[k]);
      const w3 = walks3ToMany(s.ctx, reach!, best, touched, new Float64Array(best.length));
      items.forEach((k, i) => {
        const x = row(k, w3[i]);
        addRow(kept, u, walk.list[k], x);
        keepRow(finalKey(keyOf(x)), weightedFlat(c, x));
      });
      clearWalks(s.ctx, touched);
    }
    options.onProgress?.(done + 1, companies.length);
  });
  return {
    signals: kept,
    combined: Float64Array.from(combined),
    rankKey: Float64Array.from(rankKey),
    weighted: Float64Array.from(weighted),
    ppr: withPpr,
  };
}

/** An introducer: a common contact, and in participation data the projects that tie it to each side. */
export interface Introducer {
  id: string;
  label: string;
  projects?: { withCompany: string[]; withPartner: string[] };
}

/** The most specific common contacts of (u, v), at most `limit`. */
export function introducersOf(s: PartnerSetup, u: number, v: number, limit = 5): Introducer[] {
  return commonContacts(s.g, u, v)
    .slice(0, limit)
    .map((w) => {
      const base: Introducer = { id: s.nodes[w].id, label: label(s.nodes[w]) };
      if (s.ties.form !== 'participation') return base;
      const names = (a: number, b: number) => sharedProjects(s.ties, a, b).map((p) => label(s.nodes[p]));
      return { ...base, projects: { withCompany: names(u, w), withPartner: names(w, v) } };
    });
}

/** Plain-words reasons for row r of `t`. */
export function explainPair(s: PartnerSetup, t: SignalTable, r: number, intro: Introducer[]): string {
  const c = s.config,
    u = t.company[r],
    v = t.partner[r],
    cu = s.nodes[u],
    pv = s.nodes[v];
  const words: string[] = [];
  const sh = shared(cu.themes, [...(pv.themes ?? []), ...(pv.subjects ?? [])]);
  if (cu.themes?.length) words.push(sh.length ? `shares ${listWords(sh)}` : 'no shared themes');
  const needs = new Map(Object.entries(c.themeNeeds).map(([k, x]) => [k.trim().toLowerCase(), x]));
  const wanted = (cu.themes ?? []).flatMap((x) => needs.get(x.trim().toLowerCase()) ?? []);
  if (wanted.length)
    words.push(
      t.cols.complementarity[r]
        ? `a ${TYPE_WORDS[pv.type] ?? pv.type} is what its themes need`
        : `its themes need a ${listWords([...new Set(wanted)].map((x) => TYPE_WORDS[x] ?? x))}`,
    );
  const px = proximity(cu, pv, c.distanceScaleKm);
  if (px.km === null && px.value === 0 && cu.country && pv.country && cu.country !== pv.country)
    words.push(`different countries (${cu.country}, ${pv.country})`);
  else if (px.km !== null || cu.region || cu.country) words.push(px.text);
  const cn = t.cols.commonNeighbours[r];
  if (cn) {
    const who = intro.slice(0, 3).map((i) => {
      const p = i.projects;
      return p && (p.withCompany.length || p.withPartner.length)
        ? `${i.label} (with the company in ${listWords(p.withCompany.slice(0, 2))}, with the partner in ${listWords(p.withPartner.slice(0, 2))})`
        : i.label;
    });
    words.push(`${cn} common contact${cn === 1 ? '' : 's'}: ${listWords(who)}${cn > 3 ? ' …' : ''} could make the introduction`);
  } else words.push('no common contact yet');
  if (s.trained) {
    const top = topSignals(s.trained.model, t, r);
    if (s.trained.propensity) top.push(...propensityWords(s.trained.propensity, s.g, s.ctx.activity, s.isCompany, u));
    if (top.length) words.push(`weighed most: ${listWords(top)}`);
  } else {
    const net = PARTNER_SIGNAL_WORDS[c.linkScore as SignalName];
    if (t.cols[c.linkScore as LinkScore][r]) words.push(`network score from ${net}`);
  }
  return words.join('; ');
}

export interface PartnerSuggestion {
  id: string;
  label: string;
  type: NodeType;
  score: number;
  introducers: Introducer[];
  explanation: string;
  /** Every score of PARTNER_SCORES; ppr only when it was computed (RankedPairs.ppr). */
  scores: Partial<Record<PartnerScoreName, number>>;
}

export interface PartnerMatchResult {
  /** Top-N partners for each company, and top-N companies for each education partner. */
  suggestions: { id: string; label: string; type: NodeType; top: PartnerSuggestion[] }[];
  /** Global pairing within company and partner capacities (same exact solver as mentoring). */
  pairing: { pairs: { company: string; partner: string; score: number; explanation: string }[]; total: number; count: number };
  summary: { companies: number; partners: number; candidates: number; form: TieTable['form'] };
  scoring: ScoringInfo;
  config: PartnerConfig;
}

export interface MatchPartnersOptions {
  onProgress?: (done: number, total: number) => void;
}

/** One organisation's suggestions (an entry of PartnerMatchResult.suggestions). */
export type OrganisationSuggestions = PartnerMatchResult['suggestions'][number];

/**
 * The numeric part of matchPartners (candidates, scores, the global pairing) with the suggestions
 * still to be put into words: `suggestions()` yields them one organisation at a time in id order,
 * so a national-size result can be written out as it is made (the whole document would not fit
 * in one string, and 500k explained suggestions at once cost seconds of garbage collection).
 */
export interface PartnerPlan extends Omit<PartnerMatchResult, 'suggestions'> {
  /** Organisations with suggestions (companies and education partners). */
  organisations: number;
  suggestions(): Generator<OrganisationSuggestions>;
}

/** Partner suggestions (top-N each side) and the optimal capacitated company ↔ partner pairing. */
export function matchPartners(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  configInput: PartnerConfigInput | PartnerConfig = {},
  options: MatchPartnersOptions = {},
): PartnerMatchResult {
  const { suggestions, organisations: _n, ...rest } = planPartners(dataset, configInput, options);
  return { suggestions: [...suggestions()], ...rest };
}

export function planPartners(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  configInput: PartnerConfigInput | PartnerConfig = {},
  options: MatchPartnersOptions = {},
): PartnerPlan {
  const c = parsePartnerConfig(configInput);
  const s = partnerSetup(dataset, c);
  const ranked = rankPartners(s, { onProgress: options.onProgress });
  const t = ranked.signals;
  const scoresOf = (r: number) => {
    const out: Partial<Record<PartnerScoreName, number>> = {};
    for (const x of SIGNALS) if (x !== 'ppr' || ranked.ppr) out[x] = t.cols[x][r];
    out.weighted = ranked.weighted[r];
    out.combined = ranked.combined[r];
    return out;
  };
  const suggestion = (r: number, other: number): PartnerSuggestion => {
    const intro = introducersOf(s, t.company[r], t.partner[r]);
    const o = s.nodes[other];
    return {
      id: o.id,
      label: label(o),
      type: o.type,
      score: ranked.combined[r],
      introducers: intro,
      explanation: explainPair(s, t, r, intro),
      scores: scoresOf(r),
    };
  };
  // Rows by side, best first (rows of a company are contiguous and already best first); each
  // owner is (side, first position in its order), owners sorted by id (code-unit order).
  const rows = Int32Array.from({ length: t.size }, (_, i) => i);
  const byPartner = Int32Array.from(rows).sort((a, b) => t.partner[a] - t.partner[b] || ranked.rankKey[b] - ranked.rankKey[a] || t.company[a] - t.company[b]);
  const sides = [
    { order: rows, owner: t.company, other: t.partner },
    { order: byPartner, owner: t.partner, other: t.company },
  ];
  const owners: { side: number; at: number; id: string }[] = [];
  sides.forEach(({ order, owner }, side) => {
    for (let i = 0; i < order.length; i++)
      if (i === 0 || owner[order[i]] !== owner[order[i - 1]]) owners.push({ side, at: i, id: s.nodes[owner[order[i]]].id });
  });
  owners.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  function* suggestions(): Generator<OrganisationSuggestions> {
    for (const { side, at } of owners) {
      const { order, owner, other } = sides[side];
      const id = owner[order[at]];
      const top: PartnerSuggestion[] = [];
      for (let j = at; j < order.length && owner[order[j]] === id && top.length < c.top; j++) top.push(suggestion(order[j], other[order[j]]));
      const nd = s.nodes[id];
      yield { id: nd.id, label: label(nd), type: nd.type, top };
    }
  }

  const pairs = Array.from(rows, (r) => ({ left: s.nodes[t.company[r]].id, right: s.nodes[t.partner[r]].id, score: ranked.combined[r] }));
  const leftCapacities = new Map<string, number>(),
    rightCapacities = new Map<string, number>();
  for (let r = 0; r < t.size; r++) {
    const cu = s.nodes[t.company[r]];
    leftCapacities.set(cu.id, cu.capacity ?? c.defaultCapacity);
    rightCapacities.set(s.nodes[t.partner[r]].id, c.partnerCapacity);
  }
  const solved = solveAssignment({ pairs, leftCapacities, rightCapacities });
  // A chosen pair's row: its company's rows are one block of `rows`.
  const index = new Map<string, number>();
  s.nodes.forEach((x, i) => index.set(x.id, i));
  const blockOf = new Map<number, number>();
  for (const o of owners) if (o.side === 0) blockOf.set(t.company[o.at], o.at);
  const rowOf = (company: string, partner: string): number => {
    const u = index.get(company)!,
      v = index.get(partner)!;
    let r = blockOf.get(u)!;
    while (t.partner[r] !== v) r++;
    return r;
  };
  return {
    organisations: owners.length,
    suggestions,
    pairing: {
      pairs: solved.pairs.map((p) => {
        const r = rowOf(p.left, p.right);
        return { company: p.left, partner: p.right, score: p.score, explanation: explainPair(s, t, r, introducersOf(s, t.company[r], t.partner[r])) };
      }),
      total: solved.total,
      count: solved.count,
    },
    summary: {
      companies: s.isCompany.reduce((a, b) => a + b, 0),
      partners: s.isPartner.reduce((a, b) => a + b, 0),
      candidates: t.size,
      form: s.ties.form,
    },
    scoring: s.scoring,
    config: c,
  };
}
