import { ROLES, type Role } from '../model/vocabulary.ts';

export { ROLES, RoleSchema, type Role } from '../model/vocabulary.ts';

/** Roles are ordered: a higher role may do everything a lower one may. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Who is calling: resolved once per request by the auth middleware. */
export interface Caller {
  role: Role;
  /** Token name, or 'local' in single-user loopback mode. */
  name: string;
  tokenId?: string;
  /** Person nodes must be pseudonymised for this caller whatever the query says. */
  mustPseudonymise: boolean;
}
