import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetSchema, type Dataset } from '../../src/model/index.ts';
import { serializeDataset, writeDataset, type ExportFormat } from '../../src/io/export.ts';
import { loadDataset, parseDatasetFiles } from '../../src/io/load.ts';
import { parseCsv } from '../../src/io/csv-parse.ts';

const NODES = [
  'id,type,label,region,country,hub,lat,lon,levels,subjects,themes,languages,maturity,capacity,size,code,enrolment:number,public:boolean,__proto__',
  'hub-ee,hub,"Tartu Hub, EdTech",Tartu,EE,,58.38,26.72,,,AI;robotics,et;en,,,,,,,',
  '__proto__,school,"Kool ""Põhja""",Tartu,EE,hub-ee,58.4,26.7,primary;lower-secondary,maths;physics,AI,et,3.5,2,410,007,410,true,x',
  'constructor,teacher,"Line one\nline two",,,,,,,,,,,,,"=HYPERLINK(""http://evil"")",,,',
  'Šiaulių gimnazija,school,Šiaulių,Šiauliai,LT,hub-ee,55.93,23.31,upper-secondary,,green tech,lt;en,4,0,,-12,-3.5,false,',
  'has space,company,@risky,,,,,,,,,,,,,+1 555,,,',
].join('\n');
const EDGES = [
  'source,target,type,weight,start,end,note,rank:number',
  '__proto__,hub-ee,partnership,2.5,2022-09-01,2024-06-30,"a, b",1',
  'constructor,__proto__,affiliation,1,,,,',
  'Šiaulių gimnazija,__proto__,mentoring,1,2023-01-15,,"=1+2",2',
  'has space,Šiaulių gimnazija,cocreation,0,,,,',
].join('\n');

function canonical(d: Dataset): unknown {
  return JSON.parse(JSON.stringify(d));
}

describe('round trips', () => {
  const original = parseDatasetFiles([
    { name: 'nodes.csv', content: '\ufeff' + NODES.replace(/\n/g, '\r\n') },
    { name: 'edges.csv', content: EDGES },
    { name: 'meta.json', content: JSON.stringify({ name: 'Round trip', synthetic: true }) },
  ]).dataset;

  it('reads typed columns, lists, odd ids and formula-looking text', () => {
    expect(DatasetSchema.parse(canonical(original))).toBeTruthy();
    const proto = original.nodes.find((n) => n.id === '__proto__')!;
    expect(proto).toMatchObject({ type: 'school', label: 'Kool "Põhja"', levels: ['primary', 'lower-secondary'], maturity: 3.5, capacity: 2, size: 410 });
    expect(proto.attrs.code).toBe('007');
    expect(proto.attrs.enrolment).toBe(410);
    expect(proto.attrs.public).toBe(true);
    expect(Object.keys(proto.attrs)).toContain('__proto__');
    // CRLF inside a quoted field is data, kept as written.
    expect(original.nodes.find((n) => n.id === 'constructor')!.label).toBe('Line one\r\nline two');
    expect(original.edges[0]).toMatchObject({
      source: '__proto__',
      target: 'hub-ee',
      type: 'partnership',
      weight: 2.5,
      start: '2022-09-01',
      end: '2024-06-30',
    });
    expect(original.edges[0].attrs).toEqual({ note: 'a, b', rank: 1 });
  });

  it('CSV → JSON → GEXF → GraphML → CSV keeps every node, edge, attribute and the meta', () => {
    let d = original;
    const chain: ExportFormat[] = ['json', 'gexf', 'graphml', 'csv'];
    for (const f of chain) {
      d = parseDatasetFiles(serializeDataset(d, f)).dataset;
      expect(canonical(d), `after ${f}`).toEqual(canonical(original));
    }
  });

  it('every format round-trips on its own', () => {
    for (const f of ['csv', 'json', 'gexf', 'graphml'] as const) {
      expect(canonical(parseDatasetFiles(serializeDataset(original, f)).dataset), f).toEqual(canonical(original));
    }
  });

  it('CSV export guards formula-looking text cells and leaves numbers alone', () => {
    const [nodes, edges] = serializeDataset(original, 'csv');
    const rows = parseCsv(nodes.content).records;
    const header = rows[0];
    const cell = (id: string, col: string) => rows.find((r) => r[0] === id)![header.indexOf(col)];
    expect(cell('constructor', 'code')).toBe(`'=HYPERLINK("http://evil")`);
    expect(cell('has space', 'label')).toBe(`'@risky`);
    expect(cell('has space', 'code')).toBe(`'+1 555`);
    expect(cell('Šiaulių gimnazija', 'code')).toBe(`'-12`);
    expect(cell('Šiaulių gimnazija', 'enrolment:number')).toBe('-3.5');
    expect(parseCsv(edges.content).records[3]).toContain(`'=1+2`);
    const numeric = new Set(['lat', 'lon', 'maturity', 'capacity', 'size']);
    const textCols = header.map((h, i) => (numeric.has(h) || h.endsWith(':number') ? -1 : i)).filter((i) => i >= 0);
    for (const r of rows.slice(1)) for (const i of textCols) expect(r[i]).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes to disk without leftovers and loads back from the folder and from single files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hubgraph-rt-'));
    try {
      await writeDataset(original, 'csv', join(dir, 'csv'));
      expect(canonical((await loadDataset(join(dir, 'csv'))).dataset)).toEqual(canonical(original));
      for (const f of ['json', 'gexf', 'graphml'] as const) {
        const path = join(dir, `out.${f}`);
        await writeDataset(original, f, path);
        expect(canonical((await loadDataset(path)).dataset), f).toEqual(canonical(original));
      }
      expect(await readFile(join(dir, 'csv', 'meta.json'), 'utf8')).toContain('"synthetic": true');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('import details', () => {
  it('merges parallel edges (same unordered pair, type and dates) and says so in the report', () => {
    const { dataset, report } = parseDatasetFiles([
      { name: 'nodes.csv', content: 'id;type\na;school\nb;school\n' },
      {
        name: 'edges.csv',
        content:
          'source;target;type;weight;start\na;b;partnership;1;2023-01-01\nb;a;partnership;2;2023-01-01\na;b;partnership;4;2024-01-01\na;b;mentoring;1;2023-01-01\n',
      },
    ]);
    expect(dataset.edges.map((e) => [e.type, e.weight, e.start])).toEqual([
      ['partnership', 3, '2023-01-01'],
      ['partnership', 4, '2024-01-01'],
      ['mentoring', 1, '2023-01-01'],
    ]);
    expect(report.inputEdges).toBe(4);
    expect(report.mergedEdges).toBe(1);
    expect(report.merged).toEqual([{ source: 'a', target: 'b', type: 'partnership', start: '2023-01-01', end: undefined, records: 2, weight: 3 }]);
    expect(report.warnings.join(' ')).toMatch(/1 parallel edge record was merged/);
  });

  it('reads bare edge lists, with or without a header, as CSV or TSV', () => {
    const withHeader = parseDatasetFiles([{ name: 'ties.tsv', content: 'source\ttarget\tweight\nx\ty\t2\ny\tz\t\n' }]);
    expect(withHeader.report.format).toBe('edgelist');
    expect(withHeader.dataset.nodes.map((n) => [n.id, n.type])).toEqual([
      ['x', 'other'],
      ['y', 'other'],
      ['z', 'other'],
    ]);
    expect(withHeader.dataset.edges.map((e) => e.weight)).toEqual([2, 1]);
    const bare = parseDatasetFiles([{ name: 'ties.csv', content: 'x,y,2\ny,z,3\n' }]);
    expect(bare.dataset.edges.map((e) => [e.source, e.target, e.weight])).toEqual([
      ['x', 'y', 2],
      ['y', 'z', 3],
    ]);
  });

  it('reads graphology JSON as graph.export() writes it', async () => {
    const { MultiDirectedGraph } = await import('graphology');
    const g = new MultiDirectedGraph();
    g.addNode('s1', { type: 'school', levels: ['primary'], maturity: 2 });
    g.addNode('t1', { type: 'teacher', extra: 5 });
    g.addEdge('t1', 's1', { type: 'affiliation' });
    const { dataset } = parseDatasetFiles([{ name: 'g.json', content: JSON.stringify(g.export()) }]);
    expect(canonical(dataset)).toEqual({
      meta: {},
      nodes: [
        { id: 's1', type: 'school', levels: ['primary'], maturity: 2, attrs: {} },
        { id: 't1', type: 'teacher', attrs: { extra: 5 } },
      ],
      edges: [{ source: 't1', target: 's1', type: 'affiliation', weight: 1, attrs: {} }],
    });
  });
});

describe('import warnings', () => {
  it('warns (without failing) when a node names a hub that is not in the dataset, and lists kept extra columns', () => {
    const { report } = parseDatasetFiles([
      { name: 'nodes.csv', content: 'id,type,hub,founded\ns,school,hub-x,1990\n' },
      { name: 'edges.csv', content: 'source,target,channel\n' },
    ]);
    expect(report.warnings).toEqual(['node "s" names hub "hub-x", which is not a node in the dataset']);
    expect(report.extraNodeAttributes).toEqual(['founded']);
  });
});
