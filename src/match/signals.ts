import type { HubNode } from '../model/index.ts';
import type { PartnerConfig } from './config.ts';
import { NODE_TYPES, PARTNER_SIGNALS } from '../model/index.ts';
import { haversineKm, shared } from './features.ts';
import { PersonalisedPageRank, pprWeights } from './ppr.ts';
import type { TieGraph } from './ties.ts';

/**
 * Pair signals for partner suggestions, computed on a TieGraph for a company u and its candidates.
 * Neighbourhood signals follow NetworkX (unweighted): commonNeighbours, jaccard, adamicAdar
 * (Σ 1/ln deg w), resourceAllocation (Σ 1/deg w), preferentialAttachment (deg u · deg v). Then:
 * - recency: Σ over common contacts w of 2^(−age / halfLife), age = days from the older of the two
 *   ties u–w, w–v to the reference day (a tie renewed last year introduces better than one from 2015);
 * - strength: Σ over common contacts of min(strength u–w, strength w–v) (repeated co-participation);
 * - recentActivity: preferential attachment on recency-decayed degrees, Σ_w 2^(−age/halfLife) of
 *   each side multiplied (organisations active lately are the ones starting new work);
 * - typeAffinity, countryAffinity: log tie rate of the pair's two types / of same-or-different
 *   country pairs among the organisations of the graph (learned from the data, see learnAffinity);
 * - themes, complementarity, proximity: the attribute signals (zero when the data has no themes or places);
 * - partnerDegree, partnerActivity: the partner's own degree and recency-decayed degree (within one
 *   company's list the company's side is the same for every candidate, so only the partner's counts);
 * - katz: truncated Katz index β²·(A²)uv + β³·(A³)uv (walks of length 2 and 3 on the unweighted tie
 *   graph; the β·Auv term is 0 for an untied pair), β = `katzBeta`;
 * - ppr: personalised PageRank π_u(v), a random walk with restart from u over the weighted tie graph
 *   (src/match/ppr.ts, options `config.ppr`), run once per company by scorePairs / walkReach.
 */
// The list is the model's vocabulary (src/model/vocabulary.ts), so the evaluation's schema can name each score.
export const SIGNALS = PARTNER_SIGNALS;
export type SignalName = (typeof SIGNALS)[number];

/** One Float64Array column per signal, plus the pair's company and partner (node indices). */
export class SignalTable {
  size = 0;
  company: Int32Array;
  partner: Int32Array;
  readonly cols: Record<SignalName, Float64Array>;
  constructor(capacity = 1024) {
    this.company = new Int32Array(capacity);
    this.partner = new Int32Array(capacity);
    this.cols = Object.fromEntries(SIGNALS.map((s) => [s, new Float64Array(capacity)])) as Record<SignalName, Float64Array>;
  }
  /** Appends a row (grows the columns when full) and returns its position. */
  add(u: number, v: number): number {
    if (this.size === this.company.length) {
      const n = this.size * 2;
      const c = new Int32Array(n);
      c.set(this.company);
      this.company = c;
      const p = new Int32Array(n);
      p.set(this.partner);
      this.partner = p;
      for (const s of SIGNALS) {
        const x = new Float64Array(n);
        x.set(this.cols[s]);
        (this.cols as Record<string, Float64Array>)[s] = x;
      }
    }
    this.company[this.size] = u;
    this.partner[this.size] = v;
    return this.size++;
  }
}

export interface Affinity {
  /** log tie rate by unordered type pair (key `a|b`, a ≤ b). */
  byTypes: Map<string, number>;
  /** log tie rate of same-country, different-country and unknown-country pairs. */
  same: number;
  different: number;
  unknown: number;
  /** For pairs of types never seen: the lowest rate. */
  floor: number;
}

export const typesKey = (a: string, b: string): string => (a <= b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Tie rates learned from the graph among organisations (`isOrg`): for each pair of types,
 * ties / possible pairs; the same for same country, different country and unknown. Logs of
 * (ties + 1) / (pairs + 1), so a combination never seen tied gets a low but finite value.
 */
export function learnAffinity(g: TieGraph, nodes: readonly HubNode[], isOrg: Uint8Array): Affinity {
  const byType = new Map<string, number>(),
    byCountry = new Map<string, number>();
  let known = 0,
    orgs = 0;
  for (let v = 0; v < nodes.length; v++) {
    if (!isOrg[v]) continue;
    orgs++;
    byType.set(nodes[v].type, (byType.get(nodes[v].type) ?? 0) + 1);
    const c = nodes[v].country;
    if (c) {
      known++;
      byCountry.set(c, (byCountry.get(c) ?? 0) + 1);
    }
  }
  const tiesByTypes = new Map<string, number>();
  let tSame = 0,
    tDiff = 0,
    tUnknown = 0;
  for (let u = 0; u < nodes.length; u++) {
    if (!isOrg[u]) continue;
    for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
      const v = g.targets[i];
      if (v <= u || !isOrg[v]) continue;
      const k = typesKey(nodes[u].type, nodes[v].type);
      tiesByTypes.set(k, (tiesByTypes.get(k) ?? 0) + 1);
      const a = nodes[u].country,
        b = nodes[v].country;
      if (!a || !b) tUnknown++;
      else if (a === b) tSame++;
      else tDiff++;
    }
  }
  const pairs2 = (k: number) => (k * (k - 1)) / 2;
  let pSame = 0;
  for (const k of byCountry.values()) pSame += pairs2(k);
  const pKnown = pairs2(known);
  const rate = (t: number, p: number) => Math.log((t + 1) / (p + 1));
  const byTypes = new Map<string, number>();
  const types = [...byType.keys()];
  let floor = 0;
  for (const a of types)
    for (const b of types) {
      if (a > b) continue;
      const p = a === b ? pairs2(byType.get(a)!) : byType.get(a)! * byType.get(b)!;
      const r = rate(tiesByTypes.get(typesKey(a, b)) ?? 0, p);
      byTypes.set(typesKey(a, b), r);
      floor = Math.min(floor, r);
    }
  return { byTypes, same: rate(tSame, pSame), different: rate(tDiff, pKnown - pSame), unknown: rate(tUnknown, pairs2(orgs) - pKnown), floor };
}

/**
 * What the signals need, precomputed once per graph as node columns so the per-pair work is array
 * reads: type and place codes, coordinates, each tie's freshness, recency-decayed degrees.
 */
export interface SignalContext {
  g: TieGraph;
  nodes: readonly HubNode[];
  config: PartnerConfig;
  affinity: Affinity;
  /** Day the recency ages are measured to. */
  refDay: number;
  /** Recency half-life in days. */
  halfLifeDays: number;
  /** Scratch arrays of length n (reused across companies). */
  mark: Int32Array;
  markPos: Int32Array;
  /** Walks of length 2 from the current company to each node (katz), and the nodes it touched. */
  walks2: Float64Array;
  touched: Int32Array;
  /** 1 + position of a node in the list walks3ToMany is summing for, else 0. */
  slot: Int32Array;
  katzBeta: number;
  /** Personalised PageRank of the current company (`ppr.source`), read by fillSignals. */
  ppr: PersonalisedPageRank;
  /** Freshness of each tie (CSR entry): 2^(−age / halfLife), 0 when undated. Monotone in the day, so the older of two ties is the less fresh. */
  fresh: Float64Array;
  /** Recency-decayed degree of each node: Σ of its ties' freshness. */
  activity: Float64Array;
  /** Index into NODE_TYPES of each node's type; affinity of each type pair as a T × T table. */
  typeCode: Uint8Array;
  typeAff: Float64Array;
  /** Country and region codes (−1 when absent), coordinates (NaN when absent). */
  countryCode: Int32Array;
  regionCode: Int32Array;
  lat: Float64Array;
  lon: Float64Array;
}

const T = NODE_TYPES.length;

export function signalContext(g: TieGraph, nodes: readonly HubNode[], config: PartnerConfig, affinity: Affinity, refDay: number): SignalContext {
  const halfLifeDays = config.recencyHalfLifeYears * 365.25;
  const fresh = new Float64Array(g.targets.length);
  for (let i = 0; i < fresh.length; i++) fresh[i] = Number.isNaN(g.last[i]) ? 0 : 2 ** (-Math.max(0, refDay - g.last[i]) / halfLifeDays);
  const activity = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) {
    let a = 0;
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) a += fresh[i];
    activity[v] = a;
  }
  const typeIndex = new Map<string, number>(NODE_TYPES.map((t, i) => [t, i]));
  const typeCode = Uint8Array.from(nodes, (x) => typeIndex.get(x.type) ?? typeIndex.get('other')!);
  const typeAff = new Float64Array(T * T);
  for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) typeAff[a * T + b] = affinity.byTypes.get(typesKey(NODE_TYPES[a], NODE_TYPES[b])) ?? affinity.floor;
  const codes = (get: (x: HubNode) => string | undefined) => {
    const m = new Map<string, number>();
    return Int32Array.from(nodes, (x) => {
      const k = get(x);
      if (!k) return -1;
      let c = m.get(k);
      if (c === undefined) m.set(k, (c = m.size));
      return c;
    });
  };
  return {
    g,
    nodes,
    config,
    affinity,
    refDay,
    halfLifeDays,
    mark: new Int32Array(g.n).fill(-1),
    markPos: new Int32Array(g.n),
    walks2: new Float64Array(g.n),
    touched: new Int32Array(g.n),
    slot: new Int32Array(g.n),
    katzBeta: config.katzBeta,
    ppr: new PersonalisedPageRank(g, pprWeights(g, config.ppr, refDay, halfLifeDays), config.ppr),
    fresh,
    activity,
    typeCode,
    typeAff,
    countryCode: codes((x) => x.country),
    regionCode: codes((x) => x.region),
    lat: Float64Array.from(nodes, (x) => x.lat ?? NaN),
    lon: Float64Array.from(nodes, (x) => x.lon ?? NaN),
  };
}

/** Theme words a node offers (its themes and subjects). */
const offeredBy = (n: HubNode) => [...(n.themes ?? []), ...(n.subjects ?? [])];

/** Per-company part of the attribute signals: complementarity of each partner type (T entries). */
export function complementarityOf(ctx: SignalContext, u: number): Float64Array {
  const c = ctx.config;
  const needs = new Map(Object.entries(c.themeNeeds).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const wanted = (ctx.nodes[u].themes ?? []).flatMap((t) => needs.get(t.trim().toLowerCase()) ?? []);
  return Float64Array.from(NODE_TYPES, (t) => (wanted.length ? (wanted.includes(t) ? 1 : 0) : (c.typeAffinity[t] ?? 0.5)));
}

/** Same values as features.ts proximity(), from the node columns. */
function proximityOf(ctx: SignalContext, u: number, v: number): number {
  if (!Number.isNaN(ctx.lat[u]) && !Number.isNaN(ctx.lat[v]) && !Number.isNaN(ctx.lon[u]) && !Number.isNaN(ctx.lon[v])) {
    return 2 ** (-haversineKm(ctx.lat[u], ctx.lon[u], ctx.lat[v], ctx.lon[v]) / ctx.config.distanceScaleKm);
  }
  if (ctx.regionCode[u] >= 0 && ctx.regionCode[u] === ctx.regionCode[v]) return 1;
  if (ctx.countryCode[u] >= 0 && ctx.countryCode[u] === ctx.countryCode[v]) return 0.5;
  return 0;
}

/** Position of each signal in a flat row (`fillSignals`), SIGNALS order. */
export const SIGNAL_INDEX: Readonly<Record<SignalName, number>> = Object.fromEntries(SIGNALS.map((x, i) => [x, i])) as Record<SignalName, number>;

/**
 * Every signal of (u, v) from its neighbourhood sums and the pair's attributes, into `out`
 * (SIGNALS order): the ranking scores each candidate from this flat row, only kept pairs get a
 * table row.
 */
export function fillSignals(
  ctx: SignalContext,
  u: number,
  v: number,
  compl: Float64Array,
  cn: number,
  aa: number,
  ra: number,
  rec: number,
  str: number,
  walks3: number,
  out: Float64Array,
): Float64Array {
  const { g, affinity } = ctx;
  const du = g.degree[u],
    dv = g.degree[v];
  const union = du + dv - cn;
  out[0] = cn;
  out[1] = union > 0 ? cn / union : 0;
  out[2] = aa;
  out[3] = ra;
  out[4] = du * dv;
  out[5] = rec;
  out[6] = str;
  out[7] = ctx.activity[u] * ctx.activity[v];
  out[8] = ctx.typeAff[ctx.typeCode[u] * T + ctx.typeCode[v]];
  const cu = ctx.countryCode[u],
    cv = ctx.countryCode[v];
  out[9] = cu < 0 || cv < 0 ? affinity.unknown : cu === cv ? affinity.same : affinity.different;
  const themes = ctx.nodes[u].themes;
  out[10] = themes?.length ? shared(themes, offeredBy(ctx.nodes[v])).length / themes.length : 0;
  out[11] = compl[ctx.typeCode[v]];
  out[12] = proximityOf(ctx, u, v);
  out[13] = dv;
  out[14] = ctx.activity[v];
  const b = ctx.katzBeta;
  out[15] = b * b * cn + b * b * b * walks3;
  // 0 when the walk from u was not run (training without the ppr input).
  out[16] = ctx.ppr.source === u ? ctx.ppr.value(v) : 0;
  return out;
}

/** Appends a flat row (fillSignals) to `table`; returns its position. */
export function addRow(table: SignalTable, u: number, v: number, flat: ArrayLike<number>): number {
  const row = table.add(u, v);
  for (let k = 0; k < SIGNALS.length; k++) table.cols[SIGNALS[k]][row] = flat[k];
  return row;
}

const flatScratch = new Float64Array(SIGNALS.length);

/** Writes one row from the neighbourhood sums of (u, v) and the pair's attributes. */
function writeRow(
  ctx: SignalContext,
  table: SignalTable,
  u: number,
  v: number,
  compl: Float64Array,
  cn: number,
  aa: number,
  ra: number,
  rec: number,
  str: number,
  walks3: number,
): void {
  addRow(table, u, v, fillSignals(ctx, u, v, compl, cn, aa, ra, rec, str, walks3, flatScratch));
}

/**
 * Walks of length 2 from u, counted into `ctx.walks2` (the nodes touched listed in `ctx.touched`;
 * their count is returned, clear them with clearWalks). Cost Σ over u's contacts of their degree.
 */
export function walksFrom(ctx: SignalContext, u: number): number {
  const { g, walks2, touched } = ctx;
  let m = 0;
  for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
    const w = g.targets[i];
    for (let j = g.offsets[w]; j < g.offsets[w + 1]; j++) {
      const x = g.targets[j];
      if (walks2[x] === 0) touched[m++] = x;
      walks2[x]++;
    }
  }
  return m;
}

export function clearWalks(ctx: SignalContext, m: number): void {
  for (let k = 0; k < m; k++) ctx.walks2[ctx.touched[k]] = 0;
}

/**
 * (A³)uv for each partner v of `vs` (distinct) into `out`, once walksFrom(ctx, u) has touched
 * `touched` nodes: either from each v's side (Σ deg v) or by pushing the walks of every touched node
 * along its partner ties (Σ partner degree of the touched nodes), whichever is less work; the
 * same sums either way.
 */
export function walks3ToMany(ctx: SignalContext, reach: PartnerReach, vs: ArrayLike<number>, touched: number, out: Float64Array): Float64Array {
  const { g, walks2, slot } = ctx;
  let fromV = 0,
    fromTouched = 0;
  for (let k = 0; k < vs.length; k++) fromV += g.degree[vs[k]];
  for (let k = 0; k < touched && fromTouched <= fromV; k++) {
    const x = ctx.touched[k];
    fromTouched += reach.offsets[x + 1] - reach.offsets[x];
  }
  if (fromV <= fromTouched) {
    for (let k = 0; k < vs.length; k++) out[k] = walks3To(ctx, vs[k]);
    return out;
  }
  for (let k = 0; k < vs.length; k++) {
    slot[vs[k]] = k + 1;
    out[k] = 0;
  }
  for (let k = 0; k < touched; k++) {
    const x = ctx.touched[k],
      w = walks2[x];
    for (let j = reach.offsets[x]; j < reach.offsets[x + 1]; j++) {
      const at = slot[reach.targets[j]];
      if (at) out[at - 1] += w;
    }
  }
  for (let k = 0; k < vs.length; k++) slot[vs[k]] = 0;
  return out;
}

/** (A³)uv once walksFrom(ctx, u) has run: Σ over v's contacts x of the walks u → · → x. */
export function walks3To(ctx: SignalContext, v: number): number {
  const { g, walks2 } = ctx;
  let s = 0;
  for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) s += walks2[g.targets[i]];
  return s;
}

/**
 * Writes the signals of (u, v) for every v in `candidates` as new rows of `table`; returns the
 * first row written. Cost O(deg u + Σ deg v), plus the walks of length 2 from u for `katz` and
 * the random walk from u for `ppr` (without them their column is 0: training skips them when the
 * model does not use them).
 */
export function scorePairs(ctx: SignalContext, u: number, candidates: ArrayLike<number>, table: SignalTable, katz = true, ppr = true): number {
  const { g, mark, markPos } = ctx;
  if (ppr) ctx.ppr.run(u);
  else ctx.ppr.source = -1;
  for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
    mark[g.targets[i]] = u;
    markPos[g.targets[i]] = i;
  }
  const compl = complementarityOf(ctx, u);
  const first = table.size;
  const touched = katz ? walksFrom(ctx, u) : 0;
  for (let k = 0; k < candidates.length; k++) {
    const v = candidates[k];
    let cn = 0,
      aa = 0,
      ra = 0,
      rec = 0,
      str = 0;
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
      const w = g.targets[i];
      if (mark[w] !== u || w === u) continue;
      const dw = g.degree[w],
        j = markPos[w];
      cn++;
      aa += 1 / Math.log(dw);
      ra += 1 / dw;
      rec += Math.min(ctx.fresh[j], ctx.fresh[i]);
      str += Math.min(g.strength[j], g.strength[i]);
    }
    writeRow(ctx, table, u, v, compl, cn, aa, ra, rec, str, katz ? walks3To(ctx, v) : 0);
  }
  clearWalks(ctx, touched);
  for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) mark[g.targets[i]] = -1;
  return first;
}

/** The graph's ties into partner nodes only, in CSR (row v: v's partner neighbours with each tie's strength and last day). */
export interface PartnerReach {
  offsets: Uint32Array;
  targets: Int32Array;
  strength: Float64Array;
  fresh: Float64Array;
}

export function partnerReach(ctx: SignalContext, isPartner: Uint8Array): PartnerReach {
  const g = ctx.g,
    n = g.n;
  const offsets = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) {
    let k = 0;
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) k += isPartner[g.targets[i]];
    offsets[v + 1] = offsets[v] + k;
  }
  const targets = new Int32Array(offsets[n]),
    strength = new Float64Array(offsets[n]),
    fresh = new Float64Array(offsets[n]);
  for (let v = 0, o = 0; v < n; v++) {
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
      if (!isPartner[g.targets[i]]) continue;
      targets[o] = g.targets[i];
      strength[o] = g.strength[i];
      fresh[o] = ctx.fresh[i];
      o++;
    }
  }
  return { offsets, targets, strength, fresh };
}

/**
 * Sparse accumulators for the two-step walk, one slot per node: `seen[v]` is 2u+1 once v is a
 * candidate of company u and 2u+2 once refused (reset by the stamp, never cleared); the five sums
 * of v sit together at `sums[5v … 5v+4]` (common contacts, Adamic–Adar, resource allocation,
 * recency, strength).
 */
export class ReachScratch {
  seen: Int32Array;
  sums: Float64Array;
  list: Int32Array;
  constructor(n: number) {
    this.seen = new Int32Array(n);
    this.sums = new Float64Array(5 * n);
    this.list = new Int32Array(n);
  }
}

/**
 * The candidates of company u into `x.list` (their count is returned): every partner within two
 * steps not tied to u that `allowed` accepts (asked once per partner), then each of `extra`
 * (partners out of reach, all neighbourhood sums 0). The sums are accumulated walking u → contact
 * w → partner v, so the cost is Σ over u's contacts of their partner degree — the same values as
 * scorePairs, without visiting any pair that cannot score. Also runs the personalised PageRank
 * from u (`ctx.ppr`), the other per-company sum the rows read, unless `ppr` is false (its column
 * is then 0: a walk per company costs seconds at national size when nothing reads it).
 */
export function walkReach(
  ctx: SignalContext,
  u: number,
  reach: PartnerReach,
  extra: ArrayLike<number>,
  allowed: ((v: number) => boolean) | null,
  x: ReachScratch,
  ppr = true,
): number {
  const { g } = ctx;
  const { seen, sums, list } = x;
  const yes = 2 * u + 1,
    no = 2 * u + 2;
  if (ppr) ctx.ppr.run(u);
  else ctx.ppr.source = -1;
  // u itself and its contacts are never candidates.
  seen[u] = no;
  for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) seen[g.targets[i]] = no;
  let size = 0;
  const accept = (v: number): boolean => {
    if (allowed && !allowed(v)) {
      seen[v] = no;
      return false;
    }
    seen[v] = yes;
    sums.fill(0, 5 * v, 5 * v + 5);
    list[size++] = v;
    return true;
  };
  for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
    const w = g.targets[i],
      dw = g.degree[w];
    const ia = 1 / Math.log(dw),
      ir = 1 / dw,
      fuw = ctx.fresh[i],
      suw = g.strength[i];
    for (let j = reach.offsets[w]; j < reach.offsets[w + 1]; j++) {
      const v = reach.targets[j];
      const st = seen[v];
      if (st === no || (st !== yes && !accept(v))) continue;
      const o = 5 * v;
      sums[o]++;
      sums[o + 1] += ia;
      sums[o + 2] += ir;
      const fv = reach.fresh[j],
        sv = reach.strength[j];
      sums[o + 3] += Math.min(fuw, fv);
      sums[o + 4] += Math.min(suw, sv);
    }
  }
  for (let k = 0; k < extra.length; k++) {
    const v = extra[k];
    if (seen[v] !== yes && seen[v] !== no) accept(v);
  }
  // The contacts were refused only for this company: a later company stamps its own.
  return size;
}

/**
 * Writes a row for every candidate of u (walkReach) into `table`; returns the first row written.
 */
export function scoreReach(
  ctx: SignalContext,
  u: number,
  reach: PartnerReach,
  extra: ArrayLike<number>,
  allowed: (v: number) => boolean,
  table: SignalTable,
  x: ReachScratch,
): number {
  const size = walkReach(ctx, u, reach, extra, allowed, x);
  const compl = complementarityOf(ctx, u);
  const first = table.size;
  const touched = walksFrom(ctx, u);
  for (let k = 0; k < size; k++) {
    const v = x.list[k],
      o = 5 * v;
    writeRow(ctx, table, u, v, compl, x.sums[o], x.sums[o + 1], x.sums[o + 2], x.sums[o + 3], x.sums[o + 4], walks3To(ctx, v));
  }
  clearWalks(ctx, touched);
  return first;
}

/**
 * Common contacts of u and v, most specific (lowest degree) first. Each neighbour of the
 * smaller-degree side is looked up in the other's sorted row: O(min deg · log max deg), so a
 * company against a university with thousands of ties stays cheap.
 */
export function commonContacts(g: TieGraph, u: number, v: number): number[] {
  const [a, b] = g.degree[u] <= g.degree[v] ? [u, v] : [v, u];
  const out: number[] = [];
  for (let i = g.offsets[a]; i < g.offsets[a + 1]; i++) {
    const w = g.targets[i];
    if (w === u || w === v) continue;
    let lo = g.offsets[b],
      hi = g.offsets[b + 1] - 1;
    while (lo <= hi) {
      const m = (lo + hi) >>> 1,
        x = g.targets[m];
      if (x === w) {
        out.push(w);
        break;
      }
      if (x < w) lo = m + 1;
      else hi = m - 1;
    }
  }
  return out.sort((x, y) => g.degree[x] - g.degree[y] || x - y);
}
