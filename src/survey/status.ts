import type { Dataset } from '../model/index.ts';
import { listAdditions, type AdditionItem, type ClosingRespondent } from './close.ts';
import type { Roster } from './roster.ts';

/** Progress and quality of a wave: response rates, who to remind, reciprocity, roster coverage. */

export interface GroupRate {
  group: string;
  total: number;
  submitted: number;
  rate: number;
}

export interface SurveyStatus {
  total: number;
  submitted: number;
  drafts: number;
  pending: number;
  /** Submitted / total (0 when nobody is asked). */
  rate: number;
  byRegion: GroupRate[];
  byHub: GroupRate[];
  byType: GroupRate[];
  /** Everyone who has not submitted yet (for reminders), with whether they started. */
  notAnswered: { id: string; label: string; region: string | null; hub: string | null; state: 'pending' | 'draft' }[];
  /**
   * Among named ties between two respondents who both submitted: named both ways (confirmed) or one way.
   * Ties to someone who did not answer cannot be confirmed and are not counted here.
   */
  reciprocity: { pairs: number; confirmed: number; oneSided: number; share: number | null };
  roster: { size: number; named: number; neverNamed: number; neverNamedShare: number | null };
  /** Added by respondents, to review before closing; with the respondent's name. */
  additions: (AdditionItem & { respondentLabel: string })[];
}

function rates(respondents: readonly ClosingRespondent[], groupOf: (id: string) => string | undefined): GroupRate[] {
  const m = new Map<string, GroupRate>();
  for (const r of respondents) {
    const g = groupOf(r.nodeId) ?? '(none)';
    const e = m.get(g) ?? { group: g, total: 0, submitted: 0, rate: 0 };
    e.total++;
    if (r.state === 'submitted') e.submitted++;
    m.set(g, e);
  }
  return [...m.values()].map((e) => ({ ...e, rate: e.submitted / e.total })).sort((a, b) => a.group.localeCompare(b.group));
}

export function surveyStatus(dataset: Dataset, roster: Roster, respondents: readonly ClosingRespondent[]): SurveyStatus {
  const node = new Map(dataset.nodes.map((n) => [n.id, n]));
  const submitted = respondents.filter((r) => r.state === 'submitted');
  const hubLabel = (id: string | undefined) => (id ? (node.get(id)?.label ?? id) : undefined);

  const claims = new Set<string>();
  const namedKeys = new Set<string>();
  for (const r of submitted) {
    for (const t of r.answers?.named ?? []) {
      namedKeys.add(t.key);
      const to = roster.idOf.get(t.key);
      if (to) claims.add(`${r.nodeId}\u0000${to}`);
    }
  }
  const answered = new Set(submitted.map((r) => r.nodeId));
  let confirmed = 0;
  let oneSided = 0;
  const seen = new Set<string>();
  for (const c of claims) {
    const [a, b] = c.split('\u0000');
    if (!answered.has(b)) continue;
    const pair = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    if (claims.has(`${b}\u0000${a}`)) confirmed++;
    else oneSided++;
  }
  const pairs = confirmed + oneSided;
  const size = roster.entries.length;
  const named = roster.entries.filter((e) => namedKeys.has(e.key)).length;
  return {
    total: respondents.length,
    submitted: submitted.length,
    drafts: respondents.filter((r) => r.state === 'draft').length,
    pending: respondents.filter((r) => r.state === 'pending').length,
    rate: respondents.length ? submitted.length / respondents.length : 0,
    byRegion: rates(respondents, (id) => node.get(id)?.region),
    byHub: rates(respondents, (id) => hubLabel(node.get(id)?.hub)),
    byType: rates(respondents, (id) => node.get(id)?.type),
    notAnswered: respondents
      .filter((r) => r.state !== 'submitted')
      .map((r) => {
        const n = node.get(r.nodeId);
        return { id: r.nodeId, label: n?.label ?? r.nodeId, region: n?.region ?? null, hub: hubLabel(n?.hub) ?? null, state: r.state as 'pending' | 'draft' };
      }),
    reciprocity: { pairs, confirmed, oneSided, share: pairs ? confirmed / pairs : null },
    roster: { size, named, neverNamed: size - named, neverNamedShare: size ? (size - named) / size : null },
    additions: listAdditions(respondents).map((a) => ({ ...a, respondentLabel: node.get(a.respondent)?.label ?? a.respondent })),
  };
}
