/** A uniform number in [0, 1) from a pair key and a seed: the same pair ranks the same whatever the row order (tie-breaks of the evaluation protocol). */
export function pairHash(key: number, seed: number): number {
  let h = (Math.imul((key % 4294967296) >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 4294967296) + seed, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Sorts `rows` best first by `scores`, equal scores in the order of `tiebreak` (a seeded random rank); returns them. */
export function rankRows<R extends number[] | Int32Array>(rows: R, scores: ArrayLike<number>, tiebreak: ArrayLike<number>): R {
  return rows.sort((a, b) => scores[b] - scores[a] || tiebreak[a] - tiebreak[b]) as R;
}
