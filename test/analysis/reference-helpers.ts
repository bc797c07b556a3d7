import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { buildSnapshot, type Snapshot, type SnapshotOptions } from '../../src/graph/snapshot.ts';
import { DatasetSchema, type Dataset, type DatasetInput } from '../../src/model/index.ts';

/**
 * Loads the NetworkX reference networks in test/fixtures/reference with a tiny CSV reader, so the
 * analysis tests do not depend on the io module.
 */
export const REFERENCE_NETWORKS = ['karate', 'les-miserables', 'florentine', 'davis'] as const;
export type ReferenceName = (typeof REFERENCE_NETWORKS)[number];

export interface ReferenceExpected {
  conventions: Record<string, string>;
  graph: Record<string, unknown>;
  nodes: Record<string, Record<string, number | null>>;
}

const dir = (name: string) => new URL(`../fixtures/reference/${name}/`, import.meta.url);

function readCsv(url: URL): Record<string, string>[] {
  return parse(readFileSync(url), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

export function loadReferenceDataset(name: ReferenceName): Dataset {
  const nodes = readCsv(new URL('nodes.csv', dir(name))).map((r) => ({ id: r.id, type: r.type, label: r.label }));
  const edges = readCsv(new URL('edges.csv', dir(name))).map((r) => ({
    source: r.source,
    target: r.target,
    weight: r.weight === undefined || r.weight === '' ? 1 : Number(r.weight),
  }));
  return DatasetSchema.parse({ nodes, edges } as DatasetInput);
}

export function loadReference(name: ReferenceName, options: SnapshotOptions = {}): { dataset: Dataset; snapshot: Snapshot; expected: ReferenceExpected } {
  const dataset = loadReferenceDataset(name);
  const expected = JSON.parse(readFileSync(new URL('expected.json', dir(name)), 'utf8')) as ReferenceExpected;
  return { dataset, snapshot: buildSnapshot(dataset, options), expected };
}

/** Expected per-node values of one metric, aligned with the snapshot's node order. */
export function expectedVector(snapshot: Snapshot, expected: ReferenceExpected, metric: string): (number | null)[] {
  return snapshot.ids.map((id) => {
    const row = expected.nodes[id];
    if (!row || !(metric in row)) throw new Error(`expected.json has no ${metric} for node ${id}`);
    return row[metric];
  });
}

/** Small dataset from an edge list; every node typed `other` unless listed in `extra`. */
export function datasetFromEdges(edges: [string, string, number?][], extra: string[] = []): Dataset {
  const ids = new Set<string>();
  for (const [a, b] of edges) {
    ids.add(a);
    ids.add(b);
  }
  for (const id of extra) ids.add(id);
  return DatasetSchema.parse({
    nodes: [...ids].map((id) => ({ id, type: 'other' })),
    edges: edges.map(([source, target, weight]) => ({ source, target, weight: weight ?? 1 })),
  } as DatasetInput);
}

/** Largest absolute difference between two vectors, treating NaN ≡ null as equal to each other. */
export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number | null>): number {
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i],
      e = expected[i];
    if (e === null || Number.isNaN(e)) {
      if (!Number.isNaN(a)) return Infinity;
      continue;
    }
    if (Number.isNaN(a)) return Infinity;
    worst = Math.max(worst, Math.abs(a - e));
  }
  return worst;
}
