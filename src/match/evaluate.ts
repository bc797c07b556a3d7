import { buildSnapshot } from '../graph/snapshot.ts';
import type { Dataset } from '../model/index.ts';
import { IsoDateSchema } from '../model/index.ts';
import type { PartnerConfig, PartnerConfigInput } from './config.ts';
import { issue, MatchInputError } from './errors.ts';
import { PARTNER_SCORES, partnerCandidates, parsePartnerConfig, type PartnerScoreName } from './partners.ts';

export interface ScoreEvaluation {
  score: PartnerScoreName;
  /** Share of the k best-scored candidates that did form a tie after the split. */
  precisionAtK: number;
  /** Probability that a tie formed after the split outscores a pair that did not (ties count ½); null without both kinds. */
  auc: number | null;
}

export interface PartnerEvaluation {
  split: string;
  k: number;
  trainTies: number;
  /** Company–partner pairs tied on or after the split that were not tied before it. */
  newTies: number;
  candidates: number;
  /** Precision of a random ranking: newTies / candidates. */
  baseline: number | null;
  scores: ScoreEvaluation[];
  note: string;
}

/** AUC by the Mann–Whitney statistic with average ranks for ties: O(n log n). */
export function auc(scores: readonly number[], positive: readonly boolean[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0, rankSum = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (positive[idx[t]]) { pos++; rankSum += avg; }
    i = j + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Temporal hold-out for partner suggestions: scores are computed on the ties that started before
 * `split` (undated ties count as before), and judged on the company–partner ties that started on
 * or after it. Precision@k ranks candidates by score (ties by company id, then partner id).
 */
export function evaluatePartners(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  options: { split: string; k?: number; config?: PartnerConfigInput | PartnerConfig },
): PartnerEvaluation {
  if (!IsoDateSchema.safeParse(options.split).success) {
    throw new MatchInputError([issue({ field: 'split', value: options.split, expected: 'an ISO date such as 2023-01-01' })]);
  }
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new MatchInputError([issue({ field: 'k', value: String(k), expected: 'a whole number ≥ 1' })]);
  const c = parsePartnerConfig(options.config ?? {});
  const split = options.split.slice(0, 10);
  const train = dataset.edges.filter((e) => !e.start || e.start.slice(0, 10) < split);
  const later = dataset.edges.filter((e) => e.start && e.start.slice(0, 10) >= split);
  const trainSet = { nodes: dataset.nodes, edges: train };
  const cands = partnerCandidates(trainSet, c, buildSnapshot(trainSet, { weighted: false }), { maxPerCompany: Infinity });
  const key = (a: string, b: string) => (a < b ? JSON.stringify([a, b]) : JSON.stringify([b, a]));
  const formed = new Set(later.map((e) => key(e.source, e.target)));
  const positive = cands.map((x) => formed.has(key(x.company, x.partner)));
  const newTies = positive.filter(Boolean).length;
  const scores: ScoreEvaluation[] = PARTNER_SCORES.map((name) => {
    const vals = cands.map((x) => x.scores[name]);
    const order = cands.map((_, i) => i).sort((a, b) => vals[b] - vals[a]
      || (cands[a].company < cands[b].company ? -1 : cands[a].company > cands[b].company ? 1 : 0)
      || (cands[a].partner < cands[b].partner ? -1 : cands[a].partner > cands[b].partner ? 1 : 0));
    const top = order.slice(0, k);
    return { score: name, precisionAtK: top.length ? top.filter((i) => positive[i]).length / top.length : 0, auc: auc(vals, positive) };
  });
  return {
    split, k, trainTies: train.length, newTies, candidates: cands.length,
    baseline: cands.length ? newTies / cands.length : null,
    scores,
    note: newTies === 0
      ? 'No company–partner tie formed on or after the split among the candidates: nothing to evaluate against.'
      : `Scores computed on ${train.length} ties before ${split}; judged on ${newTies} new company–partner ties.`,
  };
}
