/** Response shapes of the HTTP API (docs/api.md); only the fields the web app reads. */
import type { DisplayEdge, DisplayNode } from '../map/map-data.ts';

export interface VersionSummary {
  workspace: string;
  number: number;
  label?: string;
  createdAt: string;
  counts: { nodes: number; edges: number };
}
export interface Workspace {
  name: string;
  description?: string | null;
  createdAt?: string;
  currentVersion: number | null;
  versions?: number;
  rounds?: number;
}
export interface GraphPayload {
  version: string;
  layout?: { algorithm: string; iterations: number; seed: number };
  nodes: (DisplayNode & { degree?: number; isolation?: number | null; attributes?: Record<string, unknown> })[];
  edges: (DisplayEdge & { end?: string | null; start?: string | null })[];
}
export interface Reason { code: string; text: string; weight: number }
export interface Explanation { feature: string; score: number; text: string }
export interface IsolationEntry {
  id: string;
  label?: string;
  region?: string;
  country?: string;
  hub?: string;
  score: number;
  status?: 'isolated' | 'peripheral' | 'connected';
  reasons: Reason[];
}
export interface NodeDetail {
  node: Record<string, unknown> & { id: string; type: string; label?: string };
  metrics: Record<string, number | null>;
  community: { id: number | string; size: number; label?: string } | null;
  neighbours: { id: string; type: string; label?: string; edgeTypes: string[]; weight: number }[];
  isolation: { score: number; status?: string; rank: number; reasons: Reason[] } | null;
  suggestions: { kind: 'mentors' | 'mentees' | 'partners'; items: { id: string; label?: string | null; score: number; explanation: unknown }[]; note?: string } | null;
}
export interface MetricsTable { columns: string[]; total: number; rows: Record<string, unknown>[] }
/** A community's profile (composition, ties, central members) with its member ids. */
export interface Community { community: number; size: number; members: string[]; [profile: string]: unknown }
export interface CommunitiesResult { modularity: number | null; count: number; communities: Community[] }
/** Pair statuses as the store keeps them: `locked` pairs stay in reruns; `accepted` and `locked` become ties. */
export type PairStatus = 'proposed' | 'accepted' | 'rejected' | 'locked';
export interface Pair {
  left: string;
  right: string;
  score: number;
  status: PairStatus;
  /** `{text, criteria: [{criterion, value, weight, points, text}]}` or a list of explanation lines. */
  explanation: unknown;
  /** Names for people from the server (teachers with their school). */
  leftName?: string;
  rightName?: string;
}
export interface Round {
  workspace: string;
  number: number;
  kind: 'mentoring' | 'partnership';
  name: string | null;
  status: 'open' | 'accepted' | 'reverted';
  createdAt: string;
  version: number;
  acceptedVersion?: number | null;
  config: Record<string, unknown>;
  counts?: Record<string, number>;
  pairs: Pair[];
  [extra: string]: unknown;
}
export interface RoundSummary { workspace: string; number: number; kind: string; name: string | null; status: string; createdAt: string; version: number }
export interface ProblemEntry { in?: string; path?: string; expected?: string; message?: string; file?: string; line?: number; field?: string }
