import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { snapshotOnly } from '../analysis/analyze.ts';
import type { AnalyzeOptionsInput } from '../analysis/options.ts';
import type { Snapshot } from '../graph/snapshot.ts';
import { readsPlainly, type WorkspaceSourceFlags } from './source.ts';

/**
 * `analyze FILE.csv --metrics pagerank,communities` on a bare edge list skips the general loader: the
 * file goes straight into the snapshot (src/graph/edge-list-csr.ts), which at 1M ties halves the load.
 * Only when nothing but the edge list can matter: a single .csv/.tsv file (not a folder's nodes or
 * edges file), no reading or slicing flags (`--self-loops keep`, the default, reads as this path does), weighted, and metrics that read the snapshot alone.
 * Null means: load it the general way (which also reports any bad input).
 */
export async function bareEdgeListSnapshot(source: string | undefined, flags: WorkspaceSourceFlags, options: AnalyzeOptionsInput): Promise<Snapshot | null> {
  if (!readsPlainly(source, flags)) return null;
  if (options.weighted === false || !snapshotOnly(options)) return null;
  if (!/\.(csv|tsv)$/i.test(source) || /^(nodes|edges|elements|connections)\.(csv|tsv)$/i.test(basename(source))) return null;
  const info = await stat(source).catch(() => null);
  if (!info?.isFile()) return null;
  const { snapshotFromEdgeList } = await import('../graph/edge-list-csr.ts');
  return snapshotFromEdgeList(await readFile(source, 'utf8'), { shared: options.metrics!.includes('betweenness') });
}
