import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { DatasetBuilder } from '../../src/io/build.ts';
import { readEdgesCsv, readNodesCsv } from '../../src/io/csv.ts';
import { ImportError } from '../../src/io/errors.ts';
import { IdIndex } from '../../src/io/id-index.ts';

/**
 * The edge-file fast path (src/io/csv-fast.ts) must give exactly what the general path gives:
 * same dataset (values, property order, absent vs undefined fields), same report, same issues.
 */

const IDS = ['a', 'b', 'c', 'n10', 'n100', 'é', '日本', 'x y', "'=a", '=b'];
const NODES = 'id,type\n' + IDS.map((id, i) => `${id.startsWith('=') ? `'${id}` : id},${i % 2 ? 'school' : 'teacher'}\n`).join('');

/** Stable text of a load's outcome: key order kept, undefined made visible. */
function outcome(text: string, fast: boolean, bare = false): string {
  const b = new DatasetBuilder({ implicitNodes: bare, maxIssues: 10_000 });
  if (!bare) readNodesCsv(b, NODES, 'nodes.csv');
  readEdgesCsv(b, text, 'edges.csv', bare, fast);
  const show = (x: unknown) => JSON.stringify(x, (_k, v) => (v === undefined ? '<undefined>' : v));
  try {
    return show(b.finish(bare ? 'edgelist' : 'csv', ['edges.csv']));
  } catch (e) {
    if (e instanceof ImportError) return `error ${e.total} ${show(e.issues)}`;
    throw e;
  }
}

/** Mostly plain valid values (the fast path), with every kind of odd or bad one mixed in (the general path). */
const mostly = <T>(plain: T[], odd: T[]) => fc.oneof({ arbitrary: fc.constantFrom(...plain), weight: 5 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });
const cell = {
  id: mostly(IDS.slice(0, 8), ["'=a", '=b', "'a", "''=a", 'zed', '', ' a', 'A']),
  type: mostly(['', 'collaboration', 'mentoring', 'partnership', 'cocreation'], [' mentoring', 'Mentoring', 'friendship']),
  weight: mostly(['', '1', '2', '007', '0', '123456789012345'], ['2.5', '-0', '-1', 'abc', ' 3', '1e3', 'NaN', '1234567890123456789', '0x1F']),
  date: mostly(
    ['', '', '2021-09-01', '2022-06-30', '2024-02-29'],
    ['2023-02-29', '2024-02-30', '2021-9-1', ' 2021-09-01', '2021-09-01T10:00:00Z', '2021-09-01 12:00', '0000-01-01', '9999-12-31'],
  ),
};
const COLUMNS = ['source', 'target', 'type', 'weight', 'start', 'end'] as const;

const table = fc.record({
  columns: fc
    .subarray(['type', 'weight', 'start', 'end'] as const)
    .chain((opt) => fc.shuffledSubarray([...COLUMNS.slice(0, 2), ...opt], { minLength: opt.length + 2 })),
  rows: fc.array(
    fc.record({
      source: cell.id,
      target: cell.id,
      type: cell.type,
      weight: cell.weight,
      start: cell.date,
      end: cell.date,
      shape: mostly(['ok'], ['short', 'long', 'blank']),
    }),
    { minLength: 5, maxLength: 60 },
  ),
  delimiter: fc.constantFrom(',', ';', '\t'),
  newline: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  trailingNewline: fc.boolean(),
});

type Table = typeof table extends fc.Arbitrary<infer T> ? T : never;

function render(t: Table): string {
  const lines = [t.columns.join(t.delimiter)];
  for (const r of t.rows) {
    if (r.shape === 'blank') {
      lines.push('');
      continue;
    }
    const cells = t.columns.map((c) => r[c]);
    if (r.shape === 'short') cells.pop();
    if (r.shape === 'long') cells.push('surplus');
    lines.push(cells.join(t.delimiter));
  }
  return (t.bom ? '\ufeff' : '') + lines.join(t.newline) + (t.trailingNewline ? t.newline : '');
}

describe('edge-file fast path', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the same dataset, report and issues as the general path', () => {
    const accepted = vi.spyOn(DatasetBuilder.prototype, 'acceptEdge');
    fc.assert(
      fc.property(table, (t) => {
        const text = render(t);
        expect(outcome(text, true)).toBe(outcome(text, false));
      }),
      { numRuns: 400 },
    );
    // The comparison is not vacuous: many rows did take the fast path.
    expect(accepted.mock.calls.length).toBeGreaterThan(1000);
  });

  it('gives the same result for bare edge lists (nodes created on the way), with and without header, 2 or 3 columns', () => {
    const accepted = vi.spyOn(DatasetBuilder.prototype, 'acceptEdge');
    fc.assert(
      fc.property(table, fc.boolean(), fc.boolean(), (t, header, twoColumns) => {
        const text = render(header ? t : { ...t, columns: twoColumns ? ['source', 'target'] : ['source', 'target', 'weight'] });
        const body = header ? text : text.slice(text.indexOf(t.newline) + t.newline.length);
        expect(outcome(body, true, true)).toBe(outcome(body, false, true));
      }),
      { numRuns: 300 },
    );
    expect(accepted.mock.calls.length).toBeGreaterThan(300);
  });

  it('merges parallel edges the same way', () => {
    const rows = ['source,target,type,weight,start,end'];
    for (let i = 0; i < 300; i++) {
      const s = IDS[i % 4],
        t = IDS[(i * 7 + 1) % 5];
      if (s === t) continue;
      rows.push(
        `${s},${t},${i % 3 ? 'mentoring' : 'partnership'},${1 + (i % 4)}${i % 5 ? '.5' : ''},${i % 2 ? '2021-09-01' : ''},${i % 4 === 1 ? '2022-06-30' : ''}`,
      );
    }
    const text = rows.join('\n');
    const fast = outcome(text, true);
    expect(fast).toBe(outcome(text, false));
    expect(JSON.parse(fast).report.mergedEdges).toBeGreaterThan(200);
  });
});

describe('IdIndex', () => {
  it('maps ids to insertion indices and finds them in text ranges', () => {
    const index = new IdIndex();
    const ids = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `é${i}` : `n${i}`));
    ids.forEach((id, i) => expect(index.add(id)).toBe(i));
    expect(index.size).toBe(ids.length);
    ids.forEach((id, i) => expect(index.get(id)).toBe(i));
    for (const missing of ['', 'n', 'n5000', 'é1', 'N1', 'n1 ']) expect(index.get(missing)).toBe(-1);
    const text = `x,${ids[4321]},y,n99999`;
    const at = (start: number, end: number) => index.find(text, start, end, index.hashOf(text.slice(start, end)));
    expect(at(2, 2 + ids[4321].length)).toBe(4321);
    expect(at(text.lastIndexOf(',') + 1, text.length)).toBe(-1);
    expect(at(0, 1)).toBe(-1);
  });
});
