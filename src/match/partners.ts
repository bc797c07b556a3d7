import { buildSnapshot, edgeWeight, type Snapshot } from '../graph/snapshot.ts';
import type { Dataset, HubNode, NodeType } from '../model/index.ts';
import { LINK_SCORES, PartnerConfigSchema, type LinkScore, type PartnerConfig, type PartnerConfigInput } from './config.ts';
import { issue, MatchInputError } from './errors.ts';
import { label, listWords, proximity, sameRule, shared } from './features.ts';
import { linkPredictionFrom } from './linkpred.ts';
import { solveAssignment } from './solver.ts';

export const PARTNER_SCORES = ['themes', 'complementarity', 'proximity', ...LINK_SCORES, 'combined'] as const;
export type PartnerScoreName = (typeof PARTNER_SCORES)[number];

export interface PartnerCandidate {
  company: string;
  partner: string;
  scores: Record<PartnerScoreName, number>;
  /** Common neighbours, best introducers first (the most specific contacts). Built on first read. */
  readonly introducers: { id: string; label: string }[];
  /** Plain-words reasons. Built on first read: a national graph has millions of candidates, few are shown. */
  readonly explanation: string;
}

/** A candidate whose words are assembled only when read (most candidates never are). */
class LazyCandidate implements PartnerCandidate {
  private words?: string;
  constructor(
    readonly company: string, readonly partner: string, readonly scores: Record<PartnerScoreName, number>,
    private readonly describe: () => string, private readonly common: () => readonly number[], private readonly s: Snapshot,
  ) {}
  get introducers(): { id: string; label: string }[] {
    return this.common().map((w) => ({ id: this.s.ids[w], label: label(this.s.nodes[w]) }));
  }
  get explanation(): string {
    return (this.words ??= this.describe());
  }
}

const TYPE_WORDS: Partial<Record<NodeType, string>> = { vet: 'VET provider', university: 'university', school: 'school', research: 'research organisation' };

export function parsePartnerConfig(input: unknown, file?: string): PartnerConfig {
  const r = PartnerConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new MatchInputError(r.error.issues.map((i) =>
    issue({ file, path: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)', expected: i.message })));
}

export interface CandidateOptions {
  /**
   * Best candidates kept per company, by combined score (default `config.maxCandidates`). Bounds
   * memory on national graphs; `Infinity` keeps every pair (the hold-out evaluation does).
   */
  maxPerCompany?: number;
}

/**
 * Company × education-partner pairs that are not tied yet and pass the rules, with each score:
 * theme overlap, type complementarity, proximity, the four link-prediction scores (on `snapshot`,
 * default the whole dataset) and the weighted combination (link score scaled by its maximum over all
 * pairs). Two passes: numbers for every pair in typed arrays, then the best `maxPerCompany` of each
 * company become candidates, whose words are only assembled when read.
 */
export function partnerCandidates(
  dataset: Pick<Dataset, 'nodes' | 'edges'>, c: PartnerConfig, snapshot?: Snapshot, options: CandidateOptions = {},
): PartnerCandidate[] {
  const s = snapshot ?? buildSnapshot(dataset, { weighted: false });
  const keep = options.maxPerCompany ?? c.maxCandidates;
  const companyTypes = new Set<string>(c.companyTypes);
  const partnerTypes = new Set<string>(c.partnerTypes);
  const companies: number[] = [];
  const partners: number[] = [];
  for (let v = 0; v < s.n; v++) {
    const t = s.nodes[v].type;
    if (companyTypes.has(t)) companies.push(v);
    else if (partnerTypes.has(t)) partners.push(v);
  }
  const excluded = new Set(c.excludePairs.map((p) => JSON.stringify(p)));
  const needs = new Map(Object.entries(c.themeNeeds).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const stamp = new Int32Array(s.n).fill(-1);
  const wantedBy = (u: number) => (s.nodes[u].themes ?? []).flatMap((t) => needs.get(t.trim().toLowerCase()) ?? []);
  const offeredBy = (v: number) => [...(s.nodes[v].themes ?? []), ...(s.nodes[v].subjects ?? [])];

  // Pass 1: every pair's numbers, per company, in typed arrays (7 per pair).
  const FIELDS = 7; // themes, complementarity, proximity, cn, jaccard, adamicAdar, resourceAllocation
  const rows: { u: number; partners: Int32Array; values: Float64Array }[] = [];
  const net = LINK_SCORES.indexOf(c.linkScore as LinkScore) + 3;
  let maxLp = 0;
  for (const u of companies) {
    const cu = s.nodes[u];
    const cands = partners.filter((v) => {
      const pv = s.nodes[v];
      return edgeWeight(s, u, v) === 0 && !excluded.has(JSON.stringify([cu.id, pv.id]))
        && sameRule(c.region, cu.region, pv.region) && sameRule(c.country, cu.country, pv.country);
    });
    if (!cands.length) continue;
    const lps = linkPredictionFrom(s, u, cands, stamp);
    const wanted = wantedBy(u);
    const values = new Float64Array(cands.length * FIELDS);
    cands.forEach((v, i) => {
      const pv = s.nodes[v];
      const sh = shared(cu.themes, offeredBy(v));
      const o = i * FIELDS;
      values[o] = cu.themes?.length ? sh.length / cu.themes.length : 0;
      values[o + 1] = wanted.length ? (wanted.includes(pv.type) ? 1 : 0) : c.typeAffinity[pv.type] ?? 0.5;
      values[o + 2] = proximity(cu, pv, c.distanceScaleKm).value;
      const lp = lps[i];
      values[o + 3] = lp.commonNeighbours; values[o + 4] = lp.jaccard; values[o + 5] = lp.adamicAdar; values[o + 6] = lp.resourceAllocation;
      if (values[o + net] > maxLp) maxLp = values[o + net];
    });
    rows.push({ u, partners: Int32Array.from(cands), values });
  }

  // Pass 2: combined scores; the best `keep` of each company become candidates.
  const w = c.weights;
  const out: PartnerCandidate[] = [];
  for (const { u, partners: ps, values } of rows) {
    const combined = new Float64Array(ps.length);
    for (let i = 0; i < ps.length; i++) {
      const o = i * FIELDS;
      combined[i] = w.themes * values[o] + w.complementarity * values[o + 1] + w.proximity * values[o + 2]
        + w.network * (maxLp > 0 ? values[o + net] / maxLp : 0);
    }
    let order = Array.from(ps.keys());
    if (order.length > keep) order = order.sort((a, b) => combined[b] - combined[a] || ps[a] - ps[b]).slice(0, keep).sort((a, b) => a - b);
    const cu = s.nodes[u];
    for (const i of order) {
      const v = ps[i], o = i * FIELDS, pv = s.nodes[v];
      const common = () => linkPredictionFrom(s, u, [v], stamp)[0].common;
      const describe = () => {
        const sh = shared(cu.themes, offeredBy(v));
        const wanted = wantedBy(u);
        const words: string[] = [];
        words.push(sh.length ? `shares ${listWords(sh)}` : 'no shared themes');
        if (wanted.length) words.push(values[o + 1] ? `a ${TYPE_WORDS[pv.type] ?? pv.type} is what its themes need` : `its themes need a ${listWords([...new Set(wanted)].map((t) => TYPE_WORDS[t] ?? t))}`);
        words.push(proximity(cu, pv, c.distanceScaleKm).text);
        const cn = values[o + 3];
        const intro = common().slice(0, 3).map((x) => label(s.nodes[x]));
        if (cn) words.push(`${cn} common contact${cn === 1 ? '' : 's'}: ${listWords(intro)}${cn > 3 ? ' …' : ''} could make the introduction`);
        return words.join('; ');
      };
      out.push(new LazyCandidate(cu.id, pv.id, {
        themes: values[o], complementarity: values[o + 1], proximity: values[o + 2],
        commonNeighbours: values[o + 3], jaccard: values[o + 4], adamicAdar: values[o + 5], resourceAllocation: values[o + 6],
        combined: combined[i],
      }, describe, common, s));
    }
  }
  return out;
}

export interface PartnerSuggestion { id: string; label: string; type: NodeType; score: number; introducers: { id: string; label: string }[]; explanation: string; scores: Record<PartnerScoreName, number> }

export interface PartnerMatchResult {
  /** Top-N partners for each company, and top-N companies for each education partner. */
  suggestions: { id: string; label: string; type: NodeType; top: PartnerSuggestion[] }[];
  /** Global pairing within company and partner capacities (same exact solver as mentoring). */
  pairing: { pairs: { company: string; partner: string; score: number; explanation: string }[]; total: number; count: number };
  summary: { companies: number; partners: number; candidates: number };
  config: PartnerConfig;
}

/** Partner suggestions (top-N each side) and the optimal capacitated company ↔ partner pairing. */
export function matchPartners(dataset: Pick<Dataset, 'nodes' | 'edges'>, configInput: PartnerConfigInput | PartnerConfig = {}): PartnerMatchResult {
  const c = parsePartnerConfig(configInput);
  const cands = partnerCandidates(dataset, c);
  const nodeById = new Map<string, HubNode>(dataset.nodes.map((n) => [n.id, n]));
  // Each side's candidates by reference; only the top N become suggestions with words.
  const bySide = new Map<string, { otherId: string; x: PartnerCandidate }[]>();
  const push = (id: string, otherId: string, x: PartnerCandidate) => {
    const list = bySide.get(id);
    if (list) list.push({ otherId, x }); else bySide.set(id, [{ otherId, x }]);
  };
  for (const x of cands) { push(x.company, x.partner, x); push(x.partner, x.company, x); }
  const suggestions = [...bySide].map(([id, list]) => {
    const n = nodeById.get(id)!;
    list.sort((a, b) => b.x.scores.combined - a.x.scores.combined || (a.otherId < b.otherId ? -1 : a.otherId > b.otherId ? 1 : 0));
    const top = list.slice(0, c.top).map(({ otherId, x }): PartnerSuggestion => {
      const other = nodeById.get(otherId)!;
      return { id: otherId, label: label(other), type: other.type, score: x.scores.combined, introducers: x.introducers, explanation: x.explanation, scores: x.scores };
    });
    return { id, label: label(n), type: n.type, top };
  }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const companies = new Set(cands.map((x) => x.company));
  const partners = new Set(cands.map((x) => x.partner));
  const solved = solveAssignment({
    pairs: cands.map((x) => ({ left: x.company, right: x.partner, score: x.scores.combined })),
    leftCapacities: new Map([...companies].map((id) => [id, nodeById.get(id)!.capacity ?? c.defaultCapacity])),
    rightCapacities: new Map([...partners].map((id) => [id, c.partnerCapacity])),
  });
  const byKey = new Map(cands.map((x) => [JSON.stringify([x.company, x.partner]), x]));
  return {
    suggestions,
    pairing: {
      pairs: solved.pairs.map((p) => ({ company: p.left, partner: p.right, score: p.score, explanation: byKey.get(JSON.stringify([p.left, p.right]))!.explanation })),
      total: solved.total, count: solved.count,
    },
    summary: {
      companies: dataset.nodes.filter((n) => c.companyTypes.includes(n.type)).length,
      partners: dataset.nodes.filter((n) => c.partnerTypes.includes(n.type)).length,
      candidates: cands.length,
    },
    config: c,
  };
}
