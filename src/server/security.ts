import type { RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { HttpProblem, type FieldProblem } from './problems.ts';
import { unstorable } from '../store/names.ts';
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
    if (!origin || (origin === 'null' && !WRITE.has(req.method))) return next();
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
    throw new HttpProblem(
      'forbidden',
      `host ${JSON.stringify(req.get('host') ?? '')} is not served in local mode: use localhost, 127.0.0.1 or [::1]${publicOrigins.length ? ` or ${publicOrigins.join(', ')}` : ''} (set --public-origin for another name)`,
    );
  };
}

/**
 * Text PostgreSQL cannot store (NUL, lone surrogates) in the path, the query or a JSON body is a 400
 * naming where it is, before any handler or the database sees it (it used to surface as a 500).
 */
export function refuseUnstorableText(maxProblems = 20): RequestHandler {
  return (req, _res, next) => {
    const problems: FieldProblem[] = [];
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      throw new HttpProblem('validation', 'the URL path is not valid percent-encoded UTF-8', [
        { in: 'path', path: '', expected: 'percent-encoded UTF-8', message: 'malformed percent-encoding' },
      ]);
    }
    const bad = unstorable(path);
    if (bad) problems.push({ in: 'path', path: '', expected: 'text without NUL characters or lone surrogates', message: `the path contains ${bad}` });
    findUnstorable(req.query, 'query', problems, maxProblems);
    if (req.body && typeof req.body === 'object') findUnstorable(req.body, 'body', problems, maxProblems);
    if (problems.length) throw new HttpProblem('validation', `${problems.length} value${problems.length === 1 ? '' : 's'} cannot be stored`, problems);
    next();
  };
}

const MAX_DEPTH = 64;

/** Every string (and key) of a JSON value, iteratively: a deeply nested body must not overflow the stack. */
export function findUnstorable(root: unknown, where: 'query' | 'body', out: FieldProblem[], max: number): void {
  const stack: [unknown, string, number][] = [[root, '', 0]];
  while (stack.length && out.length < max) {
    const [v, at, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) {
      out.push({ in: where, path: at, expected: `JSON nested at most ${MAX_DEPTH} levels deep`, message: 'nested too deeply' });
      return;
    }
    if (typeof v === 'string') {
      const bad = unstorable(v);
      if (bad) out.push({ in: where, path: at, expected: 'text without NUL characters or lone surrogates', message: `contains ${bad}` });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = at ? `${at}.${k}` : k;
        const badKey = unstorable(k);
        if (badKey) out.push({ in: where, path: p, expected: 'a key without NUL characters or lone surrogates', message: `the key contains ${badKey}` });
        stack.push([x, p, depth + 1]);
      }
    }
  }
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
      throw new HttpProblem('rate-limited', `at most ${options.limit} writes per minute`, undefined, {
        'Retry-After': String(Math.ceil(options.windowMs / 1000)),
      });
    },
  });
}
