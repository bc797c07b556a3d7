import type { HubNode } from '../model/index.ts';
import { createRng, shuffle } from '../util/random.ts';
import type { PartnerConfig } from './config.ts';
import { excludedPairKeys } from './excluded-pairs.ts';
import { sameRule } from './features.ts';
import { predictLogOdds, type TrainedPartnerModel } from './learn.ts';
import { pairHash, rankRows } from './partners-hash.ts';
import { learnAffinity, type SignalName, SignalTable, scorePairs, signalContext } from './signals.ts';
import { type TieTable, tieGraph, tiePosition } from './ties.ts';

/**
 * Inner temporal validation (`learning.select: inner`): the model family is chosen on the user's
 * own data. With S the split and h the horizon, each family is trained as if predicting from
 * S − h (ties before S − 2h teach which ties formed in [S − 2h, S − h)), then judged on the ties
 * that did form in [S − h, S): recall@INNER_K per company, as `match evaluate` computes it on its
 * headline population (both organisations active before S − h). The best family is then trained
 * on the usual window and applied at S. Nothing on or after S is read.
 */
export const INNER_K = 20;

/** Companies judged at most (a seeded sample beyond): bounds the validation at national size. */
export const INNER_MAX_COMPANIES = 400;

/**
 * The families, in the order ties are broken (the first is the fixed default). `null` features: the
 * default inputs of the dataset (modelFeatures). Chosen in bench/partners-select-h2020.ts, round 2.
 */
export const INNER_FAMILIES = [
  { name: 'pairs: default inputs', objective: 'pairs', features: null },
  {
    name: 'pairs: ppr, preferential attachment, type, country',
    objective: 'pairs',
    features: ['ppr', 'preferentialAttachment', 'typeAffinity', 'countryAffinity'],
  },
  { name: 'per-organisation: default inputs + ppr', objective: 'per-organisation', features: 'default+ppr' },
] as const satisfies readonly { name: string; objective: PartnerConfig['learning']['objective']; features: readonly SignalName[] | null | 'default+ppr' }[];
export type InnerFamily = (typeof INNER_FAMILIES)[number];

export interface InnerResult {
  /** The family's name, its recall@INNER_K on the inner window (null when it could not be trained). */
  name: string;
  recall: number | null;
}

export interface InnerChoice {
  family: InnerFamily;
  results: InnerResult[];
  /** Companies judged and the new ties they formed in the inner window. */
  companies: number;
  newTies: number;
}

/** The learning config of a family, on top of the user's (seed, l2, horizon, sampling stay). */
export function familyConfig(c: PartnerConfig, f: InnerFamily, defaults: readonly SignalName[]): PartnerConfig {
  const features = f.features === null ? [...defaults] : f.features === 'default+ppr' ? [...defaults, 'ppr' as const] : [...f.features];
  return { ...c, learning: { ...c.learning, select: 'fixed', objective: f.objective, features } };
}

/**
 * Judges each family's model (`train(family)`, trained to predict from `fromDay` = S − h) on the
 * ties formed in [fromDay, untilDay). Returns null when no company formed a tie there.
 */
export function chooseFamily(
  ties: TieTable,
  nodes: readonly HubNode[],
  masks: { isOrg: Uint8Array; isCompany: Uint8Array; isPartner: Uint8Array },
  c: PartnerConfig,
  fromDay: number,
  untilDay: number,
  train: (f: InnerFamily) => TrainedPartnerModel | null,
): InnerChoice | null {
  const n = nodes.length;
  const { isOrg, isCompany, isPartner } = masks;
  const g = tieGraph(ties, n, fromDay);
  const present = (v: number) => g.degree[v] > 0;
  // The candidates match evaluate judges: untied, not excluded, region / country rules hold.
  const excluded = excludedPairKeys(nodes, c.excludePairs);
  const allowed = (u: number, v: number) =>
    tiePosition(g, u, v) < 0 &&
    !excluded.has(u * n + v) &&
    sameRule(c.region, nodes[u].region, nodes[v].region) &&
    sameRule(c.country, nodes[u].country, nodes[v].country);
  const formed = new Map<number, Set<number>>();
  for (let r = 0; r < ties.size; r++) {
    const d = ties.day[r];
    if (!(d >= fromDay && d < untilDay)) continue;
    let u = ties.a[r],
      v = ties.b[r];
    if (isCompany[v] && isPartner[u]) [u, v] = [v, u];
    if (!isCompany[u] || !isPartner[v] || !present(u) || !present(v) || !allowed(u, v)) continue;
    const s = formed.get(u) ?? new Set<number>();
    s.add(v);
    formed.set(u, s);
  }
  let companies = [...formed.keys()].sort((a, b) => a - b);
  if (!companies.length) return null;
  if (companies.length > INNER_MAX_COMPANIES)
    companies = shuffle(companies, createRng(c.learning.seed))
      .slice(0, INNER_MAX_COMPANIES)
      .sort((a, b) => a - b);
  let newTies = 0;
  for (const u of companies) newTies += formed.get(u)!.size;
  const models = INNER_FAMILIES.map((f) => train(f));
  const uses = (s: SignalName) => models.some((m) => m?.model.features.includes(s));
  const ctx = signalContext(g, nodes, c, learnAffinity(g, nodes, isOrg), fromDay);
  const partners: number[] = [];
  for (let v = 0; v < n; v++) if (isPartner[v] && present(v)) partners.push(v);
  const hits = models.map(() => 0);
  const table = new SignalTable(partners.length || 1);
  const scratch = new Float64Array(64);
  const order = new Int32Array(partners.length);
  const key = new Float64Array(partners.length);
  const tiebreak = new Float64Array(partners.length);
  for (const u of companies) {
    const vs = Int32Array.from(partners.filter((v) => allowed(u, v)));
    table.size = 0;
    scorePairs(ctx, u, vs, table, uses('katz'), uses('ppr'));
    const wanted = formed.get(u)!;
    for (let r = 0; r < table.size; r++) tiebreak[r] = pairHash(u * n + table.partner[r], c.learning.seed);
    models.forEach((m, i) => {
      if (!m) return;
      for (let r = 0; r < table.size; r++) {
        key[r] = predictLogOdds(m.model, table, r, scratch);
        order[r] = r;
      }
      // Best first; equal scores in a seeded random order (as match evaluate breaks them), not by the row order.
      const top = rankRows(order.subarray(0, table.size), key, tiebreak);
      let hit = 0;
      for (let k = 0; k < Math.min(INNER_K, top.length); k++) if (wanted.has(table.partner[top[k]])) hit++;
      hits[i] += hit / wanted.size;
    });
  }
  const results = INNER_FAMILIES.map((f, i) => ({ name: f.name, recall: models[i] ? hits[i] / companies.length : null }));
  let best = -1;
  results.forEach((r, i) => {
    if (r.recall !== null && (best < 0 || r.recall > results[best].recall!)) best = i;
  });
  if (best < 0) return null;
  return { family: INNER_FAMILIES[best], results, companies: companies.length, newTies };
}
