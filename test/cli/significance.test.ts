import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { significanceOptionsFromFlags } from '../../src/cli/commands/significance.ts';
import { SignificanceResultSchema } from '../../src/analysis/significance/significance.ts';
import { hubgraph, ROOT } from './run-cli.ts';

const karate = join(ROOT, 'test/fixtures/reference/karate');

describe('hubgraph significance', () => {
  it('prints one JSON document with observed, null mean, sd, z and p per --stat', async () => {
    const r = await hubgraph('significance', karate, '--stat', 'modularity,transitivity', '--samples', '12', '--seed', '4', '--json', '--workers', '1');
    expect(r.code).toBe(0);
    const doc = SignificanceResultSchema.parse(JSON.parse(r.stdout));
    expect(doc.tests.map((t) => t.stat)).toEqual(['modularity', 'transitivity']);
    // Zachary's club: maximum modularity ≈ 0.4198 unweighted, far above degree-preserving nulls.
    expect(doc.tests[0].observed!).toBeCloseTo(0.4198, 3);
    expect(doc.tests[0].z!).toBeGreaterThan(3);
    expect(doc.settings).toMatchObject({ null: 'degree', samples: 12, seed: 4 });
  });

  it('names the bad flag (usage error, exit 2)', async () => {
    expect(() => significanceOptionsFromFlags({ stat: 'modularity,density' })).toThrow(/--stat/);
    expect(() => significanceOptionsFromFlags({ samples: '0' })).toThrow(/--samples/);
    expect(significanceOptionsFromFlags({ null: 'erdos-renyi', swaps: '20' })).toMatchObject({ null: 'erdos-renyi', swapsPerTie: 20 });
    const r = await hubgraph('significance', karate, '--null', 'config');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--null/);
  });
});
