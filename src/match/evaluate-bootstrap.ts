/**
 * Uncertainty of `match evaluate`'s headline figures: a seeded bootstrap over the companies with a
 * new tie. With a few dozen new ties one hit moves recall@k a lot, so every figure (recall@k, precision@k,
 * AUC) gets a 95 % percentile interval, and the combined score's ratio to the better baseline is resampled paired
 * (the same resample for both scores).
 */
import type { EvaluatedScore } from '../model/vocabulary.ts';
import type { EvaluationBootstrap } from '../model/partner-evaluation.ts';
import { createRng } from '../util/random.ts';

// The schemas live in the model (src/model/partner-evaluation.ts), so the API contract can re-export them.
export { EvaluationBootstrapSchema, RatioIntervalSchema, type EvaluationBootstrap } from '../model/partner-evaluation.ts';

export const BOOTSTRAP_METHOD =
  'companies with a new tie resampled with replacement; recall@k = mean over the resampled companies; AUC = mean over their positive pairs of the share of all negative pairs scored below (ties ½), negatives held fixed';

/** One score's per-company inputs, companies in one fixed order shared by every score. */
export interface CompanyFigures {
  score: EvaluatedScore;
  /** recall@k and precision@k of each company with a new tie. */
  recall: Float64Array;
  precision: Float64Array;
  /** Per company: the sum over its positive pairs of the share of negatives below (ties ½), or null without negatives. */
  placementSum: Float64Array | null;
}

/**
 * Each row's share of the negative rows scored strictly below it plus half of those equal
 * (Mann–Whitney placement); the mean over the positive rows is the AUC. Null without both kinds.
 */
export function placements(scores: ArrayLike<number>, positive: ArrayLike<number>): Float64Array | null {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let neg = 0;
  for (let i = 0; i < n; i++) if (!positive[i]) neg++;
  if (neg === 0 || neg === n) return null;
  const out = new Float64Array(n);
  let below = 0;
  for (let i = 0; i < n; ) {
    let j = i,
      equal = 0;
    while (j < n && scores[idx[j]] === scores[idx[i]]) {
      if (!positive[idx[j]]) equal++;
      j++;
    }
    for (let t = i; t < j; t++) out[idx[t]] = (below + equal / 2) / neg;
    below += equal;
    i = j;
  }
  return out;
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  return lo + 1 < sorted.length ? sorted[lo] + (at - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}
const interval = (values: number[]): [number, number] | null => {
  if (!values.length) return null;
  const s = Float64Array.from(values).sort();
  return [quantile(s, 0.025), quantile(s, 0.975)];
};

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Positive pairs of each company (same order as the figures). */
  positives: Int32Array;
  /** The ours score and the baselines its ratio may be taken to. */
  ours: EvaluatedScore;
  baselines: readonly EvaluatedScore[];
  /** Called after each resample with (done, resamples). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The bootstrap: `resamples` draws of as many companies as there are, with replacement, under
 * `seed`; every score is judged on the same draws. Deterministic under the seed.
 */
export function bootstrapEvaluation(figures: readonly CompanyFigures[], o: BootstrapOptions): EvaluationBootstrap {
  const m = o.positives.length;
  const rng = createRng(o.seed);
  const count = new Int32Array(m);
  const recall = figures.map(() => [] as number[]),
    precision = figures.map(() => [] as number[]),
    aucs = figures.map(() => [] as number[]);
  for (let b = 0; b < o.resamples; b++) {
    count.fill(0);
    for (let i = 0; i < m; i++) count[Math.floor(rng() * m)]++;
    let pos = 0;
    for (let i = 0; i < m; i++) pos += count[i] * o.positives[i];
    figures.forEach((f, s) => {
      let r = 0,
        q = 0,
        p = 0;
      for (let i = 0; i < m; i++) {
        if (!count[i]) continue;
        r += count[i] * f.recall[i];
        q += count[i] * f.precision[i];
        if (f.placementSum) p += count[i] * f.placementSum[i];
      }
      recall[s].push(r / m);
      precision[s].push(q / m);
      if (f.placementSum) aucs[s].push(p / pos);
    });
    o.onProgress?.(b + 1, o.resamples);
  }
  const at = (name: EvaluatedScore) => figures.findIndex((f) => f.score === name);
  const point = (s: number, kind: 'recall' | 'auc') => {
    const f = figures[s];
    let sum = 0,
      pos = 0;
    for (let i = 0; i < m; i++) {
      sum += kind === 'recall' ? f.recall[i] : (f.placementSum?.[i] ?? 0);
      pos += o.positives[i];
    }
    return kind === 'recall' ? sum / m : f.placementSum ? sum / pos : null;
  };
  const ratio = (kind: 'recall' | 'auc') => {
    const ours = at(o.ours);
    const candidates = o.baselines.map(at).filter((s) => s >= 0 && point(s, kind) !== null);
    const best = candidates.reduce((a, s) => ((point(s, kind) ?? 0) > (point(a, kind) ?? 0) ? s : a), candidates[0]);
    const values = kind === 'recall' ? recall : aucs;
    const paired: number[] = [];
    for (let b = 0; b < (values[best]?.length ?? 0); b++) if (values[best][b] > 0) paired.push(values[ours][b] / values[best][b]);
    const base = best === undefined ? null : point(best, kind);
    const own = point(ours, kind);
    return {
      baseline: best === undefined ? '' : figures[best].score,
      point: base && own !== null ? own / base : null,
      interval: interval(paired),
      resamplesUsed: paired.length,
    };
  };
  return {
    resamples: o.resamples,
    seed: o.seed,
    level: 0.95,
    companies: m,
    method: BOOTSTRAP_METHOD,
    scores: figures.map((f, s) => ({ score: f.score, recallAtK: interval(recall[s])!, precisionAtK: interval(precision[s])!, auc: interval(aucs[s]) })),
    ratio: { recallAtK: ratio('recall'), auc: ratio('auc') },
  };
}
