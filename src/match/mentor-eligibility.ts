/**
 * Eligibility for mentor matching: who can be a mentor or a mentee (maturity thresholds), which pairs
 * the hard rules rule out, and the reasons in words. Rules relaxed for named mentees (config
 * `rules.relax`) are waived for those mentees only. Scoring lives in mentors.ts (`criterionValues`).
 */
import type { MentorConfig } from './config.ts';
import type { MatchContext } from './context.ts';
import { distanceKm, sameRule } from './features.ts';
import type { HubNode } from '../model/index.ts';
import type { Party } from './mentors.ts';

export const RULES = [
  'maturity-gap',
  'school-level',
  'language',
  'hub',
  'country',
  'region',
  'distance',
  'same-school',
  'excluded-pair',
  'excluded-mentor',
  'earlier-tie',
] as const;
export type Rule = (typeof RULES)[number];
type Relaxable = MentorConfig['rules']['relax'][number]['rule'];

export function ruleText(c: MentorConfig, r: Rule): string {
  switch (r) {
    case 'maturity-gap':
      return `minimum maturity gap of ${c.rules.minMaturityGap}`;
    case 'school-level':
      return 'same school level';
    case 'language':
      return 'a shared language';
    case 'hub':
      return `${c.rules.hub} hub`;
    case 'country':
      return `${c.rules.country} country`;
    case 'region':
      return `${c.rules.region} region`;
    case 'distance':
      return `at most ${c.rules.maxDistanceKm} km apart`;
    case 'same-school':
      return 'mentor from another school';
    case 'excluded-pair':
      return 'excluded pair';
    case 'excluded-mentor':
      return 'excluded mentor';
    case 'earlier-tie':
      return 'no repeat of an earlier mentoring tie';
  }
}

/** Mentee id → the rules relaxed for it. */
export function relaxedRules(c: MentorConfig): Map<string, Set<Relaxable>> {
  const out = new Map<string, Set<Relaxable>>();
  for (const r of c.rules.relax) for (const id of r.ids) (out.get(id) ?? out.set(id, new Set()).get(id)!).add(r.rule);
  return out;
}

function overlaps(a: Set<string>, b: Set<string>): boolean {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) return true;
  return false;
}

/** Hard rules the pair breaks (empty when feasible), minus those relaxed for this mentee. */
export function brokenRules(
  m: Party,
  e: Party,
  c: MentorConfig,
  ctx: MatchContext,
  excludedPairs: Set<string>,
  excludedMentors: Set<string>,
  relaxed: ReadonlySet<Relaxable> | undefined = undefined,
): Rule[] {
  const out: Rule[] = [];
  const r = c.rules;
  const waived = (x: Relaxable) => relaxed?.has(x) ?? false;
  // A mentee let in whatever its maturity (mentee-maturity) has no gap to check when its maturity is unknown.
  const gapUnknownOk = e.maturity === undefined && waived('mentee-maturity');
  if (!waived('maturity-gap') && !gapUnknownOk && (m.maturity === undefined || e.maturity === undefined || m.maturity - e.maturity < r.minMaturityGap))
    out.push('maturity-gap');
  if (!waived('school-level') && r.sameSchoolLevel && !overlaps(e.levelKeys, m.levelKeys)) out.push('school-level');
  if (!waived('language') && r.sharedLanguage && e.languageKeys.size && m.languageKeys.size && !overlaps(e.languageKeys, m.languageKeys)) out.push('language');
  if (!waived('hub') && !sameRule(r.hub, m.hub, e.hub)) out.push('hub');
  if (!waived('country') && !sameRule(r.country, m.country, e.country)) out.push('country');
  if (!waived('region') && !sameRule(r.region, m.region, e.region)) out.push('region');
  if (!waived('distance') && r.maxDistanceKm !== undefined) {
    const km = distanceKm(m as unknown as HubNode, e as unknown as HubNode);
    if (km !== null && km > r.maxDistanceKm) out.push('distance');
  }
  if (c.level === 'teacher' && !r.allowSameSchool && m.school !== null && m.school === e.school) out.push('same-school');
  if (excludedPairs.size && excludedPairs.has(JSON.stringify([m.id, e.id]))) out.push('excluded-pair');
  if (excludedMentors.has(m.id)) out.push('excluded-mentor');
  if (!waived('earlier-tie') && r.noRepeat && ctx.mentoringPartners.get(m.id)?.has(e.id)) out.push('earlier-tie');
  return out;
}

/** A school or teacher of the matched level that is neither mentor nor mentee, and why. */
export interface Ineligible {
  id: string;
  label: string;
  code: 'no-maturity' | 'maturity-between';
  reason: string;
  /** The rule to relax (for these schools only) so a rerun considers them as mentees. */
  relax: 'mentee-maturity';
}

/** Why `p` is in neither pool, or null when it is a mentor or a mentee. */
export function ineligibleReason(p: Party, c: MentorConfig, isMentor: boolean, isMentee: boolean): Pick<Ineligible, 'code' | 'reason'> | null {
  if (isMentor || isMentee) return null;
  const unit = c.level === 'teacher' ? 'teacher' : 'school';
  if (p.maturity === undefined) {
    return {
      code: 'no-maturity',
      reason: `no maturity value recorded for this ${unit}, so neither the mentor rule (maturity ≥ ${c.mentorMinMaturity}) nor the mentee rule (maturity ≤ ${c.menteeMaxMaturity}) applies`,
    };
  }
  return {
    code: 'maturity-between',
    reason: `maturity ${p.maturity} is above the mentee limit (at most ${c.menteeMaxMaturity}) and below the mentor minimum (at least ${c.mentorMinMaturity})`,
  };
}
