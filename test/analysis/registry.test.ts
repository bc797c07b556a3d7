import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { METRIC_NAMES } from '../../src/analysis/options.ts';
import { ANALYSES, NODE_COLUMN_NAMES, nodeColumnValue } from '../../src/analysis/registry.ts';
import { loadReferenceDataset } from './reference-helpers.ts';

const BASE_NODE = ['id', 'type', 'label'];
const BASE_GRAPH = ['nodes', 'edges', 'density', 'components', 'largestComponent', 'settings'];

describe('analysis registry', () => {
  it('declares every metric once, in run order', () => {
    expect(ANALYSES.map((a) => a.id).sort()).toEqual([...METRIC_NAMES].sort());
  });

  // Each runner alone, on a real network: it writes exactly the node fields its declaration lists
  // (on every node) and no graph field it does not declare.
  const dataset = loadReferenceDataset('karate');
  for (const spec of ANALYSES) {
    it(`${spec.id} writes what it declares`, async () => {
      const r = await analyze(dataset, { metrics: [spec.id], workers: 1 });
      const declared = spec.nodeFields.map((f) => f.key);
      for (const n of r.nodes)
        expect(
          Object.keys(n)
            .filter((k) => !BASE_NODE.includes(k))
            .sort(),
        ).toEqual([...declared].sort());
      const graphExtra = Object.keys(r.graph).filter((k) => !BASE_GRAPH.includes(k));
      for (const k of graphExtra) expect(spec.graphFields).toContain(k);
      for (const f of spec.nodeFields) {
        if (f.kind !== 'record') continue;
        const v = r.nodes.map((n) => (n as unknown as Record<string, unknown>)[f.key]).find((x) => x && typeof x === 'object') as
          | Record<string, unknown>
          | undefined;
        if (v) expect(Object.keys(v).sort()).toEqual([...f.parts!].sort());
      }
    });
  }

  it('lists scalar node columns that read numbers from results', async () => {
    const r = await analyze(dataset, { workers: 1 });
    expect(NODE_COLUMN_NAMES).toContain('pagerank');
    expect(NODE_COLUMN_NAMES).toContain('community');
    for (const c of NODE_COLUMN_NAMES) {
      for (const n of r.nodes) {
        const v = nodeColumnValue(n, c);
        expect(v === undefined || v === null || typeof v === 'number').toBe(true);
      }
    }
  });
});
