import type { EvaluateSettings } from './evaluate-options.ts';
import type { Dataset } from '../model/index.ts';
import { EVALUATED_SCORES, EVALUATION_BASELINES, IsoDateSchema, type EvaluatedScore } from '../model/index.ts';
import type { PartnerConfig, PartnerConfigInput } from './config.ts';
import { issue, MatchInputError } from './errors.ts';
import { bootstrapEvaluation, placements, type CompanyFigures } from './evaluate-bootstrap.ts';
import type { EvaluationBootstrap, PartnerEvaluation, PopulationEvaluation, ScoreEvaluation } from '../model/partner-evaluation.ts';
import { pairHash, rankRows } from './partners-hash.ts';
import { parsePartnerConfig, partnerSetup, rankPartners, type RankedPairs } from './partners.ts';
import type { SignalName } from './signals.ts';
import { isoDay } from './ties.ts';
import { createRng, shuffle } from '../util/random.ts';

export { EVALUATED_SCORES, type EvaluatedScore } from '../model/index.ts';
export { PartnerEvaluationSchema, type PartnerEvaluation, type PopulationEvaluation, type ScoreEvaluation } from '../model/partner-evaluation.ts';

const BASELINES = new Set<string>(EVALUATION_BASELINES);

/** AUC by the Mann–Whitney statistic with average ranks for ties: O(n log n). */
export function auc(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number | null {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0,
    rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++)
      if (positive[idx[t]]) {
        pos++;
        rankSum += avg;
      }
    i = j + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * recall@k and precision@k of each company with a new tie (ascending company index), and its new
 * ties: the headline means and the bootstrap's units. Rows of each company are ranked by score,
 * equal scores in the order of `tiebreak` (a seeded random rank, so no score gains from the input order).
 */
export function perCompanyRecalls(
  company: ArrayLike<number>,
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
  tiebreak: ArrayLike<number>,
  rows: readonly number[],
  k: number,
): { companies: number[]; recall: Float64Array; precision: Float64Array; positives: Int32Array } {
  const byCompany = new Map<number, number[]>();
  for (const r of rows) {
    const l = byCompany.get(company[r]);
    if (l) l.push(r);
    else byCompany.set(company[r], [r]);
  }
  const companies = [...byCompany.keys()].filter((u) => byCompany.get(u)!.some((r) => positive[r])).sort((a, b) => a - b);
  const recall = new Float64Array(companies.length),
    precision = new Float64Array(companies.length),
    positives = new Int32Array(companies.length);
  companies.forEach((u, i) => {
    const list = rankRows(byCompany.get(u)!, scores, tiebreak);
    let pos = 0,
      hit = 0;
    for (const r of list) pos += positive[r];
    for (let j = 0; j < Math.min(k, list.length); j++) hit += positive[list[j]];
    recall[i] = hit / pos;
    precision[i] = hit / k;
    positives[i] = pos;
  });
  return { companies, recall, precision, positives };
}

const meanOf = (xs: Float64Array): number | null => (xs.length ? xs.reduce((x, y) => x + y, 0) / xs.length : null);

/** split, k and seed as EvaluateOptionsSchema describes them (evaluate-options.ts), and the partner config scored with. */
export interface EvaluateOptions extends EvaluateSettings {
  config?: PartnerConfigInput | PartnerConfig;
}

/** Every candidate row with its label, as the evaluation judged it (the benchmark hands it to NetworkX). */
export interface EvaluationRows {
  ranked: RankedPairs;
  positive: Uint8Array;
  established: Uint8Array;
  tiebreak: Float64Array;
  random: Float64Array;
}

/**
 * Temporal hold-out for partner suggestions. Scores use only the ties that started before `split`
 * (undated ties count as before; in participation data, organisations sharing a project are tied
 * from the project's start); the learned score is trained on an earlier window of those same ties.
 * Every allowed untied company–partner pair is a candidate; it is positive when the two tie on or
 * after the split. Headline: pairs whose two organisations both had a tie before the split (no
 * structural score can place a newcomer); `all` adds the newcomers.
 */
export function evaluatePartnersDetailed(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  options: EvaluateOptions,
  progress: EvaluateProgress = () => {},
): { evaluation: PartnerEvaluation; rows: EvaluationRows } {
  if (!IsoDateSchema.safeParse(options.split).success) {
    throw new MatchInputError([issue({ field: 'split', value: options.split, expected: 'an ISO date such as 2023-01-01' })]);
  }
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new MatchInputError([issue({ field: 'k', value: String(k), expected: 'a whole number ≥ 1' })]);
  const c = parsePartnerConfig(options.config ?? {});
  const split = options.split.slice(0, 10);
  const splitDay = isoDay(split);
  progress(0, 'training on the ties before the split');
  const s = partnerSetup(dataset, c, splitDay);
  const n = s.nodes.length;
  const seed = options.seed ?? 7;
  // Every allowed pair of every company is a table row: above maxCompanies (national data, where that
  // would be tens of millions of rows) a seeded sample of companies is judged, each against every partner.
  const maxCompanies = options.maxCompanies ?? 1000;
  const allCompanies: number[] = [];
  for (let v = 0; v < n; v++) if (s.isCompany[v]) allCompanies.push(v);
  let sample: PartnerEvaluation['sample'];
  let mask: Uint8Array | undefined;
  if (allCompanies.length > maxCompanies) {
    mask = new Uint8Array(n);
    for (const u of shuffle([...allCompanies], createRng(seed)).slice(0, maxCompanies)) mask[u] = 1;
    sample = { companies: maxCompanies, of: allCompanies.length, seed };
  }
  const scoring = sample ? `scoring every candidate pair of a sample of ${maxCompanies} of ${allCompanies.length} companies` : 'scoring every candidate pair';
  progress(0.4, scoring);
  const ranked = rankPartners(s, { allPairs: true, keep: Infinity, companies: mask, onProgress: within(progress, 0.4, 0.6, scoring, 'companies') });
  progress(0.6, 'judging the scores on the ties formed after the split');
  const t = ranked.signals;
  // Pairs that tie on or after the split.
  const formed = new Set<number>();
  let trainTies = 0;
  for (let r = 0; r < s.ties.size; r++) {
    if (s.ties.day[r] >= splitDay) {
      const a = s.ties.a[r],
        b = s.ties.b[r];
      formed.add(a * n + b);
      formed.add(b * n + a);
    } else trainTies++;
  }
  const positive = new Uint8Array(t.size),
    established = new Uint8Array(t.size);
  const tiebreak = new Float64Array(t.size),
    random = new Float64Array(t.size);
  for (let r = 0; r < t.size; r++) {
    const u = t.company[r],
      v = t.partner[r];
    positive[r] = formed.has(u * n + v) ? 1 : 0;
    established[r] = s.g.degree[u] > 0 && s.g.degree[v] > 0 ? 1 : 0;
    tiebreak[r] = pairHash(u * n + v, seed);
    random[r] = pairHash(u * n + v, seed + 1);
  }
  const column = (name: EvaluatedScore): ArrayLike<number> =>
    name === 'combined' ? ranked.rankKey : name === 'weighted' ? ranked.weighted : name === 'random' ? random : t.cols[name as SignalName];
  // Each score's per-company recall and precision, ranked once per population; the headline
  // population's are also the bootstrap's units.
  const headline = new Map<EvaluatedScore, ReturnType<typeof perCompanyRecalls>>();
  const populations = (['established', 'all'] as const).map((population): PopulationEvaluation => {
    const rows: number[] = [];
    for (let r = 0; r < t.size; r++) if (population === 'all' || established[r]) rows.push(r);
    const pos = Uint8Array.from(rows, (r) => positive[r]);
    let newTies = 0;
    for (const p of pos) newTies += p;
    let companies = 0;
    const scores = EVALUATED_SCORES.map((name): ScoreEvaluation => {
      const col = column(name);
      const per = perCompanyRecalls(t.company, col, positive, tiebreak, rows, k);
      if (population === 'established') headline.set(name, per);
      companies = per.companies.length;
      return {
        score: name,
        role: name === 'combined' || name === 'weighted' ? 'ours' : BASELINES.has(name) ? 'baseline' : 'signal',
        recallAtK: meanOf(per.recall),
        precisionAtK: meanOf(per.precision),
        auc: auc(
          Float64Array.from(rows, (r) => col[r]),
          pos,
        ),
      };
    });
    return { population, candidates: rows.length, newTies, companies, scores };
  });
  const head = populations[0];
  const resamples = options.bootstrap ?? 1000;
  let bootstrap: EvaluationBootstrap | undefined;
  if (resamples > 0 && head.newTies > 0) {
    progress(0.8, `${resamples} bootstrap resamples`);
    const rows: number[] = [];
    for (let r = 0; r < t.size; r++) if (established[r]) rows.push(r);
    const pos = Uint8Array.from(rows, (r) => positive[r]);
    const figures = EVALUATED_SCORES.map((name): CompanyFigures => {
      const col = column(name);
      const per = headline.get(name)!;
      // Placements of the positive rows, summed per company (companies in the same ascending order).
      const place = placements(
        Float64Array.from(rows, (r) => col[r]),
        pos,
      );
      let placementSum: Float64Array | null = null;
      if (place) {
        placementSum = new Float64Array(per.companies.length);
        const slot = new Map(per.companies.map((u, i) => [u, i]));
        rows.forEach((r, i) => {
          if (pos[i]) placementSum![slot.get(t.company[r])!] += place[i];
        });
      }
      return { score: name, recall: per.recall, precision: per.precision, placementSum };
    });
    const units = headline.get('combined')!.positives;
    bootstrap = bootstrapEvaluation(figures, {
      resamples,
      seed,
      positives: units,
      ours: 'combined',
      baselines: ['preferentialAttachment', 'adamicAdar'],
      onProgress: within(progress, 0.8, 1, `${resamples} bootstrap resamples`, 'resamples'),
    });
  }
  const evaluation: PartnerEvaluation = {
    split,
    k,
    form: s.ties.form,
    trainTies,
    scoring: s.scoring,
    candidates: head.candidates,
    newTies: head.newTies,
    scores: head.scores,
    populations,
    ...(sample ? { sample } : {}),
    ...(bootstrap ? { bootstrap } : {}),
    note:
      head.newTies === 0
        ? 'No company–partner tie formed on or after the split between organisations active before it: nothing to evaluate against.'
        : `Scores computed on the ${trainTies} ties before ${split}; judged on the ${head.newTies} company–partner ties formed on or after it between organisations active before it (${populations[1].newTies} counting newcomers)${sample ? `, for a seeded sample of ${sample.companies} of the ${sample.of} companies (maxCompanies), each against every allowed partner: the figures are estimates over that sample` : ''}.`,
  };
  progress(1, 'done');
  return { evaluation, rows: { ranked, positive, established, tiebreak, random } };
}

/**
 * The evaluation's stages as they start (training, scoring, judging, bootstrap) and, within the long
 * ones (scoring every company's candidates, the bootstrap), the share done: the fraction marks the
 * stage and how far through it, not time measured.
 */
export type EvaluateProgress = (fraction: number, stage: string) => void;

/** Reports within a stage: at most PROGRESS_STEPS times across it, and at its end (the share of the work, not of the time). */
export const PROGRESS_STEPS = 50;

/** (done, total) of a stage spanning [from, to) of the whole, as `stage (done/total unit)`, throttled to PROGRESS_STEPS reports. */
function within(progress: EvaluateProgress, from: number, to: number, stage: string, unit: string): (done: number, total: number) => void {
  let next = 0;
  return (done, total) => {
    if (done < next && done < total) return;
    next = done + Math.max(1, Math.ceil(total / PROGRESS_STEPS));
    progress(from + ((to - from) * done) / Math.max(1, total), `${stage} (${done}/${total} ${unit})`);
  };
}

export function evaluatePartners(dataset: Pick<Dataset, 'nodes' | 'edges'>, options: EvaluateOptions, progress?: EvaluateProgress): PartnerEvaluation {
  return evaluatePartnersDetailed(dataset, options, progress).evaluation;
}
