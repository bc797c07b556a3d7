/**
 * What a shareable link restores: the view, the map's colouring and sizing, filters and the
 * selected node. Kept in the URL hash as query parameters so it survives reloads and copy-paste.
 */
import type { FilterSpec } from '../map/filters.ts';

export type ViewName = 'map' | 'coordinator' | 'matching' | 'researcher' | 'surveys';
export const VIEWS: readonly ViewName[] = ['map', 'coordinator', 'matching', 'researcher', 'surveys'];

/** The map's filters (types, tieTypes, region, hub, date, minDegree, kcore, ego, egoDepth) plus the rest of the view. */
export interface ViewState extends FilterSpec {
  view: ViewName;
  workspace?: string;
  /** Dataset version number; absent means the newest. */
  version?: string;
  colorBy: string;
  sizeBy: string;
  /** Size by value (area tracks it) or by rank. */
  sizeMode: 'value' | 'rank';
  /** Node radius range in px; 0 = automatic for the map's size. */
  sizeMin: number;
  sizeMax: number;
  /** Label nodes drawn at least this many px; 0 = automatic. */
  labelSize: number;
  selected?: string;
  search?: string;
  /** Grouping of Gould–Fernandez brokerage roles; when set, the map and tables have the role counts. */
  group?: string;
  /** When true, the map's metrics include Borgatti–Everett coreness (opt-in on the server). */
  coreperiphery?: boolean;
}

export const DEFAULT_STATE: ViewState = {
  view: 'map',
  colorBy: 'community',
  sizeBy: 'degree',
  sizeMode: 'value',
  sizeMin: 0,
  sizeMax: 0,
  labelSize: 0,
  types: [],
  tieTypes: [],
  minDegree: 0,
  kcore: 0,
  egoDepth: 1,
};

export function encodeState(s: ViewState): string {
  const p = new URLSearchParams();
  const d = DEFAULT_STATE as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(s)) {
    if (k === 'view' || v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
      continue;
    }
    if (v === d[k]) continue;
    p.set(k, String(v));
  }
  const q = p.toString();
  return `#/${s.view}${q ? `?${q}` : ''}`;
}

export function decodeState(hash: string): ViewState {
  const raw = hash.replace(/^#\/?/, '');
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const p = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const view = (VIEWS as readonly string[]).includes(path) ? (path as ViewName) : 'map';
  const num = (k: string, dflt: number) => {
    const n = Number(p.get(k));
    return p.has(k) && Number.isFinite(n) && n >= 0 ? n : dflt;
  };
  const str = (k: string) => p.get(k) || undefined;
  return {
    view,
    workspace: str('workspace'),
    version: str('version'),
    group: str('group'),
    coreperiphery: p.get('coreperiphery') === 'true' || undefined,
    colorBy: str('colorBy') ?? DEFAULT_STATE.colorBy,
    sizeBy: str('sizeBy') ?? DEFAULT_STATE.sizeBy,
    sizeMode: p.get('sizeMode') === 'rank' ? 'rank' : 'value',
    sizeMin: Math.min(100, num('sizeMin', 0)),
    sizeMax: Math.min(100, num('sizeMax', 0)),
    labelSize: Math.min(100, num('labelSize', 0)),
    types: p.get('types')?.split(',').filter(Boolean) ?? [],
    tieTypes: p.get('tieTypes')?.split(',').filter(Boolean) ?? [],
    region: str('region'),
    hub: str('hub'),
    date: str('date'),
    minDegree: num('minDegree', 0),
    kcore: num('kcore', 0),
    ego: str('ego'),
    egoDepth: Math.max(1, Math.min(3, num('egoDepth', 1))),
    selected: str('selected'),
    search: str('search'),
  };
}
