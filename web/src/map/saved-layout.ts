/**
 * Refined positions kept in this browser per workspace and version, so a layout someone worked
 * on is there after a reload. Keyed by the node ids' count and a checksum of them: a different
 * node set (another version under the same number) never gets foreign positions.
 */
import type { MapData } from './map-data.ts';

const key = (ws: string, version: string) => `hubgraph:layout:${ws}:${version}`;

function checksum(ids: readonly string[]): number {
  let h = 2166136261;
  for (const id of ids) for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export function saveLayout(ws: string, version: string, data: MapData, x: Float32Array, y: Float32Array): void {
  try {
    localStorage.setItem(
      key(ws, version),
      JSON.stringify({
        n: data.n,
        sum: checksum(data.ids),
        x: Array.from(x, (v) => Math.round(v * 1000) / 1000),
        y: Array.from(y, (v) => Math.round(v * 1000) / 1000),
      }),
    );
  } catch {
    // Storage full or disabled: the layout simply is not kept.
  }
}

/** Applies saved positions to the data; true when there were some for exactly these nodes. */
export function restoreLayout(ws: string, version: string, data: MapData): boolean {
  try {
    const raw = localStorage.getItem(key(ws, version));
    if (!raw) return false;
    const s = JSON.parse(raw) as { n: number; sum: number; x: number[]; y: number[] };
    if (s.n !== data.n || s.sum !== checksum(data.ids) || s.x.length !== data.n || s.y.length !== data.n) return false;
    data.x.set(s.x);
    data.y.set(s.y);
    return true;
  } catch {
    return false;
  }
}

export function forgetLayout(ws: string, version: string): void {
  try {
    localStorage.removeItem(key(ws, version));
  } catch {
    /* nothing kept */
  }
}
