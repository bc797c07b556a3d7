import { nodeAttr, type MapData } from './map-data.ts';
import type { PairStatus } from '../api/types.ts';

/** Colour-blind-friendly categorical palette (Okabe–Ito first, then Tableau 20's distinct tones). */
export const CATEGORICAL = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#7F3C8D',
  '#4E79A7',
  '#59A14F',
  '#EDC948',
  '#B07AA1',
  '#FF9DA7',
  '#9C755F',
  '#86BCB6',
  '#8CD17D',
  '#B6992D',
  '#D37295',
  '#499894',
  '#A0CBE8',
];
export const OTHER_COLOR = '#9aa0a6';

/** Border colours for the kinds of organisation a coordinator looks for first. */
export const TYPE_BORDER: Record<string, string> = {
  school: '#1b5e20',
  company: '#b71c1c',
  university: '#0d47a1',
  hub: '#000000',
  vet: '#4a148c',
  research: '#006064',
};
export const DEFAULT_BORDER = '#ffffff';

export interface Coloring {
  /** Colour per node index. */
  colors: string[];
  /** Legend entries, in the order shown. */
  legend: { label: string; color: string; count: number }[];
  kind: 'categorical' | 'sequential';
}

export interface ColorOptions {
  /** Treat values as categories even when they are numbers (community ids). */
  categorical?: boolean;
  /**
   * Palette slot per category, for colours that must not move between versions (communities
   * matched by overlap); categories without a slot take the free slots, biggest first.
   */
  slots?: ReadonlyMap<string, number>;
  /** Legend text for a category value (hub ids → hub names). */
  labelOf?: (value: string) => string;
  maxCategories?: number;
}

const catKey = (v: unknown): string => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v));

/**
 * Colours nodes by any attribute: a categorical palette for categories (the most frequent get
 * their own colour, the rest "other"), a light-to-dark ramp for numeric metrics.
 */
export function colorBy(d: MapData, key: string, opts: ColorOptions = {}): Coloring {
  const maxCategories = opts.maxCategories ?? CATEGORICAL.length;
  const values = d.nodes.map((v) => nodeAttr(v, key));
  const numeric = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const present = values.filter((v) => v !== undefined && v !== null && v !== '').length;
  const distinct = new Set(values.map(catKey));
  if (!opts.categorical && numeric.length > 0 && numeric.length >= present && distinct.size > maxCategories) {
    const { lo, hi } = extent(numeric);
    const colors = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? ramp(hi > lo ? (v - lo) / (hi - lo) : 0.5) : OTHER_COLOR));
    const legend = [0, 0.25, 0.5, 0.75, 1].map((t) => ({ label: fmtNum(lo + t * (hi - lo)), color: ramp(t), count: 0 }));
    return { colors, legend, kind: 'sequential' };
  }
  const counts = new Map<string, number>();
  for (const v of values) {
    const k = catKey(v);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].filter(([k]) => k !== '').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en', { numeric: true }));
  const own = new Map<string, string>();
  const used = new Set<number>();
  for (const [k] of ranked) {
    const slot = opts.slots?.get(k);
    if (slot !== undefined && slot < maxCategories && !used.has(slot)) {
      own.set(k, CATEGORICAL[slot]);
      used.add(slot);
    }
  }
  let free = 0;
  for (const [k] of ranked) {
    if (own.has(k)) continue;
    while (used.has(free)) free++;
    if (free >= maxCategories) break;
    own.set(k, CATEGORICAL[free]);
    used.add(free);
  }
  const colors = values.map((v) => own.get(catKey(v)) ?? OTHER_COLOR);
  const label = opts.labelOf ?? ((x: string) => x);
  const mine = ranked.filter(([k]) => own.has(k));
  const legend = mine.map(([k, count]) => ({ label: label(k), color: own.get(k)!, count }));
  const rest = values.length - legend.reduce((s, e) => s + e.count, 0);
  if (rest > 0) legend.push({ label: ranked.length > mine.length ? 'other' : '(none)', color: OTHER_COLOR, count: rest });
  return { colors, legend, kind: 'categorical' };
}

function extent(xs: number[]): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return { lo, hi };
}

/**
 * Node radius range for a map of n nodes: 3–14 px up to 1,000 nodes, shrinking with √n beyond
 * (to 1.5–6 px from ~5,500 nodes) so dense maps stay legible — and cheaper to fill.
 */
export function sizeRange(n: number): { min: number; max: number } {
  const f = Math.min(1, Math.sqrt(1000 / Math.max(n, 1)));
  return { min: Math.max(1.5, 3 * f), max: Math.max(6, 14 * f) };
}

export interface SizeOptions {
  /** 'value': area tracks the value (√ scale from 0); 'rank': evenly spaced by rank (ties share a size). */
  mode?: 'value' | 'rank';
  min?: number;
  max?: number;
}

/** Node sizes from a metric within [min, max] px; nodes without a value get the minimum. */
export function sizeBy(d: MapData, key: string, opts: SizeOptions = {}): Float32Array {
  const auto = sizeRange(d.n);
  const min = opts.min ?? auto.min;
  const max = Math.max(min, opts.max ?? auto.max);
  const out = new Float32Array(d.n).fill(key === 'uniform' ? (min + max) / 2 : min);
  if (key === 'uniform') return out;
  const vals = d.nodes.map((v) => nodeAttr(v, key));
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (opts.mode === 'rank') {
    const order = vals
      .map((_v, i) => i)
      .filter((i) => finite(vals[i]))
      .sort((a, b) => (vals[a] as number) - (vals[b] as number));
    const distinct = new Set(order.map((i) => vals[i])).size;
    let r = -1;
    let prev: unknown;
    for (const i of order) {
      if (vals[i] !== prev) {
        r++;
        prev = vals[i];
      }
      out[i] = distinct > 1 ? min + ((max - min) * r) / (distinct - 1) : (min + max) / 2;
    }
    return out;
  }
  let hi = 0;
  for (const v of vals) if (finite(v) && v > hi) hi = v;
  if (hi <= 0) return out.fill(min + 1);
  vals.forEach((v, i) => {
    out[i] = finite(v) && v > 0 ? min + (max - min) * Math.sqrt(v / hi) : min;
  });
  return out;
}

function ramp(t: number): string {
  // Light yellow → dark blue (viridis-like endpoints), interpolated in RGB.
  const stops = [
    [253, 231, 37],
    [94, 201, 98],
    [33, 145, 140],
    [59, 82, 139],
    [68, 1, 84],
  ];
  const p = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(p));
  const f = p - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

function fmtNum(x: number): string {
  return Math.abs(x) >= 100 || Number.isInteger(x) ? x.toFixed(0) : x.toPrecision(2);
}

/** Stroke of a proposed pair drawn over the map: the pairs that become ties (accepted, locked) in green. */
export function pairStroke(status: PairStatus | undefined): string {
  switch (status) {
    case 'rejected':
      return 'rgba(180,30,30,0.5)';
    case 'accepted':
    case 'locked':
      return '#1b7f3b';
    default:
      return '#d55e00';
  }
}
