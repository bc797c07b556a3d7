/**
 * The JSON text a value was parsed from, kept beside it, so a result that came from a worker as JSON
 * is stored in the result cache without JSON.stringify on the event loop (0.3–0.5 s for a 100k-node
 * analysis). Kept until it is stored once (jsonOf) or dropped (forgetJson), and weakly: the text goes when the value does.
 */
const texts = new WeakMap<object, Uint8Array>();

/** Records that `value` equals JSON.parse of `utf8`. */
export function rememberJson(value: unknown, utf8: Uint8Array): void {
  if (value && typeof value === 'object') texts.set(value, utf8);
}

/** The JSON text of `value` if it was parsed from one (rememberJson; then forgotten), else JSON.stringify of it. */
export function jsonOf(value: unknown): string {
  const t = value && typeof value === 'object' ? texts.get(value) : undefined;
  if (!t) return JSON.stringify(value);
  texts.delete(value as object);
  return Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('utf8');
}

/** Drops the text kept for `value` (a result that will not be stored). */
export function forgetJson(value: unknown): void {
  if (value && typeof value === 'object') texts.delete(value);
}
