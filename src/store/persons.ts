import { PERSON_TYPES } from '../model/index.ts';
import type { SqlClient } from './adapter.ts';
import { lookupName } from './names.ts';

export interface KnownPerson {
  id: string;
  label: string | null;
}

/**
 * Every (id, label) that any version of the workspace stores as a person (teacher). Pseudonymisation
 * works from this set, not one version's nodes, so that a diff or a round over another version never
 * shows a real teacher id that only some other version types as a teacher. The persons of pruned
 * versions that rounds still name (`pruned_persons`, retention.ts) count too.
 */
export async function workspacePersons(db: SqlClient, workspace: string): Promise<KnownPerson[]> {
  return db.query<KnownPerson>(
    `SELECT DISTINCT n.id, n.props->>'label' AS label
       FROM version_nodes n JOIN dataset_versions v ON v.id = n.version_id JOIN workspaces w ON w.id = v.workspace_id
      WHERE w.name = $1 AND n.type = ANY($2::text[])
     UNION
     SELECT p.node_id AS id, p.label FROM pruned_persons p JOIN workspaces w ON w.id = p.workspace_id WHERE w.name = $1
      ORDER BY id, label`,
    [lookupName(workspace), [...PERSON_TYPES]],
  );
}
