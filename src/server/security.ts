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

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name of a Host header (`[::1]:3000` → `[::1]`, `Example.org:80` → `example.org`), or null when malformed. */
export function hostName(host: string | undefined): string | null {
  if (!host) return null;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/i.exec(host.trim());
  return m ? m[1].toLowerCase().replace(/\.$/, '') : null;
}

/**
 * Local mode has no token between a hostile web page and the server, so DNS rebinding
 * (evil.example resolving to 127.0.0.1) must be stopped by the Host header: only loopback names
 * and the configured public origin's host are served.
 */
export function hostGuard(publicOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(LOOPBACK_HOSTS);
  for (const o of publicOrigins) {
    const h = hostName(new URL(o).host);
    if (h) allowed.add(h);
  }
  return (req, _res, next) => {
    const h = hostName(req.get('host'));
    if (h && allowed.has(h)) return next();
    throw new HttpProblem('forbidden', `host ${JSON.stringify(req.get('host') ?? '')} is not served in local mode: use localhost, 127.0.0.1 or [::1]${publicOrigins.length ? ` or ${publicOrigins.join(', ')}` : ''} (set --public-origin for another name)`);
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
