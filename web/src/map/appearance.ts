/**
 * What the map can be coloured and sized by, derived from the data itself: the node fields, every
 * per-node metric the analysis returns (so a metric added to the analysis shows up here without an
 * edit) and the uploaded attributes. Names come from the vocabulary registry.
 */
import type { App } from '../app.ts';
import type { CommunitiesResult, MetricsTable } from '../api/types.ts';
import { paths } from '../api/client.ts';
import type { ViewState } from '../state/view-state.ts';
import { metricTerm } from '../ui/vocabulary.ts';
import { communitySlots, type Partition } from './community-colors.ts';
import { nodeAttr, type MapData } from './map-data.ts';
import { colorBy, sizeBy, sizeRange, type Coloring } from './palette.ts';

export interface AppearanceKey {
  key: string;
  label: string;
  kind: 'categorical' | 'numeric';
}

/** Fields that are categories even when stored as numbers. */
const CATEGORY_FIELDS = ['community', 'type', 'ownType', 'region', 'hub', 'country'];
/** Never offered: coordinates and free text. */
const SKIP = new Set(['id', 'label', 'x', 'y', 'lat', 'lon', 'attrs', 'metrics']);
const MAX_CATEGORIES = 30;

/** Colour and size options for this map; categorical first, then numbers in registry order. */
export function appearanceKeys(data: MapData): { color: AppearanceKey[]; size: AppearanceKey[] } {
  const keys = new Set<string>();
  for (const nd of data.nodes.slice(0, 2000)) {
    for (const k of Object.keys(nd)) keys.add(k);
    for (const k of Object.keys(nd.metrics ?? {})) keys.add(k);
    for (const k of Object.keys(nd.attrs ?? {})) keys.add(k);
  }
  const categorical: AppearanceKey[] = [];
  const numeric: AppearanceKey[] = [];
  const sample = data.nodes.length > 5000 ? data.nodes.filter((_, i) => i % Math.ceil(data.nodes.length / 5000) === 0) : data.nodes;
  for (const key of keys) {
    if (SKIP.has(key)) continue;
    const vals = sample.map((nd) => nodeAttr(nd, key)).filter((v) => v !== undefined && v !== null && v !== '');
    const label = metricTerm(key).label;
    if (CATEGORY_FIELDS.includes(key)) {
      if (vals.length || key === 'community') categorical.push({ key, label, kind: 'categorical' });
      continue;
    }
    if (!vals.length) continue;
    if (vals.every((v) => typeof v === 'number')) numeric.push({ key, label, kind: 'numeric' });
    else if (vals.every((v) => typeof v !== 'object') && new Set(vals.map(String)).size <= MAX_CATEGORIES)
      categorical.push({ key, label, kind: 'categorical' });
  }
  const order = (k: string) => {
    const i = REGISTRY_ORDER.indexOf(k);
    return i < 0 ? REGISTRY_ORDER.length : i;
  };
  const sort = (a: AppearanceKey, b: AppearanceKey) => order(a.key) - order(b.key) || a.label.localeCompare(b.label);
  categorical.sort(sort);
  numeric.sort(sort);
  return { color: [...categorical, ...numeric], size: [...numeric, { key: 'uniform', label: 'Same size', kind: 'numeric' }] };
}
const REGISTRY_ORDER = [
  'community',
  'type',
  'ownType',
  'region',
  'hub',
  'country',
  'degree',
  'strength',
  'betweenness',
  'pagerank',
  'closeness',
  'harmonic',
  'eigenvector',
  'core',
  'coreness',
  'clustering',
  'constraint',
  'effectiveSize',
  'isolation',
];

/**
 * Every per-node metric of the version's analysis (the server's cached analysis), merged into
 * the nodes' `metrics`. Returns false when the analysis cannot be had (the map keeps its fields).
 */
export async function loadMetrics(app: App, data: MapData): Promise<boolean> {
  try {
    const table = await app.get<MetricsTable>(app.p.analysis('metrics', { limit: 100000, group: app.state.group, coreperiphery: app.state.coreperiphery }));
    const cols = table.columns.filter((c) => !['id', 'type', 'label', 'community'].includes(c));
    for (const row of table.rows) {
      const v = data.index.get(String(row.id));
      if (v === undefined) continue;
      const nd = data.nodes[v];
      const m: Record<string, number | null> = nd.metrics ?? (nd.metrics = Object.create(null) as Record<string, number | null>);
      for (const c of cols) {
        // `brokerage.total`: a part of a record field (the metrics table names record parts so).
        const dot = c.indexOf('.');
        const whole = (row as Record<string, unknown>)[dot < 0 ? c : c.slice(0, dot)];
        const x = dot < 0 ? whole : whole && typeof whole === 'object' ? (whole as Record<string, unknown>)[c.slice(dot + 1)] : whole;
        if (typeof x === 'number' || x === null) m[c] = x;
      }
      if (typeof row.community === 'number' && (nd.community === null || nd.community === undefined)) nd.community = row.community;
    }
    return true;
  } catch {
    return false;
  }
}

/** How many earlier versions the community colours are carried through. */
const COLOUR_HISTORY = 4;

/**
 * Communities of this version (set on the nodes) and their palette slots carried over from the
 * previous versions by overlap. Earlier versions that cannot be analysed are skipped.
 */
export async function loadCommunitySlots(app: App, data: MapData): Promise<Map<string, number> | null> {
  const ws = app.ws!;
  const current = Number(app.version);
  const earlier = app.versions
    .filter((v) => !v.prunedAt) // a pruned version has no communities left to carry colours from
    .map((v) => v.number)
    .filter((n) => n < current)
    .sort((a, b) => a - b)
    .slice(-COLOUR_HISTORY);
  const partitionOf = async (version: number): Promise<Partition | null> => {
    try {
      const res = await app.get<CommunitiesResult>(paths.analysis(ws, String(version), 'communities'));
      const p = new Map<string, number>();
      for (const c of res.communities) for (const id of c.members ?? []) p.set(id, c.community);
      return p;
    } catch {
      return null;
    }
  };
  const now = await partitionOf(current);
  if (!now) return null;
  for (const [id, c] of now) {
    const v = data.index.get(id);
    if (v !== undefined) data.nodes[v].community = c;
  }
  const before = (await Promise.all(earlier.map(partitionOf))).filter((p): p is Partition => p !== null);
  return communitySlots([...before, now]);
}

/** The fill colours the state asks for. */
export function stateColoring(app: App, data: MapData, slots: ReadonlyMap<string, number> | null): Coloring {
  const key = app.state.colorBy;
  return colorBy(data, key, {
    categorical: CATEGORY_FIELDS.includes(key) || metricTerm(key).categorical,
    slots: key === 'community' ? (slots ?? undefined) : undefined,
    labelOf: key === 'hub' ? (v) => app.nodeLabel(v) : key === 'community' ? (v) => `Community ${v}` : undefined,
  });
}

/** The sizes the state asks for: by value or rank, within the chosen or automatic range. */
export function stateSizes(s: Pick<ViewState, 'sizeBy' | 'sizeMode' | 'sizeMin' | 'sizeMax'>, data: MapData): Float32Array {
  const auto = sizeRange(data.n);
  return sizeBy(data, s.sizeBy, { mode: s.sizeMode, min: s.sizeMin || auto.min, max: s.sizeMax || auto.max });
}
