import type { ErrorKind } from '../model/issue.ts';

/** A store failure the user can act on (bad name, missing workspace, locked data dir, schema too new…). */
export class StoreError extends Error {
  /** What the CLI and API make of it: not-found → 404, conflict → 409, invalid → 400, store → 500. */
  readonly kind: ErrorKind;
  constructor(
    message: string,
    readonly code: string = 'store',
  ) {
    super(message);
    this.name = 'StoreError';
    this.kind = code === 'not_found' ? 'not-found' : code === 'conflict' ? 'conflict' : code === 'invalid' ? 'invalid' : 'store';
  }
}

export class NotFoundError extends StoreError {
  constructor(message: string) {
    super(message, 'not_found');
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends StoreError {
  constructor(message: string) {
    super(message, 'conflict');
    this.name = 'ConflictError';
  }
}

/** Pruned on: the date a user reads in "pruned on <date>; aggregate only". */
export const prunedNote = (number: number, prunedAt: string) => `version ${number} was pruned on ${prunedAt.slice(0, 10)}; aggregate only`;

/**
 * A version the retention period reduced to its aggregate (src/store/retention.ts): its record and
 * summary are kept, its nodes and ties are not. The API answers 410 Gone.
 */
export class PrunedVersionError extends StoreError {
  constructor(
    readonly number: number,
    readonly prunedAt: string,
  ) {
    super(`${prunedNote(number, prunedAt)} (the workspace's retention period removed its nodes and ties; GET its aggregate instead)`, 'pruned');
    this.name = 'PrunedVersionError';
  }
}
