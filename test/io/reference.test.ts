import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { loadDataset } from '../../src/io/load.ts';
import { DatasetSchema } from '../../src/model/index.ts';

const REF = 'test/fixtures/reference';

describe('reference networks load with the right counts', () => {
  it.each([
    ['karate', 34, 78],
    ['les-miserables', 77, 254],
    ['florentine', 15, 20],
    ['davis', 32, 89],
  ])('%s: %i nodes, %i edges', async (name, n, m) => {
    const { dataset, report } = await loadDataset(`${REF}/${name}`);
    expect(dataset.nodes).toHaveLength(n);
    expect(dataset.edges).toHaveLength(m);
    expect(report.mergedEdges).toBe(0);
    expect(() => DatasetSchema.parse(JSON.parse(JSON.stringify(dataset)))).not.toThrow();
    const expected = JSON.parse(await readFile(`${REF}/${name}/expected.json`, 'utf8'));
    const nodesExpected = expected.graph?.nodes ?? expected.graph?.n;
    if (nodesExpected !== undefined) expect(nodesExpected).toBe(n);
  });

  it('keeps original columns as attributes (karate club split, weights)', async () => {
    const { dataset } = await loadDataset(`${REF}/karate/nodes.csv`);
    expect(dataset.nodes[0]).toMatchObject({ id: 'm0', type: 'teacher', attrs: { club: 'Mr. Hi' } });
    expect(dataset.edges.reduce((s, e) => s + e.weight, 0)).toBe(231);
  });

  it('davis is two-mode: 18 women (teacher) × 14 events (project)', async () => {
    const { report } = await loadDataset(`${REF}/davis`);
    expect(report.nodeTypes).toMatchObject({ teacher: 18, project: 14 });
  });
});
