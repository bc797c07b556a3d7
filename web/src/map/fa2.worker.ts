/// <reference lib="webworker" />
/**
 * ForceAtlas2 refinement off the main thread. Same algorithm as graphology-layout-forceatlas2's
 * own worker, but as a same-origin module file: the library's supervisor spawns its worker from a
 * blob: URL, which the server's Content-Security-Policy (script-src 'self') rightly refuses.
 */
import iterate from 'graphology-layout-forceatlas2/iterate.js';

let edges: Float32Array | null = null;

self.onmessage = (ev: MessageEvent<{ nodes: ArrayBuffer; edges?: ArrayBuffer; settings: Record<string, unknown>; iterations: number }>) => {
  const msg = ev.data;
  if (msg.edges) edges = new Float32Array(msg.edges);
  const nodes = new Float32Array(msg.nodes);
  if (!edges) return;
  for (let i = 0; i < msg.iterations; i++) iterate(msg.settings, nodes, edges);
  (self as unknown as DedicatedWorkerGlobalScope).postMessage({ nodes: nodes.buffer }, [nodes.buffer]);
};
