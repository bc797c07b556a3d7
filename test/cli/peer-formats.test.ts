/**
 * GML, Pajek and GDF files through the CLI: validate says how the file was read, analyze gives the
 * PageRank the peer tool computes on the same file (NetworkX for GML, igraph for Pajek, over the
 * undirected ties hubgraph's analyses see: test/fixtures/peers/expected-formats.json), and --format
 * forces a reader.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubgraph } from './run-cli.ts';

const DIR = 'test/fixtures/peers';
const expected = JSON.parse(readFileSync(`${DIR}/expected-formats.json`, 'utf8'));

describe('hubgraph with GML, Pajek and GDF files', () => {
  it.each([
    ['networkx/karate.gml', 'gml'],
    ['igraph/weighted-directed.net', 'pajek'],
  ])("analyze %s gives the peer tool's PageRank", async (file, format) => {
    const v = await hubgraph('validate', `${DIR}/${file}`);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(`(${format}: ${DIR}/${file})`);
    const r = await hubgraph('analyze', `${DIR}/${file}`, '--json', '--metrics', 'pagerank', '--workers', '1');
    expect(r.code).toBe(0);
    const want: Record<string, number> = expected[file].pagerank;
    const got = JSON.parse(r.stdout).nodes as { id: string; pagerank: number }[];
    expect(got).toHaveLength(Object.keys(want).length);
    // NetworkX stops its power iteration at a tolerance of 1e-6 per node.
    for (const n of got) expect(n.pagerank, n.id).toBeCloseTo(want[n.id], 4);
  });

  it('analyze reads a GDF file, and validate lists what it did not read', async () => {
    const r = await hubgraph('analyze', `${DIR}/gephi/gdf-text-values.gdf`, '--json', '--metrics', 'degree', '--workers', '1');
    expect(r.code).toBe(0);
    // Four directed ties, of which s2 → s3 and s3 → s2 are one pair for the (undirected) analyses.
    expect(JSON.parse(r.stdout).graph).toMatchObject({ nodes: 3, edges: 3 });
    const v = await hubgraph('validate', `${DIR}/gephi/gdf-text-values.gdf`);
    expect(v.stdout).toMatch(/^valid: 3 nodes, 4 edges \(gdf: /);
    expect(v.stdout).toMatch(/warning: .*GDF drawing columns not read: visible, labelvisible, width, height, color \(of ties\)/);
  });

  it('--format gml reads a GML file whatever its name; a bad one exits 1 naming file, line and field', async () => {
    const ok = await hubgraph('validate', `${DIR}/networkx/karate.gml`, '--format', 'gml', '--json');
    expect(JSON.parse(ok.stdout).report).toMatchObject({ format: 'gml', nodes: 34, edges: 78 });
    const bad = await hubgraph('validate', `${DIR}/igraph/links.net`);
    expect(bad.code).toBe(1);
    expect(bad.stderr + bad.stdout).toMatch(/links\.net:11 field "weight": got "-1"/);
  });

  it('a two-mode file: validate prints the report’s two-mode line once, with the flag; convert --to pajek writes it two-mode, or one-mode with --pajek-one-mode', async () => {
    const file = `${DIR}/ucinet/davis.dl`;
    const v = await hubgraph('validate', file);
    const line = `${file}: two-mode data (NR=18, NC=14): 18 rows read as "actor" nodes and 14 columns as "event" nodes (their own types; --two-mode-kinds ROWS,COLUMNS names them), 89 nonzero cells as participation ties row → column`;
    expect(v.stdout.split('\n')).toContain(line);
    expect(v.stdout).not.toContain('warning: ' + file);
    const json = JSON.parse((await hubgraph('validate', file, '--two-mode-kinds', 'company,project', '--json')).stdout);
    expect(json.report.twoMode).toMatchObject({ format: 'dl-fullmatrix', rows: 18, columns: 14, kinds: { rows: 'company', columns: 'project' }, ties: 89 });
    const dir = await mkdtemp(join(tmpdir(), 'hubgraph-two-mode-'));
    try {
      const c = await hubgraph('convert', file, '--to', 'pajek', '--out', join(dir, 'davis.net'));
      expect(c.code).toBe(0);
      expect(c.stdout).toContain('warning: written as a two-mode Pajek network (*Vertices 32 18: the 18 "actor" nodes first, then the 14 "event" nodes)');
      expect(await readFile(join(dir, 'davis.net'), 'utf8')).toMatch(
        /^% two-mode \(hubgraph\): rows "actor", columns "event"\r\n\*Vertices 32 18\r\n1 "EVELYN"\r\n/,
      );
      const one = await hubgraph('convert', file, '--to', 'pajek', '--out', join(dir, 'one.net'), '--pajek-one-mode');
      expect(one.stdout).not.toContain('warning');
      expect(await readFile(join(dir, 'one.net'), 'utf8')).toMatch(/^\*Vertices 32\r\n/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
