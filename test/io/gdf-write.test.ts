import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportLosses, serializeDataset } from '../../src/io/export.ts';
import { writeGdf } from '../../src/io/gdf-write.ts';
import { loadDataset, parseDatasetFiles } from '../../src/io/load.ts';
import { canonicalJson } from '../../src/store/cache.ts';
import { isDirected, type Dataset } from '../../src/model/index.ts';

/*
 * Our GDF export read back by our GDF reader is the same dataset (ids, labels, own types and kinds,
 * attributes with their types, ties, weights, direction, dates, lists); only the dataset's meta is
 * lost, GDF having no graph-level data. Neither NetworkX nor igraph reads GDF, and no independent
 * GDF parser is packaged in Debian, so what Gephi makes of it is asserted from its importer's rules
 * (ImporterGDF.java: the first line is `nodedef>`, a column's type is its last word, quoted values end
 * at a quote before a comma or the line's end, ties are undirected unless `directed` says so).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORDIS = `${ROOT}../shared/datasets/cordis-h2020-swafs/dataset`;

/** JSON with object keys sorted, so that two datasets compare by content whatever order their fields came in. */
const sorted = (v: unknown): unknown => JSON.parse(canonicalJson(v));

const content = (d: Dataset) => sorted(JSON.parse(JSON.stringify({ nodes: d.nodes, edges: d.edges })));
/**
 * The dataset with the attributes GDF readers would take as drawing properties or fields renamed
 * `name_2`, as docs/data-formats.md says (x, y, color, visible, … of a node; start, end, color, … of a tie).
 */
function renamed(d: Dataset): Dataset {
  const rename = (attrs: Record<string, unknown>, reserved: string[]) =>
    Object.fromEntries(Object.entries(attrs).map(([k, v]) => [reserved.includes(k.toLowerCase()) ? `${k}_2` : k, v]));
  const nodeNames = ['x', 'y', 'color', 'visible', 'labelvisible', 'width', 'height', 'style', 'fixed'];
  const edgeNames = ['hubgraph_type', 'start', 'end', 'color', 'visible', 'labelvisible'];
  return {
    ...d,
    nodes: d.nodes.map((n) => ({ ...n, attrs: rename(n.attrs, nodeNames) })) as Dataset['nodes'],
    edges: d.edges.map((e) => ({ ...e, attrs: rename(e.attrs, edgeNames) })) as Dataset['edges'],
  };
}

const back = (text: string) => parseDatasetFiles([{ name: 'dataset.gdf', content: text }]);

const csv = (nodes: string, edges: string) =>
  parseDatasetFiles([
    { name: 'nodes.csv', content: nodes },
    { name: 'edges.csv', content: edges },
  ]).dataset;

describe('GDF export through our GDF import', () => {
  it.each([
    ['the sample', () => loadDataset('data/sample')],
    ['CORDIS H2020 SwafS', () => loadDataset(CORDIS)],
  ])('%s comes back as the same nodes and ties, without warnings', async (_name, load) => {
    const d = (await load()).dataset;
    const [file] = serializeDataset(d, 'gdf');
    expect(file.name).toBe('dataset.gdf');
    const { dataset, report } = back(file.content);
    expect(report.warnings).toEqual([]);
    expect(content(dataset)).toEqual(content(d));
  });

  it('every peer fixture that imports comes back as the same dataset (attributes named as GDF drawing columns renamed)', async () => {
    const root = 'test/fixtures/peers';
    const files = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => readdirSync(join(root, e.name)).map((f) => `${e.name}/${f}`))
      .filter((f) => /\.(gexf|graphml|gml|net|gdf|json|csv|dl)$/.test(f));
    let checked = 0;
    const bad: string[] = [];
    for (const file of files) {
      let d: Dataset;
      try {
        d = (await loadDataset(join(root, file))).dataset;
      } catch {
        continue; // refused on purpose: test/io/peers.test.ts names why
      }
      if (JSON.stringify(content(back(writeGdf(d)).dataset)) !== JSON.stringify(content(renamed(d)))) bad.push(file);
      checked++;
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  }, 60_000);
});

/**
 * A GDF line split as Gephi's importer (ImporterGDF.java) splits it, restated from its rules: a value
 * that starts with `"` right after a comma (or the line's start) runs to the first `"` that is not
 * after a backslash and is followed by a comma or the line's end; the same for `'`; any other value
 * runs to the next comma. Values are trimmed; empty ones and `null` are absent (undefined).
 */
function gephiCells(line: string): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  let i = 0;
  for (;;) {
    const q = line[i];
    let value: string;
    if (q === '"' || q === "'") {
      let end = i + 1;
      while (!(line[end] === q && line[end - 1] !== '\\' && end > i + 1 && (end + 1 === line.length || line[end + 1] === ','))) {
        if (end >= line.length) throw new Error(`Gephi finds no closing ${q} in ${line}`);
        end++;
      }
      value = line.slice(i + 1, end);
      i = end + 1;
    } else {
      const comma = line.indexOf(',', i);
      value = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length : comma;
    }
    const v = value.trim();
    out.push(v === '' || v.toLowerCase() === 'null' ? undefined : v);
    if (i >= line.length) return out;
    i++; // the comma
  }
}

/** Gephi's column names: split at commas, the name before the last blank, lower-cased. */
const gephiColumns = (header: string) =>
  header
    .slice(header.indexOf('>') + 1)
    .split(',')
    .map((c) => (c.lastIndexOf(' ') > 0 ? c.slice(0, c.lastIndexOf(' ')) : c).trim().toLowerCase());

/** A model value as text, as Gephi should read it from our GDF. */
function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const t = (Array.isArray(v) ? v.join(';') : String(v)).replace(/\r\n|\r|\n/g, ' ').trim();
  return t === '' || t.toLowerCase() === 'null' ? undefined : t;
}

describe('our GDF as Gephi’s importer splits it', () => {
  it.each([
    ['the sample', () => loadDataset('data/sample')],
    ['CORDIS H2020 SwafS', () => loadDataset(CORDIS)],
  ])('%s: every node’s id, label and attribute values, every tie’s ends, weight and direction', async (_name, load) => {
    const d = (await load()).dataset;
    const lines = writeGdf(d).trimEnd().split('\n');
    const edgedef = lines.findIndex((l) => l.startsWith('edgedef>'));
    const nodeCols = gephiColumns(lines[0]);
    expect(nodeCols[0]).toBe('name');
    d.nodes.forEach((n, i) => {
      const cells = gephiCells(lines[i + 1]);
      const got = Object.fromEntries(nodeCols.map((c, k) => [c, cells[k]]).filter(([, v]) => v !== undefined));
      const want: Record<string, string | undefined> = {
        name: n.id,
        label: n.label,
        type: n.ownType ?? n.type,
        hubgraph_type: n.ownType !== undefined ? n.type : undefined,
      };
      for (const k of ['region', 'country', 'hub', 'lat', 'lon', 'levels', 'subjects', 'themes', 'languages', 'maturity', 'capacity', 'size'] as const)
        want[k] = asText(n[k]);
      for (const [k, v] of Object.entries(n.attrs)) want[k.toLowerCase()] = asText(v);
      expect(got, `node ${n.id}`).toEqual(
        Object.fromEntries(
          Object.entries(want)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, asText(v)]),
        ),
      );
    });
    const edgeCols = gephiColumns(lines[edgedef]);
    d.edges.forEach((e, i) => {
      const cells = gephiCells(lines[edgedef + 1 + i]);
      const at = (c: string) => cells[edgeCols.indexOf(c)];
      expect([cells[0], cells[1], Number(at('weight')), at('directed')], `tie ${i}`).toEqual([e.source, e.target, e.weight, String(isDirected(e))]);
    });
  });
});

describe('GDF as Gephi writes and reads it', () => {
  const d = csv(
    'id,type,label,score:number,count:number,big:number,active:boolean,note\n' +
      'a,school,"Anna, the first",1.5,3,3000000000,true,"say ""hi"", then go"\n' +
      'b,Lehrer,Ben,2,4,1,false,"both ""x"", and \'y\', here"\n' +
      '"c, d",other,,,,,,\n',
    'source,target,type,weight,start,end,directed\na,b,mentoring,2,2024-09-01,,\nb,"c, d",advice,0.5,,2025-01-31,false\n',
  );
  const text = writeGdf(d);
  const lines = text.trimEnd().split('\n');

  it('declares each column with the type its values have (whole numbers INTEGER, written 1 not 1.0)', () => {
    expect(lines[0]).toBe(
      'nodedef>name VARCHAR,label VARCHAR,type VARCHAR,hubgraph_type VARCHAR,score DOUBLE,count INTEGER,big DOUBLE,active BOOLEAN,note VARCHAR',
    );
    const edgedef = lines.find((l) => l.startsWith('edgedef>'));
    expect(edgedef).toBe('edgedef>node1 VARCHAR,node2 VARCHAR,weight DOUBLE,directed BOOLEAN,type VARCHAR,hubgraph_type VARCHAR,start VARCHAR,end VARCHAR');
    expect(lines[1]).toBe('a,"Anna, the first","school",,1.5,3,3000000000,true,\'say "hi", then go\'');
  });

  it('quotes text as Gephi does, switching to single quotes where a double quote precedes a comma', () => {
    expect(lines[2]).toContain(',"Ben","Lehrer","other",2,4,1,false,');
    // Both `",` and `',` in one text: the single quote before the comma becomes ’ (docs/data-formats.md says so).
    expect(lines[2].endsWith(`'both "x", and 'y’, here'`)).toBe(true);
    expect(lines[3]).toBe('"c, d",,"other"');
    // Gephi's importer ends each of those values where ours does.
    expect(gephiCells(lines[1])).toEqual(['a', 'Anna, the first', 'school', undefined, '1.5', '3', '3000000000', 'true', 'say "hi", then go']);
    expect(gephiCells(lines[2]).at(-1)).toBe('both "x", and \'y’, here');
    expect(gephiCells(lines[3])).toEqual(['c, d', undefined, 'other']);
    expect(lines).toContain('a,b,2,true,"mentoring",,"2024-09-01"');
    expect(lines).toContain('b,"c, d",0.5,false,"advice","collaboration",,"2025-01-31"');
  });

  it('reads back with ids, own types and kinds, numbers, booleans, dates and direction', () => {
    const r = back(text).dataset;
    const [a, b, c] = r.nodes;
    expect(a).toMatchObject({
      id: 'a',
      type: 'school',
      label: 'Anna, the first',
      attrs: { score: 1.5, count: 3, big: 3000000000, active: true, note: 'say "hi", then go' },
    });
    expect(b).toMatchObject({ id: 'b', type: 'other', ownType: 'Lehrer', attrs: { active: false, note: 'both "x", and \'y’, here' } });
    expect(c).toMatchObject({ id: 'c, d', type: 'other' });
    expect(r.edges.map((e) => [e.source, e.target, e.type, e.ownType, e.weight, e.start, e.end, e.directed])).toEqual([
      ['a', 'b', 'mentoring', undefined, 2, '2024-09-01', undefined, undefined],
      ['b', 'c, d', 'collaboration', 'advice', 0.5, undefined, '2025-01-31', d.edges[1].directed],
    ]);
  });

  it('writes the drawn position and colour as Gephi’s x, y and r,g,b colour', () => {
    const drawn = parseDatasetFiles([
      { name: 'g.gdf', content: "nodedef>name VARCHAR,x DOUBLE,y DOUBLE,color VARCHAR\ns1,-52.5,25,'114,116,177'\ns2,8,-26.75,'0,0,255'\n" },
    ]).dataset;
    const out = writeGdf(drawn);
    expect(out.split('\n').slice(0, 3)).toEqual([
      'nodedef>name VARCHAR,type VARCHAR,x DOUBLE,y DOUBLE,color VARCHAR',
      's1,"other",-52.5,25,\'114,116,177\'',
      's2,"other",8,-26.75,\'0,0,255\'',
    ]);
    expect(content(back(out).dataset)).toEqual(content(drawn));
  });

  it('renames attributes that GDF readers take as drawing columns, and keeps names with blanks', () => {
    const g = csv('id,width:number,Modularity Class:number\na,3,1\nb,4,2\n', 'source,target\na,b\n');
    const out = writeGdf(g);
    expect(out.split('\n')[0]).toBe('nodedef>name VARCHAR,type VARCHAR,width_2 INTEGER,Modularity Class INTEGER');
    expect(back(out).dataset.nodes[0].attrs).toEqual({ width_2: 3, 'Modularity Class': 1 });
  });
});

describe('what a GDF export loses', () => {
  it('names the dataset’s meta fields (GDF has no graph-level section), and nothing when there is no meta or the format keeps it', () => {
    const d = parseDatasetFiles([{ name: 'g.gml', content: 'graph [ name "Advice" node [ id 1 ] node [ id 2 ] edge [ source 1 target 2 ] ]' }]).dataset;
    expect(exportLosses(d, 'gdf')).toEqual([
      expect.stringMatching(/^GDF has no place for the dataset's meta, so name is not in the file .*; use GEXF, GraphML or GML to keep it$/),
    ]);
    expect(exportLosses(d, 'gexf')).toEqual([]);
    expect(exportLosses({ ...d, meta: {} }, 'gdf')).toEqual([]);
  });
});
