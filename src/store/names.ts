import { StoreError } from './errors.ts';

/**
 * Names people type (workspaces) are compared as Unicode NFC, so "café" typed with a combining accent
 * and with a precomposed é is one workspace. Characters that make two names look alike or reorder how
 * a name is shown (bidi controls, zero-width characters), control characters and text PostgreSQL
 * cannot store (NUL, lone surrogates) are refused.
 */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u180E]/u;
const CONTROL = /\p{Cc}/u;
// Without the u flag the pattern sees UTF-16 code units (String#isWellFormed is not in Node 20's TS lib).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/** Why `text` cannot be a name, or null when it can. */
export function nameProblem(text: string): string | null {
  if (!isWellFormed(text)) return 'it contains a lone surrogate (broken UTF-16)';
  if (CONTROL.test(text)) return 'it contains a control character';
  if (BIDI.test(text)) return 'it contains a bidirectional control character';
  if (ZERO_WIDTH.test(text)) return 'it contains a zero-width character';
  return null;
}

/** The stored form of a name: NFC. Lookups use it too, so either spelling finds the workspace. */
export function canonicalName(text: string): string {
  return isWellFormed(text) ? text.normalize('NFC') : text;
}

/** Text PostgreSQL cannot store in a text or jsonb column: NUL, or a lone surrogate. */
export function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'a NUL character';
  if (!isWellFormed(text)) return 'a lone surrogate (broken UTF-16)';
  return null;
}

/** A workspace name to look up: NFC; one that could never have been stored is refused rather than sent to the database. */
export function lookupName(name: string): string {
  const bad = typeof name === 'string' ? unstorable(name) : 'not text';
  if (bad) throw new StoreError(`workspace name ${JSON.stringify(name)} is not valid: it contains ${bad}`, 'invalid');
  return canonicalName(name);
}
