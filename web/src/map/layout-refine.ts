import type { MapData } from './map-data.ts';

const PPN = 10;
const PPE = 3;

export interface RefineOptions {
  /** Iterations per round trip; more means fewer messages but choppier updates. Default 5. */
  batch?: number;
  /** FA2 settings; defaults follow graphology's inferSettings for the graph size. */
  settings?: Record<string, unknown>;
  /**
   * 'communities': LinLog energy with dissuaded hubs (outbound attraction distribution), which
   * pulls clusters tight and pushes them apart instead of merging them into one blob.
   */
  mode?: LayoutMode;
  /** Stops after this long (default 10 s). */
  budgetMs?: number;
  /** Stops once nodes move less than this share of the layout's extent per iteration (default 0.0005). */
  tolerance?: number;
  /** Called when the refinement stops by itself. */
  onStop?: (reason: 'converged' | 'time budget', ms: number) => void;
}

export type LayoutMode = 'forceatlas2' | 'communities';

/**
 * Runs ForceAtlas2 in a web worker on the map's current positions and reports each new set of
 * positions; `fix(i)` pins a node (while it is dragged).
 */
export class LayoutRefiner {
  private worker: Worker | null = null;
  private nodes: Float32Array;
  private readonly edges: Float32Array;
  private running = false;
  private readonly settings: Record<string, unknown>;
  private readonly batch: number;
  /** Drag pins waiting for the buffer to come back from the worker. */
  private readonly pins = new Map<number, { x: number; y: number; fixed: boolean }>();

  private startedAt = 0;
  private calm = 0;
  private readonly opts: RefineOptions;

  constructor(
    private readonly data: MapData,
    private readonly onPositions: (x: Float32Array, y: Float32Array) => void,
    opts: RefineOptions = {},
  ) {
    this.opts = opts;
    const n = data.n;
    const m = data.src.length;
    this.nodes = new Float32Array(n * PPN);
    this.edges = new Float32Array(m * PPE);
    for (let v = 0; v < n; v++) {
      const j = v * PPN;
      this.nodes[j] = data.x[v];
      this.nodes[j + 1] = data.y[v];
      this.nodes[j + 6] = 1;
      this.nodes[j + 7] = 1;
      this.nodes[j + 8] = 1;
    }
    for (let e = 0; e < m; e++) {
      const s = data.src[e] * PPN;
      const t = data.dst[e] * PPN;
      const w = data.weight[e] || 1;
      this.nodes[s + 6] += w;
      this.nodes[t + 6] += w;
      this.edges[e * PPE] = s;
      this.edges[e * PPE + 1] = t;
      this.edges[e * PPE + 2] = w;
    }
    this.batch = opts.batch ?? 5;
    const big = n > 2000;
    this.settings = {
      linLogMode: false,
      outboundAttractionDistribution: false,
      adjustSizes: false,
      edgeWeightInfluence: 1,
      scalingRatio: n > 100 ? 2 : 10,
      strongGravityMode: false,
      gravity: 1,
      slowDown: 1 + Math.log(Math.max(n, 1)),
      barnesHutOptimize: big,
      barnesHutTheta: 0.5,
      ...(opts.mode === 'communities' ? { linLogMode: true, outboundAttractionDistribution: true, scalingRatio: n > 100 ? 4 : 10 } : {}),
      ...opts.settings,
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = performance.now();
    this.calm = 0;
    this.last = null;
    if (!this.worker) {
      this.worker = new Worker(new URL('./fa2.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (ev: MessageEvent<{ nodes: ArrayBuffer }>) => this.receive(ev.data.nodes);
      this.send(true);
    } else this.send(false);
  }

  stop(): void {
    this.running = false;
  }

  /** Pins a node at a position (drag) or releases it. */
  fix(v: number, x: number, y: number, fixed: boolean): void {
    this.pins.set(v, { x, y, fixed });
    if (this.nodes.byteLength > 0) this.applyPins(); // else the buffer is with the worker: applied on return
  }

  private applyPins(): void {
    for (const [v, p] of this.pins) {
      const j = v * PPN;
      this.nodes[j] = p.x;
      this.nodes[j + 1] = p.y;
      this.nodes[j + 9] = p.fixed ? 1 : 0;
    }
    this.pins.clear();
  }

  kill(): void {
    this.running = false;
    this.worker?.terminate();
    this.worker = null;
  }

  private send(withEdges: boolean): void {
    const payload: Record<string, unknown> = { nodes: this.nodes.buffer, settings: this.settings, iterations: this.batch };
    const transfer: Transferable[] = [this.nodes.buffer];
    if (withEdges) {
      const copy = this.edges.slice();
      payload.edges = copy.buffer;
      transfer.push(copy.buffer);
    }
    this.worker!.postMessage(payload, transfer);
  }

  private last: { x: Float32Array; y: Float32Array } | null = null;

  private receive(buf: ArrayBuffer): void {
    this.nodes = new Float32Array(buf);
    this.applyPins();
    const n = this.data.n;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let v = 0; v < n; v++) {
      x[v] = this.nodes[v * PPN];
      y[v] = this.nodes[v * PPN + 1];
    }
    this.onPositions(x, y);
    if (!this.running) return;
    const ms = performance.now() - this.startedAt;
    // Converged: three batches in a row where the mean move is tiny relative to the layout's size.
    if (this.last) this.calm = meanMove(this.last, { x, y }) / this.batch < (this.opts.tolerance ?? 0.0005) * extent(x, y) ? this.calm + 1 : 0;
    this.last = { x, y };
    const reason = this.calm >= 3 ? 'converged' : ms > (this.opts.budgetMs ?? 10_000) ? 'time budget' : null;
    if (reason) {
      this.running = false;
      this.opts.onStop?.(reason, ms);
      return;
    }
    this.send(false);
  }
}

function meanMove(a: { x: Float32Array; y: Float32Array }, b: { x: Float32Array; y: Float32Array }): number {
  let s = 0;
  for (let i = 0; i < a.x.length; i++) s += Math.hypot(b.x[i] - a.x[i], b.y[i] - a.y[i]);
  return a.x.length ? s / a.x.length : 0;
}

function extent(x: Float32Array, y: Float32Array): number {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < x.length; i++) {
    x0 = Math.min(x0, x[i]);
    x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, y[i]);
    y1 = Math.max(y1, y[i]);
  }
  return x.length ? Math.hypot(x1 - x0, y1 - y0) : 1;
}
