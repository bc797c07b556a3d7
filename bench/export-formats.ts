/**
 * `node --import tsx bench/export-formats.ts`: how long each graph export (GraphML, GEXF, GML, Pajek, GDF) takes on 20k nodes and
 * 100k dated, weighted ties (labels with non-ASCII letters, one numeric attribute), each format twice
 * in alternation so their ratios come from the same run. Not part of `npm run bench`.
 */
import { serializeDataset, type ExportFormat } from '../src/io/export.ts';
import type { Dataset } from '../src/model/index.ts';

const n = 20_000,
  m = 100_000;
let seed = 1;
const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const d: Dataset = {
  meta: { name: 'bench' },
  nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'school' as const, label: `School ${i} Põhikool`, region: 'R', attrs: { score: rnd() } })),
  edges: Array.from({ length: m }, () => ({
    source: `n${Math.floor(rnd() * n)}`,
    target: `n${Math.floor(rnd() * n)}`,
    type: 'collaboration' as const,
    weight: 1 + Math.floor(rnd() * 3),
    start: '2024-01-01',
    attrs: {},
  })),
};
const formats: ExportFormat[] = ['graphml', 'gexf', 'gml', 'pajek', 'gdf'];
for (const round of [1, 2])
  for (const f of formats) {
    const t = performance.now();
    const [file] = serializeDataset(d, f);
    console.log(`round ${round} ${f.padEnd(8)} ${(performance.now() - t).toFixed(0).padStart(5)} ms ${(file.content.length / 1e6).toFixed(1)} MB`);
  }
