import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { UsageError } from './output.ts';

/**
 * Command-line flags derived from an options schema (zod): each key becomes `--kebab-key`, its help
 * text is the schema's `.describe()` and the default shown is the schema's `.default()`, so a flag's
 * help cannot disagree with what the library does. Booleans become switches (`--no-key` when the
 * default is true); numbers, strings and enums take a value; arrays of enums a comma-separated list.
 */

type Shape = Record<string, z.ZodType>;

export interface FlagOverride {
  /** The flag name without dashes, when it is not the kebab-case key (e.g. `tries` for `louvainTries`). */
  flag?: string;
  /** The value placeholder (default: the kebab-case key or, for numbers, `n`). */
  value?: string;
}

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The schema inside `.optional()` / `.default()` and the default value, if any. */
function unwrap(schema: z.ZodType): { base: z.ZodType; default?: unknown } {
  let s = schema as z.ZodType & { _zod: { def: { type: string; innerType?: z.ZodType; defaultValue?: unknown } } };
  let dflt: unknown;
  while (s._zod.def.type === 'optional' || s._zod.def.type === 'default' || s._zod.def.type === 'nullable') {
    if (s._zod.def.type === 'default') dflt = s._zod.def.defaultValue;
    s = s._zod.def.innerType as typeof s;
  }
  return { base: s, default: dflt };
}

function kind(base: z.ZodType): string {
  return (base as unknown as { _zod: { def: { type: string } } })._zod.def.type;
}

function flagName(key: string, o?: FlagOverride): string {
  return o?.flag ?? kebab(key);
}

/** Adds one option per key of `schema` listed in `keys` (in that order) to `cmd`. */
export function addSchemaOptions<S extends Shape>(
  cmd: Command,
  schema: z.ZodObject<S>,
  keys: (keyof S & string)[],
  overrides: Partial<Record<keyof S & string, FlagOverride>> = {},
): Command {
  for (const key of keys) {
    const field = schema.shape[key];
    const { base, default: dflt } = unwrap(field);
    const name = flagName(key, overrides[key]);
    const help = field.description ?? key;
    const k = kind(base);
    const shown = dflt === undefined || dflt === false ? '' : ` (default ${Array.isArray(dflt) ? dflt.join(',') : String(dflt)})`;
    const value = overrides[key]?.value ?? (k === 'number' ? 'n' : k === 'array' ? 'list' : name);
    const option =
      k !== 'boolean'
        ? new Option(`--${name} <${value}>`, `${help}${shown}`)
        : dflt === true
          ? new Option(`--no-${name}`, `${help}${shown}; --no-${name} turns it off`)
          : new Option(`--${name}`, help);
    if (k === 'enum') option.choices((base as unknown as { options: string[] }).options);
    cmd.addOption(option);
  }
  return cmd;
}

/**
 * Parsed flags → the options object for `schema` (only the keys given on the command line), checked
 * against the schema; a problem is a UsageError naming the flag.
 */
export function optionsFromFlags<S extends Shape>(
  schema: z.ZodObject<S>,
  keys: (keyof S & string)[],
  flags: Record<string, unknown>,
  overrides: Partial<Record<keyof S & string, FlagOverride>> = {},
): Partial<z.input<z.ZodObject<S>>> {
  const out: Record<string, unknown> = {};
  const flagOf = new Map<string, string>();
  for (const key of keys) {
    const name = flagName(key, overrides[key]);
    flagOf.set(key, name);
    const prop = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const raw = flags[prop];
    if (raw === undefined) continue;
    const { base } = unwrap(schema.shape[key]);
    const k = kind(base);
    if (k === 'number') {
      const x = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name} "${String(raw)}": expected a number`);
      out[key] = x;
    } else if (k === 'array') {
      const items = String(raw)
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const element = unwrap((base as unknown as { element: z.ZodType }).element).base as unknown as { options?: string[] };
      const unknown = element.options ? items.filter((x) => !element.options!.includes(x)) : [];
      if (unknown.length) throw new UsageError(`--${name}: unknown ${unknown.join(', ')}; expected some of ${element.options!.join(', ')}`);
      out[key] = items;
    } else out[key] = raw;
  }
  const parsed = schema.safeParse(out);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0] ?? '');
    throw new UsageError(`--${flagOf.get(key) ?? kebab(key)}: ${issue.message}`);
  }
  return out as Partial<z.input<z.ZodObject<S>>>;
}
