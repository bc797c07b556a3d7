import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderSnapshot } from '../../src/cli/folder-snapshot.ts';
import { createRng } from '../../src/util/random.ts';
import { hubgraph } from './run-cli.ts';

/*
 * `analyze FOLDER` reads a plain nodes.csv + edges.csv folder straight into the snapshot
 * (src/cli/folder-snapshot.ts): the document must be the one the general loader's path prints
 * (forced here with --format csv), isolation and indicators included, which read the affiliation ties.
 */
const root = mkdtempSync(join(tmpdir(), 'hg-folder-'));
const dir = join(root, 'eco');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(dir);
  const rng = createRng(11);
  const type = (v: number) => (v < 40 ? 'school' : v < 200 ? 'teacher' : v < 204 ? 'hub' : v < 260 ? 'company' : 'university');
  const nodes = ['id,type,region,label', ...Array.from({ length: 300 }, (_, v) => `n${v},${type(v)},R${v % 5},Node ${v}`)];
  const edges = ['source,target,weight,type'];
  for (let t = 40; t < 200; t++) edges.push(`n${t},n${t % 40},1,affiliation`);
  for (let i = 0; i < 60; i++) edges.push(`n${200 + (i % 60)},n${40 + Math.floor(rng() * 160)},1,mentoring`);
  for (let i = 0; i < 500; i++) {
    const a = Math.floor(rng() * 300),
      b = Math.floor(rng() * 300);
    edges.push(`n${a},n${rng() < 0.02 ? a : b},${(1 + rng() * 4).toFixed(2)},collaboration`);
  }
  // A repeated tie and a repeated affiliation (the general loader folds them), and a school with no ties.
  edges.push('n1,n2,3,collaboration', 'n2,n1,2,collaboration', 'n41,n1,1,affiliation');
  nodes.push('alone,school,R0,Lonely School');
  writeFileSync(join(dir, 'nodes.csv'), nodes.join('\n') + '\n');
  writeFileSync(join(dir, 'edges.csv'), edges.join('\n') + '\n');
});

describe('analyze of a nodes.csv + edges.csv folder', () => {
  it('takes the typed folder path only where nothing can differ', async () => {
    // The flags as the CLI passes them by default (--self-loops keep).
    expect(await folderSnapshot(dir, { selfLoops: 'keep' }, {})).not.toBeNull();
    expect(await folderSnapshot(dir, { selfLoops: 'drop' }, {})).toBeNull();
    expect(await folderSnapshot(dir, { format: 'csv' }, {})).toBeNull();
    expect(await folderSnapshot(dir, {}, { at: '2024-01-01' })).toBeNull();
    expect(await folderSnapshot(dir, {}, { weighted: false })).toBeNull();
    expect(await folderSnapshot(join(dir, 'edges.csv'), {}, {})).toBeNull();
    const withMeta = join(root, 'meta');
    mkdirSync(withMeta);
    for (const f of ['nodes.csv', 'edges.csv']) writeFileSync(join(withMeta, f), 'x');
    writeFileSync(join(withMeta, 'meta.json'), '{"types":{"School":"school"}}');
    expect(await folderSnapshot(withMeta, {}, {})).toBeNull();
  });

  it('prints the same document as the general loader, default metrics and isolation/indicators/brokerage', async () => {
    for (const extra of [[], ['--metrics', 'isolation,indicators,brokerage,betweenness', '--group', 'region']]) {
      const fast = await hubgraph('analyze', dir, '--json', ...extra);
      const general = await hubgraph('analyze', dir, '--json', '--format', 'csv', ...extra);
      expect(fast.code, fast.stderr).toBe(0);
      expect(general.code, general.stderr).toBe(0);
      const doc = JSON.parse(fast.stdout);
      expect(doc.graph.nodes).toBe(301);
      expect(doc.isolation.length).toBe(41);
      expect(doc.isolation[0]).toMatchObject({ id: 'alone', status: 'isolated' });
      expect(doc).toEqual(JSON.parse(general.stdout));
    }
  });
});
