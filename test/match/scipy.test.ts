import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solveAssignment } from '../../src/match/solver.ts';

/** Instances solved by SciPy's linear_sum_assignment, saved with its optimal totals (see the generator beside them). */
const saved = JSON.parse(readFileSync(new URL('./fixtures/scipy-instances.json', import.meta.url), 'utf8')) as {
  instances: { rows: number; cols: number; pairs: [number, number, number][]; scipyTotal: number }[];
};

describe('solveAssignment against SciPy on saved instances', () => {
  for (const inst of saved.instances) {
    it(`${inst.rows}×${inst.cols}, ${inst.pairs.length} allowed pairs`, () => {
      const pairs = inst.pairs.map(([i, j, s]) => ({ left: `r${i}`, right: `c${j}`, score: s }));
      for (const method of ['sparse', 'auto'] as const) {
        const r = solveAssignment({ pairs, method });
        expect(r.total).toBeCloseTo(inst.scipyTotal, 8);
      }
    });
  }
});
