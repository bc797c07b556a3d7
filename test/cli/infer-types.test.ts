import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubgraph } from './run-cli.ts';

/** CSV column type inference through the CLI: what validate / info say, and what convert declares. */
let dir: string;
let src: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubgraph-infer-cli-'));
  src = join(dir, 'region');
  await mkdir(src);
  await writeFile(
    join(src, 'nodes.csv'),
    'id,type,pupils,budget_eur,school_id,postcode,active\ns1,school,420,1200.5,0042,01067,true\ns2,school,310,,0043,10115,FALSE\n',
  );
  await writeFile(join(src, 'edges.csv'), 'source,target,type,amount\ns1,s2,partnership,5000\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hubgraph and CSV column types', () => {
  it('validate and info say how each column was read', async () => {
    const v = await hubgraph('validate', src);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(
      'nodes.csv: read as numbers: pupils, budget_eur; as booleans: active; as text: school_id (identifier-like), postcode (identifier-like)',
    );
    expect(v.stdout).toContain('edges.csv: read as numbers: amount');
    const json = JSON.parse((await hubgraph('validate', src, '--json')).stdout);
    expect(json.report.columns).toContainEqual({ file: join(src, 'nodes.csv'), column: 'pupils', read: 'number' });
    const info = await hubgraph('info', src);
    expect(info.stdout).toContain('nodes.csv: read as numbers: pupils, budget_eur');
  });

  it('convert declares inferred columns numeric in GraphML, and --no-infer-types keeps them text', async () => {
    expect((await hubgraph('convert', src, '--to', 'graphml', '--out', join(dir, 'typed.graphml'))).code).toBe(0);
    const typed = await readFile(join(dir, 'typed.graphml'), 'utf8');
    // Whole numbers only: int, so NetworkX reads ints (budget_eur has a fraction: double).
    expect(typed).toMatch(/attr\.name="pupils" attr\.type="int"/);
    expect(typed).toMatch(/attr\.name="budget_eur" attr\.type="double"/);
    expect(typed).toMatch(/attr\.name="active" attr\.type="boolean"/);
    expect(typed).toMatch(/attr\.name="postcode" attr\.type="string"/);
    expect((await hubgraph('convert', src, '--to', 'gexf', '--out', join(dir, 'typed.gexf'))).code).toBe(0);
    const gexf = await readFile(join(dir, 'typed.gexf'), 'utf8');
    expect(gexf).toMatch(/title="budget_eur" type="double"/);
    expect(gexf).toMatch(/title="school_id" type="string"/);
    const off = await hubgraph('convert', src, '--to', 'graphml', '--out', join(dir, 'text.graphml'), '--no-infer-types');
    expect(off.code).toBe(0);
    expect(await readFile(join(dir, 'text.graphml'), 'utf8')).toMatch(/attr\.name="pupils" attr\.type="string"/);
    const v = await hubgraph('validate', src, '--no-infer-types');
    expect(v.stdout).toContain('nodes.csv: read as text: pupils (not inferred)');
  });
});
