/** A store failure the user can act on (bad name, missing workspace, locked data dir, schema too new…). */
export class StoreError extends Error {
  constructor(message: string, readonly code: string = 'store') {
    super(message);
    this.name = 'StoreError';
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
