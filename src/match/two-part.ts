import { contributions, fitLogistic, logOdds, type LogisticModel } from './logistic.ts';
import type { TieGraph } from './ties.ts';

/**
 * The two-part partner model (`learning.objective: 'two-part'`):
 *   P(u–v tie) = P(u forms a new tie in the window) × P(v | u forms one),
 * the first a logistic regression on the organisation's own activity (the propensity), the second
 * a choice model over u's candidates (conditional logit or LambdaRank, `learning.choice`),
 * P(v | u) = exp η_uv / Σ over u's candidates of exp η. Within one organisation the order is the
 * choice model's; across organisations the propensity sets the level, which an AUC over all pairs
 * also judges and a choice model alone cannot learn (it has no intercept).
 */

/** The propensity's inputs, all on the organisation's side. */
export const PROPENSITY_FEATURES = ['degree', 'activity', 'companySide'] as const;
export type PropensityFeature = (typeof PROPENSITY_FEATURES)[number];

/** Words for the propensity's inputs, as explanations name them. */
export const PROPENSITY_WORDS: Record<PropensityFeature, string> = {
  degree: 'how many ties the company has',
  activity: 'how active the company is lately',
  companySide: 'how often companies form new ties',
};

/**
 * Organisation u's propensity inputs into `out`: log1p of its degree, log1p of its recency-decayed
 * degree (`activity`, SignalContext.activity at the same moment), and 1 when it is on the company side.
 */
export function propensityRow(g: TieGraph, activity: ArrayLike<number>, isCompany: ArrayLike<number>, u: number, out: Float64Array): Float64Array {
  out[0] = Math.log1p(g.degree[u]);
  out[1] = Math.log1p(activity[u]);
  out[2] = isCompany[u] ? 1 : 0;
  return out;
}

/** One window's propensity rows: every organisation in `who` (ascending), labelled 1 when `formed[u]`. */
export function propensityRows(
  g: TieGraph,
  activity: ArrayLike<number>,
  isCompany: ArrayLike<number>,
  who: readonly number[],
  formed: Uint8Array,
): { X: Float64Array; y: Uint8Array } {
  const f = PROPENSITY_FEATURES.length;
  const X = new Float64Array(who.length * f),
    y = new Uint8Array(who.length);
  const row = new Float64Array(f);
  who.forEach((u, i) => {
    X.set(propensityRow(g, activity, isCompany, u, row), i * f);
    y[i] = formed[u] ? 1 : 0;
  });
  return { X, y };
}

/** The propensity fit: unweighted classes, so its probability is the rate at which organisations like u form a new tie. */
export function fitPropensity(X: Float64Array, y: Uint8Array, l2: number): LogisticModel {
  return fitLogistic(PROPENSITY_FEATURES, X, y, { l2, balanced: false });
}

/** log σ(x), without overflow. */
const logSigmoid = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

/**
 * log Σ exp over a stream of values, accumulated one at a time (no array per organisation): the
 * running maximum m and Σ exp(x − m), rescaled when the maximum rises.
 */
export class LogSumExp {
  private max = -Infinity;
  private sum = 0;
  reset(): this {
    this.max = -Infinity;
    this.sum = 0;
    return this;
  }
  add(x: number): void {
    if (x <= this.max) this.sum += Math.exp(x - this.max);
    else {
      this.sum = this.sum * Math.exp(this.max - x) + 1;
      this.max = x;
    }
  }
  /** −Infinity when nothing was added. */
  value(): number {
    return this.max === -Infinity ? -Infinity : this.max + Math.log(this.sum);
  }
}

/**
 * Log-odds of the two-part probability q = σ(propensity) · exp(η − lse): log q − log(1 − q). A
 * monotone function of log σ(propensity) + η − lse, so it orders pairs as the product does.
 */
export function twoPartLogOdds(propensityLogOdds: number, eta: number, lse: number): number {
  const logQ = Math.min(logSigmoid(propensityLogOdds) + eta - lse, -1e-12);
  return logQ - Math.log(-Math.expm1(logQ));
}

/** The propensity's log-odds for organisation u. */
export function propensityLogOdds(m: LogisticModel, g: TieGraph, activity: ArrayLike<number>, isCompany: ArrayLike<number>, u: number): number {
  return logOdds(m, propensityRow(g, activity, isCompany, u, new Float64Array(PROPENSITY_FEATURES.length)));
}

/** The propensity inputs that raised u's level most (positive contributions above 0.05, at most two), in words. */
export function propensityWords(m: LogisticModel, g: TieGraph, activity: ArrayLike<number>, isCompany: ArrayLike<number>, u: number): string[] {
  const x = propensityRow(g, activity, isCompany, u, new Float64Array(PROPENSITY_FEATURES.length));
  return contributions(m, x)
    .filter((c) => c.value > 0.05 && c.feature !== 'companySide')
    .slice(0, 2)
    .map((c) => PROPENSITY_WORDS[c.feature as PropensityFeature]);
}
