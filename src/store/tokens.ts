import { createHash, randomBytes } from 'node:crypto';
import { audit } from './audit.ts';
import { defaultActor, isoOrNull, iso, nowIso } from './clock.ts';
import { ConflictError, NotFoundError, StoreError } from './errors.ts';
import type { Store } from './open.ts';

// The API roles (src/model/vocabulary.ts), under the store's names.
import { ROLES as TOKEN_ROLES, RoleSchema as TokenRoleSchema, type Role as TokenRole } from '../model/vocabulary.ts';
export { TOKEN_ROLES, TokenRoleSchema, type TokenRole };

export interface TokenInfo {
  name: string;
  role: TokenRole;
  createdAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
  revokedAt: string | null;
}

/** Only the SHA-256 of a token is stored; the token itself is shown once, at creation. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createToken(store: Store, options: { name: string; role: string; actor?: string }): Promise<{ token: string; info: TokenInfo }> {
  const name = options.name;
  if (typeof name !== 'string' || !/^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,99}$/u.test(name)) {
    throw new StoreError(`token name ${JSON.stringify(name)} is not valid: expected 1–100 letters, digits, spaces or . _ @ -`, 'invalid');
  }
  const role = TokenRoleSchema.safeParse(options.role);
  if (!role.success) throw new StoreError(`token role ${JSON.stringify(options.role)} is not valid: expected one of ${TOKEN_ROLES.join(', ')}`, 'invalid');
  const token = 'hg_' + randomBytes(32).toString('base64url');
  const actor = options.actor ?? defaultActor();
  await store.db.transaction(async (tx) => {
    const at = nowIso();
    const rows = await tx.query('INSERT INTO api_tokens (name, role, hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING id', [
      name,
      role.data,
      hashToken(token),
      at,
    ]);
    if (!rows.length) throw new ConflictError(`a token named ${JSON.stringify(name)} already exists (revoke it or pick another name)`);
    await audit(tx, null, actor, 'token.create', { name, role: role.data }, at);
  });
  const info = (await listTokens(store)).find((t) => t.name === name)!;
  return { token, info };
}

type TokenRow = { name: string; role: TokenRole; created_at: unknown; last_used_at: unknown; revoked: boolean; revoked_at: unknown };
const toInfo = (r: TokenRow): TokenInfo => ({
  name: r.name,
  role: r.role,
  createdAt: iso(r.created_at),
  lastUsedAt: isoOrNull(r.last_used_at),
  revoked: r.revoked,
  revokedAt: isoOrNull(r.revoked_at),
});

export async function listTokens(store: Store): Promise<TokenInfo[]> {
  const rows = await store.db.query<TokenRow>('SELECT name, role, created_at, last_used_at, revoked, revoked_at FROM api_tokens ORDER BY name');
  return rows.map(toInfo);
}

export async function revokeToken(store: Store, name: string, actor = defaultActor()): Promise<TokenInfo> {
  await store.db.transaction(async (tx) => {
    const at = nowIso();
    const rows = await tx.query('UPDATE api_tokens SET revoked = true, revoked_at = coalesce(revoked_at, $2) WHERE name = $1 RETURNING id', [name, at]);
    if (!rows.length) throw new NotFoundError(`no token named ${JSON.stringify(name)}`);
    await audit(tx, null, actor, 'token.revoke', { name }, at);
  });
  verified.get(store)?.clear(); // a revoked token fails on its next request here
  return (await listTokens(store)).find((t) => t.name === name)!;
}

/** When each token's use was last written, per store: `last_used_at` is a minute-resolution fact, not a per-request write. */
const touched = new WeakMap<Store, Map<string, number>>();
const pendingTouches = new Set<Promise<void>>();
/** Recently verified tokens per store (see verifyToken). */
const verified = new WeakMap<Store, Map<string, { row: { name: string; role: TokenRole }; at: number }>>();

/** Waits for the `last_used_at` writes verifyToken has scheduled (tests; a clean shutdown). */
export async function flushTokenUse(): Promise<void> {
  await Promise.all([...pendingTouches]);
}

/**
 * The name and role of a valid (known, not revoked) token, or null; records its use.
 * For the HTTP server's bearer authentication. The check is a read on every request (a revocation
 * by another process counts at once); `last_used_at` is written at most once per `touchEveryMs` per
 * token, after the answer, so the request never waits for (or fails on) that write.
 */
export async function verifyToken(
  store: Store,
  token: string,
  options: { touchEveryMs?: number; verifiedTtlMs?: number } = {},
): Promise<{ name: string; role: TokenRole } | null> {
  if (typeof token !== 'string' || !token) return null;
  const hash = hashToken(token);
  // A valid token's lookup is reused for `verifiedTtlMs` (default 2 s): on PGlite the per-request
  // query alone capped token mode at a tenth of local mode. Revoking in this process clears it at
  // once; a revocation by another process on the same server counts within the TTL.
  let known = verified.get(store);
  if (!known) verified.set(store, (known = new Map()));
  const hit = known.get(hash);
  const now = Date.now();
  let row: { name: string; role: TokenRole } | undefined;
  if (hit && now - hit.at < (options.verifiedTtlMs ?? 2000)) row = hit.row;
  else {
    const rows = await store.db.query<{ name: string; role: TokenRole }>('SELECT name, role FROM api_tokens WHERE hash = $1 AND NOT revoked', [hash]);
    if (!rows.length) {
      known.delete(hash);
      return null;
    }
    row = rows[0];
    if (known.size > 10_000) known.clear();
    known.set(hash, { row, at: now });
  }
  let seen = touched.get(store);
  if (!seen) touched.set(store, (seen = new Map()));
  const last = seen.get(hash);
  if (last === undefined || now - last >= (options.touchEveryMs ?? 60_000)) {
    seen.set(hash, now);
    const write = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() =>
        store.db.query('UPDATE api_tokens SET last_used_at = $2 WHERE hash = $1 AND (last_used_at IS NULL OR last_used_at < $2)', [
          hash,
          new Date(now).toISOString(),
        ]),
      )
      .then(
        () => {},
        () => {
          seen!.delete(hash);
        },
      ) // e.g. the store closed meanwhile: try again next time
      .finally(() => pendingTouches.delete(write));
    pendingTouches.add(write);
  }
  return row;
}
