import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDataset } from '../../src/io/export.ts';
import { loadDataset, parseDatasetFiles, parseTwoModeKinds } from '../../src/io/load.ts';
import { projectBipartite } from '../../src/graph/projection.ts';
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

/** Davis's Southern Women as NetworkX holds them (test/io/davis-read.py). */
function davis(): Promise<{ women: string[]; events: string[]; ties: [string, string][]; projection: [string, string, number][] }> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['test/io/davis-read.py'], (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

describe('two-mode DL (NR / NC): a bipartite dataset of row and column nodes', () => {
  const SOCNETV = 'test/fixtures/peers/socnetv';

  it('Davis’s Southern Women as FULLMATRIX, EDGELIST2 and NODELIST2: the women, the events and the 89 attendances NetworkX holds', async () => {
    const nx = await davis();
    for (const file of ['davis.dl', 'davis-edgelist2.dl', 'davis-nodelist2.dl']) {
      const { dataset: d, report } = await loadDataset(`${UCINET}/${file}`);
      const women = d.nodes.filter((n) => n.ownType === 'actor');
      const events = d.nodes.filter((n) => n.ownType === 'event');
      expect(
        women.map((n) => n.id),
        file,
      ).toEqual(nx.women);
      expect(events).toHaveLength(nx.events.length);
      // NODELIST2 names the events by number (no column labels): event k is NetworkX's k-th event.
      const event = (id: string) => (id.startsWith('event ') ? nx.events[Number(id.slice(6)) - 1] : id);
      expect(d.edges.map((e) => [e.source, event(e.target)]).sort(), file).toEqual(nx.ties);
      expect(new Set(d.edges.map((e) => `${e.type} ${e.weight} ${isDirected(e)}`)), file).toEqual(new Set(['participation 1 false']));
      // The report's two-mode field says the same as its line among the warnings.
      const summary = `${UCINET}/${file}: two-mode data (NR=18, NC=14): 18 rows read as "actor" nodes and 14 columns as "event" nodes (their own types), 89 nonzero cells as participation ties row → column`;
      expect(report.warnings, file).toEqual([summary]);
      expect(report.twoMode, file).toEqual({
        file: `${UCINET}/${file}`,
        format: { 'davis.dl': 'dl-fullmatrix', 'davis-edgelist2.dl': 'dl-edgelist2', 'davis-nodelist2.dl': 'dl-nodelist2' }[file],
        rows: 18,
        columns: 14,
        kinds: { rows: 'actor', columns: 'event' },
        tieTypes: ['participation'],
        ties: 89,
        summary,
      });
    }
    // One-mode data has no two-mode field.
    expect((await loadDataset(`${UCINET}/two-relations.dl`)).report.twoMode).toBeUndefined();
  });

  it('projected onto the women (hubgraph project): the co-attendance network NetworkX’s weighted_projected_graph gives', async () => {
    const [nx, { dataset: d }] = await Promise.all([davis(), loadDataset(`${UCINET}/davis.dl`, { twoModeKinds: { rows: 'community', columns: 'project' } })]);
    const p = projectBipartite(d, { onto: ['community'], via: ['project'] });
    expect(p.nodes).toHaveLength(18);
    expect(p.edges.map((e) => [...[e.source, e.target].sort(), e.weight]).sort()).toEqual(nx.projection);
  });

  it('ours → GraphML / GEXF / GML → NetworkX: the two sides are the nodes’ type, every tie joins a woman and an event; and back through ours the same dataset', async () => {
    const { dataset: d } = await loadDataset(`${UCINET}/davis.dl`);
    const dir = await mkdtemp(join(tmpdir(), 'hubgraph-dl-'));
    try {
      const paths = (['graphml', 'gexf', 'gml'] as const).map((f) => join(dir, `davis.${f}`));
      for (const [i, f] of (['graphml', 'gexf', 'gml'] as const).entries()) await writeDataset(d, f, paths[i]);
      const seen: Record<string, { networkx: { nodes: Record<string, Record<string, unknown>>; edges: [string, string][] } }> = JSON.parse(
        await new Promise<string>((resolve, reject) =>
          execFile('/usr/bin/python3', ['test/io/export-read.py', ...paths], (err, out, stderr) => (err ? reject(new Error(stderr)) : resolve(out))),
        ),
      );
      for (const p of paths) {
        const nx = seen[p].networkx;
        // GML keys NetworkX's nodes by label: ours are the ids here (the DL labels), as in GraphML and GEXF.
        const typeOf = (id: string) => nx.nodes[id]?.type;
        expect(
          Object.values(nx.nodes).filter((n) => n.type === 'actor'),
          p,
        ).toHaveLength(18);
        expect(
          Object.values(nx.nodes).filter((n) => n.type === 'event'),
          p,
        ).toHaveLength(14);
        expect(nx.edges).toHaveLength(89);
        expect(new Set(nx.edges.map(([s, t]) => `${typeOf(s)}-${typeOf(t)}`)), p).toEqual(new Set(['actor-event']));
        expect(JSON.parse(JSON.stringify((await loadDataset(p)).dataset)), p).toEqual(JSON.parse(JSON.stringify(d)));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('SocNetV’s two-mode samples; --two-mode-kinds names the sides (built-in kinds are used as such)', async () => {
    const labeled = (await loadDataset(`${SOCNETV}/dl-two-mode-labeled.dl`)).dataset;
    expect(labeled.nodes.map((n) => `${n.id}:${n.ownType}`)).toEqual([
      'person1:actor',
      'person2:actor',
      'person3:actor',
      'event1:event',
      'event2:event',
      'event3:event',
    ]);
    expect(labeled.edges.map((e) => `${e.source}>${e.target}`)).toEqual([
      'person1>event1',
      'person1>event2',
      'person2>event1',
      'person2>event3',
      'person3>event2',
      'person3>event3',
    ]);
    const { dataset: d, report } = await loadDataset(`${SOCNETV}/dl-two-mode-nolabels.dl`, { twoModeKinds: { rows: 'company', columns: 'project' } });
    expect(d.nodes.map((n) => `${n.id}:${n.type}`)).toEqual([
      'company 1:company',
      'company 2:company',
      'company 3:company',
      'project 1:project',
      'project 2:project',
      'project 3:project',
    ]);
    expect(d.edges.map((e) => `${e.source}>${e.target}`)).toEqual(
      labeled.edges.map((e) => `${e.source}>${e.target}`).map((s) => s.replace(/person/g, 'company ').replace(/event/g, 'project ')),
    );
    expect(report.typeSummary).toBeNull();
    // Built-in kinds are no types of their own: the line does not call them so.
    expect(report.twoMode).toMatchObject({ format: 'dl-fullmatrix', rows: 3, columns: 3, kinds: { rows: 'company', columns: 'project' }, ties: 6 });
    expect(report.twoMode?.summary).toBe(
      `${SOCNETV}/dl-two-mode-nolabels.dl: two-mode data (NR=3, NC=3): 3 rows read as "company" nodes and 3 columns as "project" nodes, 6 nonzero cells as participation ties row → column`,
    );
  });

  it('FULLMATRIX with NM=2, both label sets embedded, weights, and a column labelled like a row', async () => {
    const { dataset: d, report } = await loadDataset(`${UCINET}/two-mode-embedded.dl`);
    expect(d.nodes.map((n) => `${n.id}:${n.ownType}`)).toEqual([
      'Ann:actor',
      'Sam:actor',
      'Bo Li:actor',
      'Choir:event',
      'Sam (event):event',
      'Book club:event',
    ]);
    expect(ties(d)).toEqual([
      ['Ann', 'Choir', 1, 'member', false],
      ['Ann', 'Book club', 2, 'member', false],
      ['Sam', 'Sam (event)', 1, 'member', false],
      ['Sam', 'Book club', 1, 'member', false],
      ['Bo Li', 'Choir', 1, 'member', false],
      ['Bo Li', 'Sam (event)', 1, 'member', false],
      ['Ann', 'Choir', 1, 'chair', false],
      ['Sam', 'Book club', 1, 'chair', false],
    ]);
    expect(new Set(d.edges.map((e) => e.type))).toEqual(new Set(['participation']));
    expect(report.warnings[1]).toBe(`${UCINET}/two-mode-embedded.dl: 1 column label is also a row label, so that column's id is "Sam (event)"`);
    // NM=2: each matrix is a relation of its own, named in the two-mode field.
    expect(report.twoMode).toMatchObject({ rows: 3, columns: 3, tieTypes: ['member', 'chair'], ties: 8 });
  });

  it('the CLI’s --two-mode-kinds is parsed and checked', () => {
    expect(parseTwoModeKinds('company, project')).toEqual({ rows: 'company', columns: 'project' });
    expect(parseTwoModeKinds('company')).toMatch(/expected ROWS,COLUMNS/);
    expect(parseTwoModeKinds('x,x')).toMatch(/two different type names/);
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
    ['DL N=2\nLABELS EMBEDDED\nDATA:\na b\na 0 1\n', /^5 row: 2 rows, each starting with its label \(the data end in row 2\)/],
    ['DL NR=2 NC=2\nDATA:\n0 1\n1\n', /^4 row: NC=2 values in row 2 of NR=2 rows \(the data end in row 2\)/],
    [
      'DL NR=2 NC=2 NM=2\nROW LABELS EMBEDDED\nDATA:\na 0 1\nb 1 0\na 1 1\n',
      /^6 row: NR=2 rows in each of NM=2 matrices, each starting with its label \(the data end in row 2 of matrix 2\)/,
    ],
    ['DL NR=2 NC=3\nFORMAT=EDGELIST2\nDATA:\n1 4\n', /^4 column: a column number from 1 to NC=3 \(or COLUMN LABELS EMBEDDED/],
    ['DL NR=2 NC=3\nLABELS:\na b\nDATA:\n0 1 0\n1 0 1\n', /^2 labels: ROW LABELS: \(NR labels\) and COLUMN LABELS: \(NC labels\)/],
    ['DL NR=2 NC=3 FORMAT=LOWERHALF\nDATA:\n0\n', /^1 FORMAT: FULLMATRIX, EDGELIST2 or NODELIST2/],
    ['DL N=3 FORMAT=EDGELIST2\nDATA:\n1 2\n', /^1 FORMAT: .*EDGELIST2 is two-mode data, which needs NR=… and NC=…/],
    ['DL NR=2\nDATA:\n0 1\n', /^1 NC: NR=… and NC=…/],
    ['DL NR=2 NC=2\nROW LABELS EMBEDDED\nDATA:\na 1 0\nA 0 1\n', /^5 row label: a label no earlier row has \(row 1 is a\): one row per label/],
    ['DL N=2\nROW LABELS EMBEDDED\nDATA:\na 0 1\na 1 0\n', /^5 row label: a label no earlier row has \(row 1 is a\): one row per label/],
    ['DL N=2 NM=2\nROW LABELS EMBEDDED\nDATA:\na 0 1\nb 1 0\nb 0 1\na 1 0\n', /^6 row label: the label of row 1: a \(rows in the order of the first matrix\)/],
    ['DL NR=2 NC=2\nROW LABELS:\na b\nFORMAT=EDGELIST2\nROW LABELS EMBEDDED\nDATA:\nc 1\n', /^7 row label: one of the 2 ROW LABELS:/],
    ['DL N=2\nDATA:\n0 1\n1 0\n1\n', /^5 data: the end of the data after 2 rows \(FULLMATRIX\)/],
    ['DL N=2\nDATA:\n0 x\n1 0\n', /^3 value: a number \(a tie weight; 0 for no tie, \? for missing\)/],
    [
      'DL N=2 FORMAT=BLOCKMATRIX\nDATA:\n1\n',
      /^1 FORMAT: FULLMATRIX, LOWERHALF, UPPERHALF, EDGELIST1 or NODELIST1 \(EDGELIST2 or NODELIST2 with NR= and NC=\) \(BLOCKMATRIX is not read/,
    ],
    ['DL N=3 FORMAT=LOWERHALF\nDATA:\n0\n1 0\n', /^4 row: 3 values in row 3 \(LOWERHALF: row k holds columns 1 to k\) of 3 rows/],
    ['DL N=3\nLABELS:\na b\nDATA:\n0 1 0\n', /^2 labels: 3 labels after LABELS:/],
    ['DL N=2 FORMAT=EDGELIST1\nDATA:\n1 3\n2\n', /^3 vertex: a vertex number from 1 to N=2[\s\S]*/],
    ['DL N=2 FORMAT=EDGELIST1\nLABELS EMBEDDED\nDATA:\na b\nc a\n', /^5 label: at most N=2 different labels/],
    ['DL N=3 NM=2 FORMAT=EDGELIST1\nLABELS EMBEDDED\nDATA:\na b\n!\nb c\n!\na c\n', /^7 data: at most NM=2 relations \(one ! between each two\)/],
    ['DL NR=2 NC=2 NM=2 FORMAT=EDGELIST2\nLABELS EMBEDDED\nDATA:\na x\n!\nb y\n!\na y\n', /^7 data: at most NM=2 relations \(one ! between each two\)/],
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
