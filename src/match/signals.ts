import type { HubNode } from '../model/index.ts';
import type { PartnerConfig } from './config.ts';
import { proximity, shared } from './features.ts';
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
 * - themes, complementarity, proximity: the attribute signals (zero when the data has no themes or places).
 */
export const SIGNALS = [
  'commonNeighbours', 'jaccard', 'adamicAdar', 'resourceAllocation', 'preferentialAttachment',
  'recency', 'strength', 'recentActivity', 'typeAffinity', 'countryAffinity', 'themes', 'complementarity', 'proximity',
] as const;
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
      const c = new Int32Array(n); c.set(this.company); this.company = c;
      const p = new Int32Array(n); p.set(this.partner); this.partner = p;
      for (const s of SIGNALS) { const x = new Float64Array(n); x.set(this.cols[s]); (this.cols as Record<string, Float64Array>)[s] = x; }
    }
    this.company[this.size] = u; this.partner[this.size] = v;
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
  const byType = new Map<string, number>(), byCountry = new Map<string, number>();
  let known = 0, orgs = 0;
  for (let v = 0; v < nodes.length; v++) {
    if (!isOrg[v]) continue;
    orgs++;
    byType.set(nodes[v].type, (byType.get(nodes[v].type) ?? 0) + 1);
    const c = nodes[v].country;
    if (c) { known++; byCountry.set(c, (byCountry.get(c) ?? 0) + 1); }
  }
  const tiesByTypes = new Map<string, number>();
  let tSame = 0, tDiff = 0, tUnknown = 0;
  for (let u = 0; u < nodes.length; u++) {
    if (!isOrg[u]) continue;
    for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) {
      const v = g.targets[i];
      if (v <= u || !isOrg[v]) continue;
      const k = typesKey(nodes[u].type, nodes[v].type);
      tiesByTypes.set(k, (tiesByTypes.get(k) ?? 0) + 1);
      const a = nodes[u].country, b = nodes[v].country;
      if (!a || !b) tUnknown++; else if (a === b) tSame++; else tDiff++;
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
  for (const a of types) for (const b of types) {
    if (a > b) continue;
    const p = a === b ? pairs2(byType.get(a)!) : byType.get(a)! * byType.get(b)!;
    const r = rate(tiesByTypes.get(typesKey(a, b)) ?? 0, p);
    byTypes.set(typesKey(a, b), r);
    floor = Math.min(floor, r);
  }
  return { byTypes, same: rate(tSame, pSame), different: rate(tDiff, pKnown - pSame), unknown: rate(tUnknown, pairs2(orgs) - pKnown), floor };
}

/** Inputs the attribute signals need: the config's theme rules and each node's record. */
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
  /** Recency-decayed degree of each node. */
  activity: Float64Array;
}

export function signalContext(g: TieGraph, nodes: readonly HubNode[], config: PartnerConfig, affinity: Affinity, refDay: number): SignalContext {
  const halfLifeDays = config.recencyHalfLifeYears * 365.25;
  const activity = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) {
    let a = 0;
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) a += Number.isNaN(g.last[i]) ? 0 : 2 ** (-Math.max(0, refDay - g.last[i]) / halfLifeDays);
    activity[v] = a;
  }
  return { g, nodes, config, affinity, refDay, halfLifeDays, mark: new Int32Array(g.n).fill(-1), markPos: new Int32Array(g.n), activity };
}

/** Theme words a node offers (its themes and subjects). */
const offeredBy = (n: HubNode) => [...(n.themes ?? []), ...(n.subjects ?? [])];

/**
 * Writes the signals of (u, v) for every v in `candidates` as new rows of `table`; returns the
 * first row written. Cost O(deg u + Σ deg v).
 */
export function scorePairs(ctx: SignalContext, u: number, candidates: ArrayLike<number>, table: SignalTable): number {
  const { g, nodes, mark, markPos, config: c } = ctx;
  for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) { mark[g.targets[i]] = u; markPos[g.targets[i]] = i; }
  const du = g.degree[u];
  const cu = nodes[u];
  const needs = new Map(Object.entries(c.themeNeeds).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const wanted = (cu.themes ?? []).flatMap((t) => needs.get(t.trim().toLowerCase()) ?? []);
  const first = table.size;
  const col = table.cols;
  for (let k = 0; k < candidates.length; k++) {
    const v = candidates[k];
    const row = table.add(u, v);
    let cn = 0, aa = 0, ra = 0, rec = 0, str = 0;
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
      const w = g.targets[i];
      if (mark[w] !== u || w === u) continue;
      const dw = g.degree[w];
      cn++;
      aa += 1 / Math.log(dw);
      ra += 1 / dw;
      const j = markPos[w];
      const older = Math.min(g.last[j], g.last[i]);
      rec += Number.isNaN(older) ? 0 : 2 ** (-Math.max(0, ctx.refDay - older) / ctx.halfLifeDays);
      str += Math.min(g.strength[j], g.strength[i]);
    }
    const dv = g.degree[v];
    const union = du + dv - cn;
    const pv = nodes[v];
    col.commonNeighbours[row] = cn;
    col.jaccard[row] = union > 0 ? cn / union : 0;
    col.adamicAdar[row] = aa;
    col.resourceAllocation[row] = ra;
    col.preferentialAttachment[row] = du * dv;
    col.recency[row] = rec;
    col.recentActivity[row] = ctx.activity[u] * ctx.activity[v];
    col.strength[row] = str;
    col.typeAffinity[row] = ctx.affinity.byTypes.get(typesKey(cu.type, pv.type)) ?? ctx.affinity.floor;
    col.countryAffinity[row] = !cu.country || !pv.country ? ctx.affinity.unknown : cu.country === pv.country ? ctx.affinity.same : ctx.affinity.different;
    col.themes[row] = cu.themes?.length ? shared(cu.themes, offeredBy(pv)).length / cu.themes.length : 0;
    col.complementarity[row] = wanted.length ? (wanted.includes(pv.type) ? 1 : 0) : c.typeAffinity[pv.type] ?? 0.5;
    col.proximity[row] = proximity(cu, pv, c.distanceScaleKm).value;
  }
  for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) mark[g.targets[i]] = -1;
  return first;
}

/**
 * Common contacts of u and v, most specific (lowest degree) first, then most recent tie.
 */
export function commonContacts(g: TieGraph, u: number, v: number): number[] {
  const out: number[] = [];
  let i = g.offsets[u], j = g.offsets[v];
  const ie = g.offsets[u + 1], je = g.offsets[v + 1];
  while (i < ie && j < je) {
    const a = g.targets[i], b = g.targets[j];
    if (a === b) { if (a !== u && a !== v) out.push(a); i++; j++; } else if (a < b) i++; else j++;
  }
  return out.sort((a, b) => g.degree[a] - g.degree[b] || a - b);
}
