import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubgraph } from './run-cli.ts';

const root = new URL('../../', import.meta.url).pathname;
const karate = join(root, 'test/fixtures/reference/karate');

describe('hubgraph analyze', () => {
  it('prints exactly one JSON document with --json, restricted to --metrics', async () => {
    const r = await hubgraph('analyze', karate, '--json', '--metrics', 'betweenness,core', '--no-weighted');
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

  it('samples past the time budget and says so; --exact insists; --fields and --progress json for scripts', async () => {
    // 30 stars of 19 teachers: 600 nodes, over a tiny budget.
    const dir = join(mkdtempSync(join(tmpdir(), 'hg-analyze-budget-')), 'stars');
    mkdirSync(dir);
    const nodes = ['id,type'],
      edges = ['source,target,weight'];
    for (let s = 0; s < 30; s++) {
      nodes.push(`c${s},school`);
      for (let l = 0; l < 19; l++) {
        nodes.push(`t${s}-${l},teacher`);
        edges.push(`c${s},t${s}-${l},1`);
      }
    }
    writeFileSync(join(dir, 'nodes.csv'), nodes.join('\n') + '\n');
    writeFileSync(join(dir, 'edges.csv'), edges.join('\n') + '\n');

    const sampled = await hubgraph('analyze', dir, '--json', '--budget', '0.0001', '--fields', 'betweenness,type');
    expect(sampled.code).toBe(0);
    const doc = JSON.parse(sampled.stdout);
    expect(doc.graph.settings.allPairs).toMatchObject({ mode: 'sampled', chosenBy: 'budget', samples: 100, skipped: ['closeness', 'harmonic', 'paths'] });
    expect(Object.keys(doc.nodes[0]).sort()).toEqual(['betweenness', 'id', 'type']);
    expect(sampled.stderr).toMatch(/note: sampled betweenness from 100 pivots.*budget/);
    expect(sampled.stderr).toMatch(/17 of the exact top-20 brokers/);

    const exact = await hubgraph('analyze', dir, '--json', '--budget', '0.0001', '--exact', '--metrics', 'betweenness', '--progress', 'json');
    expect(exact.code).toBe(0);
    const centre = JSON.parse(exact.stdout).nodes.find((n: { id: string }) => n.id === 'c0');
    expect(centre.betweenness).toBeCloseTo((19 * 18) / 2 / ((599 * 598) / 2), 12);
    const lines = exact.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ stage: 'load', done: 0, total: 2, plan: { mode: 'exact', chosenBy: 'exact' } });
    expect(lines.at(-1)).toMatchObject({ stage: 'betweenness', done: 2, total: 2, etaSeconds: 0 });

    const bad = await hubgraph('analyze', dir, '--fields', 'betweeness');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fields: unknown betweeness/);
  });

  it('weighted by default; --no-weighted ignores weights, and the old --unweighted still does with a notice', async () => {
    const pagerank = (doc: string) => JSON.parse(doc).nodes.find((n: { id: string }) => n.id === 'm0').pagerank as number;
    const weighted = await hubgraph('analyze', karate, '--json', '--metrics', 'pagerank');
    const plain = await hubgraph('analyze', karate, '--json', '--metrics', 'pagerank', '--no-weighted');
    const old = await hubgraph('analyze', karate, '--json', '--metrics', 'pagerank', '--unweighted');
    expect([weighted.code, plain.code, old.code]).toEqual([0, 0, 0]);
    expect(JSON.parse(weighted.stdout).graph.settings.weighted).toBe(true);
    expect(JSON.parse(plain.stdout).graph.settings.weighted).toBe(false);
    expect(pagerank(plain.stdout)).not.toBeCloseTo(pagerank(weighted.stdout), 4);
    expect(pagerank(old.stdout)).toBe(pagerank(plain.stdout));
    expect(plain.stderr).not.toMatch(/deprecated/);
    expect(old.stderr).toBe('hubgraph: --unweighted is deprecated; use --no-weighted\n');
    expect((await hubgraph('help', 'analyze')).stdout).not.toMatch(/--unweighted/);
  });

  it("shows the schema's defaults in --help, so help and behaviour agree", async () => {
    const help = (await hubgraph('help', 'analyze')).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--tries <n> community runs .* \(default: 5 up to 20,000 nodes, 1 above\)/);
    expect(help).toMatch(/--budget <seconds> seconds the all-pairs metrics may take .*\(default 20\)/);
    expect(help).toMatch(/--recent-months <n> .* \(default 12\)/);
    expect(help).not.toMatch(/default 3\)/);
  });
});
