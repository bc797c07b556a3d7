import { userInfo } from 'node:os';

/** Timestamps are made here, with millisecond precision, so they survive export → import unchanged. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Timestamps read back from either engine (Date, or text) as ISO 8601 UTC. */
export function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return new Date(v).toISOString();
  throw new Error(`not a timestamp: ${String(v)}`);
}

export function isoOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : iso(v);
}

/** Who is acting when the caller does not say: HUBGRAPH_USER, else the OS user. */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HUBGRAPH_USER) return env.HUBGRAPH_USER;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
