import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DatasetSchema, NodeSchema, type Dataset, type DatasetInput } from '../../src/model/index.ts';

const REFERENCE = join(import.meta.dirname, '..', 'fixtures', 'reference');
export const REFERENCE_NETWORKS = ['karate', 'les-miserables', 'florentine', 'davis'] as const;

const KNOWN = new Set(Object.keys(NodeSchema.shape));

/** Minimal reader for the reference fixtures (io is written in parallel): unknown columns go to attrs. */
export function loadReference(name: string): { dataset: Dataset; expected: any } {
  const dir = join(REFERENCE, name);
  const rows = (file: string) => parse(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const nodes = rows('nodes.csv').map((r) => {
    const node: Record<string, unknown> = { attrs: {} };
    for (const [k, v] of Object.entries(r)) {
      if (KNOWN.has(k)) node[k] = v;
      else (node.attrs as Record<string, string>)[k] = v;
    }
    return node;
  });
  const edges = rows('edges.csv').map((r) => ({ source: r.source, target: r.target, weight: Number(r.weight ?? 1) }));
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  return { dataset: DatasetSchema.parse({ nodes, edges } as DatasetInput), expected };
}

/** Dataset from a compact edge list such as ['a-b', 'b-c'] plus optional extra nodes. */
export function tiny(pairs: string[], extra: string[] = []): Dataset {
  const ids = new Set<string>(extra);
  const edges = pairs.map((p) => {
    const [source, target] = p.split('-');
    ids.add(source);
    ids.add(target);
    return { source, target };
  });
  return DatasetSchema.parse({ nodes: [...ids].map((id) => ({ id, type: 'other' })), edges });
}
