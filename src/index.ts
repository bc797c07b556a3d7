/**
 * hubgraph as a library: load a network, analyse it, match mentors and partners, export it.
 *
 * ```ts
 * import { loadDataset, analyze } from 'hubgraph';
 * const { dataset } = await loadDataset('data/sample');
 * const result = await analyze(dataset, { metrics: ['betweenness', 'pagerank'] });
 * ```
 *
 * The store (workspaces, versions, rounds) is `hubgraph/store`; the HTTP server `hubgraph/server`.
 * @packageDocumentation
 */
export {
  loadDataset,
  parseDatasetFiles,
  IMPORT_FORMATS,
  ImportError,
  type ImportFormat,
  type LoadOptions,
  type LoadResult,
  type InputFile,
  type ProgressEvent,
  type ImportReport,
} from './io/load.ts';
export { serializeDataset, writeDataset, EXPORT_FORMATS, type ExportFormat, type SerializedFile } from './io/export.ts';
export { analyze, type AnalysisResult, type NodeResult, type GraphResult, type AnalyzeProgress } from './analysis/analyze.ts';
export { AnalyzeOptionsSchema, METRIC_NAMES, type AnalyzeOptions, type AnalyzeOptionsInput, type MetricName } from './analysis/options.ts';
export { planAllPairs, type AllPairsPlan, type BudgetOptions } from './analysis/budget.ts';
export { buildSnapshot, type Snapshot, type SnapshotOptions } from './graph/snapshot.ts';
export { sliceDataset, type SliceOptions } from './graph/timeslice.ts';
export * from './match/index.ts';
export type { Dataset, HubNode, HubEdge, NodeType, EdgeType } from './model/index.ts';
export { NODE_TYPES, EDGE_TYPES, DatasetSchema } from './model/index.ts';
