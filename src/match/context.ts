import { leidenCommunities } from '../analysis/communities/leiden.ts';
import { pagerank } from '../analysis/centrality/pagerank.ts';
import { assignHubs } from '../analysis/hub-distance.ts';
import { scanIsolation, type IsolationEntry } from '../analysis/isolation.ts';
import { buildSnapshot, type Snapshot } from '../graph/snapshot.ts';
import type { Dataset, HubNode } from '../model/index.ts';

/** What matching needs to know about the network, computed once per dataset. Maps keyed by id. */
export interface MatchContext {
  snapshot: Snapshot;
  nodeById: Map<string, HubNode>;
  /** School of each teacher (first affiliation to a school). */
  schoolOf: Map<string, string>;
  /** Isolation entry of each school. */
  isolation: Map<string, IsolationEntry>;
  /** Leiden community of each node (modularity, seed 1: the same network gives the same communities). */
  community: Map<string, number>;
  pagerank: Map<string, number>;
  /** Hub of each node: its attribute, else its strongest / nearest hub. */
  hubOf: Map<string, string | undefined>;
  /** Who each node already has a mentoring tie with (either direction). */
  mentoringPartners: Map<string, Set<string>>;
}

export function buildMatchContext(dataset: Pick<Dataset, 'nodes' | 'edges'>): MatchContext {
  const snapshot = buildSnapshot(dataset);
  const nodeById = new Map(dataset.nodes.map((n) => [n.id, n]));
  const schoolOf = new Map<string, string>();
  const mentoringPartners = new Map<string, Set<string>>();
  const tie = (a: string, b: string) => {
    let s = mentoringPartners.get(a);
    if (!s) mentoringPartners.set(a, (s = new Set()));
    s.add(b);
  };
  for (const e of dataset.edges) {
    if (e.type === 'mentoring') {
      tie(e.source, e.target);
      tie(e.target, e.source);
    }
    if (e.type !== 'affiliation') continue;
    const s = nodeById.get(e.source),
      t = nodeById.get(e.target);
    if (s?.type === 'teacher' && t?.type === 'school' && !schoolOf.has(s.id)) schoolOf.set(s.id, t.id);
    else if (t?.type === 'teacher' && s?.type === 'school' && !schoolOf.has(t.id)) schoolOf.set(t.id, s.id);
  }
  const iso = scanIsolation(snapshot, { dataset });
  const comm = leidenCommunities(snapshot, { seed: 1 });
  const pr = pagerank(snapshot).values;
  const hubs = assignHubs(snapshot);
  const community = new Map<string, number>();
  const pagerankById = new Map<string, number>();
  const hubOf = new Map<string, string | undefined>();
  for (let v = 0; v < snapshot.n; v++) {
    const id = snapshot.ids[v];
    community.set(id, comm.membership[v]);
    pagerankById.set(id, pr[v]);
    hubOf.set(id, hubs[v]);
  }
  return { snapshot, nodeById, schoolOf, isolation: iso.byId, community, pagerank: pagerankById, hubOf, mentoringPartners };
}
