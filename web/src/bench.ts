/**
 * Map benchmark page (bench/web-map.ts drives it in Chromium): fetches a generated graph in the
 * API's display shape from `?data=<url>`, then measures data-arrived → first frame, and frame times
 * while panning/zooming and hovering. Results land in `window.__bench`.
 */
import type { GraphPayload } from './api/types.ts';
import { computeVisibility } from './map/filters.ts';
import { buildMapData } from './map/map-data.ts';
import { MapView } from './map/map-view.ts';
import { colorBy, sizeBy } from './map/palette.ts';

interface BenchResult { nodes: number; edges: number; parseMs: number; firstRenderMs: number; panZoom: FrameStats; hover: FrameStats; filterMs: number }
interface FrameStats { frames: number; meanMs: number; p95Ms: number; maxMs: number }

/** Frames per measurement: small, since headless Chromium rasterises WebGL in software. */
const params = new URLSearchParams(location.search);
const PAN_FRAMES = Number(params.get('pan') ?? 20);
const HOVER_FRAMES = Number(params.get('hover') ?? 10);

const w = window as unknown as { __bench?: BenchResult; __benchError?: string };

async function run(): Promise<void> {
  const url = params.get('data') ?? '/bench/graph.json';
  const res = await fetch(url);
  const text = await res.text();
  const t0 = performance.now(); // data has arrived
  const payload = JSON.parse(text) as GraphPayload;
  const data = buildMapData(payload.nodes, payload.edges.map((e) => ({ ...e, start: e.start ?? undefined, end: e.end ?? undefined })));
  const parseMs = performance.now() - t0;
  const host = document.getElementById('main')!;
  const container = document.createElement('div');
  container.className = 'sigma-container';
  host.append(container);
  const firstFrame = new Promise<number>((resolve) => {
    const map = new MapView(container, data, { onFirstRender: () => resolve(performance.now() - t0) });
    map.setColors(colorBy(data, 'community').colors);
    map.setSizes(sizeBy(data, 'degree'));
    map.setVisibility(computeVisibility(data, { types: [], minDegree: 0, kcore: 0, egoDepth: 1 }));
    (w as unknown as { map: MapView }).map = map;
  });
  (w as unknown as { __stage: string }).__stage = 'built';
  const firstRenderMs = await firstFrame;
  (w as unknown as { __stage: string }).__stage = `rendered in ${firstRenderMs}`;
  const map = (w as unknown as { map: MapView }).map;
  const cam = map.renderer.getCamera();

  // Pan and zoom: move the camera every frame for ~2 s, as a user dragging / wheeling would.
  const panZoom = await frames(PAN_FRAMES, (i) => cam.setState({ x: 0.5 + 0.2 * Math.sin(i / 10), y: 0.5 + 0.2 * Math.cos(i / 13), ratio: 0.6 + 0.4 * Math.sin(i / 20) }));
  cam.setState({ x: 0.5, y: 0.5, ratio: 1 });
  (w as unknown as { __stage: string }).__stage = 'panned';
  // Hover: each frame highlights a different node's neighbourhood (what enterNode does).
  const hover = await frames(HOVER_FRAMES, (i) => map.hover((i * 7919) % data.n));
  map.hover(-1);
  const f0 = performance.now();
  map.setVisibility(computeVisibility(data, { types: [], minDegree: 3, kcore: 2, egoDepth: 1 }));
  const filterMs = performance.now() - f0;
  w.__bench = { nodes: data.n, edges: data.src.length, parseMs, firstRenderMs, panZoom, hover, filterMs };
}

/** Runs `step` before each of `n` animation frames and reports the intervals between frames. */
function frames(n: number, step: (i: number) => void): Promise<FrameStats> {
  return new Promise((resolve) => {
    const times: number[] = [];
    let last = performance.now();
    let i = 0;
    const tick = () => {
      const now = performance.now();
      if (i > 0) times.push(now - last);
      last = now;
      if (i >= n) {
        times.sort((a, b) => a - b);
        resolve({ frames: times.length, meanMs: times.reduce((s, x) => s + x, 0) / times.length, p95Ms: times[Math.floor(times.length * 0.95)], maxMs: times[times.length - 1] });
        return;
      }
      (window as unknown as { __stage: string }).__stage = `frame ${i} at ${performance.now() - last}`;
      step(i++);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

run().catch((e) => { w.__benchError = String(e?.stack ?? e); });
