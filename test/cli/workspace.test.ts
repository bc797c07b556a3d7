import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshPgliteDir } from '../store/engines.ts';

const BIN = join(import.meta.dirname, '../../bin/hubgraph.js');
const KARATE = join(import.meta.dirname, '../fixtures/reference/karate');
let data: string;
let tmp: string;

function hub(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HUBGRAPH_DATA: data, HUBGRAPH_USER: 'tester' };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
}

beforeAll(async () => {
  data = await freshPgliteDir();
  tmp = mkdtempSync(join(tmpdir(), 'hubgraph-cli-ws-'));
}, 120_000);
afterAll(() => {
  rmSync(data, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

// Each invocation starts PGlite in a fresh process (seconds each): keep the count small.
it('imports versions, diffs, exports and restores a workspace; errors go to stderr and change nothing', () => {
  const first = hub('workspace', 'import', 'Region Nord', KARATE, '-m', 'autumn', '--json');
  expect(first.code, first.err).toBe(0);
  expect(first.json().version).toMatchObject({ number: 1, nodeCount: 34, edgeCount: 78, author: 'tester', message: 'autumn' });

  const changed = join(tmp, 'karate2');
  cpSync(KARATE, changed, { recursive: true });
  const edges = readFileSync(join(changed, 'edges.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(changed, 'edges.csv'), edges.slice(0, -1).join('\n') + '\n');
  expect(hub('workspace', 'import', 'Region Nord', changed).out).toMatch(/version 2 \(34 nodes, 77 edges\) is now current/);

  // invalid data is rejected before the store is touched
  const bad = join(tmp, 'bad');
  cpSync(KARATE, bad, { recursive: true });
  writeFileSync(join(bad, 'edges.csv'), 'source,target,weight\n1,2,-3\n');
  const imp = hub('workspace', 'import', 'Region Nord', bad);
  expect(imp.code).toBe(1);
  expect(imp.err).toMatch(/edges\.csv/);

  const diff = hub('workspace', 'diff', 'Region Nord', '--json');
  expect(diff.code, diff.err).toBe(0);
  expect(diff.json()).toMatchObject({ from: 1, to: 2 });
  expect(diff.json().edges.removed).toHaveLength(1);
  expect(diff.json().edges.added).toEqual([]);

  const out = join(tmp, 'export');
  expect(hub('workspace', 'export', 'Region Nord', out).code).toBe(0);
  expect(hub('workspace', 'import', 'Region Süd', out).out).toMatch(/restored workspace Region Süd: 2 versions/);
  const list = hub('workspace', 'list', '--json').json().workspaces;
  expect(list.map((w: { name: string; currentVersion: number }) => [w.name, w.currentVersion])).toEqual([
    ['Region Nord', 2],
    ['Region Süd', 2],
  ]);

  const missing = hub('workspace', 'versions', 'nowhere');
  expect(missing.code).toBe(1);
  expect(missing.out).toBe('');
  expect(missing.err).toMatch(/no workspace named "nowhere"/);
}, 400_000);

it('creates a token once and lists it without the secret', () => {
  expect(hub('token', 'create', '--name', 'x', '--role', 'root').code).toBe(2);
  const c = hub('token', 'create', '--name', 'coordinator nord', '--role', 'coordinator', '--json');
  expect(c.code, c.err).toBe(0);
  const token = c.json().token as string;
  expect(token).toMatch(/^hg_/);
  const l = hub('token', 'list', '--json');
  expect(l.out).not.toContain(token);
  expect(l.json().tokens).toEqual([expect.objectContaining({ name: 'coordinator nord', role: 'coordinator', revoked: false })]);
}, 300_000);
