import type { HubNode } from '../model/index.ts';
import { PARTNER_SIGNAL_WORDS } from '../model/vocabulary.ts';
import { createRng, shuffle } from '../util/random.ts';
import type { PartnerConfig } from './config.ts';
import { contributions, fitConditionalLogit, fitLambdaRank, fitLogistic, type LogisticModel, logOdds } from './logistic.ts';
import { chooseFamily, familyConfig, INNER_FAMILIES, type InnerResult } from './partners-inner.ts';
import { learnAffinity, SIGNAL_INDEX, type SignalContext, type SignalName, SignalTable, scorePairs, signalContext } from './signals.ts';
import { dayIso, type TieGraph, type TieTable, tieGraph, tiePosition } from './ties.ts';
import { fitTrees, scaleTrees, type TreeModel, treeBatch, treeContributions, treeScore } from './trees.ts';
import { fitPropensity, PROPENSITY_FEATURES, propensityRows } from './two-part.ts';

/**
 * The learned partner score: a logistic regression on pair signals, trained on the user's own
 * data in time order — the graph of ties before t₀ = split − horizon predicts which untied
 * company–partner pairs (both active before t₀) tie in [t₀, split) — then applied to the graph
 * before the split. Counts are log1p-transformed (heavy-tailed, LOGGED); the rest are used as they are.
 * Chosen by bench/partners-select-h2020.ts on five other Horizon 2020 programme parts at splits
 * ≤ 2018 (docs/partners.md), never on the SwafS test window: dropping `recentActivity` (collinear
 * with preferential attachment; it took a negative weight) ranked best of the first 14 variants
 * (three ppr variants added later, and why they are not the default: docs/partners.md); round 2
 * (session 6, same rule) added `partnerActivity`, the partner's recency-decayed degree, which
 * preferential attachment lacks (0.979× PA on recall, 1.009× on AUC, from 0.972× / 1.016×); round 3
 * (session 7) kept it: stacked windows reached 0.997× / 1.000×, under its adoption gate (> 1); round 4
 * kept it too: no two-part model (src/match/two-part.ts) kept AUC ≥ 1× (best recall 1.019× at AUC 0.932×); round 5
 * (session 8, fresh parts SC1–SC5) kept it over gradient-boosted trees (src/match/trees.ts): 1.143× / 1.025× against
 * the trees' best 1.057× / 1.013×. `recency`
 * and `strength` had lowered SwafS's AUC earlier (they repeat Adamic–Adar on programme data).
 */
export const MODEL_FEATURES: readonly SignalName[] = [
  'adamicAdar',
  'preferentialAttachment',
  'typeAffinity',
  'countryAffinity',
  'themes',
  'complementarity',
  'partnerActivity',
  'proximity',
];

/** Counts are log1p-transformed (heavy-tailed); katz first in units of β² = 0.0025 (β = 0.05), so log1p does not flatten it. */
const LOGGED: ReadonlySet<string> = new Set<SignalName>([
  'commonNeighbours',
  'adamicAdar',
  'resourceAllocation',
  'preferentialAttachment',
  'recency',
  'strength',
  'recentActivity',
  'partnerDegree',
  'partnerActivity',
  'katz',
  'ppr',
]);
/** ppr in units of 1e-4: shown suggestions on the H2020-shaped network run from 0 to ~0.1, a third below 1e-5, so log1p bends inside that range. */
const UNIT: Partial<Record<SignalName, number>> = { katz: 0.0025, ppr: 1e-4 };
const transform = (name: string, x: number): number => (LOGGED.has(name) ? Math.log1p(x / (UNIT[name as SignalName] ?? 1)) : x);

/**
 * The inputs for a dataset: `proximity` only when some organisation has coordinates. Without them
 * it is "same region 1, same country ½", and on CORDIS the region is a country group, which ranks
 * a same-group pair above a same-country one; countryAffinity, learned from the data, covers place.
 */
export function modelFeatures(nodes: readonly HubNode[], chosen?: readonly SignalName[]): SignalName[] {
  if (chosen?.length) return [...chosen];
  const located = nodes.some((x) => x.lat !== undefined && x.lon !== undefined);
  return MODEL_FEATURES.filter((f) => f !== 'proximity' || located);
}

/** The model's feature vector of one row, into `out`. */
export function featureRow(features: readonly string[], t: SignalTable, row: number, out: Float64Array): Float64Array {
  for (let j = 0; j < features.length; j++) {
    const x = t.cols[features[j] as SignalName][row];
    out[j] = transform(features[j], x);
  }
  return out;
}

/**
 * The learned pair score: a linear model (logistic regression, conditional logit, LambdaRank, or a
 * two-part model's choice part) or gradient-boosted trees (`learning.learner: 'trees'`), both on
 * the same transformed signals (featureRow); what either returns is a log-odds.
 */
export type PartnerModel = ({ learner: 'linear' } & LogisticModel) | ({ learner: 'trees' } & TreeModel);

const linear = (m: LogisticModel): PartnerModel => ({ learner: 'linear', ...m });

/** The linear model, or an error naming what was trained instead (for code that reads coefficients). */
export function linearModel(m: PartnerModel): LogisticModel {
  if (m.learner !== 'linear') throw new Error(`a linear model was expected, not ${m.learner}`);
  return m;
}

/** The model's score (log-odds) of one transformed feature row. */
export function modelLogOdds(m: PartnerModel, x: ArrayLike<number>): number {
  return m.learner === 'trees' ? treeScore(m, x) : logOdds(m, x);
}

export interface TrainedPartnerModel {
  model: PartnerModel;
  /** Start of the training target window (ISO) and the split it predicts up to. */
  t0: string;
  until: string;
  positives: number;
  negatives: number;
  /** The training objective and the number of yearly windows whose rows were pooled (those with enough new ties). */
  objective: PartnerConfig['learning']['objective'];
  windows: number;
  /**
   * With objective two-part: `model` is the choice part (its linear predictor η, uncalibrated,
   * normalised over each organisation's candidates when scoring), `choice` its objective, and
   * `propensity` the logistic regression on the organisation's own activity (src/match/two-part.ts).
   */
  choice?: PartnerConfig['learning']['choice'];
  propensity?: LogisticModel;
  /** With learner trees: the settings they were grown with. */
  trees?: PartnerConfig['learning']['trees'];
  /** With `learning.select: inner`: the family chosen and every family's recall@20 on the inner window. */
  inner?: { family: string; window: string; companies: number; newTies: number; results: InnerResult[] };
}

/** Start of the training target window for predicting from `untilDay`: whole years back in the calendar (2019-01-01 − 2 years = 2017-01-01), fractions by 365.25 days. */
export function windowStart(untilDay: number, horizonYears: number): number {
  const back = new Date(untilDay * 86_400_000);
  back.setUTCFullYear(back.getUTCFullYear() - Math.floor(horizonYears));
  return Math.round(back.getTime() / 86_400_000 - (horizonYears % 1) * 365.25);
}

export interface TrainOutcome {
  trained: TrainedPartnerModel | null;
  reason?: string;
}

/**
 * Trains the learned score for predicting from `untilDay` on. With `learning.population`
 * `organisations` (default) every pair of organisations teaches the model (many more examples
 * than the company–partner pairs alone; the pair's types are a signal); `company-partner` keeps
 * to those pairs. Deterministic under `learning.seed` (it only drives the sampling of negatives).
 */
export function trainPartnerModel(
  ties: TieTable,
  nodes: readonly HubNode[],
  masks: { isOrg: Uint8Array; isCompany: Uint8Array; isPartner: Uint8Array },
  c: PartnerConfig,
  untilDay: number,
): TrainOutcome {
  const L = c.learning;
  const t0 = windowStart(untilDay, L.horizonYears);
  if (L.select === 'inner') {
    // Each family predicts [t0, until) from before t0; the best one is trained as usual.
    const defaults = modelFeatures(nodes);
    const choice = chooseFamily(ties, nodes, masks, c, t0, untilDay, (f) => trainPartnerModel(ties, nodes, masks, familyConfig(c, f, defaults), t0).trained);
    const family = choice?.family ?? INNER_FAMILIES[0];
    const out = trainPartnerModel(ties, nodes, masks, familyConfig(c, family, defaults), untilDay);
    if (!out.trained) return out;
    // No company formed a tie in the inner window: the first family, and nothing judged.
    const { results, companies, newTies } = choice ?? { results: [], companies: 0, newTies: 0 };
    return { trained: { ...out.trained, inner: { family: family.name, window: `${dayIso(t0)}…${dayIso(untilDay)}`, companies, newTies, results } } };
  }
  const features = modelFeatures(nodes, L.features);
  const grouped = L.objective !== 'pairs';
  const twoPart = L.objective === 'two-part';
  // One generator for every window, in window order: with one window the draws are today's.
  const rng = createRng(L.seed);
  // The row budget is per window: more windows are more examples (the point of stacking them).
  const budget = L.maxTrainingPairs;
  const chunks: WindowRows[] = [];
  let firstReason = '';
  let end = untilDay,
    start = t0,
    earliest = t0;
  // Window w is [start, end), one horizon each, back from the split; its features see only ties before its start.
  for (let w = 0; w < L.windows; w++, end = start, start = windowStart(end, L.horizonYears)) {
    const out = windowRows({ ties, nodes, masks, c, features, start, end, budget, grouped, twoPart, rng });
    if (typeof out === 'string') firstReason ||= out;
    else {
      chunks.push(out);
      earliest = start;
    }
  }
  if (!chunks.length) return { trained: null, reason: firstReason };
  const data = concatRows(chunks, features.length);
  const positives = chunks.reduce((s, x) => s + x.positives, 0),
    negatives = chunks.reduce((s, x) => s + x.negatives, 0);
  const span = { t0: dayIso(earliest), until: dayIso(untilDay), positives, negatives, objective: L.objective, windows: chunks.length };
  if (L.learner === 'trees') return { trained: { model: fitTreesModel(features, data, L), ...span, trees: L.trees } };
  if (!grouped) return { trained: { model: linear(fitLogistic(features, data.X, data.y, { l2: L.l2 })), ...span } };
  let model: LogisticModel;
  const choice = twoPart ? L.choice : L.objective;
  try {
    model =
      choice === 'lambda'
        ? fitLambdaRank(features, data.X, data.y, data.group, { l2: L.l2, k: L.rankAt, negWeight: data.negWeight })
        : fitConditionalLogit(features, data.X, data.y, data.group, { l2: L.l2 });
  } catch {
    return { trained: null, reason: 'no organisation with both a new tie and an untied candidate to learn from' };
  }
  if (!twoPart) return { trained: { model: linear(calibrate(model, data.X, data.y)), ...span } };
  // The propensity, on every window's organisations: which of them formed a new tie at all.
  const f = PROPENSITY_FEATURES.length;
  const rows = chunks.reduce((sum, x) => sum + x.propensity!.y.length, 0);
  const PX = new Float64Array(rows * f),
    Py = new Uint8Array(rows);
  let at = 0;
  for (const x of chunks) {
    PX.set(x.propensity!.X, at * f);
    Py.set(x.propensity!.y, at);
    at += x.propensity!.y.length;
  }
  let propensity: LogisticModel;
  try {
    propensity = fitPropensity(PX, Py, L.l2);
  } catch {
    return { trained: null, reason: 'every organisation active before the training window formed a new tie in it, or none did' };
  }
  return { trained: { model: linear(model), ...span, choice: L.choice, propensity } };
}

/**
 * The trees on the pooled rows: objective pairs fits the logistic loss with both classes weighing
 * the same (as fitLogistic), lambda the LambdaRank gradients within the groups (LambdaMART), then
 * the same Platt calibration as the linear grouped models (a slope > 0 keeps the order).
 */
function fitTreesModel(features: readonly SignalName[], data: Omit<WindowRows, 'positives' | 'negatives'>, L: PartnerConfig['learning']): PartnerModel {
  const n = data.y.length;
  if (L.objective === 'lambda') {
    const raw = fitTrees(features, data.X, data.y, { kind: 'lambda', group: data.group, negWeight: data.negWeight, k: L.rankAt }, L.trees);
    const eta = Float64Array.from({ length: n }, (_, r) => treeScore(raw, data.X.subarray(r * features.length, (r + 1) * features.length)));
    const platt = fitLogistic(['eta'], eta, data.y, { l2: 0 });
    const slope = platt.sd[0] ? Math.max(platt.coef[0] / platt.sd[0], 1e-6) : 1e-6;
    return { learner: 'trees', ...scaleTrees(raw, slope, platt.intercept - slope * platt.mean[0]) };
  }
  let pos = 0;
  for (let r = 0; r < n; r++) pos += data.y[r];
  const wPos = n / (2 * pos),
    wNeg = n / (2 * (n - pos));
  const weight = Float64Array.from(data.y, (y) => (y ? wPos : wNeg));
  return { learner: 'trees', ...fitTrees(features, data.X, data.y, { kind: 'logistic', weight }, L.trees) };
}

/** The training rows of one window: features on the graph before `start`, labels the ties formed in [start, end). */
interface WindowRows {
  X: Float64Array;
  y: Uint8Array;
  /** Grouped objectives: a group number per row (contiguous, unique across windows) and what each negative row stands for. */
  group: Int32Array;
  negWeight: Float64Array;
  positives: number;
  negatives: number;
  /** Two-part: the propensity rows (each organisation active before the window; 1 when it formed a new tie in it). */
  propensity?: { X: Float64Array; y: Uint8Array };
}

interface WindowInput {
  ties: TieTable;
  nodes: readonly HubNode[];
  masks: { isOrg: Uint8Array; isCompany: Uint8Array; isPartner: Uint8Array };
  c: PartnerConfig;
  features: readonly SignalName[];
  start: number;
  end: number;
  /** Rows at most in this window. */
  budget: number;
  grouped: boolean;
  twoPart: boolean;
  rng: () => number;
}

function concatRows(chunks: readonly WindowRows[], f: number): Omit<WindowRows, 'positives' | 'negatives'> {
  const rows = chunks.reduce((s, x) => s + x.y.length, 0);
  const out = { X: new Float64Array(rows * f), y: new Uint8Array(rows), group: new Int32Array(rows), negWeight: new Float64Array(rows) };
  let at = 0,
    groups = 0;
  for (const x of chunks) {
    out.X.set(x.X, at * f);
    out.y.set(x.y, at);
    out.negWeight.set(x.negWeight, at);
    let top = -1;
    for (let r = 0; r < x.y.length; r++) {
      out.group[at + r] = groups + x.group[r];
      top = Math.max(top, x.group[r]);
    }
    groups += top + 1;
    at += x.y.length;
  }
  return out;
}

/** One window's rows, or why it has none. */
function windowRows(x: WindowInput): WindowRows | string {
  const { ties, nodes, masks, c, start, end } = x;
  const n = nodes.length;
  const L = c.learning;
  const { isOrg, isCompany, isPartner } = masks;
  const g = tieGraph(ties, n, start);
  const present = (v: number) => g.degree[v] > 0;
  const orgsOnly = L.population === 'organisations';
  // Pair key u * n + v: u the company (company-partner) or the smaller index (organisations).
  const keyOf = (a: number, b: number): number => {
    if (orgsOnly) return isOrg[a] && isOrg[b] && a !== b ? Math.min(a, b) * n + Math.max(a, b) : -1;
    if (isCompany[a] && isPartner[b]) return a * n + b;
    if (isCompany[b] && isPartner[a]) return b * n + a;
    return -1;
  };
  const positives = new Set<number>();
  for (let r = 0; r < ties.size; r++) {
    const d = ties.day[r];
    if (!(d >= start && d < end)) continue;
    const a = ties.a[r],
      b = ties.b[r];
    const k = keyOf(a, b);
    if (k < 0 || !present(a) || !present(b) || tiePosition(g, a, b) >= 0) continue;
    positives.add(k);
  }
  const window = `${dayIso(start)}…${dayIso(end)}`;
  if (positives.size < 5) return `only ${positives.size} new ties formed in the training window ${window} between organisations active before it`;
  const left: number[] = [],
    right: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!present(v)) continue;
    if (orgsOnly ? isOrg[v] : isCompany[v]) left.push(v);
    if (orgsOnly ? isOrg[v] : isPartner[v]) right.push(v);
  }
  let memo: SignalContext | undefined;
  const ctx = () => (memo ??= signalContext(g, nodes, c, learnAffinity(g, nodes, isOrg), start));
  if (x.grouped) {
    const out = groupRows({ n, g, positives, orgsOnly, right, features: x.features, c, ctx, budget: x.budget, rng: x.rng });
    if (!out) return 'no organisation with both a new tie and an untied candidate to learn from';
    if (!x.twoPart) return out;
    // An organisation formed a new tie when it is an end of one (the company end with company-partner).
    const formed = new Uint8Array(n);
    for (const k of positives) {
      const a = Math.floor(k / n);
      formed[a] = 1;
      if (orgsOnly) formed[k - a * n] = 1;
    }
    return { ...out, propensity: propensityRows(g, ctx().activity, isCompany, left, formed) };
  }
  const { rng, features } = x;
  // At most a fifth of the rows are positives (a seeded sample on national graphs).
  let kept = [...positives].sort((a, b) => a - b);
  const maxPositives = Math.max(5, Math.floor(x.budget / 5));
  if (kept.length > maxPositives) kept = shuffle(kept, rng).slice(0, maxPositives);
  // Negatives: every other untied pair when few, else a seeded sample.
  const wanted = Math.min(x.budget - kept.length, kept.length * L.negativesPerPositive);
  const negatives = new Set<number>();
  const total = orgsOnly ? (left.length * (left.length - 1)) / 2 : left.length * right.length;
  const consider = (a: number, b: number) => {
    const k = keyOf(a, b);
    if (k >= 0 && !positives.has(k) && !negatives.has(k) && tiePosition(g, a, b) < 0) negatives.add(k);
  };
  if (total <= wanted + positives.size + g.offsets[n] / 2) {
    for (const a of left) for (const b of right) if (!orgsOnly || a < b) consider(a, b);
  } else {
    for (let tries = 0; negatives.size < wanted && tries < wanted * 20; tries++) {
      consider(left[Math.floor(rng() * left.length)], right[Math.floor(rng() * right.length)]);
    }
  }
  if (!negatives.size) return 'no untied pair to learn from';
  // Signals per first organisation, rows in ascending key order (deterministic).
  const keys = Float64Array.from([...kept, ...negatives]).sort();
  const context = ctx();
  const table = new SignalTable(keys.length);
  for (let i = 0; i < keys.length; ) {
    const u = Math.floor(keys[i] / n);
    let j = i;
    while (j < keys.length && Math.floor(keys[j] / n) === u) j++;
    const vs = new Int32Array(j - i);
    for (let k = i; k < j; k++) vs[k - i] = keys[k] - u * n;
    scorePairs(context, u, vs, table, features.includes('katz'), features.includes('ppr'));
    i = j;
  }
  const f = features.length;
  const X = new Float64Array(table.size * f);
  const y = new Uint8Array(table.size);
  const row = new Float64Array(f);
  for (let r = 0; r < table.size; r++) {
    X.set(featureRow(features, table, r, row), r * f);
    y[r] = positives.has(table.company[r] * n + table.partner[r]) ? 1 : 0;
  }
  return { X, y, group: new Int32Array(table.size), negWeight: new Float64Array(table.size).fill(1), positives: kept.length, negatives: negatives.size };
}

interface GroupInput {
  n: number;
  g: TieGraph;
  positives: Set<number>;
  orgsOnly: boolean;
  right: number[];
  features: readonly SignalName[];
  c: PartnerConfig;
  ctx: () => SignalContext;
  budget: number;
  rng: () => number;
}

/**
 * The grouped objectives' rows (per-organisation, lambda): one group per organisation with a new
 * tie in the window (with `organisations`, a tie is in the groups of both ends), holding its new
 * ties and `negativesPerPositive` × as many of its untied candidates, sampled under the seed (all
 * of them when fewer); each sampled negative stands for open / sampled candidates. Groups are
 * sampled (seeded) when the rows would pass the budget.
 */
function groupRows(x: GroupInput): WindowRows | null {
  const { n, g, positives, orgsOnly, right, features, c, rng } = x;
  const L = c.learning;
  const mine = new Map<number, number[]>();
  const add = (u: number, v: number) => {
    const l = mine.get(u);
    if (l) l.push(v);
    else mine.set(u, [v]);
  };
  for (const k of positives) {
    const a = Math.floor(k / n),
      b = k - a * n;
    add(a, b);
    if (orgsOnly) add(b, a);
  }
  let groups = [...mine.keys()].sort((a, b) => a - b);
  const rowsOf = (u: number) => mine.get(u)!.length * (1 + L.negativesPerPositive);
  let total = 0;
  for (const u of groups) total += rowsOf(u);
  if (total > x.budget) {
    const kept: number[] = [];
    let sum = 0;
    for (const u of shuffle(groups, rng)) {
      if (sum + rowsOf(u) > x.budget && kept.length) continue;
      kept.push(u);
      sum += rowsOf(u);
    }
    groups = kept.sort((a, b) => a - b);
  }
  const ctx = x.ctx();
  const table = new SignalTable(1024);
  const group: number[] = [];
  const label: number[] = [];
  const weight: number[] = [];
  let pos = 0,
    neg = 0;
  const stamp = new Int32Array(n).fill(-1);
  for (const u of groups) {
    const ps = mine.get(u)!.sort((a, b) => a - b);
    for (const v of ps) stamp[v] = u;
    stamp[u] = u;
    for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) stamp[g.targets[i]] = u;
    const wanted = ps.length * L.negativesPerPositive;
    const ns: number[] = [];
    // Candidates not tied to u, not its positives: all of them when few, else a seeded sample.
    const open = right.filter((v) => stamp[v] !== u);
    if (open.length <= wanted) ns.push(...open);
    else for (const v of shuffle(open, rng).slice(0, wanted)) ns.push(v);
    if (!ns.length) continue;
    ns.sort((a, b) => a - b);
    const vs = Int32Array.from([...ps, ...ns]);
    scorePairs(ctx, u, vs, table, features.includes('katz'), features.includes('ppr'));
    const id = pos ? group[group.length - 1] + 1 : 0;
    for (let k = 0; k < vs.length; k++) {
      group.push(id);
      label.push(k < ps.length ? 1 : 0);
      weight.push(k < ps.length ? 1 : open.length / ns.length);
    }
    pos += ps.length;
    neg += ns.length;
  }
  if (!pos || !neg) return null;
  const f = features.length;
  const X = new Float64Array(table.size * f);
  const row = new Float64Array(f);
  for (let r = 0; r < table.size; r++) X.set(featureRow(features, table, r, row), r * f);
  return { X, y: Uint8Array.from(label), group: Int32Array.from(group), negWeight: Float64Array.from(weight), positives: pos, negatives: neg };
}

/**
 * Calibration of a grouped model: one logistic regression on its linear predictor (slope and
 * intercept, classes weighted equally as in `pairs`) gives the probability shown and paired on;
 * log-odds = a + b · η with b > 0 keep the model's order of candidates.
 */
function calibrate(model: LogisticModel, X: Float64Array, y: Uint8Array): LogisticModel {
  const f = model.features.length;
  const eta = Float64Array.from({ length: y.length }, (_, r) => logOdds(model, X.subarray(r * f, (r + 1) * f)));
  const platt = fitLogistic(['eta'], eta, y, { l2: 0 });
  const slope = platt.sd[0] ? Math.max(platt.coef[0] / platt.sd[0], 1e-6) : 1e-6;
  return { ...model, coef: model.coef.map((b) => b * slope), intercept: platt.intercept - slope * platt.mean[0] };
}

/**
 * Log-odds of row `row`: what candidates are ranked by. The probability saturates to 1 when the
 * graph at the split is much denser than at t₀ (every active pair would tie), the log-odds do not.
 */
export function predictLogOdds(m: PartnerModel, t: SignalTable, row: number, scratch: Float64Array): number {
  return modelLogOdds(m, featureRow(m.features, t, row, scratch));
}

/** The model's inputs of a flat row of every signal (fillSignals, SIGNALS order), transformed as featureRow does, into x. */
function flatInputs(flat: ArrayLike<number>, idx: readonly number[], logged: readonly boolean[], unit: readonly number[], x: Float64Array): Float64Array {
  for (let j = 0; j < idx.length; j++) x[j] = logged[j] ? Math.log1p(flat[idx[j]] / unit[j]) : flat[idx[j]];
  return x;
}

/**
 * Trees over one company's candidates at once (the top-K path): `push` each candidate's flat row
 * (binned to uint8 codes as it comes), then `scores()` walks every tree over all of them, tree by
 * tree; the same sums in the same order as flatLogOdds, so the same keys. Null for a linear model.
 */
export function flatTreeBatch(m: PartnerModel): { push(flat: ArrayLike<number>): void; scores(): Float64Array; clear(): void } | null {
  if (m.learner !== 'trees') return null;
  const idx = m.features.map((f) => SIGNAL_INDEX[f as SignalName]);
  const logged = m.features.map((f) => LOGGED.has(f));
  const unit = m.features.map((f) => UNIT[f as SignalName] ?? 1);
  const x = new Float64Array(idx.length);
  const batch = treeBatch(m);
  return { push: (flat) => batch.push(flatInputs(flat, idx, logged, unit, x)), scores: () => batch.scores(), clear: () => batch.clear() };
}

/**
 * `predictLogOdds` on a flat row of every signal (fillSignals, SIGNALS order): the same
 * arithmetic in the same order, without a table row per candidate.
 */
export function flatLogOdds(m: PartnerModel): (flat: ArrayLike<number>) => number {
  const idx = m.features.map((f) => SIGNAL_INDEX[f as SignalName]);
  const logged = m.features.map((f) => LOGGED.has(f));
  const unit = m.features.map((f) => UNIT[f as SignalName] ?? 1);
  const f = idx.length;
  if (m.learner === 'trees') {
    // The inputs transformed as in training, then binned and walked (trees.ts); one scratch row, no allocation per pair.
    const x = new Float64Array(f);
    return (flat) => treeScore(m, flatInputs(flat, idx, logged, unit, x));
  }
  return (flat) => {
    let eta = m.intercept;
    for (let j = 0; j < f; j++) {
      if (!m.sd[j]) continue;
      const x = logged[j] ? Math.log1p(flat[idx[j]] / unit[j]) : flat[idx[j]];
      eta += (m.coef[j] * (x - m.mean[j])) / m.sd[j];
    }
    return eta;
  };
}

/** The probability shown to users and used by the pairing, from the log-odds. */
export const probability = (eta: number): number => 1 / (1 + Math.exp(-eta));

/** The signals that raised a row's score most (positive contributions, at most three). */
export function topSignals(m: PartnerModel, t: SignalTable, row: number): string[] {
  const x = featureRow(m.features, t, row, new Float64Array(m.features.length));
  const parts =
    m.learner === 'trees'
      ? Array.from(treeContributions(m, x), (value, j) => ({ feature: m.features[j], value })).sort(
          (a, b) => b.value - a.value || (a.feature < b.feature ? -1 : 1),
        )
      : contributions(m, x);
  return parts
    .filter((c) => c.value > 0.05)
    .slice(0, 3)
    .map((c) => PARTNER_SIGNAL_WORDS[c.feature as SignalName]);
}
