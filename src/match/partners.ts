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
    private readonly describe: () => string, private readonly common: readonly number[], private readonly s: Snapshot,
  ) {}
  get introducers(): { id: string; label: string }[] {
    return this.common.map((w) => ({ id: this.s.ids[w], label: label(this.s.nodes[w]) }));
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

/**
 * Every company × education-partner pair that is not tied yet and passes the rules, with each
 * score: theme overlap, type complementarity, proximity, the four link-prediction scores (on
 * `snapshot`, default the whole dataset) and the weighted combination (link score scaled by its
 * maximum over the candidates).
 */
export function partnerCandidates(dataset: Pick<Dataset, 'nodes' | 'edges'>, c: PartnerConfig, snapshot?: Snapshot): PartnerCandidate[] {
  const s = snapshot ?? buildSnapshot(dataset, { weighted: false });
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
  const out: PartnerCandidate[] = [];
  const raw: { lp: number }[] = [];
  for (const u of companies) {
    const cu = s.nodes[u];
    const cands = partners.filter((v) => {
      const pv = s.nodes[v];
      return edgeWeight(s, u, v) === 0 && !excluded.has(JSON.stringify([cu.id, pv.id]))
        && sameRule(c.region, cu.region, pv.region) && sameRule(c.country, cu.country, pv.country);
    });
    const lps = linkPredictionFrom(s, u, cands, stamp);
    cands.forEach((v, i) => {
      const pv = s.nodes[v];
      const lp = lps[i];
      const offered = [...(pv.themes ?? []), ...(pv.subjects ?? [])];
      const sh = shared(cu.themes, offered);
      const themes = cu.themes?.length ? sh.length / cu.themes.length : 0;
      const wanted = (cu.themes ?? []).flatMap((t) => needs.get(t.trim().toLowerCase()) ?? []);
      const comp = wanted.length ? (wanted.includes(pv.type) ? 1 : 0) : c.typeAffinity[pv.type] ?? 0.5;
      const prox = proximity(cu, pv, c.distanceScaleKm);
      const describe = () => {
        const words: string[] = [];
        words.push(sh.length ? `shares ${listWords(sh)}` : 'no shared themes');
        if (wanted.length) words.push(comp ? `a ${TYPE_WORDS[pv.type] ?? pv.type} is what its themes need` : `its themes need a ${listWords([...new Set(wanted)].map((t) => TYPE_WORDS[t] ?? t))}`);
        words.push(prox.text);
        const intro = lp.common.slice(0, 3).map((w) => label(s.nodes[w]));
        if (lp.commonNeighbours) words.push(`${lp.commonNeighbours} common contact${lp.commonNeighbours === 1 ? '' : 's'}: ${listWords(intro)}${lp.commonNeighbours > 3 ? ' …' : ''} could make the introduction`);
        return words.join('; ');
      };
      out.push(new LazyCandidate(cu.id, pv.id, {
        themes, complementarity: comp, proximity: prox.value,
        commonNeighbours: lp.commonNeighbours, jaccard: lp.jaccard, adamicAdar: lp.adamicAdar, resourceAllocation: lp.resourceAllocation,
        combined: 0,
      }, describe, lp.common, s));
      raw.push({ lp: lp[c.linkScore as LinkScore] });
    });
  }
  const maxLp = raw.reduce((m, x) => Math.max(m, x.lp), 0);
  const w = c.weights;
  out.forEach((x, i) => {
    const net = maxLp > 0 ? raw[i].lp / maxLp : 0;
    x.scores.combined = w.themes * x.scores.themes + w.complementarity * x.scores.complementarity + w.proximity * x.scores.proximity + w.network * net;
  });
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
