import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubgraph } from './run-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubgraph-assign-'));
  await writeFile(join(dir, 'scores.csv'), 'left,right,score\nm1,a,5\nm1,b,4\nm2,a,6\nm3,c,-1\n');
  await writeFile(join(dir, 'caps.csv'), 'id,capacity\nm1,2\n');
  await writeFile(join(dir, 'bad.csv'), 'left,right,score\nm1,a,NaN\nm1,b,Infinity\nm2,,1\nm2,a,1\nm2,a,2\n');
  await writeFile(join(dir, 'badcaps.csv'), 'id,capacity\nghost,1\nm1,1.5\n');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('hubgraph assign', () => {
  it('prints the optimal pairs, total and count as one JSON document', async () => {
    const r = await hubgraph('assign', '--scores', join(dir, 'scores.csv'), '--capacities', join(dir, 'caps.csv'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      pairs: [
        { left: 'm1', right: 'b', score: 4 },
        { left: 'm2', right: 'a', score: 6 },
      ],
      total: 10,
      count: 2,
    });
    const mc = await hubgraph('assign', '--scores', join(dir, 'scores.csv'), '--max-cardinality', '--json');
    expect(JSON.parse(mc.stdout)).toMatchObject({ count: 3, total: 9 });
  });

  it('rejects NaN / infinite / missing values, duplicates and unknown capacity ids with line and field', async () => {
    const r = await hubgraph('assign', '--scores', join(dir, 'bad.csv'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.csv:2 field "score": got "NaN"');
    expect(r.stderr).toContain('bad.csv:3 field "score": got "Infinity"');
    expect(r.stderr).toContain('bad.csv:4 field "right"');
    expect(r.stderr).toContain('bad.csv:6 field "right": got "a", expected each left,right pair once (already on line 5)');
    const c = await hubgraph('assign', '--scores', join(dir, 'scores.csv'), '--capacities', join(dir, 'badcaps.csv'), '--json');
    expect(c.code).toBe(1);
    const err = JSON.parse(c.stderr);
    expect(err.issues.map((i: { line: number; field: string }) => `${i.line}:${i.field}`)).toEqual(['2:id', '3:capacity']);
  });
});
