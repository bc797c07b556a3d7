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

/** A top-level value that is not an array: its byte range, parsed whole (a result's summary, a count). */
export interface ValueSlice {
  key: string;
  value: [number, number];
}

/**
 * Finds, by a byte scan that knows strings and nesting, where each top-level array's elements can be cut
 * into runs of `chunk` elements, and where each other top-level value lies. Structural characters are
 * ASCII, so UTF-8 continuation bytes never match. Syntax inside a range is left to JSON.parse.
 */
export async function sliceObject(bytes: Uint8Array, chunk = CHUNK_ELEMENTS): Promise<(ArraySlices | ValueSlice)[]> {
  const out: (ArraySlices | ValueSlice)[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectKey = false;
  let closed = false; // the top-level object has ended
  let keyStart = -1;
  let key: string | undefined;
  let current: ArraySlices | undefined; // the top-level array being cut
  let valueStart = -1; // start of a top-level value that is not an array
  let runStart = 0;
  let count = 0;
  let content = false; // the current run holds something other than white space
  const endValue = (i: number) => {
    if (valueStart >= 0 && key !== undefined) out.push({ key, value: [valueStart, i] });
    valueStart = -1;
  };
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
          if (keyStart >= 0) {
            key = Buffer.from(bytes.buffer, bytes.byteOffset + keyStart, i - keyStart).toString('utf8');
            keyStart = -1;
            expectKey = false;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (depth === 0) {
        if (closed || c !== OPEN_BRACE) throw new NotArraysObject('not an object');
        depth = 1;
        expectKey = true;
        continue;
      }
      if (depth === 1) {
        if (expectKey) {
          if (c === QUOTE) {
            inString = true;
            keyStart = i + 1;
          } else if (c === CLOSE_BRACE && out.length === 0 && key === undefined) {
            depth = 0; // {}
            closed = true;
          } else throw new NotArraysObject('a key was expected');
          continue;
        }
        if (c === COLON && valueStart < 0 && !current) continue;
        if (c === COMMA || c === CLOSE_BRACE) {
          endValue(i);
          key = undefined;
          expectKey = c === COMMA;
          if (c === CLOSE_BRACE) {
            depth = 0;
            closed = true;
          }
          continue;
        }
        if (c === OPEN_BRACKET && valueStart < 0 && key !== undefined) {
          current = { key, ranges: [] };
          out.push(current);
          runStart = i + 1;
          count = 0;
          content = false;
          depth = 2;
          continue;
        }
        if (valueStart < 0) valueStart = i;
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        continue;
      }
      if (current && depth === 2 && c !== COMMA && c !== CLOSE_BRACKET) content = true;
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 1 && current) {
          if (content) current.ranges.push([runStart, i]);
          current = undefined;
        }
      } else if (c === COMMA && depth === 2 && current && ++count % chunk === 0) {
        current.ranges.push([runStart, i]);
        runStart = i + 1;
        content = false;
      }
    }
    if (to < n) await nextTurn();
  }
  if (!closed || depth !== 0 || inString) throw new NotArraysObject('unbalanced');
  return out;
}

/** As sliceObject, for an object whose values are all arrays (a version's packed copy); other shapes are refused. */
export async function sliceArrays(bytes: Uint8Array, chunk = CHUNK_ELEMENTS): Promise<ArraySlices[]> {
  const out = await sliceObject(bytes, chunk);
  if (out.some((e) => 'value' in e)) throw new NotArraysObject('a value that is not an array');
  return out as ArraySlices[];
}

/**
 * Any JSON object, parsed slice by slice: its top-level arrays in runs of `chunk` elements, its other
 * values whole, with a turn of the event loop between them (a worker's analysis result of 100k node
 * records). Anything but an object is refused (NotArraysObject), so the caller parses it whole.
 */
export async function parseObjectInSlices(bytes: Uint8Array, chunk = CHUNK_ELEMENTS): Promise<Record<string, unknown>> {
  const entries = await sliceObject(bytes, chunk);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    if ('value' in e) {
      out[e.key] = JSON.parse(buf.toString('utf8', e.value[0], e.value[1]));
      continue;
    }
    out[e.key] = await parseRuns(buf, e.ranges);
  }
  return out;
}

async function parseRuns(buf: Buffer, ranges: [number, number][]): Promise<unknown[]> {
  const all: unknown[] = [];
  for (const [from, to] of ranges) {
    const part = JSON.parse(`[${buf.toString('utf8', from, to)}]`) as unknown[];
    for (const x of part) all.push(x);
    await nextTurn();
  }
  return all;
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
  for (const { key, ranges } of slices) if (!keys || keys.includes(key)) out[key] = await parseRuns(buf, ranges);
  return out;
}
