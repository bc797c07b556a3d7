/**
 * How early the tie cap stops a read (issue 20, defect 7): a 2,000,000-row edge list (28 MB) refused
 * with `ties: 1000` against the same file read whole under the default caps, in alternating rounds.
 * The refusal's time is what a user waits for "at most N ties" instead of the whole parse.
 *
 * Run: `node --import tsx bench/shape-caps.ts` (prints one line per round).
 */
import { parseDatasetFiles } from '../src/io/load.ts';
import { SHAPE_LIMIT_DEFAULTS, ShapeLimitError } from '../src/io/shape-limits.ts';

const TIES = 2_000_000;
const rows: string[] = ['source,target'];
for (let i = 0; i < TIES; i++) rows.push(`n${i % 200_000},n${(i * 7919 + 1) % 200_000}`);
const text = `${rows.join('\n')}\n`;
const files = [{ name: 'edges.csv', content: text }];

for (let round = 0; round < 3; round++) {
  let t = performance.now();
  let refused = false;
  try {
    parseDatasetFiles(files, { format: 'edgelist', shape: { limits: { ...SHAPE_LIMIT_DEFAULTS, ties: 1000 } } });
  } catch (e) {
    refused = e instanceof ShapeLimitError;
  }
  const capped = performance.now() - t;
  t = performance.now();
  const whole = parseDatasetFiles(files, { format: 'edgelist', shape: { limits: SHAPE_LIMIT_DEFAULTS } });
  const read = performance.now() - t;
  console.log(
    `round ${round}: ${(text.length / 2 ** 20).toFixed(1)} MB, ${TIES} tie rows; ties: 1000 → ${refused ? 'refused' : 'NOT refused'} in ${capped.toFixed(0)} ms; ` +
      `default caps → read whole (${whole.dataset.edges.length} ties after merging) in ${read.toFixed(0)} ms`,
  );
}
