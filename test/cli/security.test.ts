/** Issue 20 through the CLI as a user runs it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hubgraph } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hubgraph-cli-security-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hubgraph serve on a port in use', () => {
  it('says which port is in use, not a TypeError', async () => {
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await hubgraph('serve', '--port', String(port), '--data', join(dir, 'port'));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`port ${port} is in use`);
      expect(r.stderr).not.toContain('family');
    } finally {
      blocker.close();
    }
  }, 120_000);
});

describe('hubgraph workspace import of header-only files', () => {
  it('refuses them unless --allow-empty', async () => {
    const src = join(dir, 'header-only');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'nodes.csv'), 'id,type\n');
    writeFileSync(join(src, 'edges.csv'), 'source,target\n');
    const data = join(dir, 'empty-store');
    const r = await hubgraph('workspace', 'import', 'w', src, '--data', data);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no nodes');
    expect(r.stderr).toContain('--allow-empty');
    const ok = await hubgraph('workspace', 'import', 'w', src, '--data', data, '--allow-empty', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).version).toMatchObject({ number: 1, nodeCount: 0 });
  }, 120_000);
});

describe('hubgraph workspace person / erase / delete', () => {
  it('exports, erases and deletes with confirmation', async () => {
    const src = join(dir, 'people');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'nodes.csv'), 'id,type,label\ns1,school,North School\nliis-7,teacher,Liis Kask\nt2,teacher,Jaan Tamm\n');
    writeFileSync(join(src, 'edges.csv'), 'source,target,type\nliis-7,s1,affiliation\nt2,s1,affiliation\n');
    const data = join(dir, 'rights-store');
    expect((await hubgraph('workspace', 'import', 'w', src, '--data', data)).code).toBe(0);
    const person = await hubgraph('workspace', 'person', 'w', 'liis-7', '--data', data);
    expect(person.code).toBe(0);
    expect(JSON.parse(person.stdout).versions[0]).toMatchObject({ number: 1, node: { id: 'liis-7', label: 'Liis Kask' } });
    const unconfirmed = await hubgraph('workspace', 'erase', 'w', 'liis-7', '--confirm', 'nope', '--data', data);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--confirm must repeat the id');
    const erased = await hubgraph('workspace', 'erase', 'w', 'liis-7', '--confirm', 'liis-7', '--data', data, '--json');
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout).erased).toMatchObject({ versions: 1, nodes: 1, edges: 1 });
    const gone = await hubgraph('workspace', 'delete', 'w', '--confirm', 'w', '--data', data, '--json');
    expect(gone.code).toBe(0);
    expect(JSON.parse(gone.stdout).deleted).toEqual({ name: 'w', versions: 1, rounds: 0 });
    const list = await hubgraph('workspace', 'list', '--data', data, '--json');
    expect(JSON.parse(list.stdout).workspaces).toEqual([]);
  }, 240_000);
});

describe('hubgraph validate on input that cannot be stored', () => {
  it('names file, line and field and exits 1 (invalid data), not 2', async () => {
    const f = join(dir, 'deep.json');
    writeFileSync(
      f,
      `{"nodes":[\n{"id":"a","type":"school","label":"x\\u0000y"},\n{"id":"b","type":"school","attrs":{"deep":${'['.repeat(6000)}${']'.repeat(6000)}}}],"edges":[]}`,
    );
    const r = await hubgraph('validate', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deep\.json:2.*label/);
    expect(r.stderr).toMatch(/deep\.json:3.*deep.*nested at most 64/);
  }, 60_000);
});
