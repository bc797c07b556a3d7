/**
 * Which name a tie is filtered by: its own type as the file named it (`requires`, `advice`) when it
 * has one, else its built-in kind. The map's tie-type filter, shared links (`tieTypes=`), the graph
 * API's `edgeTypes=` and the view export all use this one rule, so a link and an API call pick the
 * same ties. No imports: the web bundles it.
 */
export function tieTypeKey(e: { type: string; ownType?: string | null }): string {
  return e.ownType || e.type;
}
