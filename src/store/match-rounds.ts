import type { MentorMatchResult } from '../match/mentors.ts';
import type { PartnerMatchResult } from '../match/partners.ts';
import type { LeftOut, NewRound } from './rounds.ts';

/**
 * A mentor matching as a round to store: mentor → mentee pairs, locked pairs kept locked, each with
 * its explanation and per-criterion breakdown. Used by the CLI (`match --workspace`) and the server.
 */
export function mentorRound(
  m: Pick<MentorMatchResult, 'pairs' | 'config'> & {
    unmatched?: readonly { mentee: string; label: string; code?: string; reason: string; relax?: string }[];
    ineligible?: MentorMatchResult['ineligible'];
  },
  options: { name?: string; version?: number } = {},
): NewRound {
  // Everyone the round targeted and did not pair, with the reason: kept with the round for the lead.
  const leftOut: LeftOut[] = [
    ...(m.ineligible ?? []).map((x) => ({ id: x.id, name: x.label, kind: 'ineligible' as const, code: x.code, reason: x.reason, relax: x.relax })),
    ...(m.unmatched ?? []).map((u) => ({
      id: u.mentee,
      name: u.label,
      kind: 'unmatched' as const,
      code: u.code ?? 'unmatched',
      reason: u.reason,
      ...(u.relax ? { relax: u.relax } : {}),
    })),
  ];
  return {
    kind: 'mentoring',
    name: options.name,
    config: m.config,
    version: options.version,
    leftOut,
    pairs: m.pairs.map((p) => ({
      left: p.mentor,
      right: p.mentee,
      score: p.score,
      status: p.locked ? 'locked' : 'proposed',
      explanation: { text: p.explanation, criteria: p.criteria },
    })),
  };
}

/** The global capacitated partner pairing as a round to store (company → partner), with how it was scored. */
export function partnerRound(m: Pick<PartnerMatchResult, 'pairing' | 'config' | 'scoring'>, options: { name?: string; version?: number } = {}): NewRound {
  return {
    kind: 'partnership',
    name: options.name,
    config: m.config,
    version: options.version,
    // How the pairs were scored, so the round read back later still says it.
    scoring: m.scoring,
    pairs: m.pairing.pairs.map((p) => ({ left: p.company, right: p.partner, score: p.score, explanation: { text: p.explanation } })),
  };
}
