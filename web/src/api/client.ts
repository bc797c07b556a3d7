import type { ProblemEntry } from './types.ts';

/** An API failure as the user should read it: the problem title/detail plus one line per listed error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: ProblemEntry[] = [],
  ) {
    super(message);
  }
  get details(): string[] {
    return this.problems.map(describeProblem);
  }
}

export function describeProblem(p: ProblemEntry): string {
  const where = p.path ?? [p.file, p.line, p.field].filter((x) => x !== undefined && x !== '').join(':');
  const what = p.message ?? '';
  const expected = p.expected && !what.includes(p.expected) ? ` (expected ${p.expected})` : '';
  return `${where ? `${where}: ` : ''}${what}${expected}`;
}

const enc = encodeURIComponent;
export const paths = {
  workspaces: () => '/api/workspaces',
  versions: (ws: string) => `/api/workspaces/${enc(ws)}/versions`,
  version: (ws: string, v: string) => `/api/workspaces/${enc(ws)}/versions/${enc(v)}`,
  graph: (ws: string, v: string) => `/api/workspaces/${enc(ws)}/versions/${enc(v)}/graph`,
  node: (ws: string, v: string, id: string) => `/api/workspaces/${enc(ws)}/versions/${enc(v)}/nodes/${enc(id)}`,
  analysis: (ws: string, v: string, part = '') => `/api/workspaces/${enc(ws)}/versions/${enc(v)}/analysis${part ? `/${part}` : ''}`,
  rounds: (ws: string) => `/api/workspaces/${enc(ws)}/rounds`,
  newRound: (ws: string, v: string) => `/api/workspaces/${enc(ws)}/versions/${enc(v)}/rounds`,
  round: (ws: string, r: string) => `/api/workspaces/${enc(ws)}/rounds/${enc(r)}`,
  pair: (ws: string, r: string, p: string) => `/api/workspaces/${enc(ws)}/rounds/${enc(r)}/pairs/${enc(p)}`,
  export: (ws: string, v: string) => `/api/workspaces/${enc(ws)}/versions/${enc(v)}/export`,
};

export function withQuery(path: string, q: Record<string, string | number | boolean | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  headers.set('Accept', 'application/json, application/problem+json');
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, body });
  } catch (e) {
    throw new ApiError(0, `The server could not be reached (${(e as Error).message}).`);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as { title?: string; detail?: string; errors?: ProblemEntry[] };
    const msg = [p.title, p.detail].filter(Boolean).join(' — ') || `HTTP ${res.status}`;
    throw new ApiError(res.status, msg, Array.isArray(p.errors) ? p.errors : []);
  }
  return data as T;
}
