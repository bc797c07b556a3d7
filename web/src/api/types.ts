/**
 * Response shapes of the HTTP API: the types inferred from the server's response contract
 * (src/server/contract), which the API tests parse every 2xx body against. No hand-written copies.
 */
export type {
  Community,
  CommunitiesResult,
  GraphPayload,
  IndicatorsView,
  IsolationEntry,
  MatchConfigSchemas,
  MetricsTable,
  NodeDetail,
  Pair,
  PrunedVersionView,
  ProblemEntry,
  Reason,
  Round,
  RoundSummary,
  TieTypeCount,
  Unmatched,
  UploadPreview,
  VersionSummary,
  Workspace,
} from '../../../src/server/contract/index.ts';
export type { MatchKind, PairStatus } from '../../../src/model/vocabulary.ts';
