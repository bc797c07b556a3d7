/**
 * Large task results cross from a worker as JSON bytes instead of by structured clone: the clone is
 * rebuilt on the receiving thread in one go (about 0.35 s for a 100k-node analysis, on the event loop),
 * and the result cache would then stringify it there again to store it. As bytes, the worker does the
 * serialising, the buffer moves without a copy, the event loop parses it in slices (chunked-json.ts)
 * and the store reuses the same text (serialised-json.ts).
 */
import { NotArraysObject, parseObjectInSlices } from './chunked-json.ts';
import { rememberJson } from '../util/serialised-json.ts';

/** Tasks whose results are sent as JSON bytes: those that grow with the version (a record per node). */
export const JSON_RESULT_TASKS: ReadonlySet<string> = new Set(['analysis', 'mentors', 'partners']);

/** Worker side: the result as UTF-8 JSON in a buffer of its own (so it can be transferred). */
export function encodeJsonResult(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** Main side: the result parsed in slices (whole if it is not an object), with its text remembered for the store. */
export async function decodeJsonResult(bytes: Uint8Array): Promise<unknown> {
  const value = await parseJsonInSlices(bytes);
  rememberJson(value, bytes);
  return value;
}

/** JSON parsed in slices when it is an object (a stored result read back), else whole. */
export async function parseJsonInSlices(bytes: Uint8Array): Promise<unknown> {
  try {
    return await parseObjectInSlices(bytes);
  } catch (err) {
    if (!(err instanceof NotArraysObject)) throw err;
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  }
}
