export * from './vocabulary.ts';
export * from './schemas.ts';
