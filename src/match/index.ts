/** Matchmaking: the exact solver, mentor matching (optimal and stable), partner pairing, evaluation, impact. */
export { solveAssignment, AssignmentPairSchema, type AssignmentPair, type AssignmentResult, type SolveAssignmentInput } from './solver.ts';
export { linearSumAssignment, denseAssignment } from './dense.ts';
export { MatchInputError, type MatchIssue } from './errors.ts';
export { parseScoresCsv, parseCapacitiesCsv, parsePreferencesCsv } from './input.ts';
export {
  MentorConfigSchema,
  PartnerConfigSchema,
  mentorConfigJsonSchema,
  partnerConfigJsonSchema,
  type MentorConfig,
  type MentorConfigInput,
  type PartnerConfig,
  type PartnerConfigInput,
} from './config.ts';
export { buildMatchContext, type MatchContext } from './context.ts';
export { matchMentors, parseMentorConfig, type MentorMatchResult, type MentorPair, type UnmatchedMentee } from './mentors.ts';
export { stableMatch, findBlockingPairs, matchMentorsStable, STABLE_NOTE, type StableMentorResult } from './stable.ts';
export { matchPartners, partnerSetup, rankPartners, parsePartnerConfig, type PartnerMatchResult } from './partners.ts';
export { evaluatePartners, auc, type PartnerEvaluation } from './evaluate.ts';
export { simulateImpact, type ImpactReport, type ProposedTie } from './impact.ts';
export { mentorPairsCsv, proposedMentoringEdges, withProposedMentoring } from './export.ts';
