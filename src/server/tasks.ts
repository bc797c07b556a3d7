import { analyze } from '../analysis/analyze.ts';
import { ecosystemIndicators } from '../analysis/indicators.ts';
import type { AnalyzeOptionsInput } from '../analysis/options.ts';
import { type DiffOptions, diffDatasets } from '../analysis/temporal/diff.ts';
import { buildSnapshot } from '../graph/snapshot.ts';
import { sliceDataset } from '../graph/timeslice.ts';
import { type ImportFormat, type LoadOptions, parseDatasetFiles } from '../io/load.ts';
import type { MentorConfigInput, PartnerConfigInput } from '../match/config.ts';
import type { VersionEvaluateRequest } from '../match/evaluate-options.ts';
import { type EvaluationPlan, evaluateVersion, planEvaluation } from '../match/evaluate-version.ts';
import { type ProposedTie, simulateImpact } from '../match/impact.ts';
import { matchMentors } from '../match/mentors.ts';
import { matchPartners } from '../match/partners.ts';
import type { Dataset } from '../model/index.ts';
import { type ReportInput, renderReport } from '../report/html.ts';
import { packVersion } from '../store/packed.ts';
import { aggregateDataset } from '../store/version-aggregate.ts';
import { readJsonBody, readJsonValue } from './json-body.ts';
import { computeLayout, type Layout } from './layout.ts';
import { type SeedGraph, seedLayout } from './seed-layout.ts';
import { materialise, type SharedDataset } from './shared-dataset.ts';
import type { UploadBodyName } from './upload-body.ts';
import type { WorkerBodyName } from './worker-bodies.ts';
import { snapshotArrays } from './version-graph.ts';

/** How an upload asks its files to be read (type map, column mapping, self-loops, decimal commas). */
type ReadOptions = Pick<LoadOptions, 'typeMap' | 'columns' | 'selfLoops' | 'decimalComma' | 'inferTypes' | 'twoModeKinds'>;

import { type QapOptionsInput, qap } from '../analysis/qap.ts';
import { type SignificanceOptionsInput, significance } from '../analysis/significance/significance.ts';
import { shapeLimits } from '../io/shape-limits.ts';
import { pseudonymiserFrom, type SharedPseudonyms } from './pseudonym.ts';
import { type RenderRequest, render } from './render.ts';
import { readTaskFiles, type TaskFile } from './upload-stream.ts';

export type Progress = (fraction: number, message?: string) => void;
type Task = (payload: never, progress: Progress) => unknown;

/**
 * The heavy computations the server hands to worker threads, by name. Payloads and results cross
 * the thread boundary by structured clone, so they are plain data.
 */
export const TASKS = {
  /** Uploads are parsed off the event loop: large CSV/GEXF files take seconds. */
  // The shape caps (shape-limits.ts, from the environment): columns, attributes, keys and depth by a linear scan
  // before any parse; nodes, ties and field length as the reader builds, which stops at the first record over.
  // Spooled uploads are read from their temp files here, not on the event loop.
  // With `pack`, the version's packed copy too: stringifying and zipping it is the event loop's biggest share of an import.
  parse: (p: { files: TaskFile[]; format?: ImportFormat; pack?: boolean } & ReadOptions, progress: Progress) => {
    const files = readTaskFiles(p.files);
    const r = parseDatasetFiles(files, { ...p, shape: { limits: shapeLimits() }, onProgress: (e) => progress(e.done / Math.max(1, e.total), e.phase) });
    return p.pack ? { ...r, packed: packVersion(r.dataset) } : r;
  },
  // One betweenness worker inside the pool worker: the pool already spreads work over the cores.
  analysis: (p: { dataset: Dataset | SharedDataset; options: AnalyzeOptionsInput }, progress: Progress) =>
    analyze(materialise(p.dataset), { workers: 1, ...p.options }, (e) => progress(e.done / Math.max(1, e.total), e.stage)),
  mentors: (p: { dataset: Dataset | SharedDataset; config: MentorConfigInput }) => matchMentors(materialise(p.dataset), p.config),
  partners: (p: { dataset: Dataset | SharedDataset; config: PartnerConfigInput }) => matchPartners(materialise(p.dataset), p.config),
  /** Partner suggestions judged on a temporal hold-out (POST …/partners/evaluate), progress by stage and within the long ones. */
  partnerEvaluation: (p: { dataset: Dataset | SharedDataset; request: VersionEvaluateRequest; plan?: EvaluationPlan }, progress: Progress) =>
    evaluateVersion(materialise(p.dataset), p.request, progress, p.plan),
  /** Its cheap checks and split choice, before any job starts (the dated range, companies with a new tie per split). */
  partnerEvaluationPlan: (p: { dataset: Dataset | SharedDataset; request: Pick<VersionEvaluateRequest, 'split' | 'config'> }) =>
    planEvaluation(materialise(p.dataset), p.request),
  impact: (p: { dataset: Dataset | SharedDataset; pairs: ProposedTie[]; edgeType: 'mentoring' | 'partnership' }) =>
    simulateImpact(materialise(p.dataset), p.pairs, { edgeType: p.edgeType }),
  temporalDiff: (p: { dataset: Dataset | SharedDataset; options: DiffOptions }) => diffDatasets(materialise(p.dataset), p.options),
  indicators: (p: { dataset: Dataset | SharedDataset; at?: string; weighted: boolean }) => {
    const d = p.at ? sliceDataset(materialise(p.dataset), { at: p.at }) : materialise(p.dataset);
    return ecosystemIndicators(buildSnapshot(d, { weighted: p.weighted }), { dataset: d });
  },
  // Null samples on this pool worker's thread only: the pool already spreads work over the cores.
  significance: (p: { dataset: Dataset | SharedDataset; options: SignificanceOptionsInput }, progress: Progress) =>
    significance(materialise(p.dataset), { ...p.options, workers: 1 }, (e) => progress(e.done / e.total, 'null samples')),
  qap: (p: { dataset: Dataset | SharedDataset; options: QapOptionsInput }, progress: Progress) =>
    qap(materialise(p.dataset), p.options, (done, total) => progress(done / total, 'permutations')),
  layout: (p: { dataset: Dataset | SharedDataset; iterations?: number; seed?: number }, progress: Progress) =>
    computeLayout(materialise(p.dataset), { iterations: p.iterations, seed: p.seed, onProgress: (f) => progress(f, 'layout') }),
  /** The first map's layout of a large version, in O(n + m) from the snapshot's adjacency (shared memory, no copy). */
  seedLayout: (p: SeedGraph): Layout => {
    const s = seedLayout(p);
    return { algorithm: 'seed', iterations: 0, seed: 0, x: Array.from(s.x), y: Array.from(s.y) };
  },
  /** A large JSON body of an upload route, spooled to disk: parsed, checked and validated here, its contents written to files. */
  jsonBody: (p: { path: string; dir: string; body: UploadBodyName }) => readJsonBody(p),
  /** A large JSON body of another WORKER_BODIES route (a saved layout), spooled to disk: parsed, checked and validated here. */
  jsonValue: (p: { path: string; body: WorkerBodyName }) => readJsonValue(p),
  /** What retention keeps of a version (store/version-aggregate.ts): the indicators take seconds on a 100k-node version. */
  aggregate: (p: { dataset: Dataset | SharedDataset }) => aggregateDataset(materialise(p.dataset)),
  /** A version's first read (node detail, graph): its snapshot and tie-type index on shared memory, so the loop never builds them. */
  snapshot: (p: { dataset: SharedDataset }) => snapshotArrays(materialise(p.dataset)),
  /** The printable report's HTML (its map figure draws every node and tie), with person nodes pseudonymised when asked. */
  report: (p: { dataset: Dataset | SharedDataset; input: Omit<ReportInput, 'dataset'>; pseudonyms?: SharedPseudonyms }) => {
    const ds = materialise(p.dataset);
    const html = renderReport({ ...p.input, dataset: p.pseudonyms ? pseudonymiserFrom(p.pseudonyms).dataset(ds) : ds });
    return { bytes: new TextEncoder().encode(html) };
  },
  /** Export files, dataset and graph JSON: serialised here, so a 100k-node export never stops the event loop. */
  render: (p: { dataset: Dataset | SharedDataset; request: RenderRequest; pseudonyms?: SharedPseudonyms }) =>
    render(materialise(p.dataset), p.request, p.pseudonyms && pseudonymiserFrom(p.pseudonyms)),
} satisfies Record<string, Task>;

/** The registry's types, so `pool.run('layout', payload)` checks the payload and types the result. */
export type Tasks = typeof TASKS;
export type TaskName = keyof Tasks;
export type TaskPayload<K extends TaskName> = Parameters<Tasks[K]>[0];
export type TaskResult<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>;
