import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QapResultSchema } from '../../src/analysis/qap.ts';
import { qapOptionsFromFlags } from '../../src/cli/commands/qap.ts';
import { hubgraph, ROOT } from './run-cli.ts';

describe('hubgraph qap', () => {
  it('prints QAP correlations and the MRQAP table as one JSON document', async () => {
    const r = await hubgraph('qap', join(ROOT, 'data/sample'), '--y', 'collaboration', '--x', 'same-region,same-type', '--permutations', '50', '--json');
    expect(r.code).toBe(0);
    const doc = QapResultSchema.parse(JSON.parse(r.stdout));
    expect(doc.regression.coefficients.map((c) => c.term)).toEqual(['(intercept)', 'same-region', 'same-type']);
    expect(doc.settings.permutations).toBe(50);
  });

  it('turns bad variables into usage errors', async () => {
    expect(() => qapOptionsFromFlags({ permutations: '0' })).toThrow(/--permutations/);
    const r = await hubgraph('qap', join(ROOT, 'data/sample'), '--x', 'colour');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/colour/);
  });
});
