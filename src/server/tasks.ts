import type { Dataset } from '../model/index.ts';
import { computeLayout } from './layout.ts';

export type Progress = (fraction: number, message?: string) => void;
type Task = (payload: never, progress: Progress) => unknown;

/**
 * The heavy computations the server hands to worker threads, by name. Payloads and results cross
 * the thread boundary by structured clone, so they are plain data.
 */
export const TASKS: Record<string, Task> = {
  layout: (p: { dataset: Dataset; iterations?: number; seed?: number }, progress: Progress) =>
    computeLayout(p.dataset, { iterations: p.iterations, seed: p.seed, onProgress: (f) => progress(f, 'layout') }),
};
