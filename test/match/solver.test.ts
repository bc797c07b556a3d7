import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchInputError } from '../../src/match/errors.ts';
import { solveAssignment, type AssignmentPair } from '../../src/match/solver.ts';
import { createRng } from '../../src/util/random.ts';

/** Best (count, total) by enumerating every subset of pairs. */
function bruteForce(pairs: AssignmentPair[], caps: Map<string, number>, maxCardinality: boolean): { total: number; count: number } {
  let best = { total: 0, count: 0 };
  const capOf = (id: string) => caps.get(id) ?? 1;
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const usedL = new Map<string, number>();
    const usedR = new Map<string, number>();
    let ok = true,
      total = 0,
      count = 0;
    for (let k = 0; k < pairs.length && ok; k++) {
      if (!(mask & (1 << k))) continue;
      const p = pairs[k];
      const a = (usedL.get(p.left) ?? 0) + 1,
        b = (usedR.get(p.right) ?? 0) + 1;
      usedL.set(p.left, a);
      usedR.set(p.right, b);
      if (a > capOf(p.left) || b > capOf(p.right)) ok = false;
      total += p.score;
      count++;
    }
    if (!ok) continue;
    const better = maxCardinality ? count > best.count || (count === best.count && total > best.total + 1e-9) : total > best.total + 1e-9;
    if (better) best = { total, count };
  }
  return best;
}

function greedy(pairs: AssignmentPair[], caps: Map<string, number>): number {
  const capOf = (id: string) => caps.get(id) ?? 1;
  const usedL = new Map<string, number>();
  const usedR = new Map<string, number>();
  let total = 0;
  for (const p of [...pairs].sort((a, b) => b.score - a.score)) {
    if (p.score <= 0) break;
    const a = usedL.get(p.left) ?? 0,
      b = usedR.get(p.right) ?? 0;
    if (a < capOf(p.left) && b < capOf(p.right)) {
      usedL.set(p.left, a + 1);
      usedR.set(p.right, b + 1);
      total += p.score;
    }
  }
  return total;
}

/** Random instance: up to 4 × 4 ids, distinct pairs, small capacities. */
const instance = fc
  .record({
    cells: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: -5, max: 20 })), { maxLength: 12 }),
    caps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ cells, caps }) => {
    const seen = new Set<string>();
    const pairs: AssignmentPair[] = [];
    for (const [l, r, s] of cells) {
      if (seen.has(`${l},${r}`)) continue;
      seen.add(`${l},${r}`);
      pairs.push({ left: `L${l}`, right: `R${r}`, score: s / 2 });
    }
    const capacities = new Map<string, number>();
    for (const p of pairs) {
      capacities.set(p.left, caps[Number(p.left.slice(1))]);
      capacities.set(p.right, caps[4 + Number(p.right.slice(1))]);
    }
    return { pairs, capacities };
  });

describe('solveAssignment', () => {
  it('matches brute force on random small instances (score and max-cardinality)', () => {
    fc.assert(
      fc.property(instance, fc.boolean(), ({ pairs, capacities }, maxCardinality) => {
        const got = solveAssignment({ pairs, capacities, maxCardinality });
        const want = bruteForce(pairs, capacities, maxCardinality);
        expect(got.total).toBeCloseTo(want.total, 9);
        if (maxCardinality) expect(got.count).toBe(want.count);
      }),
      { numRuns: 300 },
    );
  });

  it('never exceeds a capacity, uses only allowed pairs, is never worse than greedy', () => {
    fc.assert(
      fc.property(instance, ({ pairs, capacities }) => {
        const got = solveAssignment({ pairs, capacities });
        const allowed = new Map(pairs.map((p) => [`${p.left}\u0000${p.right}`, p.score]));
        const used = new Map<string, number>();
        for (const p of got.pairs) {
          expect(allowed.get(`${p.left}\u0000${p.right}`)).toBe(p.score);
          expect(p.score).toBeGreaterThan(0);
          for (const id of [`l:${p.left}`, `r:${p.right}`]) used.set(id, (used.get(id) ?? 0) + 1);
        }
        for (const [k, n] of used) expect(n).toBeLessThanOrEqual(capacities.get(k.slice(2)) ?? 1);
        expect(got.total).toBeGreaterThanOrEqual(greedy(pairs, capacities) - 1e-9);
        expect(got.count).toBe(got.pairs.length);
      }),
      { numRuns: 300 },
    );
  });

  it('dense and sparse paths agree on random complete matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.double({ min: -10, max: 100, noNaN: true }), { minLength: 49, maxLength: 49 }),
        fc.boolean(),
        (n, m, vals, maxCardinality) => {
          const pairs: AssignmentPair[] = [];
          for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) pairs.push({ left: `a${i}`, right: `b${j}`, score: vals[i * 7 + j] });
          const d = solveAssignment({ pairs, maxCardinality, method: 'dense' });
          const s = solveAssignment({ pairs, maxCardinality, method: 'sparse' });
          expect(d.total).toBeCloseTo(s.total, 6);
          // Equal totals can come with different counts unless cardinality is maximised first.
          if (maxCardinality) {
            expect(d.count).toBe(Math.min(n, m));
            expect(s.count).toBe(d.count);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('prefers two pairs over one better-scoring pair only with max-cardinality', () => {
    const pairs = [
      { left: 'a', right: 'x', score: 10 },
      { left: 'a', right: 'y', score: 1 },
      { left: 'b', right: 'x', score: 1 },
    ];
    expect(solveAssignment({ pairs })).toMatchObject({ total: 10, count: 1 });
    expect(solveAssignment({ pairs, maxCardinality: true })).toMatchObject({ total: 2, count: 2 });
  });

  it('is independent of input order and handles awkward ids', () => {
    const pairs = [
      { left: '__proto__', right: 'constructor', score: 3 },
      { left: '__proto__', right: 'école 1', score: 3 },
      { left: 'toString', right: 'constructor', score: 3 },
      { left: 'toString', right: 'école 1', score: 3 },
    ];
    const a = solveAssignment({ pairs });
    const b = solveAssignment({ pairs: [...pairs].reverse() });
    expect(a).toEqual(b);
    expect(a.total).toBe(6);
  });

  it('respects capacities given on either side', () => {
    const pairs = [1, 2, 3].map((i) => ({ left: 'mentor', right: `m${i}`, score: i }));
    expect(solveAssignment({ pairs, capacities: new Map([['mentor', 2]]) })).toMatchObject({ total: 5, count: 2 });
    expect(solveAssignment({ pairs, capacities: new Map([['mentor', 0]]) }).count).toBe(0);
  });

  it('rejects NaN, infinite scores, duplicate pairs and unknown capacity ids, all at once', () => {
    const bad = [
      { left: 'a', right: 'x', score: Number.NaN },
      { left: 'a', right: 'y', score: Infinity },
      { left: 'b', right: 'x', score: 1 },
      { left: 'b', right: 'x', score: 2 },
    ];
    let err: unknown;
    try {
      solveAssignment({
        pairs: bad,
        capacities: new Map([
          ['ghost', 1],
          ['a', 1.5],
        ]),
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MatchInputError);
    const paths = (err as MatchInputError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['pairs[0].score', 'pairs[1].score', 'pairs[3]', 'capacities["ghost"]', 'capacities["a"]']));
    // the dense path checks duplicates too
    expect(() =>
      solveAssignment({
        pairs: [
          { left: 'a', right: 'x', score: 1 },
          { left: 'a', right: 'x', score: 2 },
        ],
        method: 'dense',
      }),
    ).toThrow(/pairs\[1\]/);
  });
});

describe('solveAssignment on larger instances', () => {
  it('agrees with the dense path on tie-heavy matrices and with capacity copies on capacitated ones', () => {
    const rng = createRng(99);
    for (let t = 0; t < 40; t++) {
      const n = 5 + Math.floor(rng() * 30),
        m = 5 + Math.floor(rng() * 30);
      const pairs: AssignmentPair[] = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) pairs.push({ left: `a${i}`, right: `b${j}`, score: Math.floor(rng() * 4) - (t % 2) });
      for (const maxCardinality of [false, true]) {
        const d = solveAssignment({ pairs, method: 'dense', maxCardinality });
        const s = solveAssignment({ pairs, method: 'sparse', maxCardinality });
        expect(s.total).toBeCloseTo(d.total, 9);
        if (maxCardinality) expect(s.count).toBe(d.count);
      }
    }
    for (let t = 0; t < 40; t++) {
      const n = 3 + Math.floor(rng() * 10),
        m = 3 + Math.floor(rng() * 20);
      const caps = Array.from({ length: n }, () => Math.floor(rng() * 4));
      const pairs: AssignmentPair[] = [];
      const copies: AssignmentPair[] = [];
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++) {
          if (rng() >= 0.4) continue;
          const score = Math.floor(rng() * 5);
          pairs.push({ left: `a${i}`, right: `b${j}`, score });
          for (let c = 0; c < caps[i]; c++) copies.push({ left: `a${i}#${c}`, right: `b${j}`, score });
        }
      const used = new Set(pairs.map((p) => p.left));
      const capacities = new Map(caps.map((c, i) => [`a${i}`, c] as const).filter(([id]) => used.has(id)));
      expect(solveAssignment({ pairs, capacities }).total).toBeCloseTo(solveAssignment({ pairs: copies }).total, 9);
    }
  });
});
