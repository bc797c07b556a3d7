/**
 * "How these suggestions were scored", from a partner response's `scoring` (ScoringInfoSchema): the
 * model learned on the data's own earlier ties (its window, its new ties, its learner and the
 * signals that weigh most) or the hand-set weights and the server's reason the model was not used.
 * A programme lead must know what a list rests on before trusting it.
 */
import type { ScoringInfo } from '../../../src/server/contract/index.ts';
import type { PartnerSignal } from '../../../src/model/vocabulary.ts';
import { h } from '../ui/dom.ts';

/**
 * The signals in a programme lead's words: the same words the suggestions' explanations use
 * (SIGNAL_WORDS in src/match/learn.ts, which the web may not import; test/web/evaluation-sentence.test.ts
 * keeps the two equal).
 */
export const SIGNAL_LABELS: Record<PartnerSignal, string> = {
  commonNeighbours: 'common contacts',
  jaccard: 'overlap of contacts',
  adamicAdar: 'specific common contacts',
  resourceAllocation: 'exclusive common contacts',
  preferentialAttachment: 'how active both are',
  recency: 'recent ties to common contacts',
  recentActivity: 'how active both were lately',
  strength: 'repeated work with common contacts',
  typeAffinity: 'how often this type of partner works with companies',
  countryAffinity: 'the country pattern of past ties',
  themes: 'shared themes',
  complementarity: 'the partner type the themes need',
  proximity: 'proximity',
  partnerDegree: 'how many ties the partner has',
  partnerActivity: 'how active the partner was lately',
  katz: 'short paths through the network',
  ppr: 'random walks from the company reaching the partner',
};

const label = (s: string) => SIGNAL_LABELS[s as PartnerSignal] ?? s;

/** The `n` signals with the largest weight (|standardised coefficient| or share of split gain), heaviest first; zero weights left out. */
export function heaviestSignals(weights: Record<string, number>, n = 3): string[] {
  return Object.entries(weights)
    .filter(([, w]) => w !== 0 && Number.isFinite(w))
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([s]) => label(s));
}

/** One sentence on how the combined score was made. */
export function scoringSentence(s: ScoringInfo): string {
  const m = s.model;
  if (s.kind === 'learned' && m) {
    const learner =
      m.learner === 'trees'
        ? `gradient-boosted trees (${m.trees.count} trees of depth ≤ ${m.trees.depth})`
        : `logistic regression${m.objective === 'pairs' ? '' : ` (${m.objective} objective)`}`;
    const top = heaviestSignals(m.learner === 'trees' ? m.importance : m.coefficients);
    const weigh = top.length ? `; the signals that weigh most: ${top.join(', ')}` : '';
    return `Learned from your own ties: trained on ties formed ${m.t0}…${m.until} (${m.positives.toLocaleString('en')} new ties); model: ${learner}${weigh}.`;
  }
  // The server says "hand-set weights used: <reason>"; the reason alone follows our own prefix.
  const reason = s.fallback?.replace(/^hand-set weights used:\s*/i, '');
  return reason
    ? `Hand-set weights: the model could not be learned because ${reason}.`
    : 'Hand-set weights: the rules ask for them (scoring “weights”), so no model was learned.';
}

/** The block shown with partner results. */
export function scoringBlock(s: ScoringInfo): HTMLElement {
  return h(
    'div',
    { class: 'scoring-info', attrs: { 'data-testid': 'scoring-info', 'data-kind': s.kind } },
    h('h4', { text: 'How these suggestions were scored' }),
    h('p', { text: scoringSentence(s) }),
  );
}
