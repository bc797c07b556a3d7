import type { Store } from './open.ts';
import { loadWorkspaceDataset } from './versions.ts';
import { diffDatasets, type DatasetDiff } from './version-diff.ts';

/** Diff between two versions of a workspace; `to` defaults to the current version, `from` to the one before `to`. */
export async function diffVersions(store: Store, workspace: string, from?: number, to?: number): Promise<DatasetDiff & { from: number; to: number }> {
  const b = await loadWorkspaceDataset(store, workspace, to);
  const fromNumber = from ?? b.version.number - 1;
  const a = fromNumber >= 1 ? await loadWorkspaceDataset(store, workspace, fromNumber) : { dataset: { nodes: [], edges: [] } };
  return { from: fromNumber, to: b.version.number, ...diffDatasets(a.dataset, b.dataset) };
}
