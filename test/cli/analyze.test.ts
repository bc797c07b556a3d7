import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubgraph } from './run-cli.ts';

const root = new URL('../../', import.meta.url).pathname;
const karate = join(root, 'test/fixtures/reference/karate');


describe('hubgraph analyze', () => {
  it('prints exactly one JSON document with --json, restricted to --metrics', async () => {
    const r = await hubgraph('analyze', karate, '--json', '--metrics', 'betweenness,core', '--unweighted');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.graph.nodes).toBe(34);
    const m0 = doc.nodes.find((n: { id: string }) => n.id === 'm0');
    expect(m0.betweenness).toBeCloseTo(0.4376352814, 6);
    expect(m0.core).toBe(4);
    expect(m0.pagerank).toBeUndefined();
    expect(doc.communities).toBeUndefined();
  });

  it('prints tables for people by default', async () => {
    const r = await hubgraph('analyze', karate, '--metrics', 'betweenness');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Top \d+ by betweenness/);
    expect(r.stdout).toMatch(/m0/);
  });

  it('writes the node table as CSV with --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hg-analyze-')), 'nodes.csv');
    const r = await hubgraph('analyze', karate, '--metrics', 'degree,pagerank', '--out', out);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,type,label,degree,pagerank,isolationScore,isolationStatus');
    expect(lines).toHaveLength(35);
  });

  it('reads a stored workspace version with --workspace and caches the result there', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hg-analyze-store-'));
    const imported = await hubgraph('workspace', 'import', 'karate', karate, '--data', data, '--json');
    expect(imported.code).toBe(0);
    const first = await hubgraph('analyze', '--workspace', 'karate', '--data', data, '--metrics', 'core', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).nodes.find((n: { id: string }) => n.id === 'm0').core).toBe(4);
    const missing = await hubgraph('analyze', '--workspace', 'karate', '--dataset-version', '9', '--data', data);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no version 9/);
    const both = await hubgraph('analyze', karate, '--workspace', 'karate', '--data', data);
    expect(both.code).toBe(2);
  }, 240_000);

  it('names the bad flag and exits 2 on usage errors', async () => {
    const r = await hubgraph('analyze', karate, '--metrics', 'betweeness', '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--metrics: unknown betweeness/);
    const r2 = await hubgraph('analyze', karate, '--resolution', '-2');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--resolution/);
  });
});
