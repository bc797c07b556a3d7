import type { Snapshot } from '../../graph/snapshot.ts';
import type { HubNode } from '../../model/index.ts';

/** Which node attribute defines the groups: a known categorical field, or a function of the node. */
export type GroupBy = 'type' | 'region' | 'country' | 'hub' | ((node: HubNode) => string | undefined);

/** Group label of every node (undefined when the attribute is missing or empty). */
export function groupLabels(s: Snapshot, by: GroupBy): (string | undefined)[] {
  const get = typeof by === 'function' ? by : (node: HubNode) => node[by] as string | undefined;
  return s.nodes.map((node) => {
    const value = get(node);
    return value === undefined || value === '' ? undefined : String(value);
  });
}

/** Dense codes for group labels, in order of first appearance: -1 for nodes without a value (undefined or ''); `values[code]` is the label. */
export function encode(labels: (string | undefined)[]): { codes: Int32Array; values: string[] } {
  const codeOf = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(labels.length);
  labels.forEach((label, v) => {
    if (label === undefined || label === '') {
      codes[v] = -1;
      return;
    }
    let c = codeOf.get(label);
    if (c === undefined) {
      c = values.length;
      codeOf.set(label, c);
      values.push(label);
    }
    codes[v] = c;
  });
  return { codes, values };
}

/**
 * Attribute assortativity coefficient (NetworkX `attribute_assortativity_coefficient`): Newman's r
 * over the mixing matrix of attribute values, each undirected tie counted once in each direction,
 * unweighted. Ties with an endpoint lacking the attribute are left out (NetworkX would fail on them).
 * NaN when undefined (no ties, or every tie within a single value).
 */
export function attributeAssortativity(s: Snapshot, by: GroupBy): number {
  const { codes, values } = encode(groupLabels(s, by));
  const k = values.length;
  const mix = new Float64Array(k * k);
  let total = 0;
  for (let u = 0; u < s.n; u++) {
    const cu = codes[u];
    if (cu < 0) continue;
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
      const cv = codes[s.targets[i]];
      if (cv < 0) continue;
      mix[cu * k + cv] += 1;
      total += 1;
    }
  }
  if (total === 0) return NaN;
  let trace = 0,
    sumAB = 0;
  for (let a = 0; a < k; a++) {
    trace += mix[a * k + a] / total;
    let row = 0,
      col = 0;
    for (let b = 0; b < k; b++) {
      row += mix[a * k + b];
      col += mix[b * k + a];
    }
    sumAB += (row / total) * (col / total);
  }
  return 1 - sumAB === 0 ? NaN : (trace - sumAB) / (1 - sumAB);
}

export interface EIGroup {
  group: string;
  /** Nodes carrying this value. */
  size: number;
  /** Ties from this group to other groups. */
  external: number;
  /** Ties with both ends in this group. */
  internal: number;
  /** (E − I) / (E + I); NaN when the group has no ties. */
  index: number;
}

export interface EIIndex {
  external: number;
  internal: number;
  /** Krackhardt–Stern E-I index of the whole network: (E − I) / (E + I), −1 all internal … +1 all external. */
  index: number;
  /** Per group, ordered by size descending, then label. */
  groups: EIGroup[];
  /** Ties left out because an endpoint has no value for the attribute. */
  skipped: number;
}

export interface EIOptions {
  /** Count tie strengths instead of ties (default false: each distinct tie counts 1, parallel ties merged). */
  weighted?: boolean;
}

/**
 * Krackhardt and Stern's E-I index by an attribute. Each undirected tie is counted once: overall it is
 * internal when both ends share a value and external otherwise; for a group, internal ties have both
 * ends in it and external ties exactly one. Ties touching a node without a value are skipped.
 */
export function eiIndex(s: Snapshot, by: GroupBy, options: EIOptions = {}): EIIndex {
  const weighted = options.weighted ?? false;
  const { codes, values } = encode(groupLabels(s, by));
  const k = values.length;
  const ext = new Float64Array(k),
    int = new Float64Array(k),
    size = new Int32Array(k);
  let external = 0,
    internal = 0,
    skipped = 0;
  for (let u = 0; u < s.n; u++) {
    if (codes[u] >= 0) size[codes[u]]++;
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
      const v = s.targets[i];
      if (v <= u) continue;
      const cu = codes[u],
        cv = codes[v];
      if (cu < 0 || cv < 0) {
        skipped++;
        continue;
      }
      const w = weighted ? s.weights[i] : 1;
      if (cu === cv) {
        internal += w;
        int[cu] += w;
      } else {
        external += w;
        ext[cu] += w;
        ext[cv] += w;
      }
    }
  }
  const ratio = (e: number, i: number) => (e + i === 0 ? NaN : (e - i) / (e + i));
  const groups: EIGroup[] = values.map((group, c) => ({
    group,
    size: size[c],
    external: ext[c],
    internal: int[c],
    index: ratio(ext[c], int[c]),
  }));
  groups.sort((a, b) => b.size - a.size || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return { external, internal, index: ratio(external, internal), groups, skipped };
}
