import { gzipSync } from 'node:zlib';
import type { Dataset } from '../model/index.ts';

/**
 * A version's packed copy: its nodes and edges as gzip'd JSON (level 6: the bytes cross into PGlite on
 * the event loop, so size matters more than gzip time). Synchronous, for a worker thread: an upload's
 * copy is made in the parse worker so the event loop does not stringify the dataset.
 */
export function packVersion(dataset: Pick<Dataset, 'nodes' | 'edges'>): Uint8Array {
  return gzipSync(JSON.stringify({ nodes: dataset.nodes, edges: dataset.edges }), { level: 6 });
}
