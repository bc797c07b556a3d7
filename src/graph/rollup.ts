import type { Dataset, EdgeType, HubEdge, NodeType } from '../model/index.ts';
import { PERSON_TYPES } from '../model/index.ts';

export interface RollupOptions {
  /** Node types that are people, rolled up into their organisations (default PERSON_TYPES: teacher). */
  personTypes?: readonly NodeType[];
  /** Keep ties that already run between organisations (default true). */
  keepOrganisationTies?: boolean;
}

export interface RollupResult {
  dataset: Dataset;
  /** Person–person ties that became organisation ties (counted once per tie). */
  rolledUp: number;
  /** Ties between people of the same organisation (no organisation tie results). */
  internal: number;
  /** Ties where a person has no affiliation (dropped). */
  unaffiliated: number;
}

/**
 * Person–person ties → organisation–organisation ties through `affiliation` edges (person →
 * organisation). A tie of weight w between p (at A) and q (at B) adds w to A–B with the tie's
 * type, direction and dates; a person with several affiliations passes the full weight to each.
 * Ties then merge as on import — same unordered pair, type and dates — summing weights, with
 * `attrs.ties` = how many person ties an organisation tie carries. People and affiliation edges
 * are dropped; organisations keep all their attributes.
 */
export function rollupAffiliations(dataset: Dataset, options: RollupOptions = {}): RollupResult {
  const persons = new Set<string>(options.personTypes ?? PERSON_TYPES);
  const keep = options.keepOrganisationTies ?? true;
  const typeOf = new Map<string, NodeType>();
  for (const n of dataset.nodes) typeOf.set(n.id, n.type);
  const isPerson = (id: string) => persons.has(typeOf.get(id) ?? 'other');

  const orgsOf = new Map<string, string[]>();
  for (const e of dataset.edges) {
    if (e.type !== 'affiliation') continue;
    let person: string, org: string;
    if (isPerson(e.source) && !isPerson(e.target)) {
      person = e.source;
      org = e.target;
    } else if (isPerson(e.target) && !isPerson(e.source)) {
      person = e.target;
      org = e.source;
    } else continue;
    const list = orgsOf.get(person) ?? [];
    if (!list.includes(org)) list.push(org);
    orgsOf.set(person, list);
  }

  const merged = new Map<string, HubEdge>();
  const add = (source: string, target: string, type: EdgeType, weight: number, start: string | undefined, end: string | undefined, ties: number) => {
    const [a, b] = source < target ? [source, target] : [target, source];
    const key = JSON.stringify([a, b, type, start ?? '', end ?? '']);
    const prior = merged.get(key);
    if (prior) {
      prior.weight += weight;
      prior.attrs.ties = (prior.attrs.ties as number) + ties;
      return;
    }
    const edge: HubEdge = { source, target, type, weight, attrs: { ties } };
    if (start !== undefined) edge.start = start;
    if (end !== undefined) edge.end = end;
    merged.set(key, edge);
  };

  let rolledUp = 0,
    internal = 0,
    unaffiliated = 0;
  for (const e of dataset.edges) {
    if (e.type === 'affiliation') continue;
    const ps = isPerson(e.source),
      pt = isPerson(e.target);
    if (!ps && !pt) {
      if (keep) add(e.source, e.target, e.type, e.weight, e.start, e.end, 0);
      continue;
    }
    const from = ps ? orgsOf.get(e.source) : [e.source];
    const to = pt ? orgsOf.get(e.target) : [e.target];
    if (!from || !to) {
      unaffiliated++;
      continue;
    }
    let any = false;
    for (const a of from)
      for (const b of to) {
        if (a === b) continue;
        add(a, b, e.type, e.weight, e.start, e.end, 1);
        any = true;
      }
    if (any) rolledUp++;
    else internal++;
  }

  return {
    dataset: {
      meta: { ...dataset.meta, description: `Organisation network rolled up through affiliation${dataset.meta.name ? ` from ${dataset.meta.name}` : ''}` },
      nodes: dataset.nodes.filter((n) => !persons.has(n.type)),
      edges: [...merged.values()],
    },
    rolledUp,
    internal,
    unaffiliated,
  };
}
