/**
 * `match evaluate` on a stored version, as the API runs it in a worker: the dated range of the
 * organisation ties, a default split when none is asked for, and the cases with nothing to judge
 * (no dated tie, a split outside the range, no new company–partner tie) answered as a problem
 * naming the request field instead of an error, so the route can send a 422 and the cache keeps it.
 */
import type { Dataset, VersionEvaluation } from '../model/index.ts';
import { parsePartnerConfig } from './partners.ts';
import type { PartnerConfigInput } from './config.ts';
import type { VersionEvaluateRequest } from './evaluate-options.ts';
import { evaluatePartners, type EvaluateProgress } from './evaluate.ts';
import { dayIso, organisationTies } from './ties.ts';

export type VersionEvaluateOutcome =
  | { ok: true; evaluation: VersionEvaluation }
  | { ok: false; path: string; expected: string; message: string; datedRange?: VersionEvaluation['datedRange'] };

/**
 * The default split: the last calendar year that is complete in the data (the year before the
 * latest tie's, or its own when that tie starts on 31 December) in which some company–partner pair
 * tied for the first time, so the held-out period is at least one full year of new ties.
 */
export function defaultSplit(dataset: Pick<Dataset, 'nodes' | 'edges'>, config: PartnerConfigInput): { split: string; reason: string } | null {
  const c = parsePartnerConfig(config);
  const ties = organisationTies(dataset);
  const companies = new Set<string>(c.companyTypes),
    partners = new Set<string>(c.partnerTypes);
  const n = dataset.nodes.length;
  const first = new Map<number, number>();
  let last = NaN;
  for (let r = 0; r < ties.size; r++) {
    const d = ties.day[r];
    if (Number.isNaN(d)) continue;
    if (!(last >= d)) last = d;
    const ta = dataset.nodes[ties.a[r]].type,
      tb = dataset.nodes[ties.b[r]].type;
    if (!((companies.has(ta) && partners.has(tb)) || (companies.has(tb) && partners.has(ta)))) continue;
    const key = Math.min(ties.a[r], ties.b[r]) * n + Math.max(ties.a[r], ties.b[r]);
    const was = first.get(key);
    if (was === undefined || d < was) first.set(key, d);
  }
  if (Number.isNaN(last)) return null;
  const lastIso = dayIso(last);
  const fullYear = lastIso.slice(5) === '12-31' ? Number(lastIso.slice(0, 4)) : Number(lastIso.slice(0, 4)) - 1;
  const years = [...new Set([...first.values()].map((d) => Number(dayIso(d).slice(0, 4))))].filter((y) => y <= fullYear).sort((a, b) => b - a);
  if (!years.length)
    return {
      split: `${lastIso.slice(0, 4)}-01-01`,
      reason: `no company–partner pair first tied in a full year before ${lastIso}; the split is 1 January of the latest tie's year`,
    };
  return {
    split: `${years[0]}-01-01`,
    reason: `1 January of ${years[0]}: the last full calendar year with new company–partner ties; the latest tie starts ${lastIso}`,
  };
}

/** The version's evaluation, or the problem that leaves nothing to evaluate. */
export function evaluateVersion(dataset: Pick<Dataset, 'nodes' | 'edges'>, req: VersionEvaluateRequest, progress?: EvaluateProgress): VersionEvaluateOutcome {
  const ties = organisationTies(dataset);
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
  if (!dated)
    return {
      ok: false,
      path: 'split',
      expected: 'a version whose ties have start dates',
      message: 'none of the ties between organisations has a start date, so there is no "before" to learn from and no "after" to judge on',
    };
  const datedRange = { first: dayIso(lo), last: dayIso(hi), datedTies: dated };
  let split = req.split?.slice(0, 10);
  let splitChosen: VersionEvaluation['splitChosen'] = { by: 'request', reason: 'asked for' };
  if (!split) {
    const d = defaultSplit(dataset, req.config)!;
    split = d.split;
    splitChosen = { by: 'default', reason: d.reason };
  }
  if (split <= datedRange.first || split > datedRange.last)
    return {
      ok: false,
      path: 'split',
      expected: `a date after ${datedRange.first} and on or before ${datedRange.last} (the dated range of the ties)`,
      message: `split ${split} leaves no ties ${split <= datedRange.first ? 'before it to learn from' : 'on or after it to judge on'}`,
      datedRange,
    };
  const evaluation = evaluatePartners(
    dataset,
    { split, k: req.k, seed: req.seed, bootstrap: req.bootstrap, maxCompanies: req.maxCompanies, config: req.config },
    progress,
  );
  if (evaluation.newTies === 0)
    return {
      ok: false,
      path: 'split',
      expected: 'a split after which some company forms a tie with a partner both were active before',
      message: `${evaluation.note} Try an earlier split (the ties run ${datedRange.first} to ${datedRange.last}).`,
      datedRange,
    };
  return { ok: true, evaluation: { ...evaluation, splitChosen, datedRange } };
}
