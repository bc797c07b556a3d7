import { degreeOf, type Snapshot } from '../graph/snapshot.ts';
import { NODE_TYPES, PERSON_TYPES, type Dataset, type NodeType } from '../model/index.ts';
import { connectedComponents, type Components } from './structure/components.ts';
import { coreNumbers } from './structure/cores.ts';
import { cutsToAnchors } from './structure/bridges.ts';
import { hubDistances, type HubDistances } from './hub-distance.ts';

/** Why a school is on the list. Each reason adds its weight to the score. */
export const ISOLATION_REASONS = [
  'no-ties', 'no-external-tie', 'no-partner-nearby', 'no-hub-in-component',
  'far-from-hub', 'low-core', 'single-cut', 'inactive',
] as const;
export type IsolationReasonCode = (typeof ISOLATION_REASONS)[number];

/**
 * Default weights. Score = sum of the weights of the reasons that fire, clipped to [0, 1].
 * "no-ties" alone gives 1; a school whose only ties are its own teachers scores ≥ 0.6 (isolated);
 * the remaining reasons are degrees of peripherality that add up.
 */
export const DEFAULT_ISOLATION_WEIGHTS: Readonly<Record<IsolationReasonCode, number>> = {
  'no-ties': 1,
  'no-external-tie': 0.6,
  'no-partner-nearby': 0.3,
  'no-hub-in-component': 0.3,
  'far-from-hub': 0.1,
  'low-core': 0.1,
  'single-cut': 0.15,
  'inactive': 0.4,
};

export interface IsolationReason { code: IsolationReasonCode; text: string; weight: number }

export type IsolationStatus = 'isolated' | 'peripheral' | 'connected';

export interface IsolationEntry {
  id: string;
  label: string | null;
  region: string | null;
  country: string | null;
  /** Its `hub` attribute, else the hub it (or a teacher of it) is most strongly tied to, else the nearest hub. */
  hub: string | null;
  /** 0 (well connected) … 1 (isolated). */
  score: number;
  status: IsolationStatus;
  reasons: IsolationReason[];
  /** Teachers affiliated to the school (their ties count as the school's). */
  teachers: number;
  /** Ties from the school or its teachers to anyone outside that group. */
  externalTies: number;
  /** Hops from the school or its nearest teacher to the nearest hub; null when unreachable. */
  hubDistance: number | null;
  /** Highest core number among the school and its teachers. */
  core: number;
}

export interface IsolationOptions {
  /**
   * The dataset the snapshot was built from: its edge types tell which teachers are affiliated to which
   * school (`affiliation` ties), and its dates drive the "inactive" reason. Without it, every teacher
   * tied to a school in the snapshot counts as its teacher and "inactive" is not evaluated.
   */
  dataset?: Pick<Dataset, 'edges'>;
  /** Reference date (ISO) for "inactive"; the reason is only evaluated when given (with the dataset). */
  at?: string;
  /** Window for "inactive": no tie active in the `recentMonths` months up to `at` (default 12). */
  recentMonths?: number;
  /** Override reason weights (see DEFAULT_ISOLATION_WEIGHTS). */
  weights?: Partial<Record<IsolationReasonCode, number>>;
  /** Score from which a school counts as isolated (default 0.5). */
  isolatedThreshold?: number;
  /** Score from which a school counts as peripheral (default 0.2). */
  peripheralThreshold?: number;
  /** "low-core" fires when the best core number of the school and its teachers is ≤ this (default 1). */
  lowCore?: number;
  /** "far-from-hub" fires beyond this many hops (default 2). */
  maxHubDistance?: number;
  /** Types that count as a partner within two steps (default company, university, vet, research, hub). */
  partnerTypes?: readonly NodeType[];
  /** Keep only schools of this region. */
  region?: string;
  /** Keep only schools of this hub (id). */
  hub?: string;
  /** Precomputed core numbers / hub distances / components of this snapshot, to avoid recomputing. */
  core?: Int32Array;
  hubDistances?: HubDistances;
  components?: Components;
}

export interface IsolationResult {
  /** Schools ranked by score (descending), then id. */
  schools: IsolationEntry[];
  /** Same entries by id (a Map: ids such as `__proto__` are safe). */
  byId: Map<string, IsolationEntry>;
  /** Counts over the listed schools. */
  isolated: number;
  peripheral: number;
  settings: {
    weights: Record<IsolationReasonCode, number>;
    isolatedThreshold: number; peripheralThreshold: number; lowCore: number; maxHubDistance: number;
    recentMonths: number; at: string | null; hubsPresent: boolean; affiliationFrom: 'dataset' | 'snapshot';
  };
}

const SCHOOL = NODE_TYPES.indexOf('school');
const PERSON = new Set(PERSON_TYPES.map((t) => NODE_TYPES.indexOf(t)));
const PARTNER_WORDS: Partial<Record<NodeType, string>> = {
  company: 'company', university: 'university', vet: 'VET provider', research: 'research organisation', hub: 'hub',
};

/**
 * Teachers of each school (by snapshot index): with the dataset, the people linked to a school by an
 * `affiliation` tie (either direction); without it, every person tied to a school in the snapshot.
 */
export function schoolTeachers(s: Snapshot, dataset?: Pick<Dataset, 'edges'>): Map<number, number[]> {
  const teachersOf = new Map<number, number[]>();
  const add = (school: number, teacher: number) => {
    const list = teachersOf.get(school);
    if (!list) teachersOf.set(school, [teacher]);
    else if (!list.includes(teacher)) list.push(teacher);
  };
  const pair = (a: number, b: number) => {
    if (s.typeCode[a] === SCHOOL && PERSON.has(s.typeCode[b])) add(a, b);
    else if (s.typeCode[b] === SCHOOL && PERSON.has(s.typeCode[a])) add(b, a);
  };
  if (dataset) {
    for (const e of dataset.edges) {
      if (e.type !== 'affiliation') continue;
      const a = s.index.get(e.source), b = s.index.get(e.target);
      if (a !== undefined && b !== undefined) pair(a, b);
    }
  } else {
    for (let u = 0; u < s.n; u++) {
      if (s.typeCode[u] !== SCHOOL) continue;
      for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) pair(u, s.targets[i]);
    }
  }
  return teachersOf;
}

/** ISO date `months` calendar months before `iso` (day clamped to the month's length). */
export function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const ny = Math.floor(total / 12), nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function listWords(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * The coordinator's list: every school with a score in [0, 1] and the reasons behind it.
 *
 * Teachers roll up into their school: the school and its affiliated teachers form one group, ties among
 * them are internal, and any tie from a member to someone else is the school's external tie. Distances,
 * core numbers and single points of failure are measured from the group (the best of its members), so
 * a school whose teachers collaborate widely is not isolated.
 */
export function scanIsolation(s: Snapshot, options: IsolationOptions = {}): IsolationResult {
  const weights = { ...DEFAULT_ISOLATION_WEIGHTS, ...options.weights };
  const isolatedThreshold = options.isolatedThreshold ?? 0.5;
  const peripheralThreshold = options.peripheralThreshold ?? 0.2;
  const lowCore = options.lowCore ?? 1;
  const maxHubDistance = options.maxHubDistance ?? 2;
  const recentMonths = options.recentMonths ?? 12;
  const partnerTypes = options.partnerTypes ?? ['company', 'university', 'vet', 'research', 'hub'];
  const partnerCodes = new Set(partnerTypes.map((t) => NODE_TYPES.indexOf(t)));
  const at = options.at && options.dataset ? options.at.slice(0, 10) : null;

  const n = s.n;
  const label = (v: number) => s.nodes[v].label ?? s.ids[v];
  const core = options.core ?? coreNumbers(s);
  const hd = options.hubDistances ?? hubDistances(s);
  const hubsPresent = hd.hubs.length > 0;
  const comps = options.components ?? connectedComponents(s);
  const compHasHub = new Uint8Array(comps.count);
  for (const h of hd.hubs) compHasHub[comps.membership[h]] = 1;

  const teachersOf = schoolTeachers(s, options.dataset);

  // Partner within one step of each node (used for "within two steps of the group").
  const partnerNext = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) if (partnerCodes.has(s.typeCode[s.targets[i]])) { partnerNext[u] = 1; break; }
  }

  // Anchor of each component: its best-connected hub, else its best-connected node.
  const anchorOf = new Int32Array(comps.count).fill(-1);
  const anchorIsHub = new Uint8Array(comps.count);
  for (let v = 0; v < n; v++) {
    const c = comps.membership[v];
    const isHub = hd.distance[v] === 0 ? 1 : 0;
    const cur = anchorOf[c];
    if (cur === -1 || isHub > anchorIsHub[c] || (isHub === anchorIsHub[c] && degreeOf(s, v) > degreeOf(s, cur))) { anchorOf[c] = v; anchorIsHub[c] = isHub; }
  }
  const cuts = cutsToAnchors(s, [...anchorOf]);

  // Ties active in the window, by node, from the dataset's dates (undated ties count as ongoing).
  let activeNbrs: Map<number, number[]> | null = null;
  let lastEnd: Map<number, string> | null = null;
  const windowStart = at ? monthsBefore(at, recentMonths) : null;
  if (at && options.dataset) {
    activeNbrs = new Map();
    lastEnd = new Map();
    const push = (v: number, u: number) => { const l = activeNbrs!.get(v); if (l) l.push(u); else activeNbrs!.set(v, [u]); };
    const later = (v: number, d: string) => { const cur = lastEnd!.get(v); if (!cur || d > cur) lastEnd!.set(v, d); };
    for (const e of options.dataset.edges) {
      const a = s.index.get(e.source), b = s.index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      const started = !e.start || e.start.slice(0, 10) <= at;
      const notEnded = !e.end || e.end.slice(0, 10) >= windowStart!;
      if (started && notEnded) { push(a, b); push(b, a); }
      else if (e.end && started) { later(a, e.end.slice(0, 10)); later(b, e.end.slice(0, 10)); }
    }
  }

  const entries: IsolationEntry[] = [];
  const stamp = new Int32Array(n).fill(-1); // stamp[x] === v ⇔ x is in school v's group
  for (let v = 0; v < n; v++) {
    if (s.typeCode[v] !== SCHOOL) continue;
    const node = s.nodes[v];
    if (options.region !== undefined && node.region !== options.region) continue;
    const teachers = teachersOf.get(v) ?? [];
    const group = [v, ...teachers];
    for (const g of group) stamp[g] = v;
    const inGroup = (x: number) => stamp[x] === v;

    let external = 0, anyTie = false, partnerNear = false, bestCore = 0, dist = -1;
    let bestHub = -1, bestHubW = -Infinity;
    for (const g of group) {
      if (core[g] > bestCore) bestCore = core[g];
      const dg = hd.distance[g];
      if (dg >= 0 && (dist === -1 || dg < dist)) dist = dg;
      for (let i = s.offsets[g]; i < s.offsets[g + 1]; i++) {
        anyTie = true;
        const x = s.targets[i];
        if (inGroup(x)) continue;
        external++;
        if (partnerCodes.has(s.typeCode[x]) || partnerNext[x]) partnerNear = true;
        if (hd.distance[x] === 0 && s.weights[i] > bestHubW) { bestHub = x; bestHubW = s.weights[i]; }
      }
    }
    let nearestHub = -1;
    for (const g of group) if (hd.distance[g] === dist && dist >= 0) { nearestHub = hd.nearest[g]; break; }
    const hub = node.hub ?? (bestHub >= 0 ? s.ids[bestHub] : nearestHub >= 0 ? s.ids[nearestHub] : null);
    if (options.hub !== undefined && hub !== options.hub) continue;

    const reasons: IsolationReason[] = [];
    const add = (code: IsolationReasonCode, text: string) => { if (weights[code] > 0) reasons.push({ code, text, weight: weights[code] }); };
    const teacherNote = teachers.length ? ` (counting the ties of its ${teachers.length} teacher${teachers.length > 1 ? 's' : ''})` : '';
    if (!anyTie) {
      add('no-ties', 'No ties at all: the school is not connected to anyone in the network.');
    } else {
      if (external === 0) add('no-external-tie', `No tie beyond its own ${teachers.length} teacher${teachers.length === 1 ? '' : 's'}: nobody outside the school is connected to it.`);
      if (!partnerNear) {
        const words = partnerTypes.map((t) => PARTNER_WORDS[t] ?? t);
        add('no-partner-nearby', `No ${listWords(words)} within two steps${teacherNote}.`);
      }
      const comp = comps.membership[v];
      if (hubsPresent && !compHasHub[comp]) {
        add('no-hub-in-component', `Its part of the network (${comps.sizes[comp]} organisations and people) contains no hub: no path leads to any hub.`);
      } else if (hubsPresent && dist > maxHubDistance) {
        add('far-from-hub', `The nearest hub (${label(nearestHub)}) is ${dist} steps away (more than ${maxHubDistance}).`);
      }
      if (bestCore <= lowCore) {
        add('low-core', `On the fringe of the network: core number ${bestCore} (no group in which every member has more than ${bestCore} tie${bestCore === 1 ? '' : 's'} includes it or its teachers).`);
      }
      const anchor = anchorOf[comp];
      if (!inGroup(anchor)) {
        let cur = v, c = cuts.cut[cur];
        while (c !== -1 && inGroup(c)) { cur = c; c = cuts.cut[cur]; }
        if (c !== -1) {
          const end = cuts.bridgeEnd[cur];
          const target = anchorIsHub[comp] ? `the hub ${label(anchor)}` : `the best-connected member of its part of the network (${label(anchor)})`;
          add('single-cut', end !== -1
            ? `Hangs on a single tie: all its paths to ${target} run through the tie ${label(end)} – ${label(c)}.`
            : `Hangs on a single organisation: all its paths to ${target} run through ${label(c)}.`);
        }
      }
      if (activeNbrs && external > 0) {
        let active = false;
        let last: string | undefined;
        for (const g of group) {
          for (const x of activeNbrs.get(g) ?? []) if (!inGroup(x)) { active = true; break; }
          const e = lastEnd!.get(g);
          if (e && (!last || e > last)) last = e;
          if (active) break;
        }
        if (!active) {
          add('inactive', `No tie active in the ${recentMonths} months up to ${at}${last ? ` (its latest tie ended ${last})` : ''}.`);
        }
      }
    }
    // Rounded so that e.g. 0.3 + 0.1 + 0.1 compares equal to a 0.5 threshold.
    const sum = Math.round(reasons.reduce((acc, r) => acc + r.weight, 0) * 1e9) / 1e9;
    const score = Math.min(1, Math.max(0, sum));
    entries.push({
      id: s.ids[v],
      label: node.label ?? null,
      region: node.region ?? null,
      country: node.country ?? null,
      hub,
      score,
      status: score >= isolatedThreshold ? 'isolated' : score >= peripheralThreshold ? 'peripheral' : 'connected',
      reasons,
      teachers: teachers.length,
      externalTies: external,
      hubDistance: dist >= 0 ? dist : null,
      core: bestCore,
    });
  }
  entries.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    schools: entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    isolated: entries.filter((e) => e.status === 'isolated').length,
    peripheral: entries.filter((e) => e.status === 'peripheral').length,
    settings: {
      weights, isolatedThreshold, peripheralThreshold, lowCore, maxHubDistance, recentMonths,
      at, hubsPresent, affiliationFrom: options.dataset ? 'dataset' : 'snapshot',
    },
  };
}
