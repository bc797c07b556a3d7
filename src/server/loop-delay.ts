import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LoopDelay } from './contract/service.ts';

export interface LoopDelayOptions {
  /** Length of a window (default 5 s): health reports the last closed one. */
  windowMs?: number;
  /** Sampling timer interval (default 10 ms); it is subtracted, so an idle loop reports about 0. */
  resolutionMs?: number;
}

/**
 * Samples the event loop's delay in fixed windows, so `/api/health` can say how responsive the server
 * itself was (apart from the network and the machine's other processes) — the HTTP latency a client
 * measures mixes both. Timers are unref'd: the monitor never keeps the process alive.
 */
export class LoopDelayMonitor {
  private readonly windowMs: number;
  private readonly resolutionMs: number;
  private readonly histogram;
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed: LoopDelay | null = null;

  constructor(options: LoopDelayOptions = {}) {
    this.windowMs = options.windowMs ?? 5000;
    this.resolutionMs = options.resolutionMs ?? 10;
    this.histogram = monitorEventLoopDelay({ resolution: this.resolutionMs });
  }

  start(): this {
    if (this.timer) return this;
    this.histogram.enable();
    this.timer = setInterval(() => this.close(), this.windowMs).unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.histogram.disable();
  }

  /** The last closed window, or null before the first one closes. */
  last(): LoopDelay | null {
    return this.closed;
  }

  private close(): void {
    const h = this.histogram;
    const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - this.resolutionMs) * 10) / 10);
    this.closed = {
      windowSeconds: this.windowMs / 1000,
      endedAt: new Date().toISOString(),
      p50Ms: h.count ? ms(h.percentile(50)) : 0,
      p99Ms: h.count ? ms(h.percentile(99)) : 0,
      maxMs: h.count ? ms(h.max) : 0,
      samples: h.count,
    };
    h.reset();
  }
}

let shared: LoopDelayMonitor | undefined;

/** The process's monitor (one event loop per process, however many apps it serves), started on first use. */
export function processLoopDelay(): LoopDelayMonitor {
  return (shared ??= new LoopDelayMonitor().start());
}
