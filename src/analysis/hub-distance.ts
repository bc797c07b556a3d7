import type { Snapshot } from '../graph/snapshot.ts';
import { NODE_TYPES, type NodeType } from '../model/index.ts';

export interface HubDistanceOptions {
  /** Node types that count as hubs (default ['hub']). */
  hubTypes?: readonly NodeType[];
}

export interface HubDistances {
  /** Hops from each node to its nearest hub (0 for a hub); -1 when no hub is reachable. */
  distance: Int32Array;
  /** Index of that nearest hub (the lowest-indexed one among equally near hubs); -1 when none. */
  nearest: Int32Array;
  /** Indices of all hubs. */
  hubs: number[];
}

/** Unweighted multi-source BFS from every hub at once: O(n + m). */
export function hubDistances(s: Snapshot, options: HubDistanceOptions = {}): HubDistances {
  const hubCodes = new Set((options.hubTypes ?? ['hub']).map((t) => NODE_TYPES.indexOf(t)));
  const distance = new Int32Array(s.n).fill(-1);
  const nearest = new Int32Array(s.n).fill(-1);
  const queue = new Int32Array(s.n);
  const hubs: number[] = [];
  let tail = 0;
  for (let v = 0; v < s.n; v++) {
    if (!hubCodes.has(s.typeCode[v])) continue;
    hubs.push(v);
    distance[v] = 0;
    nearest[v] = v;
    queue[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const u = queue[head];
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
      const v = s.targets[i];
      if (distance[v] === -1) {
        distance[v] = distance[u] + 1;
        nearest[v] = nearest[u];
        queue[tail++] = v;
      }
    }
  }
  return { distance, nearest, hubs };
}

/**
 * The hub each node belongs to, as an id: its `hub` attribute when set; a hub is its own; otherwise the
 * hub it has the strongest direct tie to; otherwise its nearest hub; undefined when no hub is reachable.
 */
export function assignHubs(s: Snapshot, distances: HubDistances = hubDistances(s)): (string | undefined)[] {
  const out = new Array<string | undefined>(s.n);
  for (let v = 0; v < s.n; v++) {
    const own = s.nodes[v].hub;
    if (own) {
      out[v] = own;
      continue;
    }
    if (distances.distance[v] === 0) {
      out[v] = s.ids[v];
      continue;
    }
    let best = -1,
      bestW = -Infinity;
    for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) {
      const u = s.targets[i];
      if (distances.distance[u] === 0 && s.weights[i] > bestW) {
        best = u;
        bestW = s.weights[i];
      }
    }
    if (best === -1) best = distances.nearest[v];
    out[v] = best === -1 ? undefined : s.ids[best];
  }
  return out;
}
