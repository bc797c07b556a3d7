import type { MapData } from './map-data.ts';

const PPN = 10;
const PPE = 3;

export interface RefineOptions {
  /** Iterations per round trip; more means fewer messages but choppier updates. Default 5. */
  batch?: number;
  /** FA2 settings; defaults follow graphology's inferSettings for the graph size. */
  settings?: Record<string, unknown>;
}

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

  constructor(
    private readonly data: MapData,
    private readonly onPositions: (x: Float32Array, y: Float32Array) => void,
    opts: RefineOptions = {},
  ) {
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
      linLogMode: false, outboundAttractionDistribution: false, adjustSizes: false, edgeWeightInfluence: 1,
      scalingRatio: n > 100 ? 2 : 10, strongGravityMode: false, gravity: 1, slowDown: 1 + Math.log(Math.max(n, 1)),
      barnesHutOptimize: big, barnesHutTheta: 0.5, ...opts.settings,
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
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

  private receive(buf: ArrayBuffer): void {
    this.nodes = new Float32Array(buf);
    this.applyPins();
    const n = this.data.n;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let v = 0; v < n; v++) { x[v] = this.nodes[v * PPN]; y[v] = this.nodes[v * PPN + 1]; }
    this.onPositions(x, y);
    if (this.running) this.send(false);
  }
}
