/**
 * Map benchmark page (bench/web-map.ts drives it in Chromium): fetches a generated graph in the
 * API's display shape from `?data=<url>`, then measures data-arrived → first frame, and frame
 * times while a user drags the map, wheels to zoom and hovers nodes. Interactions are dispatched
 * as DOM mouse events on sigma's mouse layer, so sigma's own handlers (camera moves, hiding edges
 * while moving, picking, enterNode) run as they do for a person. Results land in `window.__bench`.
 */
import type { GraphPayload } from './api/types.ts';
import { displayEdge, displayNode } from './api/graph.ts';
import { computeVisibility } from './map/filters.ts';
import { buildMapData } from './map/map-data.ts';
import { MapView } from './map/map-view.ts';
import { cameraInMotion } from './map/motion.ts';
import { colorBy, sizeBy } from './map/palette.ts';

interface FrameStats {
  frames: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}
/** After a gesture: when the complete map is back (from release, sigma's inertia / zoom animation
 * included), and how long that last, complete frame took from the start of its render. */
interface Rest {
  completeMs: number;
  redrawMs: number;
}
interface BenchResult {
  nodes: number;
  edges: number;
  edgeProgram: string;
  parseMs: number;
  firstRenderMs: number;
  pan: FrameStats;
  panRest: Rest;
  zoom: FrameStats;
  zoomRest: Rest;
  hover: FrameStats & { hits: number };
  drag: FrameStats & { movedPx: number };
  filterMs: number;
}

/** Frames per measurement: small, since headless Chromium rasterises WebGL in software. */
const params = new URLSearchParams(location.search);
const PAN_FRAMES = Number(params.get('pan') ?? 30);
const ZOOM_FRAMES = Number(params.get('zoom') ?? 20);
const HOVER_FRAMES = Number(params.get('hover') ?? 20);
const DRAG_FRAMES = Number(params.get('drag') ?? 20);
const EDGES = (params.get('edges') ?? 'auto') as 'auto' | 'rectangle' | 'line';

const w = window as unknown as { __bench?: BenchResult; __benchError?: string; __stage?: string; map?: MapView };

async function run(): Promise<void> {
  const url = params.get('data') ?? '/bench/graph.json';
  const res = await fetch(url);
  const text = await res.text();
  const t0 = performance.now(); // data has arrived
  const payload = JSON.parse(text) as GraphPayload;
  const data = buildMapData(payload.nodes.map(displayNode), payload.edges.map(displayEdge));
  const parseMs = performance.now() - t0;
  const host = document.getElementById('main')!;
  const container = document.createElement('div');
  container.className = 'sigma-container';
  host.append(container);
  const firstFrame = new Promise<number>((resolve) => {
    const map = new MapView(container, data, {
      onFirstRender: () => resolve(performance.now() - t0),
      edges: EDGES,
      colors: colorBy(data, 'community').colors,
      sizes: sizeBy(data, 'degree'),
      visibility: computeVisibility(data, { types: [], minDegree: 0, kcore: 0, egoDepth: 1 }),
    });
    w.map = map;
  });
  w.__stage = 'built';
  const firstRenderMs = await firstFrame;
  const map = w.map!;
  const r = map.renderer;
  const mouse = r.getCanvases().mouse;
  const box = mouse.getBoundingClientRect();
  const at = (x: number, y: number) => ({ clientX: box.left + x, clientY: box.top + y, bubbles: true, cancelable: true, button: 0 });
  const cx = box.width / 2;
  const cy = box.height / 2;

  // Drag the map: press, move a little every frame (a steady hand), release.
  w.__stage = 'pan';
  let px = cx;
  let py = cy;
  mouse.dispatchEvent(new MouseEvent('mousedown', at(px, py)));
  const pan = await frames(PAN_FRAMES, (i) => {
    px += 9 * Math.cos(i / 8);
    py += 6 * Math.sin(i / 8);
    mouse.dispatchEvent(new MouseEvent('mousemove', at(px, py)));
  });
  const upAt = performance.now();
  w.__stage = 'pan release';
  mouse.dispatchEvent(new MouseEvent('mouseup', at(px, py)));
  const panRest = await settled(r, upAt);

  // Wheel zoom around the centre, in and out, one notch per frame.
  w.__stage = 'zoom';
  const zoom = await frames(ZOOM_FRAMES, (i) => {
    mouse.dispatchEvent(new WheelEvent('wheel', { ...at(cx, cy), deltaY: Math.floor(i / 5) % 2 ? 100 : -100, deltaMode: 0 }));
  });
  const zoomAt = performance.now();
  w.__stage = 'zoom settle';
  const zoomRest = await settled(r, zoomAt);
  r.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1 });
  await nextFrame();

  // Hover: point at a different visible node every frame; sigma picks it and fires enterNode.
  w.__stage = 'hover';
  const targets: { x: number; y: number; v: number }[] = [];
  for (let k = 0; targets.length < HOVER_FRAMES && k < data.n * 4; k++) {
    const v = (k * 7919) % data.n;
    const p = r.graphToViewport(map.graph.getNodeAttributes(String(v)));
    if (p.x > 20 && p.y > 20 && p.x < box.width - 20 && p.y < box.height - 20) targets.push({ ...p, v });
  }
  let hits = 0;
  r.on('enterNode', () => hits++);
  const hover = await frames(targets.length, (i) => mouse.dispatchEvent(new MouseEvent('mousemove', at(targets[i].x, targets[i].y))));
  mouse.dispatchEvent(new MouseEvent('mousemove', at(2, 2)));
  await nextFrame();

  // Drag a node: press on it, move it a little every frame, release.
  w.__stage = 'drag';
  const grab = targets[0];
  mouse.dispatchEvent(new MouseEvent('mousemove', at(grab.x, grab.y)));
  await nextFrame();
  let grabbed = String(grab.v); // the node on top at that point, as sigma picks it
  r.on('downNode', ({ node }) => {
    grabbed = node;
  });
  mouse.dispatchEvent(new MouseEvent('mousedown', at(grab.x, grab.y)));
  const start = r.graphToViewport(map.graph.getNodeAttributes(grabbed));
  let dx = grab.x;
  let dy = grab.y;
  const drag = await frames(DRAG_FRAMES, () => {
    dx += 4;
    dy += 2;
    mouse.dispatchEvent(new MouseEvent('mousemove', at(dx, dy)));
  });
  mouse.dispatchEvent(new MouseEvent('mouseup', at(dx, dy)));
  const end = r.graphToViewport(map.graph.getNodeAttributes(grabbed));
  const dragged = Math.hypot(end.x - start.x, end.y - start.y); // how far the node itself moved

  const f0 = performance.now();
  map.setVisibility(computeVisibility(data, { types: [], minDegree: 3, kcore: 2, egoDepth: 1 }));
  const filterMs = performance.now() - f0;
  w.__bench = {
    nodes: data.n,
    edges: data.src.length,
    edgeProgram: map.edgeProgram,
    parseMs,
    firstRenderMs,
    pan,
    panRest,
    zoom,
    zoomRest,
    hover: { ...hover, hits },
    drag: { ...drag, movedPx: dragged },
    filterMs,
  };
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
}

/** Resolves at the first frame after a complete render (camera at rest), timed from `since`. */
function settled(r: MapView['renderer'], since: number): Promise<Rest> {
  return new Promise((resolve) => {
    let began = 0;
    const before = () => {
      if (!cameraInMotion(r)) began = performance.now();
    };
    const after = () => {
      if (cameraInMotion(r)) return;
      r.off('beforeRender', before);
      r.off('afterRender', after);
      void nextFrame().then((t) => resolve({ completeMs: t - since, redrawMs: t - began }));
    };
    r.on('beforeRender', before);
    r.on('afterRender', after);
  });
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
        resolve({
          frames: times.length,
          meanMs: times.reduce((s, x) => s + x, 0) / times.length,
          p50Ms: times[Math.floor(times.length / 2)],
          p95Ms: times[Math.floor(times.length * 0.95)],
          maxMs: times[times.length - 1],
        });
        return;
      }
      w.__stage = `frame ${i}`;
      step(i++);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

run().catch((e) => {
  w.__benchError = String(e?.stack ?? e);
});
