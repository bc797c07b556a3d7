/**
 * "How these suggestions were scored", from a partner response's `scoring` (ScoringInfoSchema): the
 * model learned on the data's own earlier ties (its window, its new ties, its learner and the
 * signals that weigh most) or the hand-set weights, each by name, and the server's reason the model
 * was not used. A programme lead must know what a list rests on before trusting it. The one
 * renderer for the evaluation panel and a partner round's pairs.
 */

import { PARTNER_SIGNAL_WORDS, type PartnerSignal } from '../../../src/model/vocabulary.ts';
import type { ScoringInfo } from '../../../src/server/contract/index.ts';
import { h } from '../ui/dom.ts';

const label = (s: string) => PARTNER_SIGNAL_WORDS[s as PartnerSignal] ?? s;
/** A weight as people write it: 1, 0.5, 0.33. */
const weight = (w: number) => String(Number(w.toFixed(2)));

/** The `n` signals with the largest weight (|standardised coefficient| or share of split gain), heaviest first; zero weights left out. */
export function heaviestSignals(weights: Record<string, number>, n = 3): string[] {
  return Object.entries(weights)
    .filter(([, w]) => w !== 0 && Number.isFinite(w))
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([s]) => label(s));
}

/** One sentence on how the combined score was made: the learned model, or why the hand-set weights were used. */
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
  // The server says "hand-set weights used: <reason>"; the reason alone follows our own words.
  const reason = s.fallback?.replace(/^hand-set weights used:\s*/i, '');
  return reason ? `The model could not be learned because ${reason}.` : 'The rules ask for hand-set weights (scoring “weights”), so no model was learned.';
}

/**
 * The hand-set weights in the signals' words, largest first (equal ones in the engine's order),
 * e.g. "Hand-set weights: shared themes 1, specific common contacts 1, proximity 0.5."; a zero
 * weight is named as not used. Null for a learned score.
 */
export function weightsSentence(s: ScoringInfo): string | null {
  if (s.kind !== 'weights') return null;
  if (!s.weights) return 'Hand-set weights (the weights themselves were not recorded with this result).';
  const all = Object.entries(s.weights).filter(([, w]) => Number.isFinite(w));
  const used = all.filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]);
  const unused = all.filter(([, w]) => w <= 0).map(([k]) => label(k));
  const list = used.map(([k, w]) => `${label(k)} ${weight(w)}`).join(', ');
  return `Hand-set weights: ${list || 'all 0'}${unused.length && used.length ? ` (not used: ${unused.join(', ')})` : ''}.`;
}

/**
 * The block shown with partner results. `undefined` is a round stored before rounds kept their
 * scoring: said as not recorded rather than guessed from the round's config.
 */
export function scoringBlock(s: ScoringInfo | undefined): HTMLElement {
  const title = h('h4', { text: 'How these suggestions were scored' });
  if (!s)
    return h(
      'div',
      { class: 'scoring-info', attrs: { 'data-testid': 'scoring-info', 'data-kind': 'not-recorded' } },
      title,
      h('p', { text: 'Not recorded: this round was stored before rounds kept how their pairs were scored.' }),
    );
  const weights = weightsSentence(s);
  return h(
    'div',
    { class: 'scoring-info', attrs: { 'data-testid': 'scoring-info', 'data-kind': s.kind } },
    title,
    weights ? h('p', { text: weights, attrs: { 'data-testid': 'scoring-weights' } }) : null,
    h('p', { text: scoringSentence(s) }),
  );
}
