import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadDataset, parseDatasetFiles } from '../../src/io/load.ts';
import { ORGANISATION_TYPES, projectBipartite } from '../../src/graph/projection.ts';

/*
 * Real participation data: Horizon 2020 "Science with and for Society" (source: CORDIS, European
 * Commission; see ../shared/datasets/README.md). It sits beside the repository (../shared from the
 * repo root, in CI too).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORDIS = `${ROOT}../shared/datasets/cordis-h2020-swafs`;

describe('CORDIS H2020 SwafS participation data', () => {
  it('the bipartite form imports as is: 1,074 organisations and 190 projects, 1,849 dated participations', async () => {
    const { dataset, report } = await loadDataset(`${CORDIS}/dataset`);
    expect(report).toMatchObject({ nodes: 1264, edges: 1849, mergedEdges: 0, selfLoops: 0, typeSummary: null });
    expect(report.nodeTypes).toMatchObject({ project: 190, university: 361, research: 215, other: 213, company: 173, public: 112 });
    expect(report.edgeTypes.participation).toBe(1849);
    expect(dataset.edges.every((e) => e.start && e.end)).toBe(true);
  });

  it('the co-organisation form imports as is: 1,074 organisations, 10,254 ties', async () => {
    const { report } = await loadDataset(`${CORDIS}/coorg`);
    expect(report).toMatchObject({ nodes: 1074, edges: 10254, mergedEdges: 0 });
  });

  it('projecting the bipartite form onto organisations gives the co-organisation form: weights = shared projects, earliest start, latest end', async () => {
    const { dataset } = await loadDataset(`${CORDIS}/dataset`);
    const projected = projectBipartite(dataset, { onto: [...ORGANISATION_TYPES, 'other'], via: ['project'] });
    const { dataset: coorg } = await loadDataset(`${CORDIS}/coorg`);
    const key = (s: string, t: string) => (s < t ? `${s}|${t}` : `${t}|${s}`);
    const want = new Map(coorg.edges.map((e) => [key(e.source, e.target), [e.weight, e.start, e.end]]));
    expect(projected.nodes).toHaveLength(1074);
    expect(projected.edges).toHaveLength(want.size);
    for (const e of projected.edges) expect([e.weight, e.start, e.end], key(e.source, e.target)).toEqual(want.get(key(e.source, e.target)));
  });

  it('as a two-mode UCINET DL file (organisations × projects, EDGELIST2, labels embedded) it projects onto the same co-organisation weights', async () => {
    const { dataset } = await loadDataset(`${CORDIS}/dataset`);
    const orgs = new Set(dataset.edges.map((e) => e.source));
    const projects = new Set(dataset.edges.map((e) => e.target));
    const dl = `DL NR=${orgs.size} NC=${projects.size}\nFORMAT = EDGELIST2\nROW LABELS EMBEDDED\nCOLUMN LABELS EMBEDDED\nDATA:\n${dataset.edges.map((e) => `${e.source} ${e.target} ${e.weight}`).join('\n')}\n`;
    const t = performance.now();
    const { dataset: d, report } = parseDatasetFiles([{ name: 'swafs.dl', content: dl }], { twoModeKinds: { rows: 'other', columns: 'project' } });
    const ms = performance.now() - t;
    expect(report).toMatchObject({ format: 'dl', nodes: 1264, edges: 1849, nodeTypes: { other: 1074, project: 190 } });
    expect(ms).toBeLessThan(5000);
    const projected = projectBipartite(d, { onto: ['other'], via: ['project'] });
    const { dataset: coorg } = await loadDataset(`${CORDIS}/coorg`);
    const key = (s: string, t: string) => (s < t ? `${s}|${t}` : `${t}|${s}`);
    const want = new Map(coorg.edges.map((e) => [key(e.source, e.target), e.weight]));
    expect(projected.edges).toHaveLength(want.size);
    for (const e of projected.edges) expect(e.weight, key(e.source, e.target)).toBe(want.get(key(e.source, e.target)));
  });
});
