export * from './vocabulary.ts';
export * from './schemas.ts';
export * from './issue.ts';
export * from './rounds.ts';
export * from './tie-types.ts';
export * from './version-aggregate.ts';
export * from './partner-evaluation.ts';
