import { nodeAttr, type MapData } from './map-data.ts';
import type { PairStatus } from '../api/types.ts';

/** Colour-blind-friendly categorical palette (Okabe–Ito first, then Tableau). */
export const CATEGORICAL = [
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#7F3C8D',
  '#4E79A7', '#59A14F', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F',
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

/**
 * Colours nodes by any attribute: categorical when it has few distinct values (the most frequent
 * get their own colour, the rest "other"), a light-to-dark ramp for numeric metrics.
 */
export function colorBy(d: MapData, key: string, maxCategories = CATEGORICAL.length): Coloring {
  const values = d.nodes.map((v) => nodeAttr(v, key));
  const numeric = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const distinct = new Set(values.map((v) => (v === undefined || v === null ? '' : String(v))));
  if (numeric.length > 0 && numeric.length >= values.filter((v) => v !== undefined && v !== null).length && distinct.size > maxCategories) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of numeric) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    const colors = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? ramp(hi > lo ? (v - lo) / (hi - lo) : 0.5) : OTHER_COLOR));
    const legend = [0, 0.25, 0.5, 0.75, 1].map((t) => ({ label: fmtNum(lo + t * (hi - lo)), color: ramp(t), count: 0 }));
    return { colors, legend, kind: 'sequential' };
  }
  const counts = new Map<string, number>();
  for (const v of values) {
    const k = v === undefined || v === null || v === '' ? '' : Array.isArray(v) ? v.join('; ') : String(v);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].filter(([k]) => k !== '').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const own = new Map<string, string>();
  ranked.slice(0, maxCategories).forEach(([k], i) => own.set(k, CATEGORICAL[i]));
  const colors = values.map((v) => {
    const k = v === undefined || v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v);
    return own.get(k) ?? OTHER_COLOR;
  });
  const legend = ranked.slice(0, maxCategories).map(([label, count]) => ({ label, color: own.get(label)!, count }));
  const rest = values.length - legend.reduce((s, e) => s + e.count, 0);
  if (rest > 0) legend.push({ label: ranked.length > maxCategories ? 'other' : '(none)', color: OTHER_COLOR, count: rest });
  return { colors, legend, kind: 'categorical' };
}

/**
 * Node radius range for a map of n nodes: 3–14 px up to 1,000 nodes, shrinking with √n beyond
 * (to 1.5–6 px from ~5,500 nodes) so dense maps stay legible — and cheaper to fill.
 */
export function sizeRange(n: number): { min: number; max: number } {
  const f = Math.min(1, Math.sqrt(1000 / Math.max(n, 1)));
  return { min: Math.max(1.5, 3 * f), max: Math.max(6, 14 * f) };
}

/** Node sizes from a metric: square-root scaled so area tracks the value, within [min, max] px. */
export function sizeBy(d: MapData, key: string, { min, max } = sizeRange(d.n)): Float32Array {
  const out = new Float32Array(d.n).fill(min + 1);
  const vals = d.nodes.map((v) => nodeAttr(v, key));
  let hi = 0;
  for (const v of vals) if (typeof v === 'number' && Number.isFinite(v) && v > hi) hi = v;
  if (hi <= 0) return out;
  vals.forEach((v, i) => {
    out[i] = typeof v === 'number' && Number.isFinite(v) && v > 0 ? min + (max - min) * Math.sqrt(v / hi) : min;
  });
  return out;
}

function ramp(t: number): string {
  // Light yellow → dark blue (viridis-like endpoints), interpolated in RGB.
  const stops = [[253, 231, 37], [94, 201, 98], [33, 145, 140], [59, 82, 139], [68, 1, 84]];
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
    case 'rejected': return 'rgba(180,30,30,0.5)';
    case 'accepted': case 'locked': return '#1b7f3b';
    default: return '#d55e00';
  }
}
