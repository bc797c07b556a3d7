/**
 * `hubgraph workspace import` enforces the server's shape caps (issue 20, defect 7; src/io/shape-limits.ts):
 * a file over one is refused before it is parsed or the store opened, naming file, line and field and
 * how to raise the cap; the flags (or the environment) raise them for big files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { listWorkspaces } from '../../src/store/workspaces.ts';
import { freshPgliteDir } from '../store/engines.ts';
import { hubgraph } from './run-cli.ts';

let data = '';
let tmp = '';
let wide = '';
let attrs = '';
let deep = '';
beforeAll(async () => {
  data = await freshPgliteDir();
  tmp = mkdtempSync(join(tmpdir(), 'hubgraph-import-limits-'));
  // A CSV pair whose nodes.csv has 1,202 columns.
  wide = join(tmp, 'wide');
  mkdirSync(wide);
  const cols = Array.from({ length: 1200 }, (_, i) => `c${i}`);
  writeFileSync(join(wide, 'nodes.csv'), `id,type,${cols.join(',')}\na,school,${cols.map(() => '1').join(',')}\nb,school,${cols.map(() => '2').join(',')}\n`);
  writeFileSync(join(wide, 'edges.csv'), 'source,target,type\na,b,partnership\n');
  // A GraphML node with 600 attribute values, on line 5.
  attrs = join(tmp, 'attrs.graphml');
  const values = Array.from({ length: 600 }, (_, i) => `<data key="k0">${i}</data>`).join('');
  writeFileSync(
    attrs,
    `<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<key id="k0" for="node" attr.name="x"/>\n<graph edgedefault="undirected">\n<node id="a">${values}</node><node id="b"/>\n<edge source="a" target="b"/>\n</graph></graphml>\n`,
  );
  deep = join(tmp, 'deep.graphml');
  writeFileSync(deep, `<graphml>\n<graph>${'<x>'.repeat(100)}${'</x>'.repeat(100)}</graph></graphml>\n`);
}, 120_000);
afterAll(() => {
  rmSync(data, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

it('refuses a CSV over the column cap with file, line and field, stores nothing, and takes it with --max-columns', async () => {
  const r = await hubgraph('workspace', 'import', 'w', wide, '--data', data);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `${join(wide, 'nodes.csv')}:1 field "columns", expected at most 1000 columns (--max-columns N or HUBGRAPH_UPLOAD_MAX_COLUMNS); the header has 1202 columns`,
  );
  const none = await hubgraph('workspace', 'versions', 'w', '--data', data);
  expect(none.code).not.toBe(0); // the workspace was never made

  const json = await hubgraph('workspace', 'import', 'w', wide, '--data', data, '--json');
  expect(json.code).toBe(1);
  expect(JSON.parse(json.stderr)).toMatchObject({
    error: 'invalid-data',
    issues: [{ file: join(wide, 'nodes.csv'), line: 1, field: 'columns', expected: expect.stringContaining('at most 1000 columns') }],
  });

  const ok = await hubgraph('workspace', 'import', 'w', wide, '--max-columns', '2000', '--data', data, '--json');
  expect(ok.stderr).toBe('');
  expect(JSON.parse(ok.stdout).version).toMatchObject({ number: 1, nodeCount: 2 });
}, 120_000);

it('refuses GraphML over the attribute and depth caps, raised by --max-attributes; bad flag values are usage errors', async () => {
  const r = await hubgraph('workspace', 'import', 'g', attrs, '--data', data);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `${attrs}:5 field "attributes", expected at most 500 attribute values per node or tie (--max-attributes N or HUBGRAPH_UPLOAD_MAX_ATTRIBUTES)`,
  );
  const d = await hubgraph('workspace', 'import', 'g', deep, '--data', data);
  expect(d.code).toBe(1);
  expect(d.stderr).toContain(`${deep}:2 field "depth", expected elements nested at most 64 deep (--max-depth N or HUBGRAPH_UPLOAD_MAX_DEPTH)`);

  const ok = await hubgraph('workspace', 'import', 'g', attrs, '--max-attributes', '1000', '--data', data, '--json');
  expect(ok.stderr).toBe('');
  expect(JSON.parse(ok.stdout).version).toMatchObject({ number: 1, nodeCount: 2 });

  const bad = await hubgraph('workspace', 'import', 'g', attrs, '--max-attributes', '0', '--data', data);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--max-attributes must be a whole number ≥ 1, got 0/);
}, 120_000);

it('stops reading an edge list at the tie over --max-ties, naming its line, and stores nothing', async () => {
  // Ten ties; the rows after the fifth have weights no reader accepts, so any problem beyond the cap's
  // would show that the reader went on past it.
  const dir = join(tmp, 'ties');
  mkdirSync(dir);
  const rows = Array.from({ length: 10 }, (_, i) => `n${i},n${i + 1}${i >= 5 ? ',heavy' : ',1'}`);
  writeFileSync(join(dir, 'edges.csv'), `source,target,weight\n${rows.join('\n')}\n`);
  const r = await hubgraph('workspace', 'import', 't', join(dir, 'edges.csv'), '--format', 'edgelist', '--max-ties', '5', '--data', data, '--json');
  expect(r.code).toBe(1);
  const err = JSON.parse(r.stderr);
  expect(err.issues).toEqual([
    expect.objectContaining({ file: join(dir, 'edges.csv'), line: 7, field: 'ties', expected: 'at most 5 ties (--max-ties N or HUBGRAPH_UPLOAD_MAX_TIES)' }),
  ]);
  expect((await hubgraph('workspace', 'versions', 't', '--data', data)).code).not.toBe(0);
  // The fast path (plain rows, no quotes) stops at the same record.
  writeFileSync(join(dir, 'plain.csv'), `source,target\n${Array.from({ length: 10 }, (_, i) => `n${i},n${i + 1}`).join('\n')}\n`);
  const fast = await hubgraph('workspace', 'import', 't', join(dir, 'plain.csv'), '--format', 'edgelist', '--max-ties', '5', '--data', data);
  expect(fast.stderr).toContain(`${join(dir, 'plain.csv')}:7 field "ties", expected at most 5 ties (--max-ties N or HUBGRAPH_UPLOAD_MAX_TIES)`);
}, 120_000);

it('refuses more nodes than --max-nodes in CSV, GraphML and GML, and a field longer than --max-field-length', async () => {
  const nodes = join(tmp, 'nodes3');
  mkdirSync(nodes);
  writeFileSync(join(nodes, 'nodes.csv'), 'id,type\na,school\nb,school\nc,school\nd,school\n');
  writeFileSync(join(nodes, 'edges.csv'), 'source,target,type\na,b,partnership\n');
  const csv = await hubgraph('workspace', 'import', 'n', nodes, '--max-nodes', '3', '--data', data);
  expect(csv.code).toBe(1);
  expect(csv.stderr).toContain(`${join(nodes, 'nodes.csv')}:5 field "nodes", expected at most 3 nodes (--max-nodes N or HUBGRAPH_UPLOAD_MAX_NODES)`);

  // GraphML is counted by the scan before the document is parsed.
  const g = join(tmp, 'four.graphml');
  writeFileSync(
    g,
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<graph edgedefault="undirected">\n<node id="a"/>\n<node id="b"/>\n<node id="c"/>\n<node id="d"/>\n</graph></graphml>\n`,
  );
  const xml = await hubgraph('workspace', 'import', 'n', g, '--max-nodes', '3', '--data', data);
  expect(xml.stderr).toContain(`${g}:6 field "nodes", expected at most 3 nodes`);

  const gml = join(tmp, 'four.gml');
  writeFileSync(gml, 'graph [\n  node [ id 1 ]\n  node [ id 2 ]\n  node [ id 3 ]\n  node [ id 4 ]\n  edge [ source 1 target 2 ]\n]\n');
  const m = await hubgraph('workspace', 'import', 'n', gml, '--max-nodes', '3', '--data', data);
  expect(m.code).toBe(1);
  expect(m.stderr).toMatch(/four\.gml:5 field "nodes", expected at most 3 nodes \(--max-nodes N or HUBGRAPH_UPLOAD_MAX_NODES\)/);

  // A 70,000-character label is over the default 65,536; the flag lets it in.
  const long = join(tmp, 'long');
  mkdirSync(long);
  writeFileSync(join(long, 'nodes.csv'), `id,type,label\na,school,${'x'.repeat(70_000)}\nb,school,B\n`);
  writeFileSync(join(long, 'edges.csv'), 'source,target,type\na,b,partnership\n');
  const l = await hubgraph('workspace', 'import', 'l', long, '--data', data);
  expect(l.code).toBe(1);
  expect(l.stderr).toContain(
    `${join(long, 'nodes.csv')}:2 field "label", expected a value of at most 65536 characters (--max-field-length N or HUBGRAPH_UPLOAD_MAX_FIELD_LENGTH); the value has 70000 characters`,
  );
  const ok = await hubgraph('workspace', 'import', 'l', long, '--max-field-length', '100000', '--data', data, '--json');
  expect(ok.stderr).toBe('');
  expect(JSON.parse(ok.stdout).version).toMatchObject({ number: 1, nodeCount: 2 });
  const bad = await hubgraph('workspace', 'import', 'l', long, '--max-nodes', 'many', '--data', data);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--max-nodes must be a whole number ≥ 1, got many/);
}, 120_000);

const url = process.env.DATABASE_URL;
describe.skipIf(!url)(`caps on a PostgreSQL store${url ? '' : ' (skipped: set DATABASE_URL)'}`, () => {
  it('a file over --max-nodes leaves the database without the workspace; within the cap it imports', async () => {
    const schema = `hubgraph_caps_${randomBytes(6).toString('hex')}`;
    const first = await openStore({ databaseUrl: url!, schema });
    await first.close();
    const db = `${url}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const dir = join(tmp, 'pg');
    mkdirSync(dir);
    writeFileSync(join(dir, 'nodes.csv'), 'id,type\na,school\nb,school\nc,school\n');
    writeFileSync(join(dir, 'edges.csv'), 'source,target,type\na,b,partnership\n');
    try {
      const r = await hubgraph('workspace', 'import', 'pg', dir, '--max-nodes', '2', '--db', db);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${join(dir, 'nodes.csv')}:4 field "nodes", expected at most 2 nodes (--max-nodes N or HUBGRAPH_UPLOAD_MAX_NODES)`);
      let s = await openStore({ databaseUrl: url!, schema });
      expect(await listWorkspaces(s)).toEqual([]);
      await s.close();
      const ok = await hubgraph('workspace', 'import', 'pg', dir, '--max-nodes', '3', '--db', db);
      expect(ok.code, ok.stderr).toBe(0);
      s = await openStore({ databaseUrl: url!, schema });
      expect((await listWorkspaces(s)).map((w) => w.name)).toEqual(['pg']);
      await s.close();
    } finally {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }, 120_000);
});
