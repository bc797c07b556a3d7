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
  reasons: Reason[];
}
export interface NodeDetail {
  node: Record<string, unknown> & { id: string; type: string; label?: string };
  metrics: Record<string, number | null>;
  community: { id: number | string; size: number; label?: string } | null;
  neighbours: { id: string; type: string; label?: string; edgeTypes: string[]; weight: number }[];
  isolation: { score: number; rank: number; reasons: Reason[] } | null;
  suggestions: { kind: 'mentors' | 'partners'; items: { id: string; label?: string; score: number; explanation: Explanation[] }[] } | null;
}
export interface MetricsTable { columns: string[]; total: number; rows: Record<string, unknown>[] }
export interface Community { id: number | string; size: number; profile: Record<string, unknown>; members: string[] }
export interface CommunitiesResult { algorithm: string; modularity: number; communities: Community[] }
export type PairStatus = 'proposed' | 'approved' | 'rejected';
export interface Pair {
  id: string;
  left: string;
  right: string;
  leftLabel?: string;
  rightLabel?: string;
  score: number;
  status: PairStatus;
  note?: string;
  explanation: Explanation[];
}
export interface Round {
  id: string;
  workspace: string;
  version: string;
  kind: 'mentor' | 'partner';
  label?: string;
  status: 'draft' | 'accepted';
  createdAt: string;
  config: Record<string, unknown>;
  summary: { count: number; total: number };
  pairs: Pair[];
  unmatched?: { id: string; label?: string; reason?: string; reasons?: (string | Reason)[] }[];
  [extra: string]: unknown;
}
export interface RoundSummary { id: string; kind: string; label?: string; status: string; createdAt: string; version: string; summary?: { count: number; total: number } }
export interface ProblemEntry { in?: string; path?: string; expected?: string; message?: string; file?: string; line?: number; field?: string }
