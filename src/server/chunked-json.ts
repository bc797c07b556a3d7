/**
 * Parses a JSON object whose values are arrays (a version's packed copy: `{"nodes":[…],"edges":[…]}`) in
 * slices, yielding to the event loop between them. One JSON.parse of a 100k-node version holds the loop for
 * about a second (three under load); in slices of a few thousand elements no stall is longer than a few ms,
 * and the total work is about the same. Anything of another shape is refused (the caller parses it whole).
 */

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, LF, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE, TAB } from '../io/char-codes.ts';

/** Elements per JSON.parse call. */
const CHUNK_ELEMENTS = 2000;
/** Bytes scanned between yields. */
const SCAN_BYTES = 1 << 18; // 256 KiB: before the scan loop is optimised, 1 MiB took up to 100 ms

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

export class NotArraysObject extends Error {}

/** Byte ranges [from, to) of runs of whole elements of each top-level array, by key, in document order. */
export interface ArraySlices {
  key: string;
  ranges: [number, number][];
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Finds, by a byte scan that knows strings and nesting, where each top-level array's elements can be cut
 * into runs of `chunk` elements. Structural characters are ASCII, so UTF-8 continuation bytes never match.
 */
export async function sliceArrays(bytes: Uint8Array, chunk = CHUNK_ELEMENTS): Promise<ArraySlices[]> {
  const out: ArraySlices[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let keyStart = -1;
  let key: string | undefined;
  let current: ArraySlices | undefined;
  let runStart = 0;
  let count = 0;
  let content = false; // the current run holds something other than white space
  const n = bytes.length;
  for (let from = 0; from < n; from += SCAN_BYTES) {
    const to = Math.min(n, from + SCAN_BYTES);
    for (let i = from; i < to; i++) {
      const c = bytes[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 1 && keyStart >= 0) {
            key = Buffer.from(bytes.buffer, bytes.byteOffset + keyStart, i - keyStart).toString('utf8');
            keyStart = -1;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (depth === 2 && c !== COMMA && c !== CLOSE_BRACKET) content = true;
      if (c === QUOTE) {
        inString = true;
        if (depth === 1) keyStart = i + 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === 0 && c !== OPEN_BRACE) throw new NotArraysObject('not an object');
        if (depth === 1) {
          if (c !== OPEN_BRACKET || key === undefined) throw new NotArraysObject('a value that is not an array');
          current = { key, ranges: [] };
          out.push(current);
          runStart = i + 1;
          count = 0;
          content = false;
        }
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 1 && current) {
          if (content) current.ranges.push([runStart, i]);
          current = undefined;
          key = undefined;
        }
      } else if (c === COMMA && depth === 2 && current && ++count % chunk === 0) {
        current.ranges.push([runStart, i]);
        runStart = i + 1;
        content = false;
      } else if (depth === 1 && c !== COMMA && c !== COLON) throw new NotArraysObject('a value that is not an array');
    }
    if (to < n) await nextTurn();
  }
  if (depth !== 0 || inString) throw new NotArraysObject('unbalanced');
  return out;
}

/**
 * The object, parsed slice by slice with a turn of the event loop between slices. With `keys`, only those
 * arrays are parsed (the others are still scanned, so the shape is checked whole).
 */
export async function parseArraysObject(bytes: Uint8Array, chunk = CHUNK_ELEMENTS, keys?: readonly string[]): Promise<Record<string, unknown[]>> {
  return parseSlices(bytes, await sliceArrays(bytes, chunk), keys);
}

/** As parseArraysObject, from slices `sliceArrays` already found (so a second pass over other keys need not scan again). */
export async function parseSlices(bytes: Uint8Array, slices: ArraySlices[], keys?: readonly string[]): Promise<Record<string, unknown[]>> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, unknown[]> = {};
  for (const { key, ranges } of slices) {
    if (keys && !keys.includes(key)) continue;
    const all: unknown[] = [];
    for (const [from, to] of ranges) {
      const part = JSON.parse(`[${buf.toString('utf8', from, to)}]`) as unknown[];
      for (const x of part) all.push(x);
      await nextTurn();
    }
    out[key] = all;
  }
  return out;
}
