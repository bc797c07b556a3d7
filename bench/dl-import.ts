/**
 * `node --import tsx bench/dl-import.ts`: how long the UCINET DL import takes on a 1,000-node full
 * matrix (a million values, about 1 % ties, weights 1–3) and on the same network as an EDGELIST1, each
 * twice in alternation so their ratio comes from the same run; then two-mode data: the CORDIS H2020
 * SwafS participations (../shared/datasets, 1,074 organisations × 190 projects) as EDGELIST2 and as a
 * FULLMATRIX with row and column labels, three times in alternation. Not part of `npm run bench`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDataset, parseDatasetFiles } from '../src/io/load.ts';

const n = 1000;
let seed = 7;
const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const cell = Array.from({ length: n }, () => Array.from({ length: n }, () => (rnd() < 0.01 ? 1 + Math.floor(rnd() * 3) : 0)));
const matrix = `DL N=${n}\nFORMAT = FULLMATRIX\nDATA:\n${cell.map((r) => r.join(' ')).join('\n')}\n`;
const lines: string[] = [];
cell.forEach((r, i) => r.forEach((w, j) => w && lines.push(`${i + 1} ${j + 1} ${w}`)));
const edgelist = `DL N=${n}\nFORMAT = EDGELIST1\nDATA:\n${lines.join('\n')}\n`;
for (const round of [1, 2])
  for (const [name, text] of [
    ['fullmatrix', matrix],
    ['edgelist1', edgelist],
  ] as const) {
    const t = performance.now();
    const { report } = parseDatasetFiles([{ name: 'net.dl', content: text }]);
    console.log(
      `round ${round} ${name.padEnd(10)} ${(performance.now() - t).toFixed(0).padStart(5)} ms ${(text.length / 1e6).toFixed(1)} MB ${report.nodes} nodes ${report.edges} ties`,
    );
  }

const cordis = fileURLToPath(new URL('../../shared/datasets/cordis-h2020-swafs/dataset', import.meta.url));
if (existsSync(cordis)) {
  const { dataset } = await loadDataset(cordis);
  const orgs = [...new Set(dataset.edges.map((e) => e.source))];
  const projects = [...new Set(dataset.edges.map((e) => e.target))];
  const header = `DL NR=${orgs.length} NC=${projects.length}`;
  const el2 = `${header}\nFORMAT = EDGELIST2\nROW LABELS EMBEDDED\nCOLUMN LABELS EMBEDDED\nDATA:\n${dataset.edges.map((e) => `${e.source} ${e.target} ${e.weight}`).join('\n')}\n`;
  const has = new Set(dataset.edges.map((e) => `${e.source}|${e.target}`));
  const rows = orgs.map((o) => projects.map((p) => (has.has(`${o}|${p}`) ? 1 : 0)).join(' '));
  const fm = `${header}\nROW LABELS:\n${orgs.join('\n')}\nCOLUMN LABELS:\n${projects.join('\n')}\nDATA:\n${rows.join('\n')}\n`;
  for (const round of [1, 2, 3])
    for (const [name, text] of [
      ['SwafS edgelist2', el2],
      ['SwafS fullmatrix', fm],
    ] as const) {
      const t = performance.now();
      const { report } = parseDatasetFiles([{ name: 'swafs.dl', content: text }], { twoModeKinds: { rows: 'other', columns: 'project' } });
      console.log(
        `round ${round} ${name.padEnd(16)} ${(performance.now() - t).toFixed(0).padStart(5)} ms ${(text.length / 1e6).toFixed(2)} MB ${report.nodes} nodes ${report.edges} ties`,
      );
    }
}
