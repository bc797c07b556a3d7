/**
 * Validation messages a person can act on: the field named by its label, the allowed range in
 * numbers ("Minimum mentor maturity must be between 1 and 5"), never a JSON path or a code word.
 * Pure, so the wording is unit-tested; the schema form shows the message next to its field.
 */

/** What the JSON Schema says about a number field. */
export interface NumberRule {
  label: string;
  integer?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

const num = (n: number) => n.toLocaleString('en');

/** The allowed range in words: "between 1 and 5", "at least 0", "more than 0", or '' when unbounded. */
export function rangeWords(r: NumberRule): string {
  const lo = r.minimum !== undefined ? { n: r.minimum, strict: false } : r.exclusiveMinimum !== undefined ? { n: r.exclusiveMinimum, strict: true } : null;
  const hi = r.maximum !== undefined ? { n: r.maximum, strict: false } : r.exclusiveMaximum !== undefined ? { n: r.exclusiveMaximum, strict: true } : null;
  if (lo && hi && !lo.strict && !hi.strict) return `between ${num(lo.n)} and ${num(hi.n)}`;
  const parts: string[] = [];
  if (lo) parts.push(lo.strict ? `more than ${num(lo.n)}` : `at least ${num(lo.n)}`);
  if (hi) parts.push(hi.strict ? `less than ${num(hi.n)}` : `at most ${num(hi.n)}`);
  return parts.join(' and ');
}

/**
 * Why `raw` (what the person typed) is not allowed, or null when it is. An empty field is allowed
 * (the default applies).
 */
export function numberProblem(r: NumberRule, raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  const range = rangeWords(r);
  const n = Number(text);
  const kind = r.integer ? 'a whole number' : 'a number';
  const expected = range ? `${kind} ${range}` : kind;
  if (!Number.isFinite(n)) return `${r.label} must be ${expected}`;
  if (r.integer && !Number.isInteger(n)) return `${r.label} must be ${expected}`;
  const out =
    (r.minimum !== undefined && n < r.minimum) ||
    (r.maximum !== undefined && n > r.maximum) ||
    (r.exclusiveMinimum !== undefined && n <= r.exclusiveMinimum) ||
    (r.exclusiveMaximum !== undefined && n >= r.exclusiveMaximum);
  return out ? `${r.label} must be ${range}` : null;
}

/** A field holding JSON that does not parse, or parses to the wrong shape. */
export function jsonProblem(label: string, want: 'array' | 'object'): string {
  return want === 'array' ? `${label} must be a list in JSON, such as ["a", "b"]` : `${label} must be a JSON object, such as {"name": 1}`;
}

/** A pair field with one side picked and the other not. */
export function halfPairProblem(label: string, missing: string): string {
  return `${label}: pick the ${missing.toLowerCase()} too, or clear the other side`;
}
