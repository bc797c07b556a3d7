import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubgraph } from './run-cli.ts';

/** Runs the CLI exactly as `npx hubgraph` does (bin/hubgraph.js through tsx). */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubgraph-cli-'));
  await mkdir(join(dir, 'bad'));
  await writeFile(join(dir, 'bad', 'nodes.csv'), 'id,type,maturity\na,school,\nb,school,9\na,teacher,\n');
  await writeFile(join(dir, 'bad', 'edges.csv'), 'source,target,weight\na,b,-1\na,ghost,1\n');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('hubgraph CLI', () => {
  let full: { nodes: number; edges: number };
  it('info --json prints exactly one JSON document describing the sample region', async () => {
    const r = await hubgraph('info', 'data/sample', '--json');
    expect(r.code).toBe(0);
    full = JSON.parse(r.stdout);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.meta.synthetic).toBe(true);
    expect(doc.nodeTypes).toMatchObject({ school: 75, hub: 5 });
    expect(doc.hubs).toHaveLength(5);
    expect(doc.countries.map((c: { value: string }) => c.value).sort()).toEqual(['EE', 'FI', 'GE', 'LT']);
    expect(doc.isolated.count).toBeGreaterThanOrEqual(1);
    expect(doc.components.count).toBeGreaterThan(1);
    expect(doc.dates.first >= '2021-01-01' && doc.dates.last <= '2026-12-31').toBe(true);
  });

  it('info prints readable tables and honours --at', async () => {
    const all = await hubgraph('info', 'data/sample');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^Sample region \(synthetic\)/);
    expect(all.stdout).toMatch(/node type\s+nodes/);
    // Gephi's two-row edge table: two records of one tie, counted in the singular.
    const one = await hubgraph('info', 'test/fixtures/peers/gephi/edges-table-types-test.csv');
    expect(one.stdout).toContain('2 nodes, 2 edges (1 distinct tie), density');
    const single = await hubgraph('validate', 'test/fixtures/peers/gephi/edges-table-single.csv');
    expect(single.stdout).toMatch(/^valid: 2 nodes, 1 edge \(edgelist: /);
    expect(single.stdout).toContain('\nDirection: the tie is directed in this file. ');
    const at = JSON.parse((await hubgraph('info', 'data/sample', '--at', '2021-10-01', '--json')).stdout);
    expect(at.slice).toBe('at 2021-10-01');
    expect(at.nodes).toBe(full.nodes);
    expect(at.edges).toBeLessThan(full.edges);
  });

  it('validate lists every problem with file:line and field on stderr and exits 1', async () => {
    const r = await hubgraph('validate', join(dir, 'bad'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('4 problems');
    expect(r.stderr).toMatch(/nodes\.csv:3 field "maturity": got "9", expected a digital-maturity score from 1 to 5/);
    expect(r.stderr).toMatch(/nodes\.csv:4 field "id": got "a", expected a unique node id \(already defined at line 2\)/);
    expect(r.stderr).toMatch(/edges\.csv:2 field "weight": got "-1"/);
    expect(r.stderr).toMatch(/edges\.csv:3 field "target": got "ghost"/);
  });

  it('validate --json reports invalid data as one JSON document, still exiting 1', async () => {
    const r = await hubgraph('validate', join(dir, 'bad'), '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ valid: false, total: 4 });
    expect(doc.issues[0]).toMatchObject({ line: 3, field: 'maturity', value: '9' });
  });

  it('usage errors exit 2', async () => {
    const missing = await hubgraph('project', 'data/sample');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--onto/);
    const date = await hubgraph('info', 'data/sample', '--at', 'yesterday', '--json');
    expect(date.code).toBe(2);
    expect(date.stdout).toBe('');
    expect(JSON.parse(date.stderr)).toMatchObject({ error: 'usage' });
  });

  it('convert goes CSV → GEXF → GraphML → CSV and the result validates with the same counts', async () => {
    const g = await hubgraph('convert', 'data/sample', '--to', 'gexf', '--out', join(dir, 's.gexf'), '--json');
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ format: 'gexf', nodes: 746 });
    expect((await hubgraph('convert', join(dir, 's.gexf'), '--to', 'graphml', '--out', join(dir, 's.graphml'))).code).toBe(0);
    const c = await hubgraph('convert', join(dir, 's.graphml'), '--to', 'csv', '--out', join(dir, 'back'));
    expect(c.stdout).toMatch(/wrote 746 nodes/);
    const v = JSON.parse((await hubgraph('validate', join(dir, 'back'), '--json')).stdout);
    expect(v.valid).toBe(true);
    expect(await readFile(join(dir, 'back', 'nodes.csv'), 'utf8')).toBe(await readFile('data/sample/nodes.csv', 'utf8'));
  });

  it('project --onto teacher reproduces the Davis projection', async () => {
    const r = await hubgraph('project', 'test/fixtures/reference/davis', '--onto', 'teacher', '--json', '--top', '1');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ nodes: 18, edges: 139 });
    expect(doc.strongest[0]).toMatchObject({ source: 'Evelyn Jefferson', target: 'Theresa Anderson', weight: 7 });
  });

  it('project --rollup ties schools through their teachers', async () => {
    const r = await hubgraph('project', 'data/sample', '--onto', 'school', '--rollup', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.mode).toBe('rollup');
    expect(doc.nodes).toBe(75);
    expect(doc.rolledUp).toBeGreaterThan(100);
  });
});
