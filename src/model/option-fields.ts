import type { z } from 'zod';

/**
 * What an options schema says about each of its fields — value kind, default, help text — read once
 * here so the CLI flags (src/cli/schema-options.ts) and the API query (src/server/schema-query.ts)
 * are derived from the same schema the library parses with, and cannot disagree with it.
 */

/** `record`: a map from an enum's values to numbers, written `key=value,key=value` on the command line and in the query. */
export type OptionKind = 'boolean' | 'number' | 'string' | 'enum' | 'array' | 'record';

export interface OptionField {
  key: string;
  kind: OptionKind;
  /** The field's schema inside `.optional()` / `.default()` / `.nullable()`. */
  base: z.ZodType;
  /** The schema's `.default()`, if any. */
  default?: unknown;
  /** The schema's `.describe()`. */
  description?: string;
  /** Allowed values of an enum, of an array's enum elements, or of a record's keys. */
  choices?: readonly string[];
}

type Def = { type: string; innerType?: z.ZodType; defaultValue?: unknown; element?: z.ZodType; keyType?: z.ZodType; valueType?: z.ZodType };
const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema inside `.optional()` / `.default()` / `.nullable()` and the default value, if any. */
function unwrap(schema: z.ZodType): { base: z.ZodType; default?: unknown } {
  let s = schema;
  let dflt: unknown;
  while (['optional', 'default', 'nullable', 'prefault'].includes(def(s).type)) {
    if (def(s).type === 'default') dflt = def(s).defaultValue;
    s = def(s).innerType!;
  }
  return { base: s, default: dflt };
}

const enumValues = (s: z.ZodType): readonly string[] | undefined => (s as unknown as { options?: string[] }).options;

/** The fields `keys` of an options schema, in that order. Throws on a field kind no flag or query can carry. */
export function optionFields<S extends Record<string, z.ZodType>>(schema: z.ZodObject<S>, keys: readonly (keyof S & string)[]): OptionField[] {
  return keys.map((key) => {
    const field = schema.shape[key];
    const { base, default: dflt } = unwrap(field);
    const t = def(base).type;
    const element = t === 'array' ? unwrap(def(base).element!).base : undefined;
    if (!['boolean', 'number', 'string', 'enum', 'array', 'record'].includes(t)) throw new Error(`option ${key}: a ${t} cannot be a flag or query parameter`);
    if (t === 'record' && (def(def(base).keyType!).type !== 'enum' || def(unwrap(def(base).valueType!).base).type !== 'number'))
      throw new Error(`option ${key}: only a record from an enum to numbers can be a flag or query parameter`);
    return {
      key,
      kind: t as OptionKind,
      base,
      default: dflt,
      description: field.description,
      choices:
        t === 'enum'
          ? enumValues(base)
          : t === 'record'
            ? enumValues(def(base).keyType!)
            : element && def(element).type === 'enum'
              ? enumValues(element)
              : undefined,
    };
  });
}

/** How a default reads in help texts and API descriptions: `(default 20)`, `(default a,b)`; nothing for none or false. */
export function shownDefault(value: unknown): string {
  if (value === undefined || value === false) return '';
  const shown = Array.isArray(value)
    ? value.join(',')
    : value && typeof value === 'object'
      ? Object.entries(value)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')
      : String(value);
  return ` (default ${shown})`;
}

/** A comma-separated list as the CLI and the query write it: `a, b,,c` → `[a, b, c]`. */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * A record option as the CLI and the query write it, `key=value,key=value` → `{ key: value }` (values
 * as numbers), or a message saying what is wrong. Keys and value ranges are then checked by the schema.
 */
export function parsePairs(raw: string): Record<string, number> | string {
  const out: Record<string, number> = {};
  for (const item of splitList(raw)) {
    const eq = item.indexOf('=');
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (eq <= 0 || value === '' || !Number.isFinite(Number(value))) return `"${item}": expected key=number`;
    out[key] = Number(value);
  }
  return out;
}
