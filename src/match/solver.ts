import { z } from 'zod';
import { denseAssignment } from './dense.ts';
import { issue, MatchInputError, type MatchIssue } from './errors.ts';
import { solveFlow } from './flow.ts';

export const AssignmentPairSchema = z.object({
  left: z.string().min(1),
  right: z.string().min(1),
  score: z.number(),
});
export type AssignmentPair = z.infer<typeof AssignmentPairSchema>;

export interface SolveAssignmentInput {
  /** Allowed pairs with their scores (finite). Each (left, right) at most once. */
  pairs: readonly AssignmentPair[];
  /** Capacity by id, on whichever side the id appears. Unlisted ids get `defaultCapacity`. */
  capacities?: ReadonlyMap<string, number>;
  /** Per-side capacities; take precedence over `capacities` (for ids that appear on both sides). */
  leftCapacities?: ReadonlyMap<string, number>;
  rightCapacities?: ReadonlyMap<string, number>;
  /** Default 1. */
  defaultCapacity?: number;
  /** Maximise the number of pairs first, then the score (default false: maximise score only). */
  maxCardinality?: boolean;
  /** 'auto' (default) picks the dense path for near-complete unit-capacity problems. */
  method?: 'auto' | 'sparse' | 'dense';
}

export interface AssignmentResult {
  /** Chosen pairs, sorted by left id then right id (code-unit order). */
  pairs: AssignmentPair[];
  total: number;
  count: number;
  method: 'sparse' | 'dense';
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Exact capacitated assignment: the set of allowed pairs that maximises the total score without
 * any id exceeding its capacity (each pair used at most once). Without `maxCardinality` only pairs
 * that add to the total are taken (a score ≤ 0 never is); with it, the number of pairs is
 * maximised first and the score second.
 *
 * Deterministic and independent of input order: ids are ranked in code-unit order and the solver
 * breaks ties by that rank (see flow.ts). Bad input (non-finite scores, duplicate pairs, bad or
 * unknown capacities) throws MatchInputError listing every problem with its JSON path.
 */
export function solveAssignment(input: SolveAssignmentInput): AssignmentResult {
  const { pairs } = input;
  const defaultCapacity = input.defaultCapacity ?? 1;
  const issues: MatchIssue[] = [];
  if (!Number.isInteger(defaultCapacity) || defaultCapacity < 0) {
    issues.push(issue({ path: 'defaultCapacity', value: String(defaultCapacity), expected: 'an integer ≥ 0' }));
  }

  // One hash lookup per pair and side (skipped when the id repeats the previous row's): ids get
  // provisional indices in order of appearance, then are re-ranked in code-unit order.
  const P = pairs.length;
  const li = new Int32Array(P);
  const ri = new Int32Array(P);
  const leftIndex = new Map<string, number>();
  const rightIndex = new Map<string, number>();
  let prevL: unknown = undefined,
    prevR: unknown = undefined,
    prevLi = -1,
    prevRi = -1;
  for (let k = 0; k < P; k++) {
    const p = pairs[k];
    if (typeof p.left !== 'string' || p.left === '') issues.push(issue({ path: `pairs[${k}].left`, value: String(p.left), expected: 'a non-empty id' }));
    if (typeof p.right !== 'string' || p.right === '') issues.push(issue({ path: `pairs[${k}].right`, value: String(p.right), expected: 'a non-empty id' }));
    if (typeof p.score !== 'number' || !Number.isFinite(p.score)) {
      issues.push(issue({ path: `pairs[${k}].score`, value: String(p.score), expected: 'a finite number' }));
    }
    if (p.left !== prevL) {
      prevL = p.left;
      prevLi = leftIndex.get(p.left) ?? -1;
      if (prevLi < 0) {
        prevLi = leftIndex.size;
        leftIndex.set(p.left, prevLi);
      }
    }
    if (p.right !== prevR) {
      prevR = p.right;
      prevRi = rightIndex.get(p.right) ?? -1;
      if (prevRi < 0) {
        prevRi = rightIndex.size;
        rightIndex.set(p.right, prevRi);
      }
    }
    li[k] = prevLi;
    ri[k] = prevRi;
  }
  const rerank = (index: Map<string, number>, at: Int32Array): string[] => {
    const ids = [...index.keys()];
    const rank = new Int32Array(ids.length);
    const sorted = ids.map((_, i) => i).sort((a, b) => cmp(ids[a], ids[b]));
    sorted.forEach((prov, r) => {
      rank[prov] = r;
    });
    for (let k = 0; k < at.length; k++) at[k] = rank[at[k]];
    const out = sorted.map((prov) => ids[prov]);
    out.forEach((id, r) => index.set(id, r));
    return out;
  };
  const leftIds = rerank(leftIndex, li);
  const rightIds = rerank(rightIndex, ri);

  const checkCaps = (caps: ReadonlyMap<string, number> | undefined, name: string, known: (id: string) => boolean): void => {
    if (!caps) return;
    for (const [id, c] of caps) {
      if (!Number.isInteger(c) || c < 0) issues.push(issue({ path: `${name}[${JSON.stringify(id)}]`, value: String(c), expected: 'an integer capacity ≥ 0' }));
      if (!known(id)) issues.push(issue({ path: `${name}[${JSON.stringify(id)}]`, value: id, expected: 'an id that appears in some pair' }));
    }
  };
  checkCaps(input.capacities, 'capacities', (id) => leftIndex.has(id) || rightIndex.has(id));
  checkCaps(input.leftCapacities, 'leftCapacities', (id) => leftIndex.has(id));
  checkCaps(input.rightCapacities, 'rightCapacities', (id) => rightIndex.has(id));

  const nL = leftIds.length;
  const nR = rightIds.length;
  const capOf = (id: string, side?: ReadonlyMap<string, number>): number => side?.get(id) ?? input.capacities?.get(id) ?? defaultCapacity;
  const capL = Int32Array.from(leftIds, (id) => capOf(id, input.leftCapacities));
  const capR = Int32Array.from(rightIds, (id) => capOf(id, input.rightCapacities));

  const degL = new Int32Array(nL);
  const degR = new Int32Array(nR);
  for (let k = 0; k < P; k++) {
    degL[li[k]]++;
    degR[ri[k]]++;
  }
  const duplicate = (first: number, again: number) =>
    issues.push(
      issue({
        path: `pairs[${again}]`,
        value: `${pairs[again].left},${pairs[again].right}`,
        expected: `each pair once (first given at pairs[${first}])`,
      }),
    );

  const maxCardinality = input.maxCardinality ?? false;
  const complete = P === nL * nR;
  const cells = nL * nR;
  const denseOk = capL.every((c) => c === 1) && capR.every((c) => c === 1) && (!maxCardinality || complete) && cells <= 16e6;
  const method = input.method ?? 'auto';
  const useDense = method === 'dense' ? denseOk : method === 'auto' && denseOk && cells >= 2500 && P >= 0.5 * cells;
  if (method === 'dense' && !denseOk) throw new Error('dense method needs unit capacities (and a complete matrix with maxCardinality)');

  const chosen: number[] = [];
  if (useDense) {
    const rowsAreLeft = nL <= nR;
    const nRows = rowsAreLeft ? nL : nR;
    const nCols = rowsAreLeft ? nR : nL;
    const cost = new Float64Array(nRows * nCols);
    const at = new Int32Array(nRows * nCols).fill(-1);
    for (let k = 0; k < P; k++) {
      const r = rowsAreLeft ? li[k] : ri[k];
      const c = rowsAreLeft ? ri[k] : li[k];
      const s = pairs[k].score;
      const cell = r * nCols + c;
      if (at[cell] >= 0) duplicate(at[cell], k);
      // Clamped at 0 when maximising score: a non-gaining pair costs the same as none.
      cost[cell] = maxCardinality ? -s : -Math.max(s, 0);
      at[cell] = k;
    }
    if (issues.length) throw new MatchInputError(issues);
    const col4row = denseAssignment(cost, nRows, nCols);
    for (let r = 0; r < nRows; r++) {
      const k = at[r * nCols + col4row[r]];
      if (k >= 0 && (maxCardinality || pairs[k].score > 0)) chosen.push(k);
    }
  } else {
    // Pairs in (left rank, right rank, input position) order by two stable counting sorts.
    const byRight = new Int32Array(P);
    const offR = new Int32Array(nR + 1);
    for (let j = 0; j < nR; j++) offR[j + 1] = offR[j] + degR[j];
    for (let k = 0; k < P; k++) byRight[offR[ri[k]]++] = k;
    const off = new Int32Array(nL + 1);
    for (let i = 0; i < nL; i++) off[i + 1] = off[i] + degL[i];
    const order = new Int32Array(P);
    const fill = off.slice(0, nL);
    for (const k of byRight) order[fill[li[k]]++] = k;
    for (let t = 1; t < P; t++) {
      const a = order[t - 1],
        b = order[t];
      if (li[a] === li[b] && ri[a] === ri[b]) duplicate(a, b);
    }
    if (issues.length) throw new MatchInputError(issues);

    // Rows are the side with fewer usable capacity units: one shortest-path search per unit.
    let unitsL = 0,
      unitsR = 0;
    for (let i = 0; i < nL; i++) unitsL += Math.min(capL[i], degL[i]);
    for (let j = 0; j < nR; j++) unitsR += Math.min(capR[j], degR[j]);
    const rowsAreLeft = unitsL <= unitsR;
    const nRows = rowsAreLeft ? nL : nR;
    const nCols = rowsAreLeft ? nR : nL;
    const rowOf = rowsAreLeft ? li : ri;
    const colOf = rowsAreLeft ? ri : li;
    const rowOff = new Int32Array(nRows + 1);
    for (let k = 0; k < P; k++) rowOff[rowOf[k] + 1]++;
    for (let r = 0; r < nRows; r++) rowOff[r + 1] += rowOff[r];
    const pos = rowOff.slice(0, nRows);
    const pairCol = new Int32Array(P);
    const pairScore = new Float64Array(P);
    const pairIdx = new Int32Array(P);
    // Walk pairs in (left, right) order so each row's pairs are sorted by column rank.
    let walk = order;
    if (!rowsAreLeft) {
      walk = new Int32Array(P);
      const offC = new Int32Array(nR + 1);
      for (let j = 0; j < nR; j++) offC[j + 1] = offC[j] + degR[j];
      for (const k of order) walk[offC[ri[k]]++] = k;
    }
    for (const k of walk) {
      const t = pos[rowOf[k]]++;
      pairCol[t] = colOf[k];
      pairScore[t] = pairs[k].score;
      pairIdx[t] = k;
    }
    const flow = solveFlow({
      nRows,
      nCols,
      rowCap: rowsAreLeft ? capL : capR,
      colCap: rowsAreLeft ? capR : capL,
      rowOff,
      pairCol,
      pairScore,
      maxCardinality,
    });
    for (let t = 0; t < P; t++) if (flow[t]) chosen.push(pairIdx[t]);
  }

  chosen.sort((a, b) => li[a] - li[b] || ri[a] - ri[b]);
  let total = 0;
  const out: AssignmentPair[] = chosen.map((k) => {
    total += pairs[k].score;
    return { left: pairs[k].left, right: pairs[k].right, score: pairs[k].score };
  });
  return { pairs: out, total, count: out.length, method: useDense ? 'dense' : 'sparse' };
}
