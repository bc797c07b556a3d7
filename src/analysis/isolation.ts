import { degreeOf, type Snapshot } from '../graph/snapshot.ts';
import { NODE_TYPES, PERSON_TYPES, SCHOOL_PARTNER_TYPES, type Dataset, type NodeType } from '../model/index.ts';
import { connectedComponents, type Components } from './structure/components.ts';
import { coreNumbers } from './structure/cores.ts';
import { cutsToAnchors } from './structure/bridges.ts';
import { hubDistances, type HubDistances } from './hub-distance.ts';

export type IsolationReasonCode = (typeof REASON_RULES)[number]['code'];
export interface IsolationReason {
  code: IsolationReasonCode;
  text: string;
  weight: number;
}

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
    isolatedThreshold: number;
    peripheralThreshold: number;
    lowCore: number;
    maxHubDistance: number;
    recentMonths: number;
    at: string | null;
    hubsPresent: boolean;
    affiliationFrom: 'dataset' | 'snapshot';
  };
}

const SCHOOL = NODE_TYPES.indexOf('school');
const PERSON = new Set(PERSON_TYPES.map((t) => NODE_TYPES.indexOf(t)));
const PARTNER_WORDS: Partial<Record<NodeType, string>> = {
  company: 'company',
  university: 'university',
  vet: 'VET provider',
  research: 'research organisation',
  hub: 'hub',
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
      const a = s.index.get(e.source),
        b = s.index.get(e.target);
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
  const ny = Math.floor(total / 12),
    nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function listWords(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** What the scan knows about the whole network before it looks at any school. */
interface Network {
  s: Snapshot;
  label: (v: number) => string;
  core: Int32Array;
  hd: HubDistances;
  hubsPresent: boolean;
  comps: Components;
  compHasHub: Uint8Array;
  /** Per node: PARTNER_NEAR when it is of a partner type or has a partner-type neighbour, HUB when it is a hub. */
  nearFlags: Uint8Array;
  partnerTypes: readonly NodeType[];
  /** Anchor of each component: its best-connected hub, else its best-connected node. */
  anchorOf: Int32Array;
  anchorIsHub: Uint8Array;
  cuts: ReturnType<typeof cutsToAnchors>;
  /** Ties active in the window, by node (null when "inactive" is not evaluated), and each node's latest ended tie. */
  activeNbrs: Map<number, number[]> | null;
  lastEnd: Map<number, string> | null;
  at: string | null;
  recentMonths: number;
  lowCore: number;
  maxHubDistance: number;
}

/** One school and its teachers seen as one group. */
interface SchoolFacts {
  v: number;
  teachers: number[];
  group: number[];
  inGroup: (x: number) => boolean;
  anyTie: boolean;
  /** Ties from a member to someone outside the group. */
  external: number;
  partnerNear: boolean;
  bestCore: number;
  /** Hops from the nearest member to a hub; -1 when none is reachable. */
  dist: number;
  nearestHub: number;
  /** The hub the group is most strongly tied to directly, or -1. */
  bestHub: number;
  comp: number;
}

/** Bits of `Network.nearFlags`: a tie to the node puts a partner within two steps; the node is a hub. */
const PARTNER_NEAR = 1,
  HUB = 2;

/** The facts of school v's group; `stamp[x] === v` ⇔ x is in the group (what `inGroup` tells the rules). */
function schoolFacts(net: Network, v: number, teachers: number[], group: number[], stamp: Int32Array, inGroup: (x: number) => boolean): SchoolFacts {
  const { s, core, hd, nearFlags } = net;
  const { offsets, targets, weights } = s;
  const distance = hd.distance;
  let external = 0,
    anyTie = false,
    partnerNear = false,
    bestCore = 0,
    dist = -1;
  let bestHub = -1,
    bestHubW = -Infinity;
  for (const g of group) {
    if (core[g] > bestCore) bestCore = core[g];
    const dg = distance[g];
    if (dg >= 0 && (dist === -1 || dg < dist)) dist = dg;
    const end = offsets[g + 1];
    if (offsets[g] < end) anyTie = true;
    // One byte per neighbour (nearFlags) instead of three lookups: this loop visits every tie of every group.
    for (let i = offsets[g]; i < end; i++) {
      const x = targets[i];
      if (stamp[x] === v) continue;
      external++;
      const f = nearFlags[x];
      if ((f & PARTNER_NEAR) !== 0) partnerNear = true;
      if ((f & HUB) !== 0 && weights[i] > bestHubW) {
        bestHub = x;
        bestHubW = weights[i];
      }
    }
  }
  let nearestHub = -1;
  for (const g of group)
    if (hd.distance[g] === dist && dist >= 0) {
      nearestHub = hd.nearest[g];
      break;
    }
  return { v, teachers, group, inGroup, anyTie, external, partnerNear, bestCore, dist, nearestHub, bestHub, comp: net.comps.membership[v] };
}

const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
const teacherNote = (f: SchoolFacts) => (f.teachers.length ? ` (counting the ties of its ${plural(f.teachers.length, 'teacher')})` : '');

interface ReasonRule {
  code: string;
  /** Default weight; the score is the clipped sum of the weights of the reasons that fire. */
  weight: number;
  /** `untied`: only for schools without any tie; `tied`: only for the others. */
  scope: 'untied' | 'tied';
  /** The reason in words when it fires for this school, else null. */
  text(f: SchoolFacts, net: Network): string | null;
}

/**
 * Why a school is on the list, in the order reasons are reported. Adding a reason is adding one
 * entry (with the facts it needs in SchoolFacts or Network). "no-ties" alone gives 1; a school whose
 * only ties are its own teachers scores ≥ 0.6 (isolated); the rest are degrees of peripherality that add up.
 */
export const REASON_RULES = [
  {
    code: 'no-ties',
    weight: 1,
    scope: 'untied',
    text: () => 'No ties at all: the school is not connected to anyone in the network.',
  },
  {
    code: 'no-external-tie',
    weight: 0.6,
    scope: 'tied',
    text: (f) => (f.external === 0 ? `No tie beyond its own ${plural(f.teachers.length, 'teacher')}: nobody outside the school is connected to it.` : null),
  },
  {
    code: 'no-partner-nearby',
    weight: 0.3,
    scope: 'tied',
    text: (f, net) => (f.partnerNear ? null : `No ${listWords(net.partnerTypes.map((t) => PARTNER_WORDS[t] ?? t))} within two steps${teacherNote(f)}.`),
  },
  {
    code: 'no-hub-in-component',
    weight: 0.3,
    scope: 'tied',
    text: (f, net) =>
      net.hubsPresent && !net.compHasHub[f.comp]
        ? `Its part of the network (${net.comps.sizes[f.comp]} organisations and people) contains no hub: no path leads to any hub.`
        : null,
  },
  {
    code: 'far-from-hub',
    weight: 0.1,
    scope: 'tied',
    text: (f, net) =>
      net.hubsPresent && net.compHasHub[f.comp] && f.dist > net.maxHubDistance
        ? `The nearest hub (${net.label(f.nearestHub)}) is ${f.dist} steps away (more than ${net.maxHubDistance}).`
        : null,
  },
  {
    code: 'low-core',
    weight: 0.1,
    scope: 'tied',
    text: (f, net) =>
      f.bestCore <= net.lowCore
        ? `On the fringe of the network: core number ${f.bestCore} (no group in which every member has more than ${plural(f.bestCore, 'tie')} includes it or its teachers).`
        : null,
  },
  {
    code: 'single-cut',
    weight: 0.15,
    scope: 'tied',
    text: (f, net) => {
      const anchor = net.anchorOf[f.comp];
      if (f.inGroup(anchor)) return null;
      const { cut, bridgeEnd } = net.cuts;
      let cur = f.v,
        c = cut[cur];
      while (c !== -1 && f.inGroup(c)) {
        cur = c;
        c = cut[cur];
      }
      if (c === -1) return null;
      const end = bridgeEnd[cur];
      const target = net.anchorIsHub[f.comp] ? `the hub ${net.label(anchor)}` : `the best-connected member of its part of the network (${net.label(anchor)})`;
      return end !== -1
        ? `Hangs on a single tie: all its paths to ${target} run through the tie ${net.label(end)} – ${net.label(c)}.`
        : `Hangs on a single organisation: all its paths to ${target} run through ${net.label(c)}.`;
    },
  },
  {
    code: 'inactive',
    weight: 0.4,
    scope: 'tied',
    text: (f, net) => {
      if (!net.activeNbrs || f.external === 0) return null;
      let last: string | undefined;
      for (const g of f.group) {
        for (const x of net.activeNbrs.get(g) ?? []) if (!f.inGroup(x)) return null;
        const e = net.lastEnd!.get(g);
        if (e && (!last || e > last)) last = e;
      }
      return `No tie active in the ${net.recentMonths} months up to ${net.at}${last ? ` (its latest tie ended ${last})` : ''}.`;
    },
  },
] as const satisfies readonly ReasonRule[];

export const ISOLATION_REASONS: readonly IsolationReasonCode[] = REASON_RULES.map((r) => r.code);
/** Default weights (see REASON_RULES). */
export const DEFAULT_ISOLATION_WEIGHTS: Readonly<Record<IsolationReasonCode, number>> = Object.fromEntries(
  REASON_RULES.map((r) => [r.code, r.weight]),
) as Record<IsolationReasonCode, number>;

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
  const partnerTypes = options.partnerTypes ?? SCHOOL_PARTNER_TYPES;
  const partnerCodes = new Uint8Array(NODE_TYPES.length);
  for (const t of partnerTypes) partnerCodes[NODE_TYPES.indexOf(t)] = 1;
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
    for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++)
      if (partnerCodes[s.typeCode[s.targets[i]]] === 1) {
        partnerNext[u] = 1;
        break;
      }
  }

  const nearFlags = new Uint8Array(n);
  for (let u = 0; u < n; u++) nearFlags[u] = (partnerCodes[s.typeCode[u]] === 1 || partnerNext[u] ? PARTNER_NEAR : 0) | (hd.distance[u] === 0 ? HUB : 0);

  // Anchor of each component: its best-connected hub, else its best-connected node.
  const anchorOf = new Int32Array(comps.count).fill(-1);
  const anchorIsHub = new Uint8Array(comps.count);
  for (let v = 0; v < n; v++) {
    const c = comps.membership[v];
    const isHub = hd.distance[v] === 0 ? 1 : 0;
    const cur = anchorOf[c];
    if (cur === -1 || isHub > anchorIsHub[c] || (isHub === anchorIsHub[c] && degreeOf(s, v) > degreeOf(s, cur))) {
      anchorOf[c] = v;
      anchorIsHub[c] = isHub;
    }
  }
  const cuts = cutsToAnchors(s, [...anchorOf]);

  // Ties active in the window, by node, from the dataset's dates (undated ties count as ongoing).
  let activeNbrs: Map<number, number[]> | null = null;
  let lastEnd: Map<number, string> | null = null;
  const windowStart = at ? monthsBefore(at, recentMonths) : null;
  if (at && options.dataset) {
    activeNbrs = new Map();
    lastEnd = new Map();
    const push = (v: number, u: number) => {
      const l = activeNbrs!.get(v);
      if (l) l.push(u);
      else activeNbrs!.set(v, [u]);
    };
    const later = (v: number, d: string) => {
      const cur = lastEnd!.get(v);
      if (!cur || d > cur) lastEnd!.set(v, d);
    };
    for (const e of options.dataset.edges) {
      const a = s.index.get(e.source),
        b = s.index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      const started = !e.start || e.start.slice(0, 10) <= at;
      const notEnded = !e.end || e.end.slice(0, 10) >= windowStart!;
      if (started && notEnded) {
        push(a, b);
        push(b, a);
      } else if (e.end && started) {
        later(a, e.end.slice(0, 10));
        later(b, e.end.slice(0, 10));
      }
    }
  }

  const net: Network = {
    s,
    label,
    core,
    hd,
    hubsPresent,
    comps,
    compHasHub,
    nearFlags,
    partnerTypes,
    anchorOf,
    anchorIsHub,
    cuts,
    activeNbrs,
    lastEnd,
    at,
    recentMonths,
    lowCore,
    maxHubDistance,
  };
  const entries: IsolationEntry[] = [];
  const stamp = new Int32Array(n).fill(-1); // stamp[x] === v ⇔ x is in school v's group
  for (let v = 0; v < n; v++) {
    if (s.typeCode[v] !== SCHOOL) continue;
    const node = s.nodes[v];
    if (options.region !== undefined && node.region !== options.region) continue;
    const teachers = teachersOf.get(v) ?? [];
    const group = [v, ...teachers];
    for (const g of group) stamp[g] = v;
    const f = schoolFacts(net, v, teachers, group, stamp, (x) => stamp[x] === v);
    const hub = node.hub ?? (f.bestHub >= 0 ? s.ids[f.bestHub] : f.nearestHub >= 0 ? s.ids[f.nearestHub] : null);
    if (options.hub !== undefined && hub !== options.hub) continue;

    const reasons: IsolationReason[] = [];
    for (const rule of REASON_RULES) {
      if (weights[rule.code] <= 0 || (rule.scope === 'untied') === f.anyTie) continue;
      const text = rule.text(f, net);
      if (text !== null) reasons.push({ code: rule.code, text, weight: weights[rule.code] });
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
      externalTies: f.external,
      hubDistance: f.dist >= 0 ? f.dist : null,
      core: f.bestCore,
    });
  }
  entries.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    schools: entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    isolated: entries.filter((e) => e.status === 'isolated').length,
    peripheral: entries.filter((e) => e.status === 'peripheral').length,
    settings: {
      weights,
      isolatedThreshold,
      peripheralThreshold,
      lowCore,
      maxHubDistance,
      recentMonths,
      at,
      hubsPresent,
      affiliationFrom: options.dataset ? 'dataset' : 'snapshot',
    },
  };
}
