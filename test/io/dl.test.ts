import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadDataset, parseDatasetFiles } from '../../src/io/load.ts';
import { isDirected, type Dataset } from '../../src/model/index.ts';
import { importFails } from './helpers.ts';

/*
 * UCINET DL import. igraph's Read_DL (python3-igraph 0.10.2, Debian) is the independent reference for
 * igraph's own sample files (test/fixtures/peers/igraph/dl-*.dl): the same nodes, ties and weights.
 * igraph reads a full matrix's 0/1 cells only, and neither NM nor DIAGONAL, so the hand-written files
 * in test/fixtures/peers/ucinet/ (one per variant) state what UCINET's documentation says they hold.
 */
const IGRAPH = 'test/fixtures/peers/igraph';
const UCINET = 'test/fixtures/peers/ucinet';

interface IgraphView {
  names: string[];
  edges: [string, string, number][];
}

function igraph(path: string): Promise<IgraphView> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['test/io/dl-read.py', path], (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

/**
 * Ties as directed arcs with summed weights: an undirected tie is both arcs (igraph reads a full
 * matrix as a directed graph, a symmetric one as two arcs per pair); parallel ties add up, as our
 * import merges them.
 */
function arcs(ties: [string, string, number, boolean][]): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (s: string, t: string, w: number) => (out[`${s} → ${t}`] = (out[`${s} → ${t}`] ?? 0) + w);
  for (const [s, t, w, directed] of ties) {
    add(s, t, w);
    if (!directed && s !== t) add(t, s, w);
  }
  return out;
}

const ours = (d: Dataset) => arcs(d.edges.map((e) => [e.source, e.target, e.weight, isDirected(e)]));
const ties = (d: Dataset) => d.edges.map((e) => [e.source, e.target, e.weight, e.ownType ?? e.type, isDirected(e)]);

describe('igraph’s DL samples read as igraph reads them', () => {
  const files = readdirSync(IGRAPH).filter((f) => f.endsWith('.dl') && f !== 'dl-edgelist4.dl');
  it.each(files)('%s: same nodes, ties and weights as igraph’s Read_DL', async (file) => {
    const path = `${IGRAPH}/${file}`;
    const [{ dataset, report }, ig] = await Promise.all([loadDataset(path), igraph(path)]);
    expect(report.format).toBe('dl');
    expect(dataset.nodes.map((n) => n.id)).toEqual(ig.names);
    expect(ours(dataset)).toEqual(arcs(ig.edges.map(([s, t, w]) => [s, t, w, true])));
  });

  it('dl-edgelist4.dl (negative weights, which igraph keeps) is refused, naming each line', () => {
    const e = importFails([
      { name: 'dl-edgelist4.dl', content: 'DL n=5\nformat = edgelist1\nlabels:\ngeorge, sally, jim, billy, jane\ndata:\n1 2\n1 3 -1\n2 3\n3 1 -1\n4 3\n' },
    ]);
    expect(e.issues.map((i) => [i.line, i.field])).toEqual([
      [7, 'weight'],
      [9, 'weight'],
    ]);
  });
});

describe('each DL variant', () => {
  it('FULLMATRIX with NM=2, MATRIX LABELS and quoted ROW LABELS: a tie type per matrix, a symmetric one undirected', async () => {
    const { dataset: d, report } = await loadDataset(`${UCINET}/two-relations.dl`);
    expect(d.nodes.map((n) => n.id)).toEqual(['Anna Berg', 'Ben', 'Cara', 'Dan']);
    expect(report.warnings).toEqual([`${UCINET}/two-relations.dl: matrix friendship is symmetric: read as 3 undirected ties, one per pair`]);
    expect(ties(d)).toEqual([
      ['Anna Berg', 'Ben', 1, 'friendship', false],
      ['Ben', 'Cara', 1, 'friendship', false],
      ['Cara', 'Dan', 2, 'friendship', false],
      ['Anna Berg', 'Ben', 2, 'advice', true],
      ['Ben', 'Dan', 1, 'advice', true],
      ['Cara', 'Ben', 1, 'advice', true],
      ['Dan', 'Anna Berg', 3, 'advice', true],
    ]);
  });

  it('FULLMATRIX with DIAGONAL ABSENT and LABELS EMBEDDED: n-1 values a row after its label', async () => {
    const { dataset: d } = await loadDataset(`${UCINET}/diagonal-absent.dl`);
    expect(d.nodes.map((n) => n.id)).toEqual(['x', 'y', 'z']);
    expect(ties(d)).toEqual([
      ['x', 'y', 1, 'collaboration', true],
      ['y', 'z', 0.5, 'collaboration', true],
    ]);
  });

  it('FULLMATRIX of weights whose rows wrap over lines (read as a stream of values, as UCINET does)', async () => {
    const { dataset: d } = await loadDataset(`${UCINET}/weighted-wrapped.dl`);
    expect(ties(d)).toEqual([
      ['1', '2', 2.5, 'collaboration', true],
      ['2', '1', 1, 'collaboration', true],
      ['3', '3', 1, 'collaboration', true],
    ]);
  });

  it('LOWERHALF (DIAGONAL ABSENT) and UPPERHALF: one triangle of a symmetric network, one undirected tie per pair', async () => {
    const lower = (await loadDataset(`${UCINET}/lowerhalf.dl`)).dataset;
    expect(ties(lower)).toEqual([
      ['a', 'b', 1, 'collaboration', false],
      ['b', 'c', 2, 'collaboration', false],
    ]);
    const upper = (await loadDataset(`${UCINET}/upperhalf.dl`)).dataset;
    expect(ties(upper)).toEqual([
      ['1', '2', 1, 'collaboration', false],
      ['2', '3', 3, 'collaboration', false],
      ['3', '3', 1, 'collaboration', false],
    ]);
  });

  it('EDGELIST1 with NM=2 relations separated by !, embedded labels, weights and a TITLE', async () => {
    const { dataset: d, report } = await loadDataset(`${UCINET}/edgelist-two-relations.dl`);
    expect(d.meta.name).toBe('Advice and trust');
    expect(report.directionSummary).toMatch(/^Direction: all 4 ties are directed in this file/);
    expect(ties(d)).toEqual([
      ['ann', 'bob', 2, 'advice', true],
      ['bob', 'cid', 1, 'advice', true],
      ['ann', 'cid', 1.5, 'trust', true],
      ['dee', 'eve', 1, 'trust', true],
    ]);
  });

  it('NODELIST1 with vertex numbers and the header over several lines', async () => {
    const { dataset: d } = await loadDataset(`${UCINET}/nodelist-numbers.dl`);
    expect(d.nodes.map((n) => n.id)).toEqual(['1', '2', '3', '4']);
    expect(ties(d).map(([s, t]) => `${s}>${t}`)).toEqual(['1>2', '1>3', '1>4', '3>1']);
  });

  it('is recognised by its DL first word whatever the file is called, and matches labels ignoring case', () => {
    const r = parseDatasetFiles([{ name: 'friends.txt', content: 'dl n=3, format=edgelist1\nlabels:\nAnn Bob Cid\ndata:\n1 2\n2 3 4\n' }]);
    expect(r.report.format).toBe('dl');
    const embedded = parseDatasetFiles([{ name: 'g.dl', content: 'DL N=2\nFORMAT=NODELIST1\nLABELS EMBEDDED\nDATA:\nAnn BOB\nbob ann\n' }]).dataset;
    expect(embedded.nodes.map((n) => n.id)).toEqual(['Ann', 'BOB']);
    expect(embedded.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['Ann>BOB', 'BOB>Ann']);
  });
});

describe('embedded labels that name fewer nodes than N', () => {
  it('imports the nodes the data name and says how many of N were left out (igraph 0.10.2 crashes on such a file)', () => {
    const { dataset, report } = parseDatasetFiles([{ name: 'few.dl', content: 'DL n=5\nformat = edgelist1\nlabels embedded:\ndata:\na b\nb c 2\n' }]);
    expect(dataset.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(report.warnings).toEqual(['few.dl: N=5 but the data name 3 labels; the 2 others are left out (no label to give them)']);
  });
});

describe('bad DL input names the file, the line and what was expected', () => {
  const problems = (content: string) => importFails([{ name: 'net.dl', content }]).issues.map((i) => `${i.line} ${i.field}: ${i.expected}`);

  it.each([
    ['DL N=3\nDATA:\n0 1 0\n1 0\n', /^4 row: 3 values in row 2 of 3 rows \(the data end in row 2\)/],
    ['DL N=2\nDATA:\n0 1\n1 0\n1\n', /^5 data: the end of the data after 2 rows \(FULLMATRIX\)/],
    ['DL N=2\nDATA:\n0 x\n1 0\n', /^3 value: a number \(a tie weight; 0 for no tie, \? for missing\)/],
    ['DL N=2 FORMAT=BLOCKMATRIX\nDATA:\n1\n', /^1 FORMAT: FULLMATRIX, LOWERHALF, UPPERHALF, EDGELIST1 or NODELIST1 \(BLOCKMATRIX is not read/],
    ['DL N=3 FORMAT=LOWERHALF\nDATA:\n0\n1 0\n', /^4 row: 3 values in row 3 \(LOWERHALF: row k holds columns 1 to k\) of 3 rows/],
    ['DL NR=2, NC=3\nDATA:\n0 1 0\n1 0 1\n', /^1 NR: a one-mode network/],
    ['DL N=3\nLABELS:\na b\nDATA:\n0 1 0\n', /^2 labels: 3 labels after LABELS:/],
    ['DL N=2 FORMAT=EDGELIST1\nDATA:\n1 3\n2\n', /^3 vertex: a vertex number from 1 to N=2[\s\S]*/],
    ['DL N=2 FORMAT=EDGELIST1\nLABELS EMBEDDED\nDATA:\na b\nc a\n', /^5 label: at most N=2 different labels/],
    ['DL N=2 FORMAT=EDGELIST1\nDATA:\n1 2\n', null],
    ['DL N=2\nSPEED=9\nDATA:\n0 1\n1 0\n', /^2 header: a DL keyword/],
    ['DL N=2 DIAGONAL=sometimes\nDATA:\n1\n1\n', /^1 DIAGONAL: PRESENT or ABSENT/],
    ['DL N=2\n0 1\n1 0\n', /^2 DATA: DATA: before the data/],
  ])('%j', (content, expected) => {
    if (expected === null) {
      expect(parseDatasetFiles([{ name: 'net.dl', content }]).dataset.edges).toHaveLength(1);
      return;
    }
    expect(problems(content)[0]).toMatch(expected);
  });

  it('a problem says the file and line in the message', () => {
    expect(importFails([{ name: 'net.dl', content: 'DL N=2\nDATA:\n0 x\n1 0\n' }]).message).toMatch(/net\.dl:3 field "value": got "x"/);
  });
});
