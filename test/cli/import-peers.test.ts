import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubgraph } from './run-cli.ts';

/** Bringing other tools' files through the CLI: validate, convert with a type map and columns, GEXF versions valid against the schema. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubgraph-peers-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function schemaCheck(version: string, files: string[]): Promise<[string, string | null][]> {
  return new Promise((resolve, reject) =>
    execFile('/usr/bin/python3', ['test/io/gexf-schema.py', version, ...files], (err, out, stderr) =>
      err ? reject(new Error(stderr)) : resolve(JSON.parse(out)),
    ),
  );
}

describe('hubgraph with files from other tools', () => {
  it('validate says what it kept and what it left out: own types, self-loops, ports', async () => {
    const r = await hubgraph('validate', 'test/fixtures/peers/igraph/yed-live.graphml');
    expect(r.code).toBe(0);
    // Two ties n2 → n1 (to different ports) merge into one of weight 2, and the report says so.
    expect(r.stdout).toMatch(/^valid: 4 nodes, 3 edges/);
    expect(r.stdout).toMatch(/merged 1 parallel edge records/);
    expect(r.stdout).toMatch(/warning: .*1 self-loop/);
    expect(r.stdout).toMatch(/warning: .*<port> element/);
    const lite = await hubgraph('validate', 'test/fixtures/peers/gephi-lite/gephi-lite.gexf', '--json');
    expect(JSON.parse(lite.stdout).report.typeSummary).toMatch(/person → other/);
  });

  it('--type-map, --columns and --decimal-comma read a spreadsheet with its own headers and vocabulary', async () => {
    await writeFile(join(dir, 'map.json'), JSON.stringify({ nodes: { Lehrer: 'teacher', Schule: 'school' }, edges: { betreut: { kind: 'mentoring' } } }));
    const src = join(dir, 'kreis');
    await import('node:fs/promises').then((fs) => fs.mkdir(src));
    await writeFile(join(src, 'nodes.csv'), 'Kennung;Art\nanna;Lehrer\nben;Lehrer\nnord;Schule\n');
    await writeFile(join(src, 'edges.csv'), 'Quelle;Ziel;Art;Stärke\nanna;ben;betreut;0,5\nben;anna;betreut;1\nanna;nord;Kollegium;2\n');
    const args = [
      '--type-map',
      join(dir, 'map.json'),
      '--columns',
      'nodes.id=Kennung,nodes.type=Art,source=Quelle,target=Ziel,edges.type=Art,weight=Stärke',
      '--decimal-comma',
    ];
    const r = await hubgraph('validate', src, ...args, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout).report;
    expect(report).toMatchObject({ nodes: 3, edges: 3, directedEdges: 2, nodeTypes: { teacher: 2, school: 1 } });
    expect(report.typeSummary).toBe(
      '2 node types and 2 tie types of your own, mapped as: Lehrer → teacher (2), Schule → school (1), betreut → mentoring (2, directed), Kollegium → collaboration (1, default) ("default": not in a type map, so other for nodes and collaboration for ties; map them with --type-map)',
    );
    const out = join(dir, 'kreis.gexf');
    expect((await hubgraph('convert', src, ...args, '--to', 'gexf', '--out', out)).code).toBe(0);
    const gexf = await readFile(out, 'utf8');
    // Own types are written back as the user gave them, with the kind beside them.
    expect(gexf).toContain('value="Lehrer"');
    expect(gexf).toContain('title="hubgraph_type"');
    const back = JSON.parse((await hubgraph('validate', out, '--json')).stdout).report;
    expect(back).toMatchObject({ nodes: 3, edges: 3, directedEdges: 2, nodeTypes: { teacher: 2, school: 1 } });
  });

  it('GEXF 1.2draft (default) and 1.3 exports of the sample are valid against the GEXF schema', async () => {
    const v12 = join(dir, 'sample-12.gexf'),
      v13 = join(dir, 'sample-13.gexf');
    expect((await hubgraph('convert', 'data/sample', '--to', 'gexf', '--out', v12)).code).toBe(0);
    expect((await hubgraph('convert', 'data/sample', '--to', 'gexf', '--gexf-version', '1.3', '--out', v13)).code).toBe(0);
    expect(await readFile(v12, 'utf8')).toMatch(/xmlns="http:\/\/www\.gexf\.net\/1\.2draft"[^>]*version="1\.2"/);
    expect(await readFile(v12, 'utf8')).toMatch(/<graph defaultedgetype="undirected" mode="dynamic" timeformat="date">/);
    expect(await schemaCheck('1.2draft', [v12])).toEqual([[v12, null]]);
    expect(await schemaCheck('1.3', [v13])).toEqual([[v13, null]]);
  }, 60_000);

  it('convert --to gdf says that the dataset’s meta is not in the file (GDF has no place for it); GEXF keeps it without a warning', async () => {
    const gdf = join(dir, 'sample.gdf');
    const r = await hubgraph('convert', 'data/sample', '--to', 'gdf', '--out', gdf);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nwarning: GDF has no place for the dataset's meta, so name, description, source, synthetic are not in the file/);
    expect((await readFile(gdf, 'utf8')).startsWith('nodedef>')).toBe(true);
    const json = JSON.parse((await hubgraph('convert', 'data/sample', '--to', 'gdf', '--out', gdf, '--json')).stdout);
    expect(json.warnings).toHaveLength(1);
    const gexf = await hubgraph('convert', 'data/sample', '--to', 'gexf', '--out', join(dir, 'sample-meta.gexf'), '--json');
    expect(JSON.parse(gexf.stdout).warnings).toEqual([]);
  });

  it('--self-loops drop drops them with a warning', async () => {
    const r = await hubgraph('validate', 'test/fixtures/peers/graphology/rio.gexf', '--self-loops', 'drop');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: 11 self-loops were dropped/);
  });

  it('analyze names the own types the user gave: the summary tables, the JSON nodes and the CSV', async () => {
    const lite = 'test/fixtures/peers/gephi-lite/gephi-lite.gexf';
    await writeFile(join(dir, 'lite-map.json'), JSON.stringify({ nodes: { person: 'teacher' } }));
    const text = await hubgraph('analyze', lite, '--type-map', join(dir, 'lite-map.json'));
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Mathieu Jacomy +person \(teacher\) /);
    expect(text.stdout).toMatch(/Gephi +software \(other\) /);
    const json = JSON.parse((await hubgraph('analyze', lite, '--json')).stdout) as { nodes: { id: string; type: string; ownType?: string }[] };
    expect(json.nodes.find((n) => n.id === 'gephi')).toMatchObject({ type: 'other', ownType: 'software' });
    const out = join(dir, 'lite.csv');
    expect((await hubgraph('analyze', lite, '--out', out)).code).toBe(0);
    const [header, first] = (await readFile(out, 'utf8')).split('\n');
    expect(header.split(',').slice(0, 4)).toEqual(['id', 'type', 'ownType', 'label']);
    expect(first.split(',').slice(0, 4)).toEqual(['mathieu_jacomy', 'other', 'person', 'Mathieu Jacomy']);
  });
});
