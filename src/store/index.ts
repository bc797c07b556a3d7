/** The store: workspaces with immutable dataset versions, analysis cache, match rounds, audit log and API tokens. */
export { openStore, resolveStoreTarget, type OpenStoreOptions, type Store } from './open.ts';
export type { SqlAdapter, SqlClient, BulkColumn } from './adapter.ts';
export { migrate, schemaStatus, loadMigrations } from './migrate.ts';
export { StoreError, NotFoundError, ConflictError } from './errors.ts';
export { createWorkspace, getWorkspace, listWorkspaces, type WorkspaceInfo } from './workspaces.ts';
export { saveVersion, refuseEmpty, getVersion, listVersions, loadWorkspaceDataset, type VersionInfo, type VersionOrigin } from './versions.ts';
export { diffVersions } from './diff.ts';
export { diffDatasets, type DatasetDiff } from './version-diff.ts';
export { getCachedResult, putCachedResult, cachedAnalysis, paramsHash, canonicalJson } from './cache.ts';
export {
  createRound,
  getRound,
  listRounds,
  decidePairs,
  PAIR_STATUSES,
  ROUND_KINDS,
  type RoundInfo,
  type RoundPair,
  type NewRound,
  type PairDecision,
} from './rounds.ts';
export { acceptRound, previewAccept, revertRound, reopenRound, type AcceptResult, type AcceptOptions, type RevertResult } from './round-lifecycle.ts';
export { listAudit, type AuditEntry } from './audit.ts';
export { createToken, listTokens, revokeToken, verifyToken, flushTokenUse, hashToken, TOKEN_ROLES, type TokenInfo, type TokenRole } from './tokens.ts';
export { exportWorkspace, restoreWorkspace, isWorkspaceExport } from './export.ts';
