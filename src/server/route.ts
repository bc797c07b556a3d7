import type { Request, Response, Router, RequestHandler } from 'express';
import { z } from 'zod';
import { HttpProblem, zodProblems, type ProblemLocation } from './problems.ts';
import { roleAtLeast, type Caller, type Role } from './roles.ts';

type AnyZod = z.ZodType;
type Out<S> = S extends AnyZod ? z.output<S> : undefined;

export interface ResponseSpec {
  description: string;
  schema?: AnyZod;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface RouteContext<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  req: Request;
  res: Response;
  caller: Caller;
}

export interface RouteSpec<P extends AnyZod | undefined = any, Q extends AnyZod | undefined = any, B extends AnyZod | undefined = any> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express path, e.g. `/api/workspaces/:ws`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Least role allowed; `null` for public routes (health, docs). */
  role: Role | null;
  params?: P;
  query?: Q;
  body?: B;
  /** Also accepts multipart/form-data (uploads); the body schema then describes the JSON form. */
  multipart?: boolean;
  /** Computes in the worker pool; honours `Prefer: respond-async`. */
  heavy?: boolean;
  /**
   * Largest JSON body the route reads, in bytes, counted on the inflated bytes (default DEFAULT_BODY_BYTES,
   * 256 KiB). Refused with 413 before it is parsed. A route that needs more declares it, with the reason.
   */
  bodyBytes?: number;
  responses: Record<number, ResponseSpec>;
  /** Returns the JSON body for a 200 (or the first 2xx in `responses`), or sends the response itself and returns undefined. */
  handler: (ctx: RouteContext<P, Q, B>) => Promise<unknown> | unknown;
}

/** A route's JSON body cap unless it declares one: configs, tokens, decisions and names are a few KiB. */
export const DEFAULT_BODY_BYTES = 256 * 2 ** 10;

/** The JSON body cap of a route: its own, lowered to the server's ceiling (`limits.jsonBytes`) when that is smaller. */
export const bodyBytesOf = (spec: Pick<RouteSpec, 'bodyBytes'>, ceiling = Number.POSITIVE_INFINITY): number =>
  Math.min(spec.bodyBytes ?? DEFAULT_BODY_BYTES, ceiling);

export function defineRoute<P extends AnyZod | undefined, Q extends AnyZod | undefined, B extends AnyZod | undefined>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec<P, Q, B> {
  return spec;
}

function parsePart(where: ProblemLocation, schema: AnyZod | undefined, value: unknown, problems: ReturnType<typeof zodProblems>) {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  problems.push(...zodProblems(where, r.error));
  return undefined;
}

/** Validates path, query and body in one pass (all problems reported together), checks the role, runs the handler. */
export function toHandler(spec: RouteSpec): RequestHandler {
  const okStatus = Number(Object.keys(spec.responses).find((s) => s.startsWith('2')) ?? 200);
  return async (req, res) => {
    const caller = res.locals.caller as Caller | undefined;
    if (spec.role) {
      if (!caller) throw new HttpProblem('unauthorized', 'send Authorization: Bearer <token>', undefined, { 'WWW-Authenticate': 'Bearer' });
      if (!roleAtLeast(caller.role, spec.role)) throw new HttpProblem('forbidden', `this needs the ${spec.role} role; the token has ${caller.role}`);
    }
    const problems: ReturnType<typeof zodProblems> = [];
    const params = parsePart('path', spec.params, req.params ?? {}, problems);
    const query = parsePart('query', spec.query, req.query ?? {}, problems);
    let body: unknown;
    if (spec.body && res.locals.validBody !== undefined) {
      // Parsed and validated with this very schema in a worker (src/server/json-body.ts, jsonWorkerBody).
      body = res.locals.validBody;
    } else if (spec.body) {
      const raw = res.locals.multipartBody ?? req.body;
      if (raw === undefined) {
        problems.push({
          in: 'body',
          path: '',
          expected: spec.multipart ? 'a JSON or multipart/form-data body' : 'a JSON body (Content-Type: application/json)',
          message: 'missing or unsupported body',
        });
      } else body = parsePart('body', spec.body, raw, problems);
    }
    if (problems.length) throw new HttpProblem('validation', `${problems.length} problem${problems.length === 1 ? '' : 's'} in the request`, problems);
    const out = await spec.handler({ params, query, body, req, res, caller: caller! } as RouteContext<any, any, any>);
    if (res.headersSent) return;
    if (out === undefined) {
      res.status(okStatus === 200 ? 204 : okStatus).end();
      return;
    }
    res.status(okStatus).json(out);
  };
}

export function mountRoutes(router: Router, specs: readonly RouteSpec[], before: (spec: RouteSpec) => RequestHandler[] = () => []): void {
  for (const spec of specs) router[spec.method](spec.path, ...before(spec), toHandler(spec));
}
