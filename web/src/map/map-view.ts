import Sigma from 'sigma';
import { MultiUndirectedGraph } from 'graphology';
import { createNodeBorderProgram } from '@sigma/node-border';
import type { MapData } from './map-data.ts';
import type { Visibility } from './filters.ts';
import { DEFAULT_BORDER, TYPE_BORDER } from './palette.ts';
import { LayoutRefiner } from './layout-refine.ts';

export interface OverlayPair { left: string; right: string; status?: string }

export interface MapViewOptions {
  onSelect?: (id: string | null) => void;
  /** Called after the first frame is drawn (used for the first-render measurement). */
  onFirstRender?: () => void;
}

type NodeAttrs = { i: number; x: number; y: number; size: number; color: string; label: string; borderColor: string; type: string };
type EdgeAttrs = { i: number; size: number; color: string };

const DIM_NODE = '#e3e5e8';
const EDGE_COLOR = '#c3c8cf';

/**
 * The sigma map. Graphology nodes are keyed by dense index strings ("0", "1", …), never by user
 * ids, and carry their index so reducers do no lookups. Everything that changes with the view
 * (visibility, colours, hover neighbourhood) lives in typed arrays / sets recomputed once per state
 * change; reducers only read them.
 */
export class MapView {
  readonly graph = new MultiUndirectedGraph<NodeAttrs, EdgeAttrs>();
  readonly renderer: Sigma<NodeAttrs, EdgeAttrs>;
  private vis: Visibility | null = null;
  private hovered = -1;
  private hoverSet: Set<number> | null = null;
  private selected = -1;
  private highlighted: Set<number> | null = null;
  private pairs: { s: number; t: number; status?: string }[] = [];
  private pairNodes = new Set<number>();
  private readonly overlay: HTMLCanvasElement;
  private refiner: LayoutRefiner | null = null;
  private dragging = -1;
  private dragMoved = false;
  private killed = false;

  constructor(
    private readonly container: HTMLElement,
    readonly data: MapData,
    private readonly opts: MapViewOptions = {},
  ) {
    const g = this.graph;
    for (let v = 0; v < data.n; v++) {
      const nd = data.nodes[v];
      g.addNode(String(v), {
        i: v, x: data.x[v], y: data.y[v], size: 4, color: '#4E79A7',
        label: nd.label || nd.id, borderColor: TYPE_BORDER[nd.type] ?? DEFAULT_BORDER, type: 'bordered',
      });
    }
    const m = data.src.length;
    for (let e = 0; e < m; e++) {
      g.addEdgeWithKey(String(e), String(data.src[e]), String(data.dst[e]), {
        i: e, size: Math.min(3, 0.6 + Math.log1p(data.weight[e]) * 0.5), color: EDGE_COLOR,
      });
    }
    const big = m > 40_000;
    this.renderer = new Sigma(g, container, {
      defaultNodeType: 'bordered',
      nodeProgramClasses: {
        bordered: createNodeBorderProgram({
          borders: [
            { size: { value: 0.22 }, color: { attribute: 'borderColor' } },
            { size: { fill: true }, color: { attribute: 'color' } },
          ],
        }),
      },
      labelFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      labelSize: 12,
      labelWeight: '500',
      labelDensity: 0.35,
      labelGridCellSize: 150,
      labelRenderedSizeThreshold: data.n > 2000 ? 9 : 6,
      zIndex: true,
      hideEdgesOnMove: big,
      hideLabelsOnMove: big,
      minCameraRatio: 0.02,
      maxCameraRatio: 8,
      nodeReducer: (_k, a) => this.reduceNode(a),
      edgeReducer: (_k, a) => this.reduceEdge(a),
    });
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'map-overlay';
    this.overlay.setAttribute('aria-hidden', 'true');
    container.append(this.overlay);
    this.renderer.on('afterRender', () => this.drawOverlay());
    // Sigma draws synchronously in its constructor; the next animation frame is when it is on screen.
    requestAnimationFrame(() => this.opts.onFirstRender?.());
    this.bindEvents();
  }

  // ---- state setters (each triggers one refresh) ----

  setVisibility(vis: Visibility): void {
    this.vis = vis;
    this.refresh();
  }

  setColors(colors: string[]): void {
    this.graph.updateEachNodeAttributes((_k, a) => { a.color = colors[a.i]; return a; }, { attributes: ['color'] });
  }

  setSizes(sizes: Float32Array): void {
    this.graph.updateEachNodeAttributes((_k, a) => { a.size = sizes[a.i]; return a; }, { attributes: ['size'] });
  }

  /** Selected node (panel open): drawn highlighted with its neighbourhood. */
  select(id: string | null): void {
    this.selected = id === null ? -1 : (this.data.index.get(id) ?? -1);
    this.refresh();
  }

  /** Extra emphasis for a set of nodes (e.g. the schools picked in the coordinator list). */
  highlight(ids: string[] | null): void {
    if (!ids || ids.length === 0) this.highlighted = null;
    else this.highlighted = new Set(ids.map((id) => this.data.index.get(id)).filter((v): v is number => v !== undefined));
    this.refresh();
  }

  /** Proposed pairs drawn as dashed edges over the map. */
  setPairs(pairs: OverlayPair[]): void {
    this.pairs = [];
    this.pairNodes.clear();
    for (const p of pairs) {
      const s = this.data.index.get(p.left);
      const t = this.data.index.get(p.right);
      if (s === undefined || t === undefined) continue;
      this.pairs.push({ s, t, status: p.status });
      this.pairNodes.add(s);
      this.pairNodes.add(t);
    }
    this.refresh();
  }

  /** Animates the camera onto a node. Resolves when the camera has arrived. */
  async focus(id: string, ratio = 0.25): Promise<boolean> {
    const v = this.data.index.get(id);
    if (v === undefined) return false;
    const dd = this.renderer.getNodeDisplayData(String(v));
    if (!dd) return false;
    await this.renderer.getCamera().animate({ x: dd.x, y: dd.y, ratio }, { duration: 600 });
    this.container.dataset.focused = id; // lets tests and tools know where the camera is
    return true;
  }

  async resetCamera(): Promise<void> {
    await this.renderer.getCamera().animatedReset({ duration: 400 });
  }

  zoom(factor: number): void {
    const cam = this.renderer.getCamera();
    if (factor > 1) void cam.animatedZoom({ duration: 200, factor });
    else void cam.animatedUnzoom({ duration: 200, factor: 1 / factor });
  }

  // ---- layout refinement ----

  get refining(): boolean {
    return this.refiner?.isRunning ?? false;
  }

  toggleRefine(on: boolean): void {
    if (on) {
      if (!this.refiner) {
        // Seed the worker with where nodes are now (after any drags).
        this.graph.forEachNode((_k, a) => { this.data.x[a.i] = a.x; this.data.y[a.i] = a.y; });
        this.refiner = new LayoutRefiner(this.data, (x, y) => this.applyPositions(x, y));
      }
      this.refiner.start();
    } else this.refiner?.stop();
  }

  private applyPositions(x: Float32Array, y: Float32Array): void {
    if (this.killed) return;
    this.graph.updateEachNodeAttributes((_k, a) => {
      if (a.i !== this.dragging) { a.x = x[a.i]; a.y = y[a.i]; }
      return a;
    }, { attributes: ['x', 'y'] });
  }

  // ---- export ----

  /** The current view as a PNG (white background, edges, nodes, labels and pair overlay). */
  async toPng(): Promise<Blob> {
    this.renderer.refresh();
    const canvases = this.renderer.getCanvases();
    const { width, height } = this.renderer.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    const out = document.createElement('canvas');
    out.width = Math.round(width * ratio);
    out.height = Math.round(height * ratio);
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, out.width, out.height);
    // Draw in stacking order; the WebGL buffers are still valid within this task after refresh().
    for (const name of ['edges', 'nodes', 'edgeLabels', 'labels']) {
      const c = canvases[name];
      if (c) ctx.drawImage(c, 0, 0, out.width, out.height);
    }
    ctx.drawImage(this.overlay, 0, 0, out.width, out.height);
    return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
  }

  /** Node and edge positions of what is visible as an SVG document (vector export). */
  toSvg(): string {
    const { width, height } = this.renderer.getDimensions();
    const parts: string[] = [];
    const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const pos = new Map<string, { x: number; y: number }>();
    this.graph.forEachNode((k, a) => {
      if (this.vis && !this.vis.node[a.i]) return;
      pos.set(k, this.renderer.graphToViewport({ x: a.x, y: a.y }));
    });
    this.graph.forEachEdge((_e, a, s, t) => {
      const p = pos.get(s);
      const q = pos.get(t);
      if (!p || !q || (this.vis && !this.vis.edge[a.i])) return;
      parts.push(`<line x1="${p.x.toFixed(1)}" y1="${p.y.toFixed(1)}" x2="${q.x.toFixed(1)}" y2="${q.y.toFixed(1)}" stroke="${EDGE_COLOR}" stroke-width="0.6"/>`);
    });
    const scale = this.renderer.getCamera().getState().ratio;
    this.graph.forEachNode((k, a) => {
      const p = pos.get(k);
      if (!p) return;
      const r = Math.max(1.5, (this.renderer.getNodeDisplayData(k)?.size ?? a.size) / Math.sqrt(scale));
      parts.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(1)}" fill="${a.color}" stroke="${a.borderColor}" stroke-width="1"><title>${esc(a.label)}</title></circle>`);
    });
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
  }

  /** Releases the WebGL contexts and the layout worker. */
  kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.refiner?.kill();
    this.renderer.kill();
    this.overlay.remove();
  }

  // ---- internals ----

  private refresh(): void {
    if (!this.killed) this.renderer.refresh({ skipIndexation: true });
  }

  private reduceNode(a: NodeAttrs): Partial<NodeAttrs & { hidden: boolean; highlighted: boolean; forceLabel: boolean; zIndex: number }> {
    const v = a.i;
    if (this.vis && !this.vis.node[v]) return { ...a, hidden: true };
    const focusSet = this.hoverSet;
    if (focusSet && !focusSet.has(v)) return { ...a, color: DIM_NODE, borderColor: DIM_NODE, label: '', zIndex: 0 };
    const res: ReturnType<MapView['reduceNode']> = { ...a, zIndex: 1 };
    if (v === this.selected || v === this.hovered) { res.highlighted = true; res.forceLabel = true; res.zIndex = 3; }
    if (this.highlighted?.has(v)) { res.highlighted = true; res.forceLabel = true; res.zIndex = 2; res.size = a.size * 1.4; }
    if (this.pairNodes.has(v)) { res.forceLabel = this.pairNodes.size <= 60; res.zIndex = 2; }
    if (focusSet) res.forceLabel = focusSet.size <= 40;
    return res;
  }

  private reduceEdge(a: EdgeAttrs): Partial<EdgeAttrs & { hidden: boolean; zIndex: number }> {
    const e = a.i;
    if (this.vis && !this.vis.edge[e]) return { ...a, hidden: true };
    if (this.hovered >= 0 || this.selected >= 0) {
      const c = this.hovered >= 0 ? this.hovered : this.selected;
      const touches = this.data.src[e] === c || this.data.dst[e] === c;
      if (this.hovered >= 0 && !touches) return { ...a, hidden: true };
      if (touches) return { ...a, color: '#555b63', size: a.size + 0.8, zIndex: 1 };
    }
    return a;
  }

  /** Highlights a node's neighbourhood (index, or -1 to clear); the set is built once per hover. */
  hover(v: number): void {
    this.hovered = v;
    this.hoverSet = v >= 0 ? this.neighbourhood(v) : null;
    this.container.style.cursor = v >= 0 ? 'pointer' : '';
    this.refresh();
  }

  private neighbourhood(v: number): Set<number> {
    const set = new Set<number>([v]);
    const d = this.data;
    for (let i = d.offsets[v]; i < d.offsets[v + 1]; i++) {
      const e = d.incident[i];
      if (this.vis && !this.vis.edge[e]) continue;
      set.add(d.src[e] === v ? d.dst[e] : d.src[e]);
    }
    return set;
  }

  private bindEvents(): void {
    const r = this.renderer;
    r.on('enterNode', ({ node }) => this.hover(Number(node)));
    r.on('leaveNode', () => this.hover(-1));
    r.on('clickNode', ({ node }) => {
      if (this.dragMoved) return;
      this.opts.onSelect?.(this.data.ids[Number(node)]);
    });
    r.on('clickStage', () => this.opts.onSelect?.(null));
    // Dragging: pin the node under the pointer, keep the camera still.
    r.on('downNode', ({ node }) => {
      this.dragging = Number(node);
      this.dragMoved = false;
      if (!r.getCustomBBox()) r.setCustomBBox(r.getBBox());
    });
    r.getMouseCaptor().on('mousemovebody', (e) => {
      if (this.dragging < 0) return;
      const p = r.viewportToGraph(e);
      this.dragMoved = true;
      this.graph.mergeNodeAttributes(String(this.dragging), { x: p.x, y: p.y });
      this.refiner?.fix(this.dragging, p.x, p.y, true);
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    const release = () => {
      if (this.dragging < 0) return;
      const a = this.graph.getNodeAttributes(String(this.dragging));
      this.data.x[this.dragging] = a.x;
      this.data.y[this.dragging] = a.y;
      this.refiner?.fix(this.dragging, a.x, a.y, false);
      this.dragging = -1;
      setTimeout(() => { this.dragMoved = false; }, 0);
    };
    r.getMouseCaptor().on('mouseup', release);
  }

  private drawOverlay(): void {
    const c = this.overlay;
    const { width, height } = this.renderer.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    if (c.width !== Math.round(width * ratio) || c.height !== Math.round(height * ratio)) {
      c.width = Math.round(width * ratio);
      c.height = Math.round(height * ratio);
      c.style.width = `${width}px`;
      c.style.height = `${height}px`;
    }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!this.pairs.length) return;
    ctx.lineWidth = 2.2;
    ctx.setLineDash([7, 5]);
    for (const p of this.pairs) {
      const a = this.graph.getNodeAttributes(String(p.s));
      const b = this.graph.getNodeAttributes(String(p.t));
      const s = this.renderer.graphToViewport(a);
      const t = this.renderer.graphToViewport(b);
      ctx.strokeStyle = p.status === 'rejected' ? 'rgba(180,30,30,0.5)' : p.status === 'approved' ? '#1b7f3b' : '#d55e00';
      ctx.beginPath();
      ctx.moveTo(s.x, s.y);
      ctx.lineTo(t.x, t.y);
      ctx.stroke();
    }
  }
}
