import { MultiUndirectedGraph } from 'graphology';
import Sigma from 'sigma';
import type { PairStatus } from '../api/types.ts';
import { EdgeLineStillProgram } from './edge-line-program.ts';
import { type MapScene, sceneSvg } from './figure.ts';
import type { Visibility } from './filters.ts';
import { drawLongLabelHover, mapLabel } from './labels.ts';
import { type LayoutMode, LayoutRefiner, type RefineOptions } from './layout-refine.ts';
import type { MapData } from './map-data.ts';
import { draggingNode } from './motion.ts';
import { BORDER_RATIO, NodePointBorderProgram } from './node-point-border-program.ts';
import { DEFAULT_BORDER, pairStroke, sizeRange, TYPE_BORDER } from './palette.ts';

export interface OverlayPair {
  left: string;
  right: string;
  status?: PairStatus;
}

export interface MapViewOptions {
  onSelect?: (id: string | null) => void;
  /** Called after the first frame is drawn (used for the first-render measurement). */
  onFirstRender?: () => void;
  /**
   * How edges are drawn: 'rectangle' (width follows the tie's weight, antialiased) or 'line'
   * (1-pixel lines, several times cheaper). Default 'auto': rectangles up to
   * LINE_EDGES_ABOVE edges, lines beyond.
   */
  edges?: 'auto' | 'rectangle' | 'line';
  /** Initial fill colours, sizes and visibility, so the first frame needs a single sigma pass. */
  colors?: string[];
  sizes?: Float32Array;
  visibility?: Visibility;
  /** Label threshold in px (0: automatic). */
  labelThreshold?: number;
}

/**
 * Above this many edges the map draws 1-pixel lines and hides edges and labels while moving. Set
 * for software WebGL (GPU-less machines, remote desktops), where 10k rectangle edges already
 * cost ~0.3 s a frame (bench/web-map.ts); regional ecosystems below it keep weight-scaled edges.
 */
export const LINE_EDGES_ABOVE = 5_000;

/** `label` is what the map draws (shortened, labels.ts); `fullLabel` the node's whole label, for the hover box and tooltip. */
type NodeAttrs = { i: number; x: number; y: number; size: number; color: string; label: string; fullLabel: string; borderColor: string; type: string };
type EdgeAttrs = { i: number; size: number; color: string };

const EDGE_COLOR = '#c3c8cf';
/**
 * Thin lines of a dense map are lighter so clusters do not turn into a grey mass. Opaque on
 * purpose: sigma's programs do not premultiply alpha, so translucent edges composite as white.
 */
const LINE_EDGE_COLOR = '#d5d9de';
const FOCUS_EDGE = '#555b63';

/**
 * The sigma map. Graphology nodes are keyed by dense index strings ("0", "1", …), never by user
 * ids, and carry their index so reducers do no lookups. Filters, list highlights and proposed
 * pairs live in typed arrays / sets recomputed once per state change, which the reducers only
 * read; hover, selection and a dragged node's ties are drawn on a 2D overlay in O(degree), so
 * pointer moves never make sigma re-process the graph.
 */
export class MapView {
  readonly graph = new MultiUndirectedGraph<NodeAttrs, EdgeAttrs>();
  readonly renderer: Sigma<NodeAttrs, EdgeAttrs>;
  /** How edges are drawn (resolved from the `edges` option). */
  readonly edgeProgram: 'rectangle' | 'line';
  private vis: Visibility | null;
  private colors: string[] | undefined;
  private sizes: Float32Array | undefined;
  private hovered = -1;
  private hoverNeighbours: { u: number; e: number }[] = [];
  private selected = -1;
  private selectedNeighbours: { u: number; e: number }[] = [];
  private highlighted: Set<number> | null = null;
  private pairs: { s: number; t: number; status?: PairStatus }[] = [];
  private pairNodes = new Set<number>();
  private readonly overlay: HTMLCanvasElement;
  private refiner: LayoutRefiner | null = null;
  private refinerMode: LayoutMode = 'forceatlas2';
  private refineStopped: RefineOptions['onStop'];
  private readonly history: { x: Float32Array; y: Float32Array }[] = [];
  private dragging = -1;
  /** The dragged node's visible ties, built once per drag (and per filter change). */
  private dragNeighbours: { u: number; e: number }[] = [];
  private dragMoved = false;
  private killed = false;
  private readonly sized: ResizeObserver;

  constructor(
    private readonly container: HTMLElement,
    readonly data: MapData,
    private readonly opts: MapViewOptions = {},
  ) {
    this.vis = opts.visibility ?? null;
    this.colors = opts.colors;
    this.sizes = opts.sizes;
    const g = this.graph;
    const m = data.src.length;
    const lines = opts.edges === 'line' || ((opts.edges ?? 'auto') === 'auto' && m > LINE_EDGES_ABOVE);
    this.edgeProgram = lines ? 'line' : 'rectangle';
    for (let v = 0; v < data.n; v++) {
      const nd = data.nodes[v];
      g.addNode(String(v), {
        i: v,
        x: data.x[v],
        y: data.y[v],
        size: opts.sizes?.[v] ?? 4,
        color: opts.colors?.[v] ?? '#4E79A7',
        label: mapLabel(nd.label || nd.id),
        fullLabel: nd.label || nd.id,
        borderColor: TYPE_BORDER[nd.type] ?? DEFAULT_BORDER,
        type: 'disc',
      });
    }
    for (let e = 0; e < m; e++) {
      g.addEdgeWithKey(String(e), String(data.src[e]), String(data.dst[e]), {
        i: e,
        size: Math.min(3, 0.6 + Math.log1p(data.weight[e]) * 0.5),
        color: lines ? LINE_EDGE_COLOR : EDGE_COLOR,
      });
    }
    this.renderer = new Sigma<NodeAttrs, EdgeAttrs>(g, container, {
      defaultNodeType: 'disc',
      nodeProgramClasses: { disc: NodePointBorderProgram<NodeAttrs, EdgeAttrs> },
      ...(lines ? { edgeProgramClasses: { line: EdgeLineStillProgram<NodeAttrs, EdgeAttrs> } } : {}),
      labelFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      labelSize: 12,
      labelWeight: '500',
      labelDensity: 0.35,
      labelGridCellSize: 150,
      labelRenderedSizeThreshold: opts.labelThreshold || (data.n > 2000 ? 0.7 * sizeRange(data.n).max : 6),
      // The hovered node's box shows its whole label, wrapped and on the map; the map itself draws it shortened.
      defaultDrawNodeHover: (ctx, d, settings) => drawLongLabelHover(ctx, d as typeof d & Partial<NodeAttrs>, settings),
      zIndex: true,
      // Large maps hide edges while moving through EdgeLineStillProgram, not hideEdgesOnMove.
      hideLabelsOnMove: lines,
      minCameraRatio: 0.02,
      maxCameraRatio: 8,
      // On a phone the side drawer can cover the map area down to no height; every render would
      // then throw. The map draws at 1 px meanwhile and again, full size, when the area is back.
      allowInvalidContainer: true,
      nodeReducer: (_k, a) => this.reduceNode(a),
      edgeReducer: (_k, a) => this.reduceEdge(a),
    });
    // The overlay (hover and selection neighbourhoods, proposed pairs) sits above nodes and labels
    // but below sigma's hover layers, so the hovered node and its label box stay on top.
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'map-overlay';
    this.overlay.setAttribute('aria-hidden', 'true');
    container.insertBefore(this.overlay, this.renderer.getCanvases().hovers ?? null);
    this.renderer.on('afterRender', () => this.drawOverlay());
    // Sigma draws synchronously in its constructor; the next animation frame is when it is on screen.
    requestAnimationFrame(() => this.opts.onFirstRender?.());
    this.bindEvents();
    // Sigma follows the window's size, not its container's: a container that grows back redraws here.
    this.sized = new ResizeObserver(() => {
      if (!this.killed) this.renderer.scheduleRefresh();
    });
    this.sized.observe(container);
  }

  // ---- state setters (each triggers one refresh) ----

  setVisibility(vis: Visibility): void {
    if (vis === this.vis) return;
    this.vis = vis;
    if (this.selected >= 0) this.selectedNeighbours = this.neighbours(this.selected);
    if (this.hovered >= 0) this.hoverNeighbours = this.neighbours(this.hovered);
    if (this.dragging >= 0) this.dragNeighbours = this.neighbours(this.dragging);
    this.refresh();
  }

  setColors(colors: string[]): void {
    if (colors === this.colors) return;
    this.colors = colors;
    this.graph.updateEachNodeAttributes(
      (_k, a) => {
        a.color = colors[a.i];
        return a;
      },
      { attributes: ['color'] },
    );
  }

  setSizes(sizes: Float32Array): void {
    if (sizes === this.sizes) return;
    this.sizes = sizes;
    this.graph.updateEachNodeAttributes(
      (_k, a) => {
        a.size = sizes[a.i];
        return a;
      },
      { attributes: ['size'] },
    );
  }

  /** Labels for nodes drawn at least `px` on screen; 0 restores the automatic threshold. */
  setLabelThreshold(px: number): void {
    this.renderer.setSetting('labelRenderedSizeThreshold', px > 0 ? px : this.autoLabelThreshold);
  }

  get labelThreshold(): number {
    return this.renderer.getSetting('labelRenderedSizeThreshold');
  }

  private get autoLabelThreshold(): number {
    // Big maps have smaller nodes (sizeRange): label the larger ones among them.
    return this.data.n > 2000 ? 0.7 * sizeRange(this.data.n).max : 6;
  }

  /** Selected node (panel open): its ties and neighbours drawn emphasised on the overlay. */
  select(id: string | null): void {
    this.selected = id === null ? -1 : (this.data.index.get(id) ?? -1);
    this.selectedNeighbours = this.selected >= 0 ? this.neighbours(this.selected) : [];
    this.drawOverlay();
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

  /**
   * Frames what the filters and ego network leave visible (the whole map when nothing is
   * filtered). Works in sigma's framed-graph space, where the full map spans about 1 × 1.
   */
  async fitVisible(): Promise<void> {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    // The same box in viewport pixels at the camera as it is now: zooming scales it about the camera's centre.
    let px0 = Infinity,
      py0 = Infinity,
      px1 = -Infinity,
      py1 = -Infinity;
    let count = 0;
    for (let v = 0; v < this.data.n; v++) {
      if (!this.isShown(v)) continue;
      const dd = this.renderer.getNodeDisplayData(String(v));
      if (!dd) continue;
      count++;
      x0 = Math.min(x0, dd.x);
      x1 = Math.max(x1, dd.x);
      y0 = Math.min(y0, dd.y);
      y1 = Math.max(y1, dd.y);
      const p = this.renderer.framedGraphToViewport({ x: dd.x, y: dd.y });
      px0 = Math.min(px0, p.x);
      px1 = Math.max(px1, p.x);
      py0 = Math.min(py0, p.y);
      py1 = Math.max(py1, p.y);
    }
    if (count === 0 || (this.vis && this.vis.nodeCount === this.data.n)) return this.resetCamera();
    const { width, height } = this.renderer.getDimensions();
    const camera = this.renderer.getCamera();
    // Fill 80 % of the shorter side the box needs (room for radii, labels and the tool bar); a single node gets a close but not absurd zoom.
    const scale = Math.max((px1 - px0) / (width * 0.8), (py1 - py0) / (height * 0.8));
    const ratio = Math.min(1, Math.max(0.05, camera.getState().ratio * scale));
    await camera.animate({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio }, { duration: 400 });
    this.container.dataset.fitted = String(count);
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

  /**
   * Starts or stops ForceAtlas2 in the worker. Each start saves the positions it starts from, so
   * `undoLayout` can go back; the run stops by itself when it converges or its time budget ends.
   */
  toggleRefine(on: boolean, mode: LayoutMode = 'forceatlas2', onStop?: RefineOptions['onStop']): void {
    if (!on) {
      this.refiner?.stop();
      return;
    }
    this.syncPositions();
    this.history.push({ x: this.data.x.slice(), y: this.data.y.slice() });
    if (this.history.length > 10) this.history.shift();
    if (!this.refiner || this.refinerMode !== mode) {
      this.refiner?.kill();
      // Seed the worker with where nodes are now (after any drags).
      this.refiner = new LayoutRefiner(this.data, (x, y) => this.applyPositions(x, y), { mode, onStop: (r, ms) => this.refineStopped?.(r, ms) });
      this.refinerMode = mode;
    }
    this.refineStopped = onStop;
    this.refiner.start();
  }

  get canUndoLayout(): boolean {
    return this.history.length > 0;
  }

  /** Back to the positions before the last refinement (stops one that is running). */
  undoLayout(): void {
    const prev = this.history.pop();
    if (!prev) return;
    this.refiner?.kill();
    this.refiner = null;
    this.data.x.set(prev.x);
    this.data.y.set(prev.y);
    this.applyPositions(prev.x, prev.y);
  }

  /** Moves every node to the given positions (e.g. the file's own layout); undoable like a refinement. */
  placeNodes(x: Float32Array, y: Float32Array): void {
    this.syncPositions();
    this.history.push({ x: this.data.x.slice(), y: this.data.y.slice() });
    if (this.history.length > 10) this.history.shift();
    // The worker was seeded with the old positions; the next refinement starts a new one from these.
    this.refiner?.kill();
    this.refiner = null;
    this.data.x.set(x);
    this.data.y.set(y);
    this.applyPositions(x, y);
    // Another layout has another extent: frame it afresh (a drag pinned the old frame).
    this.renderer.setCustomBBox(null);
    void this.resetCamera();
  }

  /** Current positions (the layout as refined and dragged), e.g. to keep them with the view. */
  positions(): { x: Float32Array; y: Float32Array } {
    this.syncPositions();
    return { x: this.data.x.slice(), y: this.data.y.slice() };
  }

  private syncPositions(): void {
    this.graph.forEachNode((_k, a) => {
      this.data.x[a.i] = a.x;
      this.data.y[a.i] = a.y;
    });
  }

  private applyPositions(x: Float32Array, y: Float32Array): void {
    if (this.killed) return;
    this.graph.updateEachNodeAttributes(
      (_k, a) => {
        if (a.i !== this.dragging) {
          a.x = x[a.i];
          a.y = y[a.i];
        }
        return a;
      },
      { attributes: ['x', 'y'] },
    );
  }

  // ---- export ----

  /**
   * What is on screen in viewport coordinates: visible edges and nodes as drawn (radius, fill,
   * ring) and whether sigma's label threshold would label each node. Used for vector figures.
   */
  scene(): MapScene {
    this.renderer.refresh();
    const { width, height } = this.renderer.getDimensions();
    const threshold = this.labelThreshold;
    const nodes: MapScene['nodes'] = [];
    const at = new Map<number, { x: number; y: number }>();
    for (let v = 0; v < this.data.n; v++) {
      if (!this.isShown(v)) continue;
      const p = this.place(v);
      at.set(v, p);
      const big = this.renderer.getNodeDisplayData(String(v))?.size ?? 0;
      nodes.push({
        id: this.data.ids[v],
        x: p.x,
        y: p.y,
        r: p.r,
        fill: p.color,
        ring: p.border,
        label: p.label,
        fullLabel: this.graph.getNodeAttribute(String(v), 'fullLabel'),
        labelled: big >= threshold || this.highlighted?.has(v) === true || v === this.selected,
      });
    }
    const edges: MapScene['edges'] = [];
    for (let e = 0; e < this.data.src.length; e++) {
      if (this.vis && !this.vis.edge[e]) continue;
      const p = at.get(this.data.src[e]);
      const q = at.get(this.data.dst[e]);
      if (p && q) edges.push({ x1: p.x, y1: p.y, x2: q.x, y2: q.y, w: Math.min(3, 0.6 + Math.log1p(this.data.weight[e]) * 0.5) });
    }
    return { width, height, nodes, edges, edgeColor: EDGE_COLOR };
  }

  /** Ids of the nodes the filters leave on the map. */
  visibleIds(): string[] {
    const out: string[] = [];
    for (let v = 0; v < this.data.n; v++) if (this.isShown(v)) out.push(this.data.ids[v]);
    return out;
  }

  /** The current view as an SVG document (see figure.ts for titled figures with a legend). */
  toSvg(): string {
    return sceneSvg(this.scene());
  }

  /** Releases the WebGL contexts and the layout worker. */
  kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.sized.disconnect();
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
    if (this.highlighted?.has(v)) return { ...a, highlighted: true, forceLabel: true, zIndex: 2, size: a.size * 1.4 };
    if (this.pairNodes.has(v)) return { ...a, forceLabel: this.pairNodes.size <= 60, zIndex: 2 };
    return a;
  }

  private reduceEdge(a: EdgeAttrs): Partial<EdgeAttrs & { hidden: boolean }> {
    return this.vis && !this.vis.edge[a.i] ? { ...a, hidden: true } : a;
  }

  /**
   * Highlights a node's neighbourhood (index, or -1 to clear). Drawn on the overlay in
   * O(degree): a reducer pass would re-process all nodes and edges (~1 s at 20k/100k in
   * software WebGL) on every pointer move.
   */
  hover(v: number): void {
    this.hovered = v;
    this.hoverNeighbours = v >= 0 ? this.neighbours(v) : [];
    this.container.style.cursor = v >= 0 ? 'pointer' : '';
    if (v >= 0) {
      this.container.dataset.hovered = this.data.ids[v]; // for tests and tools, like data-focused
      this.container.title = this.graph.getNodeAttribute(String(v), 'fullLabel'); // the tooltip: the whole label
    } else {
      delete this.container.dataset.hovered;
      this.container.removeAttribute('title');
    }
    this.drawOverlay();
  }

  /** Visible neighbours of v with the edges that reach them, built once per hover / selection. */
  private neighbours(v: number): { u: number; e: number }[] {
    const out: { u: number; e: number }[] = [];
    const d = this.data;
    for (let i = d.offsets[v]; i < d.offsets[v + 1]; i++) {
      const e = d.incident[i];
      if (this.vis && !this.vis.edge[e]) continue;
      out.push({ u: d.src[e] === v ? d.dst[e] : d.src[e], e });
    }
    return out;
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
    // Once a drag ends (sigma clears its drag state in a timeout queued before this one), draw
    // again what was skipped while moving: edges of large maps, the picking pass.
    r.getMouseCaptor().on('mouseup', () =>
      setTimeout(() => {
        if (!this.killed) r.scheduleRender();
      }, 0),
    );
    // Dragging: pin the node under the pointer, keep the camera still.
    r.on('downNode', ({ node }) => {
      this.dragging = Number(node);
      this.dragNeighbours = this.neighbours(this.dragging);
      draggingNode.add(r);
      this.dragMoved = false;
      if (!r.getCustomBBox()) r.setCustomBBox(r.getBBox());
    });
    r.getMouseCaptor().on('mousemovebody', (e) => {
      if (this.dragging < 0) return;
      const p = r.viewportToGraph(e);
      this.dragMoved = true;
      this.moveNode(this.dragging, p.x, p.y);
      this.refiner?.fix(this.dragging, p.x, p.y, true);
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    const release = () => {
      if (this.dragging < 0) return;
      const a = this.graph.getNodeAttributes(String(this.dragging));
      // One position event at the end, so sigma re-indexes labels and bounds once per drag.
      if (this.dragMoved) this.graph.mergeNodeAttributes(String(this.dragging), { x: a.x, y: a.y });
      this.data.x[this.dragging] = a.x;
      this.data.y[this.dragging] = a.y;
      this.refiner?.fix(this.dragging, a.x, a.y, false);
      this.dragging = -1;
      this.dragNeighbours = [];
      draggingNode.delete(r);
      setTimeout(() => {
        this.dragMoved = false;
      }, 0);
    };
    r.getMouseCaptor().on('mouseup', release);
  }

  /**
   * Moves node v while it is dragged. The live attributes are changed without a graph event:
   * sigma answers a position event by re-processing every node and edge (~1 s a frame at
   * 20k/100k), whereas only this node and its ties need to be re-sent to the GPU.
   */
  private moveNode(v: number, x: number, y: number): void {
    const k = String(v);
    const a = this.graph.getNodeAttributes(k);
    a.x = x;
    a.y = y;
    const edges = this.dragNeighbours.map(({ e }) => String(e));
    this.renderer.refresh({ partialGraph: { nodes: [k], edges }, skipIndexation: true, schedule: true });
  }

  private drawOverlay(): void {
    if (this.killed) return;
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
    if (this.selected >= 0 && this.isShown(this.selected)) this.drawFocus(ctx, this.selected, this.selectedNeighbours, false);
    // Large maps skip their edges while a node is dragged; its own ties follow it here.
    if (this.dragging >= 0 && this.dragMoved && this.edgeProgram === 'line' && this.dragging !== this.selected) {
      this.drawFocus(ctx, this.dragging, this.dragNeighbours, false);
    }
    if (this.hovered >= 0) {
      // A white veil dims everything sigma drew; the neighbourhood is then drawn crisp on top.
      ctx.fillStyle = 'rgba(255,255,255,0.72)';
      ctx.fillRect(0, 0, width, height);
      this.drawFocus(ctx, this.hovered, this.hoverNeighbours, true);
    }
    if (this.pairs.length) this.drawPairs(ctx);
  }

  private isShown(v: number): boolean {
    return !this.vis || this.vis.node[v] === 1;
  }

  /** Viewport position and on-screen radius of node v, as sigma draws it. */
  private place(v: number): { x: number; y: number; r: number; color: string; border: string; label: string } {
    const a = this.graph.getNodeAttributes(String(v));
    const p = this.renderer.graphToViewport(a);
    const size = this.renderer.getNodeDisplayData(String(v))?.size ?? a.size;
    return { x: p.x, y: p.y, r: this.renderer.scaleSize(size), color: a.color, border: a.borderColor, label: a.label };
  }

  /** Ties and neighbours of v (hovered or selected), with labels when there are few. */
  private drawFocus(ctx: CanvasRenderingContext2D, v: number, nbrs: { u: number; e: number }[], hovered: boolean): void {
    const c = this.place(v);
    const placed = nbrs.map(({ u, e }) => ({ ...this.place(u), weight: this.data.weight[e] }));
    ctx.setLineDash([]);
    ctx.strokeStyle = FOCUS_EDGE;
    for (const p of placed) {
      ctx.lineWidth = Math.min(3, 0.8 + Math.log1p(p.weight) * 0.6);
      ctx.beginPath();
      ctx.moveTo(c.x, c.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    }
    for (const p of placed) disc(ctx, p.x, p.y, p.r, p.color, p.border);
    disc(ctx, c.x, c.y, c.r, c.color, c.border);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#1f2328';
    ctx.beginPath();
    ctx.arc(c.x, c.y, c.r + 3, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.textBaseline = 'middle';
    const taken: Box[] = [];
    // Sigma draws the hovered node's own label box; the selected one gets a bold label here.
    ctx.font = '700 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    if (!hovered && c.label) {
      // Sigma has drawn this label too, in its own font beneath: an opaque box over both, so no ghost shows.
      const bold = ctx.font;
      ctx.font = '500 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'; // sigma's labelWeight/labelSize
      const under = ctx.measureText(c.label).width;
      ctx.font = bold;
      const w = Math.max(ctx.measureText(c.label).width, under) + 6;
      ctx.fillStyle = 'rgba(255,255,255,0.96)';
      ctx.fillRect(c.x + c.r + 2, c.y - 11, w, 22);
      haloText(ctx, c.label, c.x + c.r + 5, c.y, taken);
    } else taken.push({ x: c.x + c.r, y: c.y - 10, w: 8 * c.label.length, h: 20 });
    if (placed.length > 40) return;
    // Neighbour labels, biggest nodes first, each only where it does not overlap one already drawn.
    ctx.font = '500 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    placed.sort((a, b) => b.r - a.r);
    for (const p of placed) haloText(ctx, p.label, p.x + p.r + 3, p.y, taken);
  }

  private drawPairs(ctx: CanvasRenderingContext2D): void {
    const { width, height } = this.renderer.getDimensions();
    ctx.lineWidth = 2.2;
    ctx.setLineDash([7, 5]);
    for (const p of this.pairs) {
      const a = this.graph.getNodeAttributes(String(p.s));
      const b = this.graph.getNodeAttributes(String(p.t));
      const s = this.renderer.graphToViewport(a);
      const t = this.renderer.graphToViewport(b);
      if (Math.max(s.x, t.x) < 0 || Math.min(s.x, t.x) > width || Math.max(s.y, t.y) < 0 || Math.min(s.y, t.y) > height) continue;
      ctx.strokeStyle = pairStroke(p.status);
      ctx.beginPath();
      ctx.moveTo(s.x, s.y);
      ctx.lineTo(t.x, t.y);
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }
}

/** A node as the WebGL program draws it: fill with a type-coloured ring. */
function disc(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, fill: string, ring: string): void {
  ctx.fillStyle = ring;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.arc(x, y, r * (1 - BORDER_RATIO), 0, 2 * Math.PI);
  ctx.fill();
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Label text with a white halo, unless it would overlap a box in `taken` (then skipped; the box
 * is added when drawn). fillText draws text, never markup.
 */
function haloText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, taken: Box[]): void {
  if (!text) return;
  const box = { x, y: y - 8, w: ctx.measureText(text).width, h: 16 };
  if (taken.some((t) => box.x < t.x + t.w && t.x < box.x + box.w && box.y < t.y + t.h && t.y < box.y + box.h)) return;
  taken.push(box);
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = '#1f2328';
  ctx.fillText(text, x, y);
}
