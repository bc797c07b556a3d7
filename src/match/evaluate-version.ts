/**
 * `match evaluate` on a stored version or a file, as the API (in a worker) and the CLI run it: the
 * dated range of the organisation ties, how many companies form a new tie after each possible split,
 * the default split (chooseSplit), and the cases with nothing to judge (no dated tie, a split outside
 * the range, no company forming a new tie after it) answered as a problem naming the request field,
 * so the route can send a 400 before any job starts and the cache keeps what the worker finds.
 */
import type { Dataset, VersionEvaluation } from '../model/index.ts';
import { chooseSplit, MIN_SPLIT_COMPANIES, splitWarning } from '../model/index.ts';
import type { PartnerConfig, PartnerConfigInput } from './config.ts';
import { type EvaluateProgress, evaluatePartners } from './evaluate.ts';
import type { VersionEvaluateRequest } from './evaluate-options.ts';
import { excludedPairKeys } from './excluded-pairs.ts';
import { sameRule } from './features.ts';
import { parsePartnerConfig } from './partners.ts';
import { dayIso, isoDay, organisationTies, type TieTable } from './ties.ts';

/** Why there is nothing to evaluate: the request field, what it should have been, and what the data says. */
export interface EvaluationProblem {
  ok: false;
  path: string;
  expected: string;
  message: string;
  datedRange?: VersionEvaluation['datedRange'];
}
export type VersionEvaluateOutcome = { ok: true; evaluation: VersionEvaluation } | EvaluationProblem;

/** The split an evaluation will use and why, or the problem that leaves nothing to evaluate. */
export type EvaluationPlan =
  | { ok: true; split: string; splitChosen: VersionEvaluation['splitChosen']; datedRange: VersionEvaluation['datedRange'] }
  | EvaluationProblem;

/**
 * For each split day, the companies with a new tie after it as the evaluation's headline counts them:
 * a company–partner pair the config allows (types, excluded pairs, region and country rules) that is
 * not tied before the split and ties on or after it, both organisations tied to someone before it
 * (undated ties count as before). One pass over the ties, then over the pairs per split.
 */
export function companiesWithNewTies(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  c: PartnerConfig,
  splitDays: readonly number[],
  ties: TieTable = organisationTies(dataset),
): number[] {
  const nodes = dataset.nodes,
    n = nodes.length;
  const companyTypes = new Set<string>(c.companyTypes),
    partnerTypes = new Set<string>(c.partnerTypes);
  const isCompany = Uint8Array.from(nodes, (x) => (companyTypes.has(x.type) ? 1 : 0));
  const isPartner = Uint8Array.from(nodes, (x, i) => (!isCompany[i] && partnerTypes.has(x.type) ? 1 : 0));
  const excluded = excludedPairKeys(nodes, c.excludePairs);
  // Each organisation's first tie and each company–partner pair's first tie (undated: −∞, always before).
  const orgFirst = new Float64Array(n).fill(Infinity);
  const pairFirst = new Map<number, number>();
  for (let r = 0; r < ties.size; r++) {
    const a = ties.a[r],
      b = ties.b[r];
    if (a === b) continue;
    const d = Number.isNaN(ties.day[r]) ? -Infinity : ties.day[r];
    if (d < orgFirst[a]) orgFirst[a] = d;
    if (d < orgFirst[b]) orgFirst[b] = d;
    const [u, v] = isCompany[a] && isPartner[b] ? [a, b] : isCompany[b] && isPartner[a] ? [b, a] : [-1, -1];
    if (u < 0) continue;
    const key = u * n + v;
    const was = pairFirst.get(key);
    if (was === undefined || d < was) pairFirst.set(key, d);
  }
  const counted = splitDays.map(() => new Uint8Array(n));
  const counts = splitDays.map(() => 0);
  for (const [key, first] of pairFirst) {
    const u = Math.floor(key / n),
      v = key % n;
    if (excluded.has(key) || !sameRule(c.region, nodes[u].region, nodes[v].region) || !sameRule(c.country, nodes[u].country, nodes[v].country)) continue;
    const active = Math.max(orgFirst[u], orgFirst[v]);
    splitDays.forEach((day, j) => {
      if (active < day && first >= day && !counted[j][u]) {
        counted[j][u] = 1;
        counts[j]++;
      }
    });
  }
  return counts;
}

/** The dated range of the organisation ties, or null when none is dated. */
function datedRangeOf(ties: TieTable): VersionEvaluation['datedRange'] | null {
  let lo = NaN,
    hi = NaN,
    dated = 0;
  for (let r = 0; r < ties.size; r++) {
    const d = ties.day[r];
    if (Number.isNaN(d)) continue;
    dated++;
    if (!(lo <= d)) lo = d;
    if (!(hi >= d)) hi = d;
  }
  return dated ? { first: dayIso(lo), last: dayIso(hi), datedTies: dated } : null;
}

/**
 * The cheap part of an evaluation, before any scoring: the dated range, the companies each 1 January
 * boundary inside it leaves (and the asked split), the split to use (asked, or chooseSplit's) and
 * what is wrong when nothing can be evaluated.
 */
export function planEvaluation(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  req: { split?: string; config?: PartnerConfigInput | PartnerConfig },
  minCompanies = MIN_SPLIT_COMPANIES,
): EvaluationPlan {
  const c = parsePartnerConfig(req.config ?? {});
  // The projection of participation data is the costly part: built once for both passes.
  const ties = organisationTies(dataset);
  const datedRange = datedRangeOf(ties);
  if (!datedRange)
    return {
      ok: false,
      path: 'split',
      expected: 'a version whose ties have start dates',
      message: 'none of the ties between organisations has a start date, so there is no "before" to learn from and no "after" to judge on',
    };
  const allowed = `a date after ${datedRange.first} and on or before ${datedRange.last} (the dated range of the ties)`;
  const boundaries: string[] = [];
  for (let y = Number(datedRange.first.slice(0, 4)) + 1; y <= Number(datedRange.last.slice(0, 4)); y++) boundaries.push(`${y}-01-01`);
  const asked = req.split?.slice(0, 10);
  const days = [...boundaries, ...(asked ? [asked] : [])].map(isoDay);
  const counts = companiesWithNewTies(dataset, c, days, ties);
  const years = boundaries.map((split, j) => ({ split, companies: counts[j] }));
  let split: string, splitChosen: VersionEvaluation['splitChosen'];
  if (asked) {
    if (asked <= datedRange.first || asked > datedRange.last)
      return {
        ok: false,
        path: 'split',
        expected: allowed,
        message: `split ${asked} leaves no ties ${asked <= datedRange.first ? 'before it to learn from' : 'on or after it to judge on'}`,
        datedRange,
      };
    const companies = counts[counts.length - 1];
    const warning = splitWarning({ split: asked, companies }, years, minCompanies);
    split = asked;
    splitChosen = { by: 'request', reason: 'asked for', companies, minCompanies, ...(warning ? { warning } : {}), years };
  } else {
    const best = chooseSplit(years, minCompanies);
    if (!best)
      return {
        ok: false,
        path: 'split',
        expected: `${allowed}: the ties start and end in one calendar year, so there is no 1 January to choose by default`,
        message: `no default split inside ${datedRange.first} to ${datedRange.last}; give one`,
        datedRange,
      };
    split = best.split;
    splitChosen = { by: 'default', reason: best.reason, companies: best.companies, minCompanies, years };
  }
  if (splitChosen.companies === 0) {
    const most = chooseSplit(years, minCompanies);
    const instead = most && most.companies > 0 ? ` (split ${most.split} leaves ${most.companies})` : ' (no 1 January in it leaves any)';
    return {
      ok: false,
      path: 'split',
      expected: `${allowed} after which some company forms a new tie with a partner, both active before it${instead}`,
      message: `no company forms a new tie with a partner after ${split} (0 companies)`,
      datedRange,
    };
  }
  return { ok: true, split, splitChosen, datedRange };
}

/**
 * The version's evaluation, or the problem that leaves nothing to evaluate (found by planEvaluation, or in the scoring).
 * `plan` is planEvaluation's answer for this dataset and request when the caller has it already (the API checks it
 * before any job starts), so the job does not project the ties and count the companies again.
 */
export function evaluateVersion(
  dataset: Pick<Dataset, 'nodes' | 'edges'>,
  req: VersionEvaluateRequest,
  progress?: EvaluateProgress,
  plan: EvaluationPlan = planEvaluation(dataset, req),
): VersionEvaluateOutcome {
  if (!plan.ok) return plan;
  const { split, splitChosen, datedRange } = plan;
  const evaluation = evaluatePartners(
    dataset,
    { split, k: req.k, seed: req.seed, bootstrap: req.bootstrap, maxCompanies: req.maxCompanies, config: req.config },
    progress,
  );
  // Only a sample (maxCompanies) can miss every company with a new tie the plan counted.
  if (evaluation.newTies === 0)
    return {
      ok: false,
      path: evaluation.sample ? 'maxCompanies' : 'split',
      expected: evaluation.sample
        ? `a sample holding some of the ${splitChosen.companies} companies forming a new tie after ${split}: a larger maxCompanies (${evaluation.sample.companies} of ${evaluation.sample.of} sampled) or another seed`
        : 'a split after which some company forms a new tie with a partner, both active before it',
      message: `${evaluation.note} Try ${evaluation.sample ? 'a larger maxCompanies or another seed' : 'an earlier split'} (the ties run ${datedRange.first} to ${datedRange.last}).`,
      datedRange,
    };
  return { ok: true, evaluation: { ...evaluation, splitChosen, datedRange } };
}
