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
