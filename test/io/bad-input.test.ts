import { describe, expect, it } from 'vitest';
import { EDGE_TYPES, NODE_TYPES } from '../../src/model/index.ts';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { folder, importFails, only } from './helpers.ts';

const NODES = 'id,type\na,school\nb,teacher\nc,company\n';
const EDGES_HEAD = 'source,target,type,weight,start,end\n';

describe('bad input: every problem names file, line, field, value and what was expected', () => {
  it('duplicate node ids (names the first definition)', () => {
    const i = only(importFails(folder('id,type\na,school\nb,school\na,company\n', 'source,target\n')));
    expect(i).toMatchObject({ file: 'nodes.csv', line: 4, field: 'id', value: 'a' });
    expect(i.expected).toMatch(/unique.*line 2/);
    expect(i.message).toBe('nodes.csv:4 field "id": got "a", expected a unique node id (already defined at line 2)');
  });

  it('edges to unknown nodes', () => {
    const i = only(importFails(folder(NODES, 'source,target\na,b\na,zed\n')));
    expect(i).toMatchObject({ file: 'edges.csv', line: 3, field: 'target', value: 'zed' });
    expect(i.expected).toMatch(/node defined in the nodes file/);
  });

  it('negative weights', () => {
    const i = only(importFails(folder(NODES, 'source,target,weight\na,b,-2\n')));
    expect(i).toMatchObject({ file: 'edges.csv', line: 2, field: 'weight', value: '-2', expected: 'a finite number ≥ 0' });
  });

  it('non-numeric weights', () => {
    const i = only(importFails(folder(NODES, 'source,target,weight\na,b,strong\n')));
    expect(i).toMatchObject({ line: 2, field: 'weight', value: 'strong' });
  });

  it('NaN and infinite weights', () => {
    const e = importFails(folder(NODES, 'source,target,weight\na,b,NaN\na,c,Infinity\n'));
    expect(e.issues.map((i) => [i.line, i.field, i.value])).toEqual([
      [2, 'weight', 'NaN'],
      [3, 'weight', 'Infinity'],
    ]);
  });

  it('bad dates', () => {
    const e = importFails(folder(NODES, EDGES_HEAD + 'a,b,partnership,1,2024-02-30,\na,c,partnership,1,09/01/2024,\n'));
    expect(e.issues.map((i) => [i.line, i.field, i.value])).toEqual([
      [2, 'start', '2024-02-30'],
      [3, 'start', '09/01/2024'],
    ]);
    expect(e.issues[0].expected).toMatch(/ISO 8601 date/);
  });

  it('end before start', () => {
    const i = only(importFails(folder(NODES, EDGES_HEAD + 'a,b,mentoring,1,2024-09-01,2023-06-30\n')));
    expect(i).toMatchObject({ line: 2, field: 'end', value: '2023-06-30' });
    expect(i.expected).toMatch(/on or after start \(2024-09-01\)/);
  });

  it('a hubgraph_type that is not a built-in kind lists the allowed ones', () => {
    const i = only(importFails(folder('id,type,hubgraph_type\na,school,\nb,NGO,castle\n', 'source,target\n')));
    expect(i).toMatchObject({ file: 'nodes.csv', line: 3, field: 'hubgraph_type', value: 'castle' });
    for (const t of NODE_TYPES) expect(i.expected).toContain(t);
  });

  it('a tie direction that is neither true/false nor directed/undirected', () => {
    const i = only(importFails(folder(NODES, 'source,target,directed\na,b,sideways\n')));
    expect(i).toMatchObject({ file: 'edges.csv', line: 2, field: 'directed', value: 'sideways' });
    expect(EDGE_TYPES.length).toBeGreaterThan(0);
  });

  it('missing required columns name the aliases and --columns', () => {
    const e = importFails(folder('region,maturity\nTartu,3\n', 'a,b\nx,y\n'));
    expect(e.issues.map((i) => [i.file, i.line, i.field])).toEqual([
      ['nodes.csv', 1, 'id'],
      ['edges.csv', 1, 'source'],
      ['edges.csv', 1, 'target'],
    ]);
    expect(e.issues[0].expected).toMatch(/required column "id".*Name.*--columns id=/i);
    expect(e.issues[1].expected).toMatch(/from/);
  });

  it('a number with a decimal comma gets a hint', () => {
    const i = only(importFails(folder(NODES, 'source;target;weight\na;b;0,5\n')));
    expect(i).toMatchObject({ field: 'weight', value: '0,5' });
    expect(i.expected).toMatch(/0,5: use a dot, or --decimal-comma/);
    expect(parseDatasetFiles(folder(NODES, 'source;target;weight\na;b;0,5\n'), { decimalComma: true }).dataset.edges[0].weight).toBe(0.5);
  });

  it('empty files', () => {
    const e = importFails(folder('', ''));
    expect(e.issues.map((i) => [i.file, i.line, i.field])).toEqual([
      ['nodes.csv', 1, 'header'],
      ['edges.csv', 1, 'header'],
    ]);
    expect(e.issues[0].expected).toMatch(/file is empty/);
    expect(importFails([{ name: 'g.json', content: '  ' }]).issues[0].expected).toMatch(/empty/);
  });

  it('out-of-range known attributes', () => {
    const e = importFails(folder('id,type,maturity,capacity,lat\na,school,7,2.5,91\n', 'source,target\n'));
    expect(e.issues.map((i) => i.field)).toEqual(['maturity', 'capacity', 'lat']);
  });

  it('rows with more fields than the header', () => {
    const i = only(importFails(folder(NODES, 'source,target\na,b,c\n')));
    expect(i).toMatchObject({ line: 2, field: 'column 3', value: 'c' });
  });

  it('collects every problem in one pass, capped at 50 with the total counted', () => {
    const rows = Array.from({ length: 120 }, (_, k) => `a,b,${-k - 1}`).join('\n');
    const e = importFails(folder(NODES, `source,target,weight\n${rows}\nzz,a,1\n`));
    expect(e.total).toBe(121);
    expect(e.issues).toHaveLength(50);
    expect(e.message).toMatch(/… and 71 more/);
  });

  it('is all-or-nothing: one bad row and nothing is returned', () => {
    expect(() => parseDatasetFiles(folder(NODES, 'source,target\na,b\na,c\nb,nobody\n'))).toThrow(/edges.csv:4/);
  });

  it('JSON problems name the JSON path', () => {
    const doc = {
      nodes: [
        { key: 'a', attributes: { type: 'school' } },
        { key: 'b', attributes: { type: 'castle', maturity: 9 } },
      ],
      edges: [{ source: 'a', target: 'b', attributes: { weight: -1 } }],
    };
    const e = importFails([{ name: 'g.json', content: JSON.stringify(doc) }]);
    expect(e.issues.map((i) => [i.file, i.field])).toEqual([
      ['g.json', 'nodes[1].attributes.maturity'],
      ['g.json', 'edges[0].attributes.weight'],
    ]);
  });

  it('XML problems name the line', () => {
    const gexf = '<?xml version="1.0"?>\n<gexf version="1.3"><graph>\n<nodes>\n<node id="a"/>\n<node id="a"/>\n</nodes></graph></gexf>\n';
    expect(only(importFails([{ name: 'g.gexf', content: gexf }]))).toMatchObject({ file: 'g.gexf', line: 5, field: 'id', value: 'a' });
    const broken = '<graphml>\n<graph>\n<node id="a">\n</graph></graphml>';
    expect(only(importFails([{ name: 'g.graphml', content: broken }]))).toMatchObject({ file: 'g.graphml', field: 'xml' });
  });

  it('text that is not UTF-8', () => {
    const i = only(importFails([{ name: 'edges.tsv', content: new Uint8Array([0x61, 0x09, 0x62, 0x0a, 0xff, 0xfe]) }]));
    expect(i.expected).toMatch(/UTF-8/);
  });
});

describe('bad input in JSON names ids by their JSON key', () => {
  it('duplicate graphology keys point at nodes[i].key and the first definition', () => {
    const doc = { nodes: [{ key: 'a' }, { key: 'a' }], edges: [{ source: 'a', target: 'q' }] };
    const e = importFails([{ name: 'g.json', content: JSON.stringify(doc) }]);
    expect(e.issues.map((i) => [i.field, i.expected])).toEqual([
      ['nodes[1].key', 'a unique node id (already defined at nodes[0])'],
      ['edges[0].target', 'the id of a node defined in the nodes file'],
    ]);
  });
});
