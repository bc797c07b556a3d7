import type { Dataset } from '../model/index.ts';

/**
 * Organisation ties for partner suggestions, in typed columns (one row per tie, no object per tie).
 * Two input forms are understood:
 * - co-organisation: organisations tied directly (any edge type);
 * - participation: organisations linked to `project` nodes. Two organisations in the same project
 *   are tied through it (the one-mode projection, one row per shared project, dated by the later of
 *   the two participations), and the projects are kept so explanations can name them.
 * Node indices are positions in `dataset.nodes`.
 */
export interface TieTable {
  form: 'co-organisation' | 'participation';
  /** Rows in use. */
  size: number;
  a: Int32Array;
  b: Int32Array;
  /** Start as days since 1970-01-01; NaN when undated (undated ties count as always there). */
  day: Float64Array;
  weight: Float64Array;
  /** Participation form: each organisation's projects (node indices), ascending, in CSR. */
  projects?: { offsets: Uint32Array; items: Int32Array };
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (its first 10 characters); NaN when absent or unreadable. */
export function isoDay(date: string | undefined | null): number {
  if (!date) return NaN;
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(t) ? NaN : Math.floor(t / DAY_MS);
}

export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

class Columns {
  size = 0;
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  day = new Float64Array(1024);
  weight = new Float64Array(1024);
  push(a: number, b: number, day: number, weight: number): void {
    if (this.size === this.a.length) {
      const grow = <T extends Int32Array | Float64Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(x.length * 2);
        y.set(x);
        return y;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.day = grow(this.day);
      this.weight = grow(this.weight);
    }
    this.a[this.size] = a;
    this.b[this.size] = b;
    this.day[this.size] = day;
    this.weight[this.size] = weight;
    this.size++;
  }
}

/** True when the dataset links organisations to `project` nodes (the participation form). */
export function isParticipationForm(dataset: Pick<Dataset, 'nodes' | 'edges'>): boolean {
  const projects = new Set<string>();
  for (const n of dataset.nodes) if (n.type === 'project') projects.add(n.id);
  if (!projects.size) return false;
  for (const e of dataset.edges) if (projects.has(e.source) !== projects.has(e.target)) return true;
  return false;
}

/** The organisation ties of a dataset, in either form (see TieTable). */
export function organisationTies(dataset: Pick<Dataset, 'nodes' | 'edges'>): TieTable {
  const index = new Map<string, number>();
  dataset.nodes.forEach((n, i) => index.set(n.id, i));
  const isProject = Uint8Array.from(dataset.nodes, (n) => (n.type === 'project' ? 1 : 0));
  const cols = new Columns();
  const participation = isParticipationForm(dataset);
  // Participation: members of each project with the day each joined.
  const members = new Map<number, { org: number; day: number }[]>();
  for (const e of dataset.edges) {
    const s = index.get(e.source),
      t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    const day = isoDay(e.start);
    if (participation && isProject[s] !== isProject[t]) {
      const [org, prj] = isProject[s] ? [t, s] : [s, t];
      let list = members.get(prj);
      if (!list) members.set(prj, (list = []));
      list.push({ org, day });
    } else if (!isProject[s] && !isProject[t]) {
      cols.push(s, t, day, e.weight ?? 1);
    }
  }
  if (!participation) return { form: 'co-organisation', size: cols.size, a: cols.a, b: cols.b, day: cols.day, weight: cols.weight };

  const perOrg = new Uint32Array(dataset.nodes.length + 1);
  for (const [prj, list] of members) {
    // One membership per organisation (its earliest), so a repeated row does not double the tie.
    const first = new Map<number, number>();
    for (const { org, day } of list) {
      const d = first.get(org);
      if (d === undefined || (!Number.isNaN(day) && (Number.isNaN(d) || day < d))) first.set(org, day);
    }
    const orgs = [...first.keys()].sort((x, y) => x - y);
    for (const o of orgs) perOrg[o + 1]++;
    for (let i = 0; i < orgs.length; i++) {
      for (let j = i + 1; j < orgs.length; j++) {
        const di = first.get(orgs[i])!,
          dj = first.get(orgs[j])!;
        cols.push(orgs[i], orgs[j], Number.isNaN(di) ? dj : Number.isNaN(dj) ? di : Math.max(di, dj), 1);
      }
    }
    members.set(
      prj,
      orgs.map((org) => ({ org, day: 0 })),
    );
  }
  for (let i = 0; i < dataset.nodes.length; i++) perOrg[i + 1] += perOrg[i];
  const items = new Int32Array(perOrg[dataset.nodes.length]);
  const fill = perOrg.slice(0, dataset.nodes.length);
  for (const prj of [...members.keys()].sort((x, y) => x - y)) for (const { org } of members.get(prj)!) items[fill[org]++] = prj;
  return { form: 'participation', size: cols.size, a: cols.a, b: cols.b, day: cols.day, weight: cols.weight, projects: { offsets: perOrg, items } };
}

/** Projects two organisations share (participation form), ascending node indices. */
export function sharedProjects(t: TieTable, u: number, v: number): number[] {
  const p = t.projects;
  if (!p) return [];
  // Each project of the shorter list is looked up in the longer one: O(short · log long), as an
  // introducer active in hundreds of projects is common at national size.
  const [a, b] = p.offsets[u + 1] - p.offsets[u] <= p.offsets[v + 1] - p.offsets[v] ? [u, v] : [v, u];
  const out: number[] = [];
  let lo = p.offsets[b];
  const end = p.offsets[b + 1];
  for (let i = p.offsets[a]; i < p.offsets[a + 1] && lo < end; i++) {
    const x = p.items[i];
    let hi = end - 1;
    while (lo <= hi) {
      const m = (lo + hi) >>> 1;
      if (p.items[m] < x) lo = m + 1;
      else hi = m - 1;
    }
    if (lo < end && p.items[lo] === x) out.push(x);
  }
  return out;
}

/**
 * Undirected, merged tie graph in CSR: parallel ties summed into `strength`, the most recent start
 * kept in `last` (NaN when every merged tie is undated). `present[v]` = v has a tie.
 */
export interface TieGraph {
  n: number;
  offsets: Uint32Array;
  /** Neighbours of v: targets[offsets[v] .. offsets[v+1]), ascending. */
  targets: Int32Array;
  strength: Float64Array;
  last: Float64Array;
  degree: Uint32Array;
}

/** The tie graph of the rows with `day < beforeDay` (undated rows always count); all rows without it. */
export function tieGraph(t: TieTable, n: number, beforeDay = Infinity): TieGraph {
  const keep = (r: number) => !(t.day[r] >= beforeDay) && t.a[r] !== t.b[r];
  const count = new Uint32Array(n + 1);
  for (let r = 0; r < t.size; r++)
    if (keep(r)) {
      count[t.a[r] + 1]++;
      count[t.b[r] + 1]++;
    }
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const raw = new Int32Array(count[n]);
  const rawRow = new Int32Array(count[n]);
  const fill = count.slice(0, n);
  for (let r = 0; r < t.size; r++) {
    if (!keep(r)) continue;
    raw[fill[t.a[r]]] = t.b[r];
    rawRow[fill[t.a[r]]++] = r;
    raw[fill[t.b[r]]] = t.a[r];
    rawRow[fill[t.b[r]]++] = r;
  }
  // Sort each row by neighbour and merge duplicates.
  const offsets = new Uint32Array(n + 1);
  const targets = new Int32Array(raw.length);
  const strength = new Float64Array(raw.length);
  const last = new Float64Array(raw.length);
  let out = 0;
  let order = new Int32Array(16);
  for (let v = 0; v < n; v++) {
    offsets[v] = out;
    const lo = count[v],
      hi = count[v + 1],
      len = hi - lo;
    if (order.length < len) order = new Int32Array(len * 2);
    const ord = order.subarray(0, len);
    for (let k = 0; k < len; k++) ord[k] = lo + k;
    ord.sort((x, y) => raw[x] - raw[y]);
    for (let k = 0; k < len; k++) {
      const p = ord[k],
        w = raw[p],
        r = rawRow[p];
      if (out > offsets[v] && targets[out - 1] === w) {
        strength[out - 1] += t.weight[r];
        if (!(last[out - 1] >= t.day[r])) last[out - 1] = Number.isNaN(t.day[r]) ? last[out - 1] : t.day[r];
      } else {
        targets[out] = w;
        strength[out] = t.weight[r];
        last[out] = t.day[r];
        out++;
      }
    }
  }
  offsets[n] = out;
  const degree = new Uint32Array(n);
  for (let v = 0; v < n; v++) degree[v] = offsets[v + 1] - offsets[v];
  return { n, offsets, targets: targets.slice(0, out), strength: strength.slice(0, out), last: last.slice(0, out), degree };
}

/** Position of w in v's row, or −1 (binary search on the sorted row). */
export function tiePosition(g: TieGraph, v: number, w: number): number {
  let lo = g.offsets[v],
    hi = g.offsets[v + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1,
      x = g.targets[mid];
    if (x === w) return mid;
    if (x < w) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Latest tie day in the table (NaN when nothing is dated). */
export function latestDay(t: TieTable): number {
  let m = NaN;
  for (let r = 0; r < t.size; r++) if (!(m >= t.day[r])) m = Number.isNaN(t.day[r]) ? m : t.day[r];
  return m;
}
