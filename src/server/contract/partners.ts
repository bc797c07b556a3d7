/**
 * POST …/partners/evaluate: the temporal hold-out of partner suggestions on a version. Its response
 * is the engine's own schema (src/model/partner-evaluation.ts): PartnerEvaluationSchema, as
 * `match evaluate --json` prints it, with the split used and how it was chosen (VersionEvaluationSchema).
 */
export {
  EvaluationBootstrapSchema,
  PartnerEvaluationSchema,
  PopulationEvaluationSchema,
  RatioIntervalSchema,
  ScoreEvaluationSchema,
  ScoringInfoSchema,
  VersionEvaluationSchema,
  type EvaluationBootstrap,
  type PartnerEvaluation,
  type PopulationEvaluation,
  type ScoreEvaluation,
  type ScoringInfo,
  type VersionEvaluation,
} from '../../model/partner-evaluation.ts';
