/**
 * Where the map's positions come from, in order: the layout saved with the version on the server
 * (anyone who opens it sees what a colleague refined), one kept in this browser (viewers may not
 * save for everyone), the positions the file carried (Gephi's viz x/y), else the server's computed
 * layout. Saving goes to the server (Float32 x,y pairs as base64) and falls back to this browser.
 */
import type { SaveLayoutBody, SavedLayoutPayload } from '../../../src/server/contract/layouts.ts';
import { api, ApiError } from '../api/client.ts';
import type { MapData } from './map-data.ts';

export type LayoutSource = 'saved' | 'browser' | 'file' | 'computed';

const ENCODING = 'float32le-xy-base64' satisfies SaveLayoutBody['encoding'];
const enc = encodeURIComponent;
const layoutPath = (ws: string, version: string) => `/api/workspaces/${enc(ws)}/versions/${enc(version)}/layout`;
const key = (ws: string, version: string) => `hubgraph:layout:${ws}:${version}`;

function checksum(ids: readonly string[]): number {
  let h = 2166136261;
  for (const id of ids) for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** x,y pairs as little-endian Float32, base64 (what the layout route stores). */
export function encodePositions(x: Float32Array, y: Float32Array): string {
  const buf = new DataView(new ArrayBuffer(x.length * 8));
  for (let i = 0; i < x.length; i++) {
    buf.setFloat32(i * 8, x[i], true);
    buf.setFloat32(i * 8 + 4, y[i], true);
  }
  const bytes = new Uint8Array(buf.buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The inverse of encodePositions; null when the text does not hold `n` finite pairs. */
export function decodePositions(b64: string, n: number): { x: Float32Array; y: Float32Array } | null {
  let raw: string;
  try {
    raw = atob(b64);
  } catch {
    return null;
  }
  if (raw.length !== n * 8) return null;
  const view = new DataView(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) view.setUint8(i, raw.charCodeAt(i));
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = view.getFloat32(i * 8, true);
    y[i] = view.getFloat32(i * 8 + 4, true);
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) return null;
  }
  return { x, y };
}

/** The layout saved with the version on the server; null when there is none (or it cannot be read). */
export async function fetchSavedLayout(ws: string, version: string): Promise<SavedLayoutPayload['saved']> {
  try {
    return (await api<SavedLayoutPayload>(layoutPath(ws, version))).saved;
  } catch {
    return null;
  }
}

function browserLayout(ws: string, version: string, data: MapData): { x: Float32Array; y: Float32Array } | null {
  try {
    const raw = localStorage.getItem(key(ws, version));
    if (!raw) return null;
    const s = JSON.parse(raw) as { n: number; sum: number; x: number[]; y: number[] };
    if (s.n !== data.n || s.sum !== checksum(data.ids) || s.x.length !== data.n || s.y.length !== data.n) return null;
    return { x: Float32Array.from(s.x), y: Float32Array.from(s.y) };
  } catch {
    return null;
  }
}

/**
 * Positions the file carried (GEXF viz position, yEd geometry: `viz_x`/`viz_y`), when most nodes
 * have them; a node without gets the mean of its placed neighbours (else the centre), so a few
 * nodes added since the file was drawn do not make the file's layout unusable.
 */
export function filePositions(data: MapData, minShare = 0.9): { x: Float32Array; y: Float32Array } | null {
  const x = new Float32Array(data.n);
  const y = new Float32Array(data.n);
  const placed = new Uint8Array(data.n);
  let count = 0;
  let cx = 0;
  let cy = 0;
  data.nodes.forEach((v, i) => {
    const px = Number(v.attrs?.viz_x);
    const py = Number(v.attrs?.viz_y);
    if (v.attrs?.viz_x === undefined || v.attrs?.viz_y === undefined || !Number.isFinite(px) || !Number.isFinite(py)) return;
    x[i] = px;
    y[i] = py;
    placed[i] = 1;
    count++;
    cx += px;
    cy += py;
  });
  if (!data.n || count < data.n * minShare) return null;
  cx /= count;
  cy /= count;
  for (let i = 0; i < data.n; i++) {
    if (placed[i]) continue;
    let sx = 0;
    let sy = 0;
    let k = 0;
    for (let p = data.offsets[i]; p < data.offsets[i + 1]; p++) {
      const e = data.incident[p];
      const j = data.src[e] === i ? data.dst[e] : data.src[e];
      if (!placed[j]) continue;
      sx += x[j];
      sy += y[j];
      k++;
    }
    // A small offset per node so two unplaced nodes never sit exactly on each other.
    x[i] = (k ? sx / k : cx) + Math.cos(i) * 2;
    y[i] = (k ? sy / k : cy) + Math.sin(i) * 2;
  }
  return { x, y };
}

/**
 * Sets the map data's positions from the best source there is and says which it was. The
 * server's saved layout is fetched by the caller (in parallel with the graph) and passed in.
 */
export function chooseLayout(ws: string, version: string, data: MapData, saved: SavedLayoutPayload['saved']): LayoutSource {
  const candidates: [LayoutSource, () => { x: Float32Array; y: Float32Array } | null][] = [
    ['saved', () => (saved ? decodePositions(saved.positions, data.n) : null)],
    ['browser', () => browserLayout(ws, version, data)],
    ['file', () => filePositions(data)],
  ];
  for (const [source, get] of candidates) {
    const p = get();
    if (!p) continue;
    data.x.set(p.x);
    data.y.set(p.y);
    return source;
  }
  return 'computed';
}

function keepInBrowser(ws: string, version: string, data: MapData, x: Float32Array, y: Float32Array): void {
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

function dropFromBrowser(ws: string, version: string): void {
  try {
    localStorage.removeItem(key(ws, version));
  } catch {
    /* nothing kept */
  }
}

/**
 * Saves positions with the version on the server ('server'); when the caller may not write (a
 * viewer) or the server cannot be reached, keeps them in this browser instead ('browser').
 */
export async function saveLayout(ws: string, version: string, data: MapData, x: Float32Array, y: Float32Array): Promise<'server' | 'browser'> {
  try {
    await api(layoutPath(ws, version), {
      method: 'PUT',
      json: { encoding: ENCODING, nodes: data.n, positions: encodePositions(x, y) } satisfies SaveLayoutBody,
    });
    dropFromBrowser(ws, version);
    return 'server';
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 0 && e.status !== 401 && e.status !== 403)) throw e;
    keepInBrowser(ws, version, data, x, y);
    return 'browser';
  }
}

/** Forgets saved positions (server and browser): the version opens with its computed layout again. */
export async function forgetLayout(ws: string, version: string): Promise<void> {
  dropFromBrowser(ws, version);
  try {
    await api(layoutPath(ws, version), { method: 'DELETE' });
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 0 && e.status !== 401 && e.status !== 403)) throw e;
  }
}
