import type { RequestHandler } from 'express';
import { HttpProblem } from './problems.ts';
import type { Caller, Role } from './roles.ts';

export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
}

export interface AuthOptions {
  /** `local`: requests without a token act as admin (single user, loopback only). `token`: a token is required. */
  mode: 'local' | 'token';
  /** Looks a presented secret up (the store compares hashes); null when unknown or revoked. */
  verifyToken: (secret: string) => Promise<TokenInfo | null>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || /^127\./.test(host);

/** Resolves the caller; a malformed or unknown token is a 401 even in local mode. */
export function authenticate(options: AuthOptions): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m)
        throw new HttpProblem('unauthorized', 'the Authorization header must be "Bearer <token>"', undefined, {
          'WWW-Authenticate': 'Bearer error="invalid_request"',
        });
      const info = await options.verifyToken(m[1]);
      if (!info) throw new HttpProblem('unauthorized', 'unknown or revoked token', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      res.locals.caller = { role: info.role, name: info.name, tokenId: info.id, mustPseudonymise: info.role === 'viewer' } satisfies Caller;
    } else if (options.mode === 'local') {
      res.locals.caller = { role: 'admin', name: 'local', mustPseudonymise: false } satisfies Caller;
    }
    next();
  };
}
