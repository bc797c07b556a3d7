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
    const blocker: Server = await new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => resolve(s)); });
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
