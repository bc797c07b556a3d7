/**
 * `node --import tsx bench/dl-import.ts`: how long the UCINET DL import takes on a 1,000-node full
 * matrix (a million values, about 1 % ties, weights 1–3) and on the same network as an EDGELIST1, each
 * twice in alternation so their ratio comes from the same run. Not part of `npm run bench`.
 */
import { parseDatasetFiles } from '../src/io/load.ts';

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
