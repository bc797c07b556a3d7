import type { RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { HttpProblem } from './problems.ts';
import type { Caller } from './roles.ts';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Strict origin policy: a request carrying an Origin header must come from this server's own origin
 * or the allow-list. Refusing (not just omitting CORS headers) matters in local mode, where no token
 * stands between a hostile page and a loopback server.
 */
export function originGuard(allow: readonly string[]): RequestHandler {
  const allowed = new Set(allow);
  return (req, _res, next) => {
    const origin = req.get('origin');
    if (!origin || origin === 'null' && !WRITE.has(req.method)) return next();
    const self = `${req.protocol}://${req.get('host')}`;
    if (origin === self || allowed.has(origin)) return next();
    throw new HttpProblem('forbidden', `origin ${origin} is not allowed; the server accepts its own origin and --cors-origin entries`);
  };
}

/** Rate limit on writes, per token (or per client address without one). */
export function writeLimiter(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !WRITE.has(req.method),
    keyGenerator: (req, res) => {
      const caller = res.locals.caller as Caller | undefined;
      return caller?.tokenId ? `token:${caller.tokenId}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, _res, _next, options) => {
      throw new HttpProblem('rate-limited', `at most ${options.limit} writes per minute`, undefined, { 'Retry-After': String(Math.ceil(options.windowMs / 1000)) });
    },
  });
}
