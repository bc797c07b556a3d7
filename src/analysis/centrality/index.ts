/**
 * Centralities on the CSR snapshot, NetworkX conventions. Every per-node result is a Float64Array
 * indexed like the snapshot (NaN where undefined).
 *
 * - `betweenness` / `betweennessParallel` (exact, sampled with `samples`, `weightedPaths`);
 *   `betweennessWithProfile[Parallel]` also returns the distance profile for closeness/harmonic;
 *   `planBetweenness(n, opts).sources.length` is the sample size used.
 * - `closeness` (Wasserman–Faust), `harmonic` (both accept `profile`, e.g. from
 *   `distanceProfileParallel` when betweenness is not wanted).
 * - `pagerank`, `eigenvector` return `{values, iterations, converged}`.
 * - `degreeVector`, `strengthVector`.
 */
export { betweenness, betweennessWithProfile, planBetweenness, type BetweennessOptions, type BetweennessPlan } from './betweenness.ts';
export { betweennessParallel, betweennessWithProfileParallel, distanceProfileParallel, type ParallelOptions } from './betweenness-parallel.ts';
export { closeness, harmonic, type ClosenessOptions } from './closeness.ts';
export { degreeVector, strengthVector } from './degree.ts';
export { eigenvector, type EigenvectorOptions } from './eigenvector.ts';
export { pagerank, type IterativeResult, type PageRankOptions } from './pagerank.ts';
