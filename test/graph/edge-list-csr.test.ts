import { describe, expect, it } from 'vitest';
import { snapshotFromEdgeList } from '../../src/graph/edge-list-csr.ts';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.ts';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { createRng } from '../../src/util/random.ts';

/** The snapshot the general loader gives for the same file: the fast path must be indistinguishable. */
const general = (text: string, name = 'ties.csv'): Snapshot => buildSnapshot(parseDatasetFiles([{ name, content: text }]).dataset);

const same = (a: Snapshot, b: Snapshot) => {
  expect(a.n).toBe(b.n);
  expect(a.m).toBe(b.m);
  expect(a.ids).toEqual(b.ids);
  expect([...a.index]).toEqual([...b.index]);
  expect(Array.from(a.typeCode)).toEqual(Array.from(b.typeCode));
  expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
  expect(Array.from(a.targets)).toEqual(Array.from(b.targets));
  expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  expect(a.nodes.map((n) => [n.id, n.type])).toEqual(b.nodes.map((n) => [n.id, n.type]));
};

describe('bare edge list straight into the snapshot', () => {
  it('gives the general loader’s snapshot: first-appearance order, parallel ties summed, self-loops dropped, CRLF', () => {
    const rng = createRng(7);
    const rows = ['source,target,weight,type'];
    for (let i = 0; i < 3000; i++) {
      const a = `org:${Math.floor(rng() * 400)}`,
        b = `prj:${Math.floor(rng() * 300)}`;
      const w = rng() < 0.5 ? String(1 + Math.floor(rng() * 5)) : (rng() * 10).toFixed(3);
      rows.push(rng() < 0.05 ? `${a},${a},${w},collaboration` : `${a},${b},${w},${rng() < 0.5 ? 'collaboration' : 'participation'}`);
    }
    const text = rows.join('\r\n') + '\r\n';
    const fast = snapshotFromEdgeList(text);
    expect(fast).not.toBeNull();
    same(fast!, general(text));
    // Tab-separated, no weight column, columns in another order.
    const tsv = ['target\tsource', 'b\ta', 'c\ta', 'a\tb', 'd\tc', ''].join('\n');
    same(snapshotFromEdgeList(tsv)!, general(tsv, 'ties.tsv'));
  });

  it('leaves every file it would not read exactly as the general loader to that loader', () => {
    for (const text of [
      'source,target,weight,note\na,b,1,x\n', // another column
      'source,target\n"a",b\n', // quoting
      '\ufeffsource,target\na,b\n', // BOM
      'source,target,weight\na,b,1e3\n', // not a plain decimal
      'source,target,weight\na,b,-1\n', // negative: the general loader names the field
      'source,target,weight\na,b,\n', // empty weight
      'source,target\na, b\n', // blank around an id
      "source,target\n'=1,b\n", // formula escape
      'source,target\na,b,c\n', // too many cells
      'source,target\na\n', // too few
      'id,label\na,b\n', // a nodes file
      'source,target\na\u0000,b\n', // NUL: the general loader refuses it with file, line and field
    ])
      expect(snapshotFromEdgeList(text), JSON.stringify(text)).toBeNull();
  });
});
