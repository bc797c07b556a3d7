import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/util/random.ts';
import { bareEdgeListSnapshot } from '../../src/cli/bare-edge-list.ts';
import { hubgraph } from './run-cli.ts';

/*
 * A bare edge list with snapshot-only metrics skips the general loader (src/cli/bare-edge-list.ts):
 * the document must be the one the general path prints (forced here with --format edgelist).
 */
const dir = mkdtempSync(join(tmpdir(), 'hg-bare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analyze of a bare edge list', () => {
  it('prints the same document through the fast path as through the general loader', async () => {
    const rng = createRng(3);
    const rows = ['source,target,weight'];
    for (let i = 0; i < 4000; i++) rows.push(`n${Math.floor(rng() * 800)},n${Math.floor(rng() * 800)},${1 + Math.floor(rng() * 3)}`);
    const file = join(dir, 'ties.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const args = ['analyze', file, '--json', '--metrics', 'degree,strength,pagerank,core,communities,betweenness'];
    // The fast path is taken with the flags as the CLI passes them by default (--self-loops keep).
    expect(await bareEdgeListSnapshot(file, { selfLoops: 'keep' }, { metrics: ['pagerank', 'betweenness'] })).not.toBeNull();
    const fast = await hubgraph(...args);
    const general = await hubgraph(...args, '--format', 'edgelist');
    expect(fast.code, fast.stderr).toBe(0);
    expect(general.code, general.stderr).toBe(0);
    const doc = JSON.parse(fast.stdout);
    expect(doc.graph.nodes).toBeGreaterThan(790);
    expect(doc).toEqual(JSON.parse(general.stdout));
  });

  it('leaves bad input to the general loader, which names file, line and field', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'source,target,weight\na,b,1\nb,c,heavy\n');
    const r = await hubgraph('analyze', file, '--json', '--metrics', 'pagerank');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.csv:3 field \\"weight\\": got \\"heavy\\", expected a finite number/);
  });
});
