import type { Dataset, EdgeType, HubEdge, HubNode } from '../model/index.ts';
import type { Roster } from './roster.ts';
import type { AdditionDecision, AdditionReview, SurveyAnswers, SurveyConfig } from '../model/survey.ts';

/**
 * Closing a wave turns the submitted answers into a new dataset version (pure: dataset in, dataset out).
 *
 * The counting rule, documented for users in docs/surveys.md:
 * - Only submitted answers count; drafts are reported and left out.
 * - Each name becomes a tie dated with the wave's date, from the respondent to the one named, of the tie
 *   type chosen (the survey's first type by default), weight = the strength answered (1 when not asked).
 * - A tie is `confirmed` when the one named also answered and named the respondent back (any tie type);
 *   otherwise it is one-sided. Both count by default; `confirmedOnly` keeps confirmed ties only.
 * - Two confirmed names of the same undirected tie type (collaboration, partnership, cocreation,
 *   participation) are one tie, weight the mean of the two strengths; directed types (mentoring: the
 *   respondent mentors the one named) stay one tie per direction.
 * - Node answers become fields: `maturity` is set and also kept dated as the attribute `maturity_<date>`;
 *   themes/subjects/languages replace the list; other questions become `survey_<id>` attributes.
 * - People and organisations added by respondents become nodes only as the coordinator's review says.
 */

export const DIRECTED_TIE_TYPES: readonly EdgeType[] = ['mentoring', 'affiliation'];

export interface ClosingRespondent {
  nodeId: string;
  state: 'pending' | 'draft' | 'submitted';
  answers: SurveyAnswers | null;
}

export interface AdditionItem {
  /** `<respondent id>#<index>`: what the review is keyed by. */
  key: string;
  respondent: string;
  name: string;
  type: string;
  note: string;
}

export interface CloseSummary {
  wave: number;
  waveDate: string;
  respondents: { total: number; submitted: number; drafts: number; pending: number };
  /** `named`: names given; the rest count ties (two names of one undirected tie are one confirmed tie). */
  ties: { named: number; confirmed: number; oneSided: number; written: number; droppedOneSided: number };
  nodesAnswered: number;
  additions: { added: number; merged: number; dropped: number };
  /** Names or respondents that no longer exist in the version being closed onto. */
  skipped: string[];
}

export class SurveyCloseError extends Error {
  readonly kind = 'survey-close';
  constructor(
    message: string,
    readonly missing: string[] = [],
  ) {
    super(message);
  }
}

export function listAdditions(respondents: readonly ClosingRespondent[]): AdditionItem[] {
  const out: AdditionItem[] = [];
  for (const r of respondents) {
    if (r.state !== 'submitted' || !r.answers) continue;
    r.answers.added.forEach((a, i) => out.push({ key: `${r.nodeId}#${i}`, respondent: r.nodeId, name: a.name, type: a.type, note: a.note }));
  }
  return out;
}

function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return s.slice(0, 60) || 'added';
}

interface Named {
  from: string;
  to: string;
  tieType: EdgeType;
  strength: number | undefined;
  frequency: string | undefined;
}

export function closeWave(
  base: Dataset,
  config: SurveyConfig,
  roster: Roster,
  respondents: readonly ClosingRespondent[],
  options: { wave: number; waveDate: string; review?: AdditionReview },
): { dataset: Dataset; summary: CloseSummary } {
  const { wave, waveDate } = options;
  const review = options.review ?? {};
  const nodes: HubNode[] = base.nodes.map((n) => ({ ...n, attrs: { ...n.attrs } }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const skipped: string[] = [];

  // Additions first: a name added by a respondent resolves to a node id (new or merged), or is dropped.
  const additions = listAdditions(respondents);
  const missing = additions.filter((a) => !review[a.key]).map((a) => a.key);
  if (missing.length) {
    throw new SurveyCloseError(
      `${missing.length} added ${missing.length === 1 ? 'entry needs' : 'entries need'} a decision (add, merge or drop) before the wave can close`,
      missing,
    );
  }
  const additionTarget = new Map<string, string | null>();
  const counts = { added: 0, merged: 0, dropped: 0 };
  const decided = additions.map((a) => [a, review[a.key]] as [AdditionItem, AdditionDecision]);
  for (const [a, d] of decided) {
    if (d.action !== 'add') continue;
    let id = d.id ?? `survey${wave}-${slug(a.name)}`;
    if (!d.id) for (let k = 2; byId.has(id); k++) id = `survey${wave}-${slug(a.name)}-${k}`;
    else if (byId.has(id))
      throw new SurveyCloseError(`the new node id ${JSON.stringify(id)} for ${JSON.stringify(a.name)} is already taken; merge into it or choose another id`, [
        a.key,
      ]);
    const node: HubNode = {
      id,
      type: (d.type ?? a.type) as HubNode['type'],
      label: a.name,
      attrs: { addedBy: a.respondent, addedInWave: wave, ...(a.note ? { addedNote: a.note } : {}) },
    };
    nodes.push(node);
    byId.set(id, node);
    additionTarget.set(a.key, id);
    counts.added++;
  }
  for (const [a, d] of decided) {
    if (d.action === 'merge') {
      if (!byId.has(d.into)) throw new SurveyCloseError(`cannot merge ${JSON.stringify(a.name)} into ${JSON.stringify(d.into)}: no such node`, [a.key]);
      additionTarget.set(a.key, d.into);
      counts.merged++;
    } else if (d.action === 'drop') {
      additionTarget.set(a.key, null);
      counts.dropped++;
    }
  }

  // Every name as a directed claim respondent → named.
  const defaultType = config.tieTypes[0];
  const claims: Named[] = [];
  let nodesAnswered = 0;
  const submitted = respondents.filter((r) => r.state === 'submitted' && r.answers);
  for (const r of submitted) {
    const a = r.answers!;
    const self = byId.get(r.nodeId);
    if (!self) {
      skipped.push(`respondent ${r.nodeId} is not in this version; its answers were left out`);
      continue;
    }
    for (const t of a.named) {
      const to = roster.idOf.get(t.key);
      if (!to || !byId.has(to)) {
        skipped.push(`a name given by ${r.nodeId} is no longer in this version`);
        continue;
      }
      if (to === r.nodeId) continue;
      claims.push({ from: r.nodeId, to, tieType: t.tieType ?? defaultType, strength: t.strength, frequency: t.frequency });
    }
    a.added.forEach((t, i) => {
      const to = additionTarget.get(`${r.nodeId}#${i}`);
      if (to && to !== r.nodeId) claims.push({ from: r.nodeId, to, tieType: t.tieType ?? defaultType, strength: t.strength, frequency: t.frequency });
    });
    if (applyNodeAnswers(self, a, config, waveDate)) nodesAnswered++;
  }

  const namedBy = new Set(claims.map((c) => `${c.from}\u0000${c.to}`));
  const confirmed = (c: Named) => namedBy.has(`${c.to}\u0000${c.from}`);
  const edges: HubEdge[] = [...base.edges];
  const ties = { named: claims.length, confirmed: 0, oneSided: 0, written: 0, droppedOneSided: 0 };
  const merged = new Map<string, { edge: HubEdge; strengths: number[] }>();
  for (const c of claims) {
    const both = confirmed(c);
    if (!both) {
      ties.oneSided++;
      if (config.confirmedOnly) {
        ties.droppedOneSided++;
        continue;
      }
    }
    const weight = c.strength ?? 1;
    const undirected = !DIRECTED_TIE_TYPES.includes(c.tieType);
    if (both && undirected) {
      const key = [c.from < c.to ? c.from : c.to, c.from < c.to ? c.to : c.from, c.tieType].join('\u0000');
      const hit = merged.get(key);
      if (hit) {
        hit.strengths.push(weight);
        hit.edge.weight = hit.strengths.reduce((s, x) => s + x, 0) / hit.strengths.length;
        continue;
      }
      const edge = tie(c, weight, true, wave, waveDate);
      merged.set(key, { edge, strengths: [weight] });
      edges.push(edge);
    } else {
      edges.push(tie(c, weight, both, wave, waveDate));
    }
    if (both) ties.confirmed++;
    ties.written++;
  }

  const summary: CloseSummary = {
    wave,
    waveDate,
    respondents: {
      total: respondents.length,
      submitted: submitted.length,
      drafts: respondents.filter((r) => r.state === 'draft').length,
      pending: respondents.filter((r) => r.state === 'pending').length,
    },
    ties,
    nodesAnswered,
    additions: counts,
    skipped,
  };
  return { dataset: { meta: base.meta, nodes, edges }, summary };
}

function tie(c: Named, weight: number, confirmed: boolean, wave: number, waveDate: string): HubEdge {
  return {
    source: c.from,
    target: c.to,
    type: c.tieType,
    weight,
    start: waveDate,
    attrs: { survey: wave, confirmed, ...(c.frequency ? { frequency: c.frequency } : {}) },
  };
}

/** Writes a respondent's node answers into its node; true when there was anything to write. */
function applyNodeAnswers(node: HubNode, a: SurveyAnswers, config: SurveyConfig, waveDate: string): boolean {
  let any = false;
  for (const q of config.nodeQuestions) {
    const v = a.node[q.id];
    if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    any = true;
    if (q.field === 'maturity' && typeof v === 'number') {
      node.maturity = v;
      node.attrs[`maturity_${waveDate.slice(0, 10)}`] = v;
    } else if (q.field && q.field !== 'maturity') {
      node[q.field] = Array.isArray(v)
        ? v
        : String(v)
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean);
    } else {
      node.attrs[`survey_${q.id}`] = Array.isArray(v) ? v.join('; ') : v;
    }
  }
  return any;
}
