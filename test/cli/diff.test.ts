import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFixture } from '../analysis/diff-fixture.ts';
import { hubgraph } from './run-cli.ts';

/** The diff fixture as a nodes.csv + edges.csv folder. */
function writeFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-diff-'));
  const ds = diffFixture();
  writeFileSync(join(dir, 'nodes.csv'), ['id,type,region', ...ds.nodes.map((n) => `${n.id},${n.type},${n.region ?? ''}`)].join('\n') + '\n');
  writeFileSync(
    join(dir, 'edges.csv'),
    ['source,target,type,weight,start,end', ...ds.edges.map((e) => `${e.source},${e.target},${e.type},${e.weight},${e.start ?? ''},${e.end ?? ''}`)].join(
      '\n',
    ) + '\n',
  );
  return dir;
}

describe('hubgraph diff', () => {
  const dir = writeFixture();

  it('prints one JSON document with ties, isolation changes, community moves and deltas', async () => {
    const r = await hubgraph('diff', dir, '--from', '2022-01-01', '--to', '2023-01-01', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ from: '2022-01-01', to: '2023-01-01' });
    expect(doc.ties.formed).toHaveLength(4);
    expect(doc.ties.ended).toHaveLength(4);
    expect(doc.isolation.joined.map((j: { id: string }) => j.id)).toEqual(['S']);
    expect(doc.isolation.left.map((j: { id: string }) => j.id)).toEqual(['R']);
    expect(doc.communities.moved.map((m: { id: string }) => m.id)).toContain('m');
    expect(doc.indicators.regions.find((g: { key: string }) => g.key === 'West').isolatedSchools.delta).toBe(1);
  });

  it('prints a readable report without --json', async () => {
    const r = await hubgraph('diff', dir, '--from', '2022-01-01', '--to', '2023-01-01');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Changes from 2022-01-01 to 2023-01-01/);
    expect(r.stdout).toMatch(/joined the isolated list/);
    expect(r.stdout).toMatch(/No ties at all/);
  });

  it('--communities louvain switches the method at both dates; an unknown method is a usage error naming the flag', async () => {
    const leiden = JSON.parse((await hubgraph('diff', dir, '--from', '2022-01-01', '--to', '2023-01-01', '--json')).stdout);
    const louvain = await hubgraph('diff', dir, '--from', '2022-01-01', '--to', '2023-01-01', '--communities', 'louvain', '--seed', '3', '--json');
    expect(louvain.code).toBe(0);
    const doc = JSON.parse(louvain.stdout);
    expect(doc.communities.moved.map((m: { id: string }) => m.id)).toContain('m');
    expect(typeof doc.communities.atTo.modularity).toBe('number');
    expect(leiden.communities.atTo.modularity).toBeGreaterThanOrEqual(doc.communities.atTo.modularity - 1e-9);
    const bad = await hubgraph('diff', dir, '--from', '2022-01-01', '--to', '2023-01-01', '--communities', 'girvan', '--json');
    expect(bad.code).toBe(2);
    // Derived from the schema's enum: commander checks the choices (as for analyze --communities).
    expect(bad.stderr).toMatch(/--communities <method>.*'girvan' is invalid.*leiden, louvain/);
    const tries = await hubgraph('diff', dir, '--from', '2022-01-01', '--to', '2023-01-01', '--tries', '0', '--json');
    expect(tries.code).toBe(2);
    expect(JSON.parse(tries.stderr).message).toMatch(/^--tries: /);
  });

  it('fails with a usage error for reversed or missing dates', async () => {
    const bad = await hubgraph('diff', dir, '--from', '2023-01-01', '--to', '2022-01-01', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr).message).toMatch(/before/);
    const missing = await hubgraph('diff', dir, '--from', '2022-01-01');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--to/);
  });
});
