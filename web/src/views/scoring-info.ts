/**
 * "How these suggestions were scored", from a partner response's `scoring` (ScoringInfoSchema): the
 * model learned on the data's own earlier ties (its window, its new ties, its learner and the
 * signals that weigh most) or the hand-set weights and the server's reason the model was not used.
 * A programme lead must know what a list rests on before trusting it.
 */

import { PARTNER_SIGNAL_WORDS, type PartnerSignal } from '../../../src/model/vocabulary.ts';
import type { ScoringInfo } from '../../../src/server/contract/index.ts';
import { h } from '../ui/dom.ts';

const label = (s: string) => PARTNER_SIGNAL_WORDS[s as PartnerSignal] ?? s;

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
