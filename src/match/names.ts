import type { Dataset, HubNode } from '../model/index.ts';

/**
 * How a person or organisation is named for people (CSV, previews, explanations): its label, and for a
 * teacher the school it works at, so two teachers called "Rein Kask" can be told apart.
 */
export interface PartyName {
  id: string;
  label: string;
  /** Label plus the school in brackets for teachers: "Rein Kask (Tartu Kesklinna Põhikool)". */
  display: string;
  type: string | null;
  schoolId: string | null;
  school: string | null;
  region: string | null;
  /** The hub's label when the hub is a node of the dataset, else its id. */
  hub: string | null;
  /** Contact attributes when the data has them (columns named like email, phone, contact). */
  contact: Record<string, string>;
}

const CONTACT = /^(e-?mail|phone|tel|telephone|mobile|contact|contact[_ -]?\w+)$/i;

/** A lookup from id to name, built once per dataset. Unknown ids name themselves. */
export function partyNames(dataset: Pick<Dataset, 'nodes' | 'edges'>): (id: string) => PartyName {
  const byId = new Map<string, HubNode>(dataset.nodes.map((n) => [n.id, n]));
  const schoolOf = new Map<string, string>();
  for (const e of dataset.edges) {
    if (e.type !== 'affiliation') continue;
    const s = byId.get(e.source),
      t = byId.get(e.target);
    if (s?.type === 'teacher' && t?.type === 'school' && !schoolOf.has(s.id)) schoolOf.set(s.id, t.id);
    else if (t?.type === 'teacher' && s?.type === 'school' && !schoolOf.has(t.id)) schoolOf.set(t.id, s.id);
  }
  const cache = new Map<string, PartyName>();
  return (id) => {
    const hit = cache.get(id);
    if (hit) return hit;
    const n = byId.get(id);
    const schoolId = n?.type === 'school' ? n.id : (schoolOf.get(id) ?? null);
    const school = schoolId ? byId.get(schoolId) : undefined;
    const label = n?.label ?? id;
    const schoolLabel = school ? (school.label ?? school.id) : null;
    const hubId = n?.hub ?? school?.hub ?? null;
    const contact: Record<string, string> = {};
    for (const [k, v] of Object.entries(n?.attrs ?? {})) if (CONTACT.test(k) && v !== null && v !== undefined && v !== '') contact[k] = String(v);
    const out: PartyName = {
      id,
      label,
      display: n?.type === 'teacher' && schoolLabel ? `${label} (${schoolLabel})` : label,
      type: n?.type ?? null,
      schoolId,
      school: schoolLabel,
      region: n?.region ?? school?.region ?? null,
      hub: hubId ? (byId.get(hubId)?.label ?? hubId) : null,
      contact,
    };
    cache.set(id, out);
    return out;
  };
}
