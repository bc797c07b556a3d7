import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import { errorKind, zodIssues, type Issue } from '../model/issue.ts';

/** Where a problem in a request was found. */
export type ProblemLocation = 'body' | 'query' | 'path' | 'file' | 'header';

/** An Issue located in a request part: `path` is dotted inside that part (`config.weights.region`); for files `file:line:field`. */
export type FieldProblem = Issue & { in: ProblemLocation; path: string };

const TITLES: Record<string, [number, string]> = {
  validation: [400, 'Request validation failed'],
  import: [422, 'The dataset is not valid'],
  unauthorized: [401, 'Authentication required'],
  forbidden: [403, 'Not allowed for this role'],
  'not-found': [404, 'Not found'],
  conflict: [409, 'Conflict'],
  gone: [410, 'Gone'],
  'payload-too-large': [413, 'Payload too large'],
  'unsupported-media-type': [415, 'Unsupported media type'],
  'rate-limited': [429, 'Too many requests'],
  internal: [500, 'Internal server error'],
  'insufficient-storage': [507, 'Insufficient storage'],
  unavailable: [503, 'Service unavailable'],
};
export type ProblemKind = keyof typeof TITLES & string;

export const PROBLEM_BASE = 'https://hubgraph.dev/problems/';

/** An error that becomes an RFC 9457 problem response. Anything else thrown becomes a bare 500. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly kind: ProblemKind,
    readonly detail?: string,
    readonly errors?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? kind);
    const [status, title] = TITLES[kind] ?? [500, 'Error'];
    this.status = status;
    this.title = title;
  }
}

interface ImportIssueLike {
  file: string;
  line?: number;
  field?: string;
  expected: string;
  message: string;
}

export const notFound = (what: string) => new HttpProblem('not-found', `${what} not found`);

/** zod issues → field problems with what was expected, in request terms. */
export function zodProblems(where: ProblemLocation, error: z.ZodError): FieldProblem[] {
  return zodIssues(error, { in: where }) as FieldProblem[];
}

export function problemBody(p: HttpProblem, instance: string, requestId: string | undefined) {
  return {
    type: PROBLEM_BASE + p.kind,
    title: p.title,
    status: p.status,
    ...(p.detail ? { detail: p.detail } : {}),
    instance,
    ...(requestId ? { requestId } : {}),
    ...(p.errors?.length ? { errors: p.errors } : {}),
  };
}

export function sendProblem(res: Response, p: HttpProblem): void {
  const req = res.req;
  if (p.headers) for (const [k, v] of Object.entries(p.headers)) res.setHeader(k, v);
  res
    .status(p.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(p, req.originalUrl.split('?')[0], String(res.getHeader('x-request-id') ?? '') || undefined)));
}

const binary = (n: number) => (n >= 2 ** 20 ? `${+(n / 2 ** 20).toFixed(1)} MiB` : n >= 2 ** 10 ? `${+(n / 2 ** 10).toFixed(1)} KiB` : `${n} bytes`);
/** The 413 of a JSON body, naming the route's own cap (body parsers put it in the error as `limit`). */
export function tooLargeDetail(limit: unknown): string {
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return 'the request body is larger than the server accepts';
  return `the request body is larger than this route accepts: at most ${limit} bytes${limit >= 1024 ? ` (${binary(limit)})` : ''}, counted after decompression`;
}

/** Maps errors from body parsers, the upload reader and our handlers to problems; never leaks stacks. */
export function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  const named = err as {
    name?: string;
    code?: string;
    message?: string;
    issues?: ImportIssueLike[];
    total?: number;
    details?: { issues?: ImportIssueLike[]; total?: number };
  };
  // Store and import errors carry messages written for users; pass them on.
  const kind = errorKind(err);
  if (kind === 'not-found') return new HttpProblem('not-found', named.message);
  if (kind === 'conflict') return new HttpProblem('conflict', named.message);
  if (named.code === 'no_space') return new HttpProblem('insufficient-storage', named.message);
  // A version retention reduced to its aggregate (retention.ts).
  if (named.code === 'pruned') return new HttpProblem('gone', named.message);
  if (kind === 'invalid')
    return new HttpProblem('validation', named.message, [{ in: 'body', path: '', expected: 'a valid value', message: named.message ?? '' }]);
  if (kind === 'invalid-data') {
    const issues = named.issues ?? named.details?.issues ?? [];
    const total = named.total ?? named.details?.total ?? issues.length;
    return new HttpProblem(
      'import',
      `${total} problem${total === 1 ? '' : 's'} in the uploaded data${total > issues.length ? ` (first ${issues.length} listed)` : ''}`,
      issues.map((i) => ({ in: 'file' as const, path: [i.file, i.line ?? '', i.field ?? ''].join(':'), expected: i.expected, message: i.message })),
    );
  }
  const e = err as { type?: string; status?: number; statusCode?: number; code?: string; message?: string; name?: string };
  // A request that shared a computation with a job someone cancelled.
  if (e?.name === 'CancelledError') return new HttpProblem('conflict', 'the computation was cancelled (DELETE /api/jobs/:id); ask again to start it anew');
  if (e?.type === 'entity.too.large') return new HttpProblem('payload-too-large', tooLargeDetail((err as { limit?: unknown }).limit));
  if (e?.type === 'entity.parse.failed')
    return new HttpProblem('validation', 'the body is not valid JSON', [{ in: 'body', path: '', expected: 'a JSON document', message: 'malformed JSON' }]);
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new HttpProblem('unsupported-media-type', 'unsupported body encoding');
  // The upload reader (src/server/upload-stream.ts) raises its own problems; these are busboy's, should one escape.
  if (/Multipart|Unexpected end of form|Malformed part/i.test(e?.message ?? ''))
    return new HttpProblem('validation', 'malformed multipart upload', [
      { in: 'body', path: '', expected: 'multipart/form-data with file parts named "files"', message: e?.message ?? 'malformed' },
    ]);
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new HttpProblem(status === 404 ? 'not-found' : 'validation', 'the request could not be processed');
  return new HttpProblem('internal', 'an internal error occurred; the request id identifies it in the server log');
}

export function problemHandler(log: (err: unknown, p: HttpProblem, reqId: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const p = toProblem(err);
    log(err, p, String(res.getHeader('x-request-id') ?? ''));
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, p);
  };
}
