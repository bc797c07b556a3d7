import { createHmac } from 'node:crypto';
import type { Dataset, HubNode } from '../model/index.ts';
import { PERSON_TYPES } from '../model/index.ts';
import type { SurveyConfig } from '../model/survey.ts';

/**
 * Who answers a survey and whom they may name, from a dataset version. Roster entries carry an opaque
 * key (keyed hash of the node id with the survey's secret): respondents see names, schools and regions,
 * never node ids, so a person's id does not leave the server through the public form.
 */

export interface RosterEntry {
  key: string;
  label: string;
  type: string;
  region: string | null;
  /** For people: the school(s) they work at, so two "Rein Kask"s can be told apart. */
  school: string | null;
}

export interface Roster {
  entries: RosterEntry[];
  /** Roster key → node id (server side only). */
  idOf: Map<string, string>;
  /** Node id → roster key. */
  keyOf: Map<string, string>;
}

export function rosterKey(secret: string, nodeId: string): string {
  return createHmac('sha256', secret).update(nodeId).digest('base64url').slice(0, 16);
}

/** Person → labels of the organisations it is affiliated with (affiliation ties point person → organisation). */
export function affiliations(dataset: Dataset): Map<string, string[]> {
  const label = new Map(dataset.nodes.map((n) => [n.id, n.label || n.id]));
  const out = new Map<string, string[]>();
  for (const e of dataset.edges) {
    if (e.type !== 'affiliation') continue;
    const org = label.get(e.target);
    if (org === undefined) continue;
    const list = out.get(e.source) ?? [];
    if (!list.includes(org)) list.push(org);
    out.set(e.source, list);
  }
  return out;
}

export function buildRoster(dataset: Dataset, config: SurveyConfig, secret: string): Roster {
  const types = new Set<string>(config.roster.types);
  const regions = new Set(config.roster.regions);
  const schools = types.has('teacher') ? affiliations(dataset) : new Map<string, string[]>();
  const entries: RosterEntry[] = [];
  const idOf = new Map<string, string>();
  const keyOf = new Map<string, string>();
  for (const n of dataset.nodes) {
    if (!types.has(n.type)) continue;
    if (regions.size && !(n.region && regions.has(n.region))) continue;
    const key = rosterKey(secret, n.id);
    idOf.set(key, n.id);
    keyOf.set(n.id, key);
    entries.push({
      key,
      label: n.label || (PERSON_TYPES.includes(n.type) ? 'unnamed person' : n.id),
      type: n.type,
      region: n.region ?? null,
      school: PERSON_TYPES.includes(n.type) ? (schools.get(n.id)?.join('; ') ?? null) : null,
    });
  }
  entries.sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  return { entries, idOf, keyOf };
}

/** The nodes that answer, in dataset order. */
export function selectRespondents(dataset: Dataset, config: SurveyConfig): HubNode[] {
  const r = config.respondents;
  if (r.ids.length) {
    const want = new Set(r.ids);
    return dataset.nodes.filter((n) => want.has(n.id));
  }
  const types = new Set<string>(r.types);
  const regions = new Set(r.regions);
  const hubs = new Set(r.hubs);
  let atSchools: Set<string> | null = null;
  if (r.schools.length) {
    const schools = new Set(r.schools);
    atSchools = new Set(dataset.edges.filter((e) => e.type === 'affiliation' && schools.has(e.target)).map((e) => e.source));
  }
  return dataset.nodes.filter(
    (n) =>
      types.has(n.type) &&
      (!regions.size || (n.region !== undefined && regions.has(n.region))) &&
      (!hubs.size || (n.hub !== undefined && hubs.has(n.hub)) || hubs.has(n.id)) &&
      (!atSchools || atSchools.has(n.id) || r.schools.includes(n.id)),
  );
}
