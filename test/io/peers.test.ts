import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDataset } from '../../src/io/export.ts';
import { canonicalJson } from '../../src/store/cache.ts';
import { ImportError } from '../../src/io/errors.ts';
import { loadDataset, parseDatasetFiles } from '../../src/io/load.ts';
import { DatasetSchema, isDirected } from '../../src/model/index.ts';

/*
 * Real files written by Gephi, Gephi Lite, yEd Live, NetworkX and igraph (test/fixtures/peers, each
 * folder with its licence; README.md there says where each file comes from). expected.json holds
 * what Debian's NetworkX 2.8.8 reads from each (regenerate: /usr/bin/python3
 * test/fixtures/peers/expected.py). Every file imports with NetworkX's counts, self-loops and
 * direction, and keeps every node attribute NetworkX sees — or, where NetworkX cannot read the file,
 * with the counts listed below.
 */
const DIR = 'test/fixtures/peers';
/** JSON with keys sorted: two datasets compare by content whatever order their fields came in. */
const sorted = (v: unknown): unknown => JSON.parse(canonicalJson(JSON.parse(JSON.stringify(v))));
type Expected = { nodes: number; edges: number; directed: boolean; selfLoops: number; nodeAttributes: string[]; error?: string };
const expected: Record<string, Expected> = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8'));

/** Files NetworkX 2.8 cannot read (GEXF 1.3, a mixed graph), with the counts the file holds. */
const BEYOND_NETWORKX: Record<string, { nodes: number; edges: number; directedEdges: number }> = {
  'gephi/les-miserables.gexf': { nodes: 77, edges: 254, directedEdges: 0 },
  'gephi/null-attvalues.gexf': { nodes: 2, edges: 1, directedEdges: 1 },
  'gephi/infinity.gexf': { nodes: 2, edges: 1, directedEdges: 1 },
  'graphology/mixed.gexf': { nodes: 3, edges: 3, directedEdges: 2 },
  'graphology/basic.gexf': { nodes: 2, edges: 2, directedEdges: 1 },
  'graphology/basic-formatted.gexf': { nodes: 2, edges: 2, directedEdges: 1 },
  'graphology/mixed-multigraph.graphml': { nodes: 6, edges: 8, directedEdges: 2 },
  'gephi/edges-table-types-test.csv': { nodes: 2, edges: 2, directedEdges: 1 },
  // GEXF 1.3 (NetworkX 2.8 reads 1.1 and 1.2draft only).
  'gephi/java.gexf': { nodes: 1538, edges: 8032, directedEdges: 8032 },
  'gephi/us-airports.gexf': { nodes: 235, edges: 1297, directedEdges: 0 },
  // Gephi Lite's copy of the Java sample, rewritten by Gephi 0.9.3 in GEXF 1.3's newer namespace (http://gexf.net/1.3).
  'gephi-lite/java.gexf': { nodes: 1538, edges: 8032, directedEdges: 8032 },
  'gephi/import-dynamicedgeweight.gexf': { nodes: 2, edges: 1, directedEdges: 1 },
  'gephi/import-slice.gexf': { nodes: 2, edges: 1, directedEdges: 1 },
  'gephi/import-timezone.gexf': { nodes: 2, edges: 1, directedEdges: 1 },
  'graphology/arctic.gexf': { nodes: 1715, edges: 6676, directedEdges: 6676 },
  'graphology/v1-3.gexf': { nodes: 2, edges: 1, directedEdges: 0 },
  'graphology/v1-3-writer.gexf': { nodes: 2, edges: 1, directedEdges: 1 },
  // Values for keys / attributes the file never declares: NetworkX stops, Gephi and graphology read them by their id.
  'gephi/import-cdata.graphml': { nodes: 2, edges: 1, directedEdges: 1 },
  'graphology/miserables-broken.graphml': { nodes: 77, edges: 254, directedEdges: 0 },
  'graphology/undeclared-attribute.gexf': { nodes: 2, edges: 1, directedEdges: 1 },
};

/** Files we refuse, with what the message must name (the unsupported element or value). */
const REFUSED: Record<string, RegExp> = {
  // A GEXF with <meta> and no <graph> (NetworkX: "No <graph> element in GEXF file").
  'gephi/import-meta.gexf': /field "graph", expected a <gexf> document with a <graph> element/,
  // Gephi's dynamic weights in a spreadsheet column: refused by name, not read as text.
  'gephi/edges-table-dynamic-weights.csv':
    /edges-table-dynamic-weights\.csv:2 field "weight": got "<\[1\.0, 2, 1\]; \[2, 3, 2\]>", expected .*Gephi's dynamic weights/,
};

/** NetworkX attribute names that we keep under another name. */
const RENAMED: Record<string, string> = { viz: 'viz_x', label: 'label', type: 'type', shape_type: 'viz_shape' };
/** NetworkX's names for yEd's geometry, which we keep as the node's centre (`viz_x`, `viz_y`) when the file has no attribute of that name. */
const YED_GEOMETRY: Record<string, string> = { x: 'viz_x', y: 'viz_y' };

describe('files written by other tools import as NetworkX reads them', () => {
  for (const [file, want] of Object.entries(expected)) {
    it(file, async () => {
      const opts = file.endsWith('decimal-comma.csv') ? { decimalComma: true } : {};
      if (REFUSED[file]) {
        await expect(loadDataset(`${DIR}/${file}`, opts)).rejects.toThrow(ImportError);
        await expect(loadDataset(`${DIR}/${file}`, opts)).rejects.toThrow(REFUSED[file]);
        return;
      }
      const { dataset, report } = await loadDataset(`${DIR}/${file}`, opts);
      expect(() => DatasetSchema.parse(JSON.parse(JSON.stringify(dataset)))).not.toThrow();
      if (want.error) {
        const known = BEYOND_NETWORKX[file];
        expect(known, `NetworkX fails on ${file} (${want.error}): list its counts in BEYOND_NETWORKX`).toBeDefined();
        expect([report.nodes, report.inputEdges, report.directedEdges]).toEqual([known.nodes, known.edges, known.directedEdges]);
        return;
      }
      expect(report.nodes).toBe(want.nodes);
      // Edge records read (parallel ones merge afterwards, and the report says so).
      expect(report.inputEdges).toBe(want.edges);
      expect(report.edges + report.mergedEdges).toBe(want.edges);
      expect(report.selfLoops).toBe(want.selfLoops);
      if (want.selfLoops) expect(report.warnings.join('\n')).toMatch(/self-loop/);
      expect(report.directedEdges).toBe(want.directed ? report.edges : 0);
      const ours = new Set<string>();
      for (const n of dataset.nodes) {
        for (const [k, v] of Object.entries(n)) if (v !== undefined && k !== 'attrs') ours.add(k);
        for (const k of Object.keys(n.attrs)) ours.add(k);
      }
      for (const k of want.nodeAttributes) {
        const name = RENAMED[k] ?? (YED_GEOMETRY[k] && !ours.has(k) ? YED_GEOMETRY[k] : k);
        expect(ours, `node attribute "${k}"`).toContain(name);
      }
    });
  }
});

describe('what other tools write, in detail', () => {
  it("Gephi's space-separated edge table with a timeset column: intervals and timestamps become each tie's dates", async () => {
    const dates = async (name: string) =>
      (await loadDataset(`${DIR}/gephi/${name}`)).dataset.edges.map((e) => [e.source, e.target, e.start ?? null, e.end ?? null, e.directed ?? isDirected(e)]);
    expect(await dates('edges-table-with-timeset-intervals.csv')).toEqual([
      ['Fred', 'Alice', '2016-02-03', '2016-02-04', true],
      ['Alice', 'Fred', '2016-03-04', null, true],
      ['Dirk', 'Fred', null, '2016-02-04', true],
      ['Fred', 'Alice', '2016-02-05', '2016-02-08', true],
      ['Dirk', 'Fred', '2016-02-04', '2016-02-26', true],
    ]);
    expect((await dates('edges-table-with-timeset-timestamps.csv'))[0]).toEqual(['Fred', 'Alice', '2016-02-03', '2016-02-03', true]);
    const several = parseDatasetFiles([{ name: 'ties.csv', content: 'Source,Target,timeset\na,b,"<[2019-01-01, 2019-06-30]; [2021-01-01, 2021-12-31]>"\n' }]);
    expect(several.dataset.edges[0]).toMatchObject({ start: '2019-01-01', end: '2021-12-31' });
    expect(several.report.warnings.join('\n')).toMatch(/1 tie with several intervals in timeset: each kept from its first start to its last end/);
  });

  it("desktop yEd's GraphML: node and edge labels, geometry as the node's centre, fill and shape; edges directed", async () => {
    const { dataset, report } = await loadDataset(`${DIR}/yed/yed-vertical.graphml`);
    expect(dataset.nodes.map((n) => n.label)).toEqual(['f', 'g', 'h', 'k', 'in', 'out']);
    expect(dataset.nodes[0].attrs).toMatchObject({ viz_x: 65, viz_y: -95, viz_color: '#FFCC00', viz_shape: 'rectangle', input: false });
    expect(dataset.nodes[4].attrs.input).toBe(true);
    expect(dataset.edges.map((e) => [e.source, e.target, e.attrs.label])).toEqual([
      ['n0', 'n2', 'B'],
      ['n0', 'n3', 'C'],
      ['n3', 'n1', 'E'],
      ['n2', 'n1', 'D'],
      ['n4', 'n0', 'A'],
      ['n1', 'n5', 'F'],
    ]);
    expect(report.directedEdges).toBe(6);
    expect(report.warnings.join('\n')).toMatch(/drawing data not read except labels/);
  });

  it('nodes a GEXF / GraphML edge names without declaring are created, as Gephi and NetworkX do, and the report says so', async () => {
    const { dataset, report } = await loadDataset(`${DIR}/graphology/missing-nodes.gexf`);
    expect(dataset.nodes.map((n) => [n.id, n.type, n.label])).toEqual([
      ['0', 'other', 'Hello'],
      ['1', 'other', 'Word'],
      ['2', 'other', undefined],
      ['4', 'other', undefined],
      ['5', 'other', undefined],
      ['6', 'other', undefined],
    ]);
    expect(report.warnings.join('\n')).toMatch(/4 nodes that ties name but the file does not declare \(first "2" at .*missing-nodes\.gexf:13\) were created/);
    // (graphology's JSON still refuses them, as graphology does: test/io/bad-input.test.ts.)
  });

  it("Gephi Lite's own node types (person, software, …) are kept as own types, mapped to other", async () => {
    const { dataset, report } = await loadDataset(`${DIR}/gephi-lite/gephi-lite.gexf`);
    const mathieu = dataset.nodes.find((n) => n.id === 'mathieu_jacomy')!;
    expect(mathieu).toMatchObject({ type: 'other', ownType: 'person', label: 'Mathieu Jacomy' });
    expect(mathieu.attrs).toMatchObject({ viz_color: '#ac9643', viz_size: 3.0539197250103305, viz_x: 36.46704864501953 });
    expect(report.typeSummary).toMatch(/^\d+ node types and \d+ tie types? of your own, mapped as: person → other/);
  });

  it('a type map maps own types to built-in kinds and directions', async () => {
    const { dataset, report } = await loadDataset(`${DIR}/networkx/advice-digraph.gexf`, {
      typeMap: { nodes: { coach: 'teacher' }, edges: { advice: { kind: 'collaboration', directed: true } } },
    });
    expect(dataset.nodes.map((n) => [n.id, n.type, n.ownType])).toEqual([
      ['anna', 'teacher', undefined],
      ['ben', 'teacher', undefined],
      ['cara', 'teacher', 'coach'],
    ]);
    // NetworkX writes the tie type into GEXF's type attribute: it is the tie's kind, not a direction.
    expect(dataset.edges.map((e) => [e.source, e.target, e.type, e.ownType, e.directed])).toEqual([
      ['anna', 'ben', 'mentoring', undefined, undefined],
      ['ben', 'anna', 'mentoring', undefined, undefined],
      ['cara', 'anna', 'collaboration', 'advice', true],
      ['cara', 'ben', 'collaboration', 'advice', true],
    ]);
    expect(report.typeSummary).toBe('1 node type and 1 tie type of your own, mapped as: coach → teacher (1), advice → collaboration (2, directed)');
  });

  it('dated ties from NetworkX (start / end) are dated', async () => {
    const { dataset } = await loadDataset(`${DIR}/networkx/dated.gexf`);
    expect(dataset.edges.map((e) => [e.start, e.end])).toEqual([
      ['2019-09-01', '2021-06-30'],
      ['2022-01-01', undefined],
    ]);
  });

  it("Gephi's data-laboratory edge table: Type is the direction, Kind the tie's type; a decimal comma needs --decimal-comma", async () => {
    const multi = await loadDataset(`${DIR}/gephi/edges-table-multigraph.csv`);
    expect(multi.dataset.edges.map((e) => [e.type, e.ownType, e.directed])).toEqual([
      ['collaboration', undefined, true],
      ['collaboration', '1', true],
    ]);
    const err = await loadDataset(`${DIR}/gephi/edges-table-decimal-comma.csv`).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).issues[0]).toMatchObject({ line: 2, field: 'weight', value: '1,33' });
    expect((err as ImportError).issues[0].expected).toMatch(/1,33: use a dot, or --decimal-comma/);
    expect((await loadDataset(`${DIR}/gephi/edges-table-decimal-comma.csv`, { decimalComma: true })).dataset.edges[0].weight).toBe(1.33);
  });

  it('yEd Live: labels read from its label markup; ports and the self-loop are reported, not silently dropped', async () => {
    const { dataset, report } = await loadDataset(`${DIR}/igraph/yed-live.graphml`);
    expect(dataset.nodes.map((n) => n.label)).toEqual([
      'Top left rounded rectangle',
      'Star',
      'őð中',
      '<p>regular <strong>bold</strong> <em>italic</em></p><p>newline</p>',
    ]);
    expect(report.warnings.join('\n')).toMatch(/<port> element/);
    expect(report.selfLoops).toBe(1);
  });

  it('GEXF 1.3 from Gephi (NetworkX 2.8 cannot read it) keeps labels, modularity classes and positions', async () => {
    const { dataset } = await loadDataset(`${DIR}/gephi/les-miserables.gexf`);
    const valjean = dataset.nodes.find((n) => n.label === 'Valjean')!;
    expect(valjean.attrs).toMatchObject({
      'Modularity Class': expect.any(Number),
      viz_x: expect.any(Number),
      viz_y: expect.any(Number),
      viz_size: expect.any(Number),
    });
    expect(dataset.edges.every((e) => e.directed === undefined && e.type === 'collaboration')).toBe(true);
  });

  it('self-loops can be dropped on import, with a warning', async () => {
    const { report } = await loadDataset(`${DIR}/graphology/rio.gexf`, { selfLoops: 'drop' });
    expect(report.selfLoops).toBe(0);
    expect(report.droppedSelfLoops).toBe(11);
    expect(report.warnings.join('\n')).toMatch(/11 self-loops were dropped/);
  });

  it("Kumu's export (elements.csv keyed by Label, connections.csv From/To with Direction) imports as it is", async () => {
    const { parseDatasetFiles } = await import('../../src/io/load.ts');
    const { dataset, report } = parseDatasetFiles([
      { name: 'elements.csv', content: 'Label,Type,Description,Tags\nAnna,Person,maths teacher,stem\nNorth School,Organization,,\n' },
      { name: 'connections.csv', content: 'From,To,Type,Direction,Strength\nAnna,North School,works at,directed,3\nNorth School,Anna,supports,mutual,\n' },
    ]);
    expect(dataset.nodes.map((n) => [n.id, n.type, n.ownType, n.label])).toEqual([
      ['Anna', 'other', 'Person', 'Anna'],
      ['North School', 'other', 'Organization', 'North School'],
    ]);
    expect(dataset.edges.map((e) => [e.ownType, e.directed, e.weight])).toEqual([
      ['works at', true, 3],
      ['supports', undefined, 1],
    ]);
    expect(report.typeSummary).toMatch(/^2 node types and 2 tie types of your own/);
  });

  it('a GraphML hyperedge is refused, naming the element and its line', async () => {
    const text =
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">\n<node id="a"/><node id="b"/><node id="c"/>\n<hyperedge><endpoint node="a"/><endpoint node="b"/><endpoint node="c"/></hyperedge>\n</graph></graphml>';
    const { parseDatasetFiles } = await import('../../src/io/load.ts');
    let err: unknown;
    try {
      parseDatasetFiles([{ name: 'h.graphml', content: text }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).issues[0]).toMatchObject({ file: 'h.graphml', line: 3, field: 'hyperedge' });
  });
});

/**
 * The sample networks Gephi ships (its welcome screen: Les Misérables, Java, US Airports, Power Grid)
 * and Gephi Lite's copies: each imports with the counts the file holds, and exports to GEXF (1.2draft
 * and 1.3, valid against the schema) with what was read — Gephi's viz colours, sizes and positions in
 * `<viz:…>` elements, where Gephi and NetworkX read them, the other attributes as attributes — and
 * reads back as the same dataset.
 */
describe('Gephi’s own sample files', () => {
  const SAMPLES: [string, { nodes: number; edges: number; directed: boolean; viz: string[] }][] = [
    ['gephi/les-miserables.gexf', { nodes: 77, edges: 254, directed: false, viz: ['color', 'size', 'position'] }],
    ['gephi/java.gexf', { nodes: 1538, edges: 8032, directed: true, viz: ['color', 'size', 'position'] }],
    ['gephi/us-airports.gexf', { nodes: 235, edges: 1297, directed: false, viz: ['color', 'size', 'position'] }],
    ['gephi/power-grid.gml', { nodes: 4941, edges: 6594, directed: false, viz: [] }],
    ['gephi-lite/les-miserables.gexf', { nodes: 77, edges: 254, directed: false, viz: ['color', 'size', 'position'] }],
    ['gephi-lite/java.gexf', { nodes: 1538, edges: 8032, directed: true, viz: ['color', 'size', 'position'] }],
  ];
  const VIZ_ATTR: Record<string, string> = { color: 'viz_color', size: 'viz_size', position: 'viz_x' };
  const python = (args: string[]): Promise<string> =>
    new Promise((resolve, reject) =>
      execFile('/usr/bin/python3', args, { maxBuffer: 64 * 2 ** 20 }, (err, out, stderr) => (err ? reject(new Error(stderr)) : resolve(out))),
    );
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubgraph-gephi-samples-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('each imports with the nodes and ties the file holds and goes back to GEXF with its viz colours, sizes and positions', async () => {
    const written: Record<'1.2draft' | '1.3', string[]> = { '1.2draft': [], '1.3': [] };
    for (const [file, want] of SAMPLES) {
      const text = readFileSync(`${DIR}/${file}`, 'utf8');
      // The file's own counts: GEXF <node> / <edge> elements, GML node / edge blocks.
      const held = file.endsWith('.gml')
        ? [text.match(/^\s*node\s*$/gm)?.length, text.match(/^\s*edge\s*$/gm)?.length]
        : [text.match(/<node[\s>]/g)?.length, text.match(/<edge[\s>]/g)?.length];
      expect(held, file).toEqual([want.nodes, want.edges]);
      const { dataset: d, report } = await loadDataset(`${DIR}/${file}`);
      expect([report.nodes, report.inputEdges, report.mergedEdges, report.directedEdges], file).toEqual([
        want.nodes,
        want.edges,
        0,
        want.directed ? want.edges : 0,
      ]);
      // Every node of these samples is drawn: Gephi's viz elements are on each one.
      for (const v of want.viz)
        expect(
          d.nodes.every((n) => n.attrs[VIZ_ATTR[v]] !== undefined),
          `${file}: viz ${v}`,
        ).toBe(true);
      for (const version of ['1.2draft', '1.3'] as const) {
        const out = join(dir, `${file.replace(/[/.]/g, '-')}-${version}.gexf`);
        await writeDataset(d, 'gexf', out, { gexfVersion: version });
        written[version].push(out);
        const gexf = await readFile(out, 'utf8');
        for (const v of want.viz) expect(gexf.match(new RegExp(`<viz:${v} `, 'g'))?.length, `${file} → GEXF ${version}: <viz:${v}>`).toBe(want.nodes);
        // No drawing left behind as a plain attribute.
        expect(gexf, file).not.toMatch(/title="viz_/);
        expect(sorted((await loadDataset(out)).dataset), `${file} → GEXF ${version} → ours`).toEqual(sorted(d));
      }
    }
    // The schemas in test/fixtures/gexf-schema declare color / position / size in the GEXF namespace, not
    // in the viz namespace where Gephi writes them and NetworkX reads them, so they refuse Gephi's own
    // files (gephi/us-airports.gexf) on every <viz:…>: the rest of our file is checked against them, and
    // NetworkX's reading below checks the viz elements.
    for (const version of ['1.2draft', '1.3'] as const) {
      const bare = await Promise.all(
        written[version].map(async (f) => {
          const out = f.replace(/\.gexf$/, '-bare.gexf');
          await writeFile(out, (await readFile(f, 'utf8')).replace(/<viz:[a-z]+ [^>]*\/>/g, ''));
          return out;
        }),
      );
      expect(JSON.parse(await python(['test/io/gexf-schema.py', version, ...bare])), `GEXF ${version} schema`).toEqual(bare.map((f) => [f, null]));
    }
    // NetworkX reads our GEXF's viz as Gephi's own: Valjean's colour, size and position.
    const ours = (await loadDataset(`${DIR}/gephi/les-miserables.gexf`)).dataset.nodes.find((n) => n.label === 'Valjean')!;
    const nx = JSON.parse(await python(['test/io/export-read.py', written['1.2draft'][0]]))[written['1.2draft'][0]].networkx;
    const viz = nx.nodes[ours.id].viz;
    const hex = ours.attrs.viz_color as string;
    expect(viz).toEqual({
      color: { r: Number.parseInt(hex.slice(1, 3), 16), g: Number.parseInt(hex.slice(3, 5), 16), b: Number.parseInt(hex.slice(5, 7), 16), a: 1.0 },
      size: ours.attrs.viz_size,
      position: { x: ours.attrs.viz_x, y: ours.attrs.viz_y, z: 0.0 },
    });
  }, 120_000);
});
