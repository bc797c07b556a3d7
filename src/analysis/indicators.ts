import type { Snapshot } from '../graph/snapshot.ts';
import { NODE_TYPES, type Dataset, type NodeType } from '../model/index.ts';
import { assignHubs, hubDistances, type HubDistances } from './hub-distance.ts';
import { scanIsolation, schoolTeachers, type IsolationResult } from './isolation.ts';
import { eiIndex, encode } from './structure/mixing.ts';

/** School ties that count as cross-sector. */
const CROSS_SECTOR = ['company', 'university', 'vet'] as const;

export interface Indicators {
  /** The region / country / hub id; null for the whole network. */
  key: string | null;
  nodes: number;
  /** Nodes by type (types absent from the group are left out). */
  counts: Partial<Record<NodeType, number>>;
  /** Nodes by the user's own type (e.g. `person`, `NGO`), for the nodes that have one; absent when none in the group has. */
  ownCounts?: Record<string, number>;
  /** Ties with both ends in the group, and their density: ties / (n·(n−1)/2), NaN below two nodes. */
  ties: number;
  density: number;
  /** The group's openness, Krackhardt's E-I: ties leaving the group (E) vs inside it (I). Null for the whole network. */
  ei: { external: number; internal: number; index: number } | null;
  schools: number;
  isolatedSchools: number;
  /** isolatedSchools / schools (NaN without schools); "isolated" as in scanIsolation's status. */
  isolatedShare: number;
  peripheralSchools: number;
  /**
   * Ties of the group's schools (each tie once, direct ties only) and how many of them go to a company,
   * a university or a VET provider.
   */
  crossSector: { schoolTies: number; company: number; university: number; vet: number; share: number };
  /** Mean hops from the group's schools (or their teachers) to the nearest hub, over schools that reach one; NaN if none. */
  meanHubDistance: number;
  /** Schools with no path to any hub. */
  schoolsWithoutHub: number;
  /**
   * Low-maturity schools (maturity ≤ maxMaturity) and how many have a mentor: a `mentoring` tie into the
   * school or into one of its teachers. Null without the dataset (edge types and directions are needed).
   */
  mentoring: { lowMaturitySchools: number; mentored: number; coverage: number } | null;
}

export interface EcosystemIndicators {
  overall: Indicators & {
    /** Network-wide E-I index by type, region and country (mixing between groups; NaN when undefined). */
    eiByType: number;
    eiByRegion: number;
    eiByCountry: number;
  };
  /** One entry per value, ordered by key. Nodes without the attribute only count in `overall`. */
  regions: Indicators[];
  countries: Indicators[];
  /** Per hub: the hub and the nodes assigned to it (see assignHubs; schools as in scanIsolation). */
  hubs: Indicators[];
}

export interface IndicatorOptions {
  /** Source dataset: needed for mentoring coverage, and for teacher affiliation and dates in the isolation scan. */
  dataset?: Pick<Dataset, 'edges'>;
  /** A scan already made (with the caller's thresholds); computed with defaults (and the dataset) if absent. */
  isolation?: IsolationResult;
  /** Highest maturity that counts as low (default 2). */
  maxMaturity?: number;
  hubDistances?: HubDistances;
}

/**
 * Ecosystem indicators for the whole network and per region, country and hub, in one pass per grouping:
 * O(n + m) each.
 */
export function ecosystemIndicators(s: Snapshot, options: IndicatorOptions = {}): EcosystemIndicators {
  const maxMaturity = options.maxMaturity ?? 2;
  const hd = options.hubDistances ?? hubDistances(s);
  const isolation = options.isolation ?? scanIsolation(s, { dataset: options.dataset, hubDistances: hd });
  const hubOf = assignHubs(s, hd);
  for (const entry of isolation.schools) hubOf[s.index.get(entry.id)!] = entry.hub ?? undefined;

  // Which schools have a mentor (directly or through one of their teachers).
  let mentored: Uint8Array | null = null;
  if (options.dataset) {
    const mentee = new Uint8Array(s.n);
    for (const e of options.dataset.edges) {
      if (e.type !== 'mentoring') continue;
      const t = s.index.get(e.target);
      if (t !== undefined && e.source !== e.target) mentee[t] = 1;
    }
    mentored = new Uint8Array(s.n);
    const teachers = schoolTeachers(s, options.dataset);
    for (let v = 0; v < s.n; v++) {
      if (mentee[v]) mentored[v] = 1;
      for (const t of teachers.get(v) ?? []) if (mentee[t]) mentored[v] = 1;
    }
  }

  const compute = (labels: (string | undefined)[], whole: boolean): Indicators[] => {
    const { codes, values: keys } = encode(labels);
    const k = keys.length;
    const nodes = new Float64Array(k),
      ties = new Float64Array(k),
      ext = new Float64Array(k);
    const typeCounts = Array.from({ length: k }, () => new Float64Array(NODE_TYPES.length));
    const ownCounts: (Map<string, number> | undefined)[] = new Array(k);
    const schools = new Float64Array(k),
      iso = new Float64Array(k),
      peri = new Float64Array(k);
    const schoolTies = new Float64Array(k);
    const cross = CROSS_SECTOR.map(() => new Float64Array(k));
    const distSum = new Float64Array(k),
      distCount = new Float64Array(k),
      noHub = new Float64Array(k);
    const low = new Float64Array(k),
      lowMentored = new Float64Array(k);
    const schoolCode = NODE_TYPES.indexOf('school');
    const crossCodes = CROSS_SECTOR.map((t) => NODE_TYPES.indexOf(t));
    for (let u = 0; u < s.n; u++) {
      const c = codes[u];
      if (c < 0) continue;
      nodes[c]++;
      typeCounts[c][s.typeCode[u]]++;
      const own = s.nodes[u].ownType;
      if (own !== undefined) {
        const m = (ownCounts[c] ??= new Map());
        m.set(own, (m.get(own) ?? 0) + 1);
      }
      const isSchool = s.typeCode[u] === schoolCode;
      for (let i = s.offsets[u]; i < s.offsets[u + 1]; i++) {
        const v = s.targets[i];
        if (codes[v] === c) {
          if (u < v) ties[c]++;
        } else ext[c]++;
        if (isSchool) {
          const vSchoolSameGroup = s.typeCode[v] === schoolCode && codes[v] === c;
          if (vSchoolSameGroup && v < u) continue; // a school–school tie inside the group counts once
          schoolTies[c]++;
          const j = crossCodes.indexOf(s.typeCode[v]);
          if (j >= 0) cross[j][c]++;
        }
      }
      if (isSchool) {
        schools[c]++;
        const entry = isolation.byId.get(s.ids[u]);
        if (entry?.status === 'isolated') iso[c]++;
        if (entry?.status === 'peripheral') peri[c]++;
        const d = entry ? entry.hubDistance : hd.distance[u] >= 0 ? hd.distance[u] : null;
        if (d === null) noHub[c]++;
        else {
          distSum[c] += d;
          distCount[c]++;
        }
        const maturity = s.nodes[u].maturity;
        if (maturity !== undefined && maturity <= maxMaturity) {
          low[c]++;
          if (mentored?.[u]) lowMentored[c]++;
        }
      }
    }
    const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);
    const hubsPresent = hd.hubs.length > 0;
    return keys.map((key, c) => {
      const counts: Partial<Record<NodeType, number>> = {};
      NODE_TYPES.forEach((t, i) => {
        if (typeCounts[c][i]) counts[t] = typeCounts[c][i];
      });
      const crossTotal = cross.reduce((sum, arr) => sum + arr[c], 0);
      const own = ownCounts[c];
      return {
        key: whole ? null : key,
        nodes: nodes[c],
        counts,
        ...(own ? { ownCounts: Object.fromEntries([...own].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) } : {}),
        ties: ties[c],
        density: nodes[c] > 1 ? ties[c] / ((nodes[c] * (nodes[c] - 1)) / 2) : NaN,
        ei: whole ? null : { external: ext[c], internal: ties[c], index: ratio(ext[c] - ties[c], ext[c] + ties[c]) },
        schools: schools[c],
        isolatedSchools: iso[c],
        isolatedShare: ratio(iso[c], schools[c]),
        peripheralSchools: peri[c],
        crossSector: {
          schoolTies: schoolTies[c],
          company: cross[0][c],
          university: cross[1][c],
          vet: cross[2][c],
          share: ratio(crossTotal, schoolTies[c]),
        },
        meanHubDistance: hubsPresent ? ratio(distSum[c], distCount[c]) : NaN,
        schoolsWithoutHub: hubsPresent ? noHub[c] : schools[c],
        mentoring: mentored ? { lowMaturitySchools: low[c], mentored: lowMentored[c], coverage: ratio(lowMentored[c], low[c]) } : null,
      };
    });
  };

  const byKey = (a: Indicators, b: Indicators) => (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0);
  const [overall] = s.n > 0 ? compute(new Array(s.n).fill('all'), true) : [emptyIndicators(options.dataset !== undefined)];
  return {
    overall: {
      ...overall,
      eiByType: eiIndex(s, 'type').index,
      eiByRegion: eiIndex(s, 'region').index,
      eiByCountry: eiIndex(s, 'country').index,
    },
    regions: compute(
      s.nodes.map((x) => x.region),
      false,
    ).sort(byKey),
    countries: compute(
      s.nodes.map((x) => x.country),
      false,
    ).sort(byKey),
    hubs: compute(hubOf, false).sort(byKey),
  };
}

function emptyIndicators(withMentoring: boolean): Indicators {
  return {
    key: null,
    nodes: 0,
    counts: {},
    ties: 0,
    density: NaN,
    ei: null,
    schools: 0,
    isolatedSchools: 0,
    isolatedShare: NaN,
    peripheralSchools: 0,
    crossSector: { schoolTies: 0, company: 0, university: 0, vet: 0, share: NaN },
    meanHubDistance: NaN,
    schoolsWithoutHub: 0,
    mentoring: withMentoring ? { lowMaturitySchools: 0, mentored: 0, coverage: NaN } : null,
  };
}
